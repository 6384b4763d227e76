import { useEffect, useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { OrderView } from '@core/contract'
import { ListFooter } from '@/components/ListFooter'
import { StateView } from '@/components/StateView'
import { selectCircleOrders, useWalletStore } from '../../store'
import { ORDER_STATUS_LABELS, PRODUCT_KIND_LABELS } from '../../labels'
import { formatFen, formatMoneyTime } from '../../money'
import '../../components/money.scss'
import { useSubmit } from '@/hooks/useSubmit'

/** The server's view says what the team may refund (product registry): a deposit, a redeemed gift or a refunded order offers nothing. */
const refundable = (o: OrderView) => o.ownerRefundableFen > 0

function OrderRow({ order, circleId }: { order: OrderView; circleId: string }) {
  const refundOrderAsOwner = useWalletStore((s) => s.refundOrderAsOwner)
  const [error, setError] = useState('')
  const leftFen = order.ownerRefundableFen

  const askRefundAction = useSubmit(
    async () => {
      const r = await Taro.showModal({
        title: '给买家退款',
        content: `退回 ${formatFen(leftFen)} 元到买家的原支付方式。这笔收入的分成会一并冲回，买到的会员或课程随之失效。确定退款吗？`,
        confirmText: '退款',
        confirmColor: '#FA5151',
      })
      if (!r.confirm) return
      setError('')
      await refundOrderAsOwner(circleId, order.id)
      Taro.showToast({ title: '已退款', icon: 'success' })
    },
    { onError: (e) => setError(e.message) },
  )
  const askRefund = askRefundAction.run
  const busy = askRefundAction.busy

  const statusTag =
    order.status === 'paid'
      ? 'money-tag--available'
      : order.status === 'pending'
        ? 'money-tag--pending'
        : order.status === 'closed'
          ? 'money-tag--muted'
          : 'money-tag--danger'
  return (
    <View className="cells" data-testid="order-row">
      <View className="cell">
        <View className="cell__body money-row__body">
          <Text className="money-row__title">
            {PRODUCT_KIND_LABELS[order.product.kind]} · {order.product.title}
          </Text>
          <Text className="muted">
            {order.buyer ? `${order.buyer.nickname} · ` : ''}
            {formatMoneyTime(order.paidAt ?? order.createdAt)} · 订单号 {order.id}
          </Text>
          {order.refundedFen > 0 ? <Text className="muted">已退款 {formatFen(order.refundedFen)} 元</Text> : null}
        </View>
        <View className="money-row__side">
          <Text className="money-row__amount money-amount">¥{formatFen(order.amountFen)}</Text>
          <Text className={`money-tag ${statusTag}`} data-testid="order-status">
            {ORDER_STATUS_LABELS[order.status]}
          </Text>
        </View>
      </View>
      {refundable(order) ? (
        <View className="cell" style={{ justifyContent: 'flex-end' }}>
          {error ? (
            <Text className="cell__body" style={{ color: '#FA5151', fontSize: '13px' }} data-testid="refund-error">
              {error}
            </Text>
          ) : null}
          <Button
            className="btn btn--warn btn--mini"
            disabled={busy}
            loading={busy}
            onClick={() => void askRefund()}
            data-testid="refund"
          >
            退款
          </Button>
        </View>
      ) : null}
    </View>
  )
}

/** Every order of a circle, newest first, with the owner's manual refund (docs/features.md §2). */
export function CircleOrders({ circleId }: { circleId: string }) {
  const list = useWalletStore(selectCircleOrders(circleId))
  const loadCircleOrders = useWalletStore((s) => s.loadCircleOrders)

  useEffect(() => {
    void loadCircleOrders(circleId)
  }, [circleId, loadCircleOrders])

  if (list.status === 'idle' || list.status === 'loading') return <StateView kind="loading" />
  if (list.items.length === 0 && list.status === 'error')
    return <StateView kind="error" error={list.error} onRetry={() => void loadCircleOrders(circleId)} />
  if (list.items.length === 0) return <StateView kind="empty" text="还没有订单" />
  return (
    <View>
      <View className="money-hint">
        买家付款后 72 小时内可自助退款；之后如需退款，可以在这里为买家退款（需圈子可提现余额足够）。
      </View>
      {list.items.map((o) => (
        <OrderRow key={o.id} order={o} circleId={circleId} />
      ))}
      <ListFooter list={list} onMore={() => void loadCircleOrders(circleId, 'more')} />
    </View>
  )
}
