import { useEffect, useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro'
import { can } from '@core/permissions'
import { ListFooter } from '@/components/ListFooter'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { selectCirclePage, useAppStore } from '@/store'
import { EventCard } from '../../components'
import { MY_EVENTS_URL, eventEditUrl, eventUrl } from '../../routes'
import { selectEvents, useEventStore, type EventsWhen } from '../../store'
import '../../event.scss'

export default function EventListPage() {
  const circleId = useRouter().params.circleId ?? ''
  const session = useSignedIn()
  const [when, setWhen] = useState<EventsWhen>('upcoming')
  const list = useEventStore(selectEvents(circleId, when))
  const loadEvents = useEventStore((s) => s.loadEvents)
  const circle = useAppStore(selectCirclePage(circleId))
  const ensureCirclePage = useAppStore((s) => s.ensureCirclePage)
  const manage = can(circle.page?.me?.role ?? null, 'event.manage')

  useEffect(() => {
    if (session.ready && circleId) void loadEvents(circleId, when)
  }, [session.ready, circleId, when, loadEvents])
  useEffect(() => {
    if (session.ready && circleId) void ensureCirclePage(circleId)
  }, [session.ready, circleId, ensureCirclePage])
  useDidShow(() => {
    if (list.status === 'ready') void loadEvents(circleId, when)
  })
  usePullDownRefresh(() => void loadEvents(circleId, when).finally(() => Taro.stopPullDownRefresh()))
  useReachBottom(() => void loadEvents(circleId, when, 'more'))

  let body
  if (list.items.length === 0 && list.status === 'error')
    body = <StateView kind="error" error={list.error} onRetry={() => void loadEvents(circleId, when)} />
  else if (list.items.length === 0 && list.status !== 'ready') body = <StateView kind="loading" />
  else if (list.items.length === 0)
    body = (
      <StateView
        kind="empty"
        text={
          when === 'upcoming'
            ? manage
              ? '还没有活动，发起第一场线下或线上活动吧'
              : '近期没有活动'
            : '还没有结束的活动'
        }
        {...(manage && when === 'upcoming'
          ? { actionText: '发起活动', onAction: () => void Taro.navigateTo({ url: eventEditUrl(circleId) }) }
          : {})}
      />
    )
  else
    body = (
      <View>
        {list.items.map((e) => (
          <EventCard key={e.id} event={e} onOpen={() => void Taro.navigateTo({ url: eventUrl(e.id) })} />
        ))}
        <ListFooter list={list} onMore={() => void loadEvents(circleId, when, 'more')} />
      </View>
    )

  return (
    <View className="page">
      <View className="ev-tabs">
        {(['upcoming', 'past'] as const).map((w) => (
          <Text key={w} className={`ev-tab ${when === w ? 'ev-tab--on' : ''}`} onClick={() => setWhen(w)}>
            {w === 'upcoming' ? '即将开始' : '已结束'}
          </Text>
        ))}
      </View>
      <View className="ev-toolbar">
        <Text className="link" onClick={() => void Taro.navigateTo({ url: MY_EVENTS_URL })}>
          我的活动 ›
        </Text>
      </View>
      {manage && list.items.length > 0 ? (
        <View className="ev-toolbar">
          <Button
            className="btn btn--default btn--mini"
            onClick={() => void Taro.navigateTo({ url: eventEditUrl(circleId) })}
            data-testid="event-create"
          >
            ＋ 发起活动
          </Button>
        </View>
      ) : null}
      {body}
    </View>
  )
}
