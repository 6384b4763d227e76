import { useEffect } from 'react'
import { View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { CircleCell } from '@/components/CircleCell'
import { ListFooter } from '@/components/ListFooter'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { selectMyCircles, useAppStore } from '@/store'
import { circleUrl, CREATE_CIRCLE_URL, DISCOVER_URL } from '@/utils/routes'
import './index.scss'

export default function MinePage() {
  const session = useSignedIn()
  const list = useAppStore(selectMyCircles)
  const loadMine = useAppStore((s) => s.loadMine)

  useEffect(() => {
    if (session.ready && list.status === 'idle') void loadMine()
  }, [session.ready, list.status, loadMine])

  // Joining or creating elsewhere changes this list: refresh quietly whenever the tab shows.
  useDidShow(() => {
    const { mine, sessionStatus } = useAppStore.getState()
    if (sessionStatus === 'ready' && mine.status !== 'idle') void loadMine()
  })
  usePullDownRefresh(async () => {
    await loadMine()
    Taro.stopPullDownRefresh()
  })
  useReachBottom(() => void loadMine('more'))

  const open = (id: string) => Taro.navigateTo({ url: circleUrl(id) })

  let body
  if (session.status === 'error') body = <StateView kind="error" error={session.error} onRetry={session.retry} />
  else if (!session.ready || list.status === 'loading' || list.status === 'idle') body = <StateView kind="loading" />
  else if (list.items.length === 0 && list.status === 'error')
    body = <StateView kind="error" error={list.error} onRetry={() => void loadMine()} />
  else if (list.items.length === 0)
    body = (
      <StateView
        kind="empty"
        text="你还没有加入任何圈子"
        actionText="去发现"
        onAction={() => Taro.switchTab({ url: DISCOVER_URL })}
      />
    )
  else
    body = (
      <View>
        {list.items.map((c) => (
          <CircleCell key={c.id} circle={c} role={c.role} onOpen={open} />
        ))}
        <ListFooter list={list} onMore={() => void loadMine('more')} />
      </View>
    )

  return (
    <View className="page mine">
      <View className="mine__bar">
        <View className="mine__create" onClick={() => Taro.navigateTo({ url: CREATE_CIRCLE_URL })}>
          ＋ 创建圈子
        </View>
      </View>
      {body}
    </View>
  )
}
