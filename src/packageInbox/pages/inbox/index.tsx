import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { useInboxStore } from '../../store'
import { Inbox } from './Inbox'

export default function InboxPage() {
  const session = useSignedIn()
  const loadInbox = useInboxStore((s) => s.loadInbox)
  usePullDownRefresh(async () => {
    await loadInbox()
    Taro.stopPullDownRefresh()
  })
  useReachBottom(() => void loadInbox('more'))
  let body
  if (session.status === 'error') body = <StateView kind="error" error={session.error} onRetry={session.retry} />
  else if (!session.ready) body = <StateView kind="loading" />
  else body = <Inbox />
  return <View className="page">{body}</View>
}
