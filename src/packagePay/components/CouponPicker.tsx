import { useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import type { CouponOffer, InputOf, PriceQuote } from '@core/contract'
import { formatDate } from '@core/time'
import { toApiError } from '@/services/cloud'
import { useShopStore } from '../store'
import { yuan } from '../money'

/**
 * The buyer's coupon: pick one the owner lists, or type a code. The server prices it (shop.quote)
 * and the order reserves it; the page shows the server's total, never its own arithmetic.
 */
export function CouponPicker(props: {
  circleId: string
  product: InputOf<'shop', 'quote'>['product']
  offers: CouponOffer[]
  applied: PriceQuote | null
  onApplied: (quote: PriceQuote | null) => void
}) {
  const { circleId, product, offers, applied, onApplied } = props
  const quotePrice = useShopStore((s) => s.quotePrice)
  const [code, setCode] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')

  const apply = async (raw: string) => {
    const typed = raw.trim().toUpperCase()
    if (!/^[A-Z0-9]{4,16}$/.test(typed)) {
      setError('优惠码为 4–16 位字母或数字')
      return
    }
    setBusy(true)
    setError('')
    try {
      onApplied(await quotePrice(circleId, product, typed))
    } catch (e) {
      onApplied(null)
      setError(toApiError(e).message)
    } finally {
      setBusy(false)
    }
  }

  const current = applied?.coupon?.code ?? null
  return (
    <View className="cells" data-testid="coupon-picker">
      <View className="cells__title">优惠券</View>
      {offers.length > 0 ? (
        <View className="pay-coupons">
          {offers.map((c) => (
            <View
              key={c.id}
              className={`pay-coupon ${current === c.code ? 'pay-coupon--on' : ''}`}
              onClick={() => (current === c.code ? onApplied(null) : void apply(c.code))}
              data-testid="coupon-offer"
            >
              <Text className="pay-coupon__text">{c.text}</Text>
              <Text className="pay-coupon__title">{c.title}</Text>
              <Text className="pay-coupon__until">{formatDate(c.validUntil)} 前有效</Text>
            </View>
          ))}
        </View>
      ) : null}
      <View className="cell">
        <Text className="cell__label">优惠码</Text>
        <Input
          className="input cell__body"
          value={code}
          placeholder="输入优惠码"
          maxlength={16}
          onInput={(e) => setCode(e.detail.value)}
          data-testid="coupon-code"
        />
        <Button
          className="btn btn--default btn--mini"
          disabled={busy}
          loading={busy}
          onClick={() => void apply(code)}
          data-testid="coupon-apply"
        >
          使用
        </Button>
      </View>
      {applied && applied.coupon ? (
        <View className="pay-row" data-testid="coupon-applied">
          <Text className="pay-row__label">已使用</Text>
          <Text className="pay-row__value">
            {applied.coupon.title}（{applied.coupon.text}），优惠{' '}
            {yuan(applied.discounts.filter((d) => d.kind === 'coupon').reduce((s, d) => s + d.fen, 0))}
          </Text>
          <Text className="link" onClick={() => onApplied(null)}>
            不使用
          </Text>
        </View>
      ) : null}
      {error ? (
        <View className="pay-error pay-error--inline" data-testid="coupon-error">
          {error}
        </View>
      ) : null}
    </View>
  )
}
