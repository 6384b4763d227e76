import { useEffect } from 'react'
import { relativeTime } from '@/utils/time'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { NotificationView } from '@core/contracts/notify'
import { ListFooter } from '@/components/ListFooter'
import { StateView } from '@/components/StateView'
import { toApiError } from '@/services/cloud'
import { selectInbox, selectUnread, useInboxStore } from '../../store'
import '../../inbox.scss'

/** 消息通知: approval results, replies, mentions, renewal reminders, newest first. */
export function Inbox() {
  const inbox = useInboxStore(selectInbox)
  const unread = useInboxStore(selectUnread)
  const loadInbox = useInboxStore((s) => s.loadInbox)
  const markAllRead = useInboxStore((s) => s.markAllRead)

  useEffect(() => void loadInbox(), [loadInbox])

  const readAll = async () => {
    try {
      await markAllRead()
    } catch (e) {
      Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    }
  }

  let body
  if (inbox.items.length === 0) {
    if (inbox.status === 'error') body = <StateView kind="error" error={inbox.error} onRetry={() => void loadInbox()} />
    else if (inbox.status === 'ready')
      body = <StateView kind="empty" text="还没有消息。审核结果、回复、@提到你和续费提醒都会出现在这里" />
    else body = <StateView kind="loading" />
  } else {
    body = (
      <View>
        <View className="inbox__bar">
          <Text>{unread > 0 ? `${unread} 条未读` : '全部已读'}</Text>
          {unread > 0 ? (
            <Text className="inbox__all" onClick={readAll} data-testid="read-all">
              全部标为已读
            </Text>
          ) : null}
        </View>
        {inbox.items.map((n) => (
          <NotificationCell key={n.id} n={n} />
        ))}
        <ListFooter list={inbox} onMore={() => void loadInbox('more')} />
      </View>
    )
  }
  return <View>{body}</View>
}

function NotificationCell({ n }: { n: NotificationView }) {
  const openNotification = useInboxStore((s) => s.openNotification)
  const open = () => {
    void openNotification(n.id).catch(() => undefined)
    if (n.link) void Taro.navigateTo({ url: n.link })
  }
  return (
    <View className={`note ${n.read ? 'note--read' : ''}`} onClick={open} data-testid="notification">
      <View className={`note__dot ${n.read ? '' : 'note__dot--unread'}`} />
      <View className="note__main">
        <View className="note__head">
          <Text className="note__title">{n.title}</Text>
          <Text className="note__time">{relativeTime(n.createdAt)}</Text>
        </View>
        <Text className="note__body">{n.body}</Text>
      </View>
    </View>
  )
}
