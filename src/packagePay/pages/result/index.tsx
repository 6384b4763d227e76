import { View } from '@tarojs/components'
import { useRouter, useShareAppMessage } from '@tarojs/taro'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { selectOrder, useShopStore } from '../../store'
import { redeemUrl } from '../../routes'
import { ResultView } from './ResultView'

export default function ResultPage() {
  const orderId = useRouter().params.orderId ?? ''
  const session = useSignedIn()
  const order = useShopStore(selectOrder(orderId)).data

  // A gift pass is shared as a card that opens the redeem page with the code filled in.
  useShareAppMessage(() =>
    order?.giftCode
      ? { title: `送你「${order.circleName}」年卡，点开即可领取`, path: redeemUrl(order.giftCode) }
      : { title: order?.circleName ?? '圈子', path: '/pages/discover/index' },
  )

  let body
  if (!orderId) body = <StateView kind="empty" text="没有找到这笔订单" />
  else if (session.status === 'error') body = <StateView kind="error" error={session.error} onRetry={session.retry} />
  else if (!session.ready) body = <StateView kind="loading" />
  else body = <ResultView orderId={orderId} />
  return <View className="page">{body}</View>
}
