import { useEffect } from 'react'
import { View } from '@tarojs/components'
import Taro, { useDidShow, useReachBottom } from '@tarojs/taro'
import { ListFooter } from '@/components/ListFooter'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { EventCard } from '../../components'
import { STATUS_TEXT } from '../../format'
import { eventUrl } from '../../routes'
import { selectMyEvents, useEventStore } from '../../store'
import '../../event.scss'

export default function MyEventsPage() {
  const session = useSignedIn()
  const list = useEventStore(selectMyEvents)
  const load = useEventStore((s) => s.loadMyEvents)
  useEffect(() => {
    if (session.ready) void load()
  }, [load, session.ready])
  useDidShow(() => {
    if (list.status === 'ready') void load()
  })
  useReachBottom(() => void load('more'))

  let body
  if (list.items.length === 0 && list.status === 'error')
    body = <StateView kind="error" error={list.error} onRetry={() => void load()} />
  else if (list.items.length === 0 && list.status !== 'ready') body = <StateView kind="loading" />
  else if (list.items.length === 0) body = <StateView kind="empty" text="你还没有报名任何活动" />
  else
    body = (
      <View>
        {list.items.map((s) => (
          <EventCard
            key={s.eventId}
            event={s.event}
            extra={STATUS_TEXT[s.status]}
            onOpen={() => void Taro.navigateTo({ url: eventUrl(s.eventId) })}
          />
        ))}
        <ListFooter list={list} onMore={() => void load('more')} />
      </View>
    )
  return <View className="page">{body}</View>
}
