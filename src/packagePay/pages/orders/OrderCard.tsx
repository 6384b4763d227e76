import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { OrderView } from '@core/contract'
import { formatRelative } from '@core/time'
import { canPayAgain, canSelfRefund, orderStage } from '../../store'
import { ORDER_STAGE_TEXT, PRODUCT_KIND_TEXT } from '../../labels'
import { yuan } from '../../money'
import { orderUrl } from '../../routes'

/** One order in 我的订单: what, how much, where it stands, and what the buyer can do now. */
export function OrderCard(props: {
  order: OrderView
  now: number
  busy: boolean
  error: string
  onPay: (o: OrderView) => void
  onRefund: (o: OrderView) => void
}) {
  const { order, now, busy, error, onPay, onRefund } = props
  const status = orderStage(order, now)
  const payable = canPayAgain(order, now)
  const refundable = canSelfRefund(order, now)
  return (
    <View className="pay-order" data-testid="order">
      <View onClick={() => void Taro.navigateTo({ url: orderUrl(order.id) })}>
        <View className="pay-order__head">
          <Text className="pay-order__circle">{order.circleName}</Text>
          <Text className={`pay-status pay-status--${status}`} data-testid="order-status">
            {ORDER_STAGE_TEXT[status]}
          </Text>
        </View>
        <View className="pay-order__body">
          <View className="pay-order__what">
            <Text>{order.product.title}</Text>
            <Text className="muted">
              {PRODUCT_KIND_TEXT[order.product.kind]} · {formatRelative(order.createdAt, now)}
              {order.refundedFen > 0 ? ` · 已退 ${yuan(order.refundedFen)}` : ''}
            </Text>
          </View>
          <Text className="pay-order__amount">{yuan(order.amountFen)}</Text>
        </View>
      </View>
      {error ? (
        <View className="pay-error pay-error--inline" data-testid="order-error">
          {error}
        </View>
      ) : null}
      {payable || refundable ? (
        <View className="pay-order__actions">
          {refundable ? (
            <Button
              className="btn btn--warn btn--mini"
              disabled={busy}
              loading={busy}
              onClick={() => onRefund(order)}
              data-testid="order-refund"
            >
              申请退款
            </Button>
          ) : null}
          {payable ? (
            <Button
              className="btn btn--primary btn--mini"
              disabled={busy}
              loading={busy}
              onClick={() => onPay(order)}
              data-testid="order-pay"
            >
              继续支付
            </Button>
          ) : null}
        </View>
      ) : null}
    </View>
  )
}
