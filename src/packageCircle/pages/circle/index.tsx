import { useCallback, useEffect, useLayoutEffect, useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro'
import { setPageTitle } from '@/utils/title'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { selectCirclePage, useAppStore, type FeedQuery } from '@/store'
import { Feed } from './Feed'
import { Landing, showWelcome } from './Landing'
import { trackLanding } from '@/services/landing'
import { endEarlyPaint } from '@/services/early'

/** One address per circle: the landing page for visitors, the feed for members. */
export default function CirclePageScreen() {
  const params = useRouter().params
  const circleId = params.id ?? ''
  const openTag = params.tag ? decodeURIComponent(params.tag) : ''
  const session = useSignedIn()
  const state = useAppStore(selectCirclePage(circleId))
  const loadCirclePage = useAppStore((s) => s.loadCirclePage)
  const loadFeed = useAppStore((s) => s.loadFeed)
  const [query, setQuery] = useState<FeedQuery>(() =>
    openTag ? { circleId, tab: 'tag', tag: openTag } : { circleId, tab: 'latest' },
  )
  const page = state.page
  // A member in the read-only grace still reads the feed; an expired one sees the landing with the renewal panel.
  const isMember = !!page?.me && page.me.state !== 'expired'

  // H5: the bootstrap's static first screen of this feed leaves in the same frame as this page's
  // own content (or error) arrives, and when the page goes.
  const shown = !circleId || session.status === 'error' || !!page || state.status === 'error'
  useLayoutEffect(() => endEarlyPaint(shown), [shown])
  useLayoutEffect(() => () => endEarlyPaint(true), [])

  useEffect(() => {
    if (session.ready && circleId) void loadCirclePage(circleId)
  }, [session.ready, circleId, loadCirclePage])

  const circleName = page?.circle.name
  useEffect(() => {
    if (circleName) setPageTitle(circleName)
  }, [circleName])

  // Every tab switch fetches that tab afresh (what is cached shows meanwhile).
  useEffect(() => {
    if (isMember) void loadFeed(query)
  }, [isMember, query, loadFeed])

  usePullDownRefresh(async () => {
    await Promise.all([loadCirclePage(circleId), isMember ? loadFeed(query) : Promise.resolve()])
    Taro.stopPullDownRefresh()
  })
  useReachBottom(() => {
    if (isMember) void loadFeed(query, 'more')
  })

  const onQuery = useCallback((q: FeedQuery) => {
    setQuery(q)
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 })
  }, [])

  const onJoined = useCallback(
    (welcome: string) => {
      void showWelcome(circleName ?? '', welcome)
    },
    [circleName],
  )
  const onSeen = useCallback((channel: string | null) => trackLanding(circleId, 'view', channel), [circleId])

  if (!circleId) {
    return (
      <View className="page">
        <StateView kind="empty" text="没有找到这个圈子" />
      </View>
    )
  }
  if (session.status === 'error') {
    return (
      <View className="page">
        <StateView kind="error" error={session.error} onRetry={session.retry} />
      </View>
    )
  }
  if (!page) {
    return (
      <View className="page">
        {state.status === 'error' ? (
          <StateView kind="error" error={state.error} onRetry={() => void loadCirclePage(circleId)} />
        ) : (
          <StateView kind="loading" />
        )}
      </View>
    )
  }
  return (
    <View className="page">
      {isMember ? (
        <Feed page={page} query={query} onQuery={onQuery} />
      ) : (
        <Landing
          page={page}
          onJoined={onJoined}
          invitedWith={params.invite}
          onSeen={onSeen}
          onJoinTap={() => trackLanding(circleId, 'tap')}
        />
      )}
    </View>
  )
}
