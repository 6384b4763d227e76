import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { useShopStore } from '../../store'
import { devicePlatform } from '@/services/pay'
import { OrdersView } from './OrdersView'

export default function OrdersPage() {
  const session = useSignedIn()
  const loadMyOrders = useShopStore((s) => s.loadMyOrders)

  usePullDownRefresh(async () => {
    await loadMyOrders()
    Taro.stopPullDownRefresh()
  })
  useReachBottom(() => void loadMyOrders('more'))

  let body
  if (session.status === 'error') body = <StateView kind="error" error={session.error} onRetry={session.retry} />
  else if (!session.ready) body = <StateView kind="loading" />
  else body = <OrdersView platform={devicePlatform()} />
  return <View className="page">{body}</View>
}
