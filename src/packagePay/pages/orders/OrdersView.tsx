import { serverNow } from '@/services/cloud'
import { useEffect } from 'react'
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { OrderView, Platform } from '@core/contract'
import { ListFooter } from '@/components/ListFooter'
import { StateView } from '@/components/StateView'
import { selectMyOrders, useShopStore } from '../../store'
import { showsPrice } from '@/services/sale'
import { DISCOVER_URL } from '@/utils/routes'
import { usePurchase } from '../../components/usePurchase'
import { useRefund } from '../../components/useRefund'
import { OrderCard } from './OrderCard'
import '../../pay.scss'

/** 我的订单: every order the caller placed, newest first, cursor-paged. */
export function OrdersView({ platform, now = serverNow() }: { platform: Platform; now?: number }) {
  const list = useShopStore(selectMyOrders)
  const loadMyOrders = useShopStore((s) => s.loadMyOrders)
  const { refund, busyId, errors } = useRefund()

  useEffect(() => {
    void loadMyOrders()
  }, [loadMyOrders])

  // An iPhone without iOS virtual payment lists no virtual good (no price, no 已支付): what was
  // bought still works where it is used (the circle, the course)
  const shown = list.items.filter((o) => showsPrice(o.sale))
  if (shown.length === 0 && (list.status !== 'ready' || !list.nextCursor)) {
    if (list.status === 'error')
      return <StateView kind="error" error={list.error} onRetry={() => void loadMyOrders()} />
    if (list.status === 'ready')
      return (
        <StateView
          kind="empty"
          text="还没有订单"
          actionText="去发现圈子"
          onAction={() => void Taro.switchTab({ url: DISCOVER_URL })}
        />
      )
    return <StateView kind="loading" />
  }
  return (
    <View>
      {shown.map((o) => (
        <PayableOrder
          key={o.id}
          order={o}
          now={now}
          platform={platform}
          refundBusy={busyId === o.id}
          refundError={errors[o.id] ?? ''}
          onRefund={refund}
        />
      ))}
      <ListFooter list={list} onMore={() => void loadMyOrders('more')} />
    </View>
  )
}

/** Paying again is per circle (the order's own), so each row has its own purchase state. */
function PayableOrder(props: {
  order: OrderView
  now: number
  platform: Platform
  refundBusy: boolean
  refundError: string
  onRefund: (o: OrderView) => void
}) {
  const { order, now, platform, refundBusy, refundError, onRefund } = props
  const { payAgain, busy, error } = usePurchase(order.circleId, platform)
  return (
    <OrderCard
      order={order}
      now={now}
      busy={refundBusy || !!busy}
      error={refundError || error}
      onPay={(o) => void payAgain(o)}
      onRefund={(o) => void onRefund(o)}
    />
  )
}
