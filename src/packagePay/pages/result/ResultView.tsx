import { useCallback, useEffect, useState } from 'react'
import { Icon } from '@/components/Icon'
import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { OrderView } from '@core/contract'
import { formatDate } from '@core/time'
import { productRule } from '@core/products'
import { StateView } from '@/components/StateView'
import { toApiError, type ApiError } from '@/services/cloud'
import { orderDestination, selectOrder, useShopStore } from '../../store'
import { ORDER_STATUS_TEXT } from '../../labels'
import { yuan } from '../../money'
import { DESTINATION_LABEL, MY_ORDERS_URL, buyUrl, destinationUrl, orderUrl } from '../../routes'
import { ReminderAsk } from './ReminderAsk'
import '../../pay.scss'

/**
 * After the cashier: asks the server (which asks the channel and fulfils) until the order is paid,
 * closed or the patience runs out. Only the server's answer says "paid".
 */
export function ResultView({ orderId, delaysMs }: { orderId: string; delaysMs?: readonly number[] }) {
  const order = useShopStore(selectOrder(orderId)).data
  const confirmOrder = useShopStore((s) => s.confirmOrder)
  const stopConfirmingOrder = useShopStore((s) => s.stopConfirmingOrder)
  const [checking, setChecking] = useState(true)
  const [error, setError] = useState<ApiError | null>(null)

  const confirm = useCallback(
    () =>
      confirmOrder(orderId, delaysMs ? { delaysMs } : undefined)
        .catch((e) => setError(toApiError(e)))
        .finally(() => setChecking(false)),
    [orderId, confirmOrder, delaysMs],
  )
  const check = () => {
    setChecking(true)
    setError(null)
    void confirm()
  }

  useEffect(() => {
    void confirm()
    return () => stopConfirmingOrder(orderId)
  }, [orderId, confirm, stopConfirmingOrder])

  if (!order || (order.status === 'pending' && checking)) {
    if (error && !checking) return <StateView kind="error" error={error} onRetry={check} />
    return (
      <View className="pay-done" data-testid="result-checking">
        <StateView kind="loading" text="正在确认支付结果，请稍候…" />
      </View>
    )
  }

  if (order.status === 'pending') {
    return (
      <View data-testid="result-pending">
        <View className="pay-done">
          <View className="pay-done__icon pay-done__icon--wait">…</View>
          <View className="pay-done__title">还没有收到支付结果</View>
          <View className="pay-done__what">
            如果你已付款，通常几秒内就会到账；没有付款的订单 30 分钟后自动关闭，不会扣款。
          </View>
        </View>
        {error ? <View className="pay-error pay-error--inline">{error.message}</View> : null}
        <View className="pay-actions">
          <Button className="btn btn--primary" onClick={check} data-testid="result-recheck">
            我已付款，重新查询
          </Button>
          <Button className="btn btn--default" onClick={() => void Taro.redirectTo({ url: orderUrl(order.id) })}>
            查看订单
          </Button>
        </View>
      </View>
    )
  }

  if (order.status === 'closed') {
    return (
      <View data-testid="result-closed">
        <View className="pay-done">
          <View className="pay-done__icon pay-done__icon--closed">×</View>
          <View className="pay-done__title">订单已关闭</View>
          <View className="pay-done__what">这笔订单超时未支付，没有扣款。</View>
        </View>
        <View className="pay-actions">
          <Button className="btn btn--primary" onClick={() => void Taro.redirectTo({ url: buyUrl(order.circleId) })}>
            重新购买
          </Button>
        </View>
      </View>
    )
  }

  return <PaidResult order={order} />
}

function PaidResult({ order }: { order: OrderView }) {
  const isGift = productRule(order.product.kind).grants === 'gift_code'
  const where = orderDestination(order)
  const enter = () => void Taro.redirectTo({ url: destinationUrl(where) })
  const copyCode = () => order.giftCode && void Taro.setClipboardData({ data: order.giftCode })
  // 拼团: paid, but granted only when the group completes: the next step is the group's page.
  const waitingGroup = !!order.group && order.group.state !== 'fulfilled'
  const toGroup = () =>
    order.group &&
    void Taro.redirectTo({ url: `/packageGroup/pages/group/index?id=${encodeURIComponent(order.group.groupId)}` })

  return (
    <View data-testid="result-paid">
      <View className="pay-done">
        <View className="pay-done__icon">
          <Icon name="check" size={36} color="#FFFFFF" />
        </View>
        <View className="pay-done__title">
          {order.status === 'paid' ? '支付成功' : ORDER_STATUS_TEXT[order.status]}
        </View>
        <View className="pay-done__amount">{yuan(order.amountFen)}</View>
        <View className="pay-done__what" data-testid="result-what">
          {order.product.title}
        </View>
        {order.canRefund && order.refundableUntil ? (
          <View className="pay-done__what">{formatDate(order.refundableUntil)}前可在「我的订单」自助退款</View>
        ) : null}
        {waitingGroup ? (
          <View className="pay-done__what" data-testid="result-group">
            {order.refundNote}
          </View>
        ) : null}
      </View>

      {order.status === 'paid' && productRule(order.product.kind).grants === 'membership' ? <ReminderAsk /> : null}

      {isGift && order.giftCode ? (
        <View className="pay-gift">
          <Text className="muted">礼品码（发给朋友，在「我的 › 兑换礼品码」中兑换）</Text>
          <Text className="pay-gift__code" data-testid="gift-code" selectable>
            {order.giftCode}
          </Text>
          {order.giftRedeemed ? <Text className="muted">已被领取</Text> : null}
        </View>
      ) : null}

      <View className="pay-actions">
        {isGift ? (
          <>
            <Button className="btn btn--primary" onClick={copyCode} data-testid="copy-gift">
              复制礼品码
            </Button>
            {process.env.TARO_ENV === 'weapp' ? (
              <Button className="btn btn--default" openType="share">
                分享给朋友
              </Button>
            ) : null}
          </>
        ) : waitingGroup ? (
          <Button className="btn btn--primary" onClick={toGroup} data-testid="result-to-group">
            查看拼团进度
          </Button>
        ) : (
          <Button className="btn btn--primary" onClick={enter} data-testid="result-enter">
            {DESTINATION_LABEL[where.kind]}
          </Button>
        )}
        <Button className="btn btn--default" onClick={() => void Taro.redirectTo({ url: MY_ORDERS_URL })}>
          查看我的订单
        </Button>
      </View>
    </View>
  )
}
