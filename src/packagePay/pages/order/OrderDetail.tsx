import { NotOnThisDevice } from '@/components/NotOnThisDevice'
import { showsPrice } from '@/services/sale'
import { serverNow } from '@/services/cloud'
import { useEffect } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { OrderView, Platform } from '@core/contract'
import { inShanghai } from '@core/time'
import { productRule } from '@core/products'
import { StateView } from '@/components/StateView'
import { canPayAgain, canSelfRefund, orderDestination, orderStage, selectOrder, useShopStore } from '../../store'
import { usePurchase } from '../../components/usePurchase'
import { useRefund } from '../../components/useRefund'
import { ORDER_STAGE_TEXT, PRODUCT_KIND_TEXT } from '../../labels'
import { yuan } from '../../money'
import { DESTINATION_LABEL, destinationUrl } from '../../routes'
import '../../pay.scss'

const CHANNEL_TEXT: Record<OrderView['channel'], string> = {
  virtual: '微信虚拟支付',
  wxpay: '微信支付',
  local: '本地模拟支付',
}

const time = (iso: string) => inShanghai(iso).format('YYYY-MM-DD HH:mm')

function Row({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <View className="pay-row">
      <Text className="pay-row__label">{label}</Text>
      <Text className="pay-row__value" data-testid={testId} selectable>
        {value}
      </Text>
    </View>
  )
}

/** One order in full (shop.getOrder), with what can still be done with it. */
export function OrderDetail({
  orderId,
  platform,
  now = serverNow(),
}: {
  orderId: string
  platform: Platform
  now?: number
}) {
  const state = useShopStore(selectOrder(orderId))
  const loadOrder = useShopStore((s) => s.loadOrder)
  const order = state.data
  const { refund, busyId, errors } = useRefund()
  const { payAgain, busy, error } = usePurchase(order?.circleId ?? '', platform)

  useEffect(() => {
    void loadOrder(orderId)
  }, [orderId, loadOrder])

  if (!order) {
    return state.status === 'error' ? (
      <StateView kind="error" error={state.error} onRetry={() => void loadOrder(orderId)} />
    ) : (
      <StateView kind="loading" />
    )
  }
  if (!showsPrice(order.sale)) return <NotOnThisDevice />
  const status = orderStage(order, now)
  const where = orderDestination(order)
  const message = errors[order.id] || error

  return (
    <View>
      <View className="pay-done">
        <View className={`pay-status pay-status--${status}`} data-testid="order-status">
          {ORDER_STAGE_TEXT[status]}
        </View>
        <View className="pay-done__amount">{yuan(order.amountFen)}</View>
        <View className="pay-done__what">{order.product.title}</View>
      </View>

      {order.giftCode ? (
        <View className="pay-gift">
          <Text className="muted">{order.giftRedeemed ? '礼品码已被领取' : '礼品码（发给朋友兑换）'}</Text>
          <Text className="pay-gift__code" data-testid="gift-code" selectable>
            {order.giftCode}
          </Text>
          {order.giftRedeemed ? null : (
            <Button
              className="btn btn--default btn--mini"
              onClick={() => void Taro.setClipboardData({ data: order.giftCode! })}
            >
              复制礼品码
            </Button>
          )}
        </View>
      ) : null}

      <View className="cells">
        <Row label="圈子" value={order.circleName} />
        <Row label="商品" value={`${PRODUCT_KIND_TEXT[order.product.kind]} · ${order.product.title}`} />
        <Row label="订单号" value={order.id} />
        <Row label="支付方式" value={CHANNEL_TEXT[order.channel]} />
        <Row label="下单时间" value={time(order.createdAt)} />
        {order.paidAt ? <Row label="支付时间" value={time(order.paidAt)} /> : null}
        {status === 'pending' ? <Row label="支付期限" value={`${time(order.expiresAt)} 前未支付将自动关闭`} /> : null}
        {order.refundedFen > 0 ? <Row label="已退款" value={yuan(order.refundedFen)} /> : null}
        {order.canRefund && order.refundableUntil ? (
          <Row
            label="自助退款"
            value={`${time(order.refundableUntil)} 前可申请，退款后立即失效`}
            testId="refundable-until"
          />
        ) : null}
        {order.refunding ? <Row label="退款" value="退款处理中，到账后更新" testId="refunding" /> : null}
        {order.refundNote ? <Row label="退款说明" value={order.refundNote} testId="refund-note" /> : null}
      </View>

      {message ? (
        <View className="pay-error pay-error--inline" data-testid="order-error">
          {message}
        </View>
      ) : null}

      <View className="pay-actions">
        {canPayAgain(order, now) ? (
          <Button
            className="btn btn--primary"
            disabled={!!busy}
            loading={!!busy}
            onClick={() => void payAgain(order)}
            data-testid="order-pay"
          >
            继续支付
          </Button>
        ) : null}
        {order.status === 'paid' && !order.refunding && productRule(order.product.kind).grants !== 'gift_code' ? (
          <Button className="btn btn--primary" onClick={() => void Taro.navigateTo({ url: destinationUrl(where) })}>
            {where.kind === 'course' ? '去学习' : DESTINATION_LABEL[where.kind]}
          </Button>
        ) : null}
        {canSelfRefund(order, now) ? (
          <Button
            className="btn btn--warn"
            disabled={busyId === order.id}
            loading={busyId === order.id}
            onClick={() => void refund(order)}
            data-testid="order-refund"
          >
            申请退款
          </Button>
        ) : null}
      </View>
    </View>
  )
}
