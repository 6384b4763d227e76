import { useEffect, useState } from 'react'
import { Icon } from '@/components/Icon'
import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { Catalog, Platform, PriceQuote } from '@core/contract'
import { formatDate, inShanghai } from '@core/time'
import { StateView } from '@/components/StateView'
import { couponsFor, selectCatalog, useShopStore } from '../../store'
import { NotOnThisDevice } from '@/components/NotOnThisDevice'
import { showsPrice } from '@/services/sale'
import { CouponPicker } from '../../components/CouponPicker'
import { PayBar } from '../../components/PayBar'
import { usePurchase } from '../../components/usePurchase'
import { yuan } from '../../money'
import { buyUrl } from '../../routes'
import '../../pay.scss'

const at = (iso: string) => inShanghai(iso).format('YYYY年M月D日 HH:mm')

/** Where the member stands, in words: when it ended (or ends), and the read-only grace if any. */
export function standingText(standing: NonNullable<Catalog['standing']>): string {
  if (standing.state === 'active') return `你的会员将于 ${at(standing.expiresAt)} 到期，现在续费不浪费一天`
  if (standing.state === 'grace')
    return `你的会员已于 ${at(standing.expiresAt)} 到期，宽限期内可只读浏览至 ${at(standing.graceEndsAt!)}`
  return `你的会员已于 ${at(standing.expiresAt)} 到期，续费后即可恢复全部内容`
}

/**
 * Renewal (docs/features.md §3): when it expired, the tier price the server chose (e.g. 宽限期续费价
 * 8 折), the new expiry date (Asia/Shanghai), an optional coupon, then the cashier and the result.
 */
export function RenewView({
  circleId,
  platform,
  inviteCode,
}: {
  circleId: string
  platform: Platform
  inviteCode?: string
}) {
  const state = useShopStore(selectCatalog(circleId))
  const loadCatalog = useShopStore((s) => s.loadCatalog)
  const { purchase, busy, error, blocked: refused } = usePurchase(circleId, platform)
  const [applied, setApplied] = useState<PriceQuote | null>(null)

  useEffect(() => {
    if (circleId) void loadCatalog(circleId)
  }, [circleId, loadCatalog])

  const catalog = state.data
  if (!catalog) {
    return state.status === 'error' ? (
      <StateView kind="error" error={state.error} onRetry={() => void loadCatalog(circleId)} />
    ) : (
      <StateView kind="loading" />
    )
  }
  if (!showsPrice(catalog.sale.entry)) return <NotOnThisDevice />
  const standing = catalog.standing
  const entry = catalog.entry
  if (!standing || standing.trial || entry?.kind === 'entry') {
    // Never bought a term here (or only a trial): this is joining, not renewing.
    return (
      <View>
        <StateView kind="empty" text="你还没有购买过这个圈子，加入后才能续费" />
        <View className="footer-actions">
          <Button
            className="btn btn--primary"
            onClick={() => void Taro.redirectTo({ url: buyUrl(circleId, inviteCode) })}
            data-testid="renew-to-buy"
          >
            去加入
          </Button>
        </View>
      </View>
    )
  }
  if (!entry) return <StateView kind="empty" text="圈主暂未开放续费，请联系圈主" />

  const blocked = refused
  const total = applied?.amountFen ?? entry.priceFen

  return (
    <View className="renew">
      <View className="pay-head">
        <View className="pay-head__title">{catalog.circleName}</View>
        <View className="pay-head__sub">续费会员</View>
      </View>
      <View
        className={`pay-renew-state ${standing.state === 'grace' ? 'pay-renew-state--grace' : ''}`}
        data-testid="renew-standing"
      >
        {standingText(standing)}
      </View>

      <View className="cells" data-testid="renew-offer">
        <View className="cells__title">续费价格</View>
        <View className="pay-offer">
          <View className="pay-price">
            <Text className="pay-price__now" data-testid="renew-price">
              {yuan(entry.priceFen)}
            </Text>
            {entry.tier ? (
              <Text className="pay-tier" data-testid="renew-tier">
                {entry.tier.label} {entry.tier.text}
              </Text>
            ) : null}
            {entry.baseFen > entry.priceFen ? <Text className="pay-price__marked">{yuan(entry.baseFen)}</Text> : null}
          </View>
        </View>
        {entry.tier ? (
          <View className="pay-row">
            <Text className="pay-row__label">价格档位</Text>
            <Text className="pay-row__value">
              {entry.tier.rule}，按原价的 {entry.tier.text === '原价' ? '100%' : entry.tier.text}
            </Text>
          </View>
        ) : null}
        <View className="pay-row">
          <Text className="pay-row__label">续费后</Text>
          <Text className="pay-row__value pay-row__value--strong" data-testid="renew-ends">
            有效期至 {formatDate(entry.termEndsAt)}
          </Text>
        </View>
        <View className="pay-row">
          <Text className="pay-row__label">计算方式</Text>
          <Text className="pay-row__value">
            {entry.term.kind === 'rolling'
              ? standing.state === 'active'
                ? `从当前到期日起顺延 ${entry.term.days} 天`
                : `从付款时起算 ${entry.term.days} 天`
              : `统一到期（${formatDate(entry.term.endsAt)}），不按剩余天数折算`}
          </Text>
        </View>
      </View>

      {!blocked ? (
        <CouponPicker
          circleId={circleId}
          product={{ kind: 'entry' }}
          offers={couponsFor(catalog, 'renewal')}
          applied={applied}
          onApplied={setApplied}
        />
      ) : null}

      <View className="pay-guarantee">
        <Icon className="pay-guarantee__icon" name="check-circle" size={16} color="#07C160" />
        <Text>退款保障：付款后 {entry.refundHours} 小时内可在「我的 › 我的订单」自助退款。</Text>
      </View>

      <PayBar
        totalFen={total}
        payText="立即续费"
        blocked={blocked}
        busy={busy}
        error={error}
        onPay={() => void purchase({ kind: 'entry' }, 'entry', { couponCode: applied?.coupon?.code, inviteCode })}
        testids={{ error: 'renew-error', total: 'renew-total', pay: 'renew-pay' }}
      />
    </View>
  )
}
