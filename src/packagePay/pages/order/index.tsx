import { View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { devicePlatform } from '@/services/pay'
import { OrderDetail } from './OrderDetail'

export default function OrderPage() {
  const orderId = useRouter().params.id ?? ''
  const session = useSignedIn()
  let body
  if (!orderId) body = <StateView kind="empty" text="没有找到这笔订单" />
  else if (session.status === 'error') body = <StateView kind="error" error={session.error} onRetry={session.retry} />
  else if (!session.ready) body = <StateView kind="loading" />
  else body = <OrderDetail orderId={orderId} platform={devicePlatform()} />
  return <View className="page">{body}</View>
}
