import { View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { CashierView } from './CashierView'

const IS_H5 = process.env.TARO_ENV === 'h5'

export default function CashierPage() {
  const orderId = useRouter().params.orderId ?? ''
  const session = useSignedIn()
  let body
  // In WeChat the sheet is WeChat's own (requestPayment / requestVirtualPayment), never this page.
  if (!IS_H5) body = <StateView kind="empty" text="这个收银台只在本地演示的网页版中使用" />
  else if (!orderId) body = <StateView kind="empty" text="没有找到这笔订单" />
  else if (!session.ready) body = <StateView kind="loading" />
  else body = <CashierView orderId={orderId} />
  return <View className="page">{body}</View>
}
