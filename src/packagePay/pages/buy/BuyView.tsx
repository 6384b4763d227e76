import { useEffect, useState } from 'react'
import { Icon } from '@/components/Icon'
import { Button, Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { Catalog, EntryOffer, Platform, PriceQuote } from '@core/contract'
import { messageFor } from '@core/errors'
import { formatDate } from '@core/time'
import { perDayText } from '@core/money/pricing'
import { StateView } from '@/components/StateView'
import { fileUrl } from '@/services/cloud'
import { toApiError } from '@/services/cloud'
import { couponsFor, selectCatalog, useShopStore } from '../../store'
import { NotOnThisDevice } from '@/components/NotOnThisDevice'
import { showsPrice } from '@/services/sale'
import { CouponPicker } from '../../components/CouponPicker'
import { PayBar } from '../../components/PayBar'
import { usePurchase } from '../../components/usePurchase'
import { yuan } from '../../money'
import { courseUrl, renewUrl } from '../../routes'
import { GroupOffersLink } from './GroupOffersLink'
import '../../pay.scss'

/** The term, said before paying: rolling N days, or a fixed end with the days that are left. */
export function termText(term: EntryOffer['term'], remainingDays: number | null): string {
  if (term.kind === 'rolling') return `购买后 ${term.days} 天有效`
  return `统一到期（${formatDate(term.endsAt)}）${remainingDays !== null ? `，还剩 ${remainingDays} 天` : ''}`
}

/** What a circle sells (docs/features.md §2, §3, §9), priced for the caller by the server. */
export function BuyView({
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
  const startTrial = useShopStore((s) => s.startTrial)
  const { purchase, busy, error, blocked: refused } = usePurchase(circleId, platform)
  const [applied, setApplied] = useState<PriceQuote | null>(null)
  const [trialBusy, setTrialBusy] = useState(false)
  const [trialError, setTrialError] = useState('')

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
  if (!catalog.entry && !catalog.pass && catalog.courses.length === 0) {
    return <StateView kind="empty" text="圈主还没有设置价格，暂时不能购买" />
  }

  // What this device may see priced and buy, product by product (the server's word)
  const sale = {
    entry: showsPrice(catalog.sale.entry),
    pass: showsPrice(catalog.sale.pass),
    course: showsPrice(catalog.sale.course),
  }
  if (!sale.entry && !sale.pass && !sale.course) return <NotOnThisDevice />
  const entry = sale.entry ? catalog.entry : null
  // 平台收付通: paid products open once the owner's WeChat Pay 收款账户 is ready (the server's rule).
  const closedCode = catalog.selling?.open === false ? catalog.selling.code : null
  const blocked = refused || !!closedCode

  return (
    <View className="buy">
      <View className="pay-head">
        <View className="pay-head__title">{catalog.circleName}</View>
        <View className="pay-head__sub">选择适合你的方式加入</View>
      </View>

      {closedCode ? (
        <View className="pay-error pay-error--inline" data-testid="selling-closed">
          {messageFor(closedCode)}
        </View>
      ) : null}

      {entry ? <EntrySection entry={entry} /> : null}
      {blocked ? null : <GroupOffersLink circleId={circleId} />}
      {entry?.kind === 'renewal' ? (
        <View className="pay-row" onClick={() => void Taro.navigateTo({ url: renewUrl(circleId) })}>
          <Text className="pay-row__value link">查看续费详情 ›</Text>
        </View>
      ) : null}
      {catalog.trial?.available && entry && !blocked ? (
        <View className="cells">
          <View className="pay-trial" data-testid="trial-offer">
            <Text>先免费试用 {catalog.trial.days} 天，满意再付费（每人限一次）</Text>
            <Button
              className="btn btn--default btn--mini"
              disabled={trialBusy}
              loading={trialBusy}
              onClick={async () => {
                setTrialBusy(true)
                setTrialError('')
                try {
                  const t = await startTrial(circleId, inviteCode)
                  void Taro.showToast({ title: `试用至${formatDate(t.expiresAt)}`, icon: 'success' })
                  void Taro.navigateBack().catch(() => undefined)
                } catch (e) {
                  setTrialError(toApiError(e).message)
                } finally {
                  setTrialBusy(false)
                }
              }}
              data-testid="start-trial"
            >
              免费试用
            </Button>
          </View>
          {trialError ? <View className="pay-error pay-error--inline">{trialError}</View> : null}
        </View>
      ) : null}
      {entry && !blocked ? (
        <CouponPicker
          circleId={circleId}
          product={{ kind: 'entry' }}
          offers={couponsFor(catalog, entry.kind)}
          applied={applied}
          onApplied={setApplied}
        />
      ) : null}
      {catalog.pass && sale.pass ? (
        <PassSection
          catalog={catalog}
          blocked={blocked}
          busy={busy}
          onBuy={(gift) => void purchase({ kind: 'pass', gift }, gift ? 'gift' : 'pass')}
        />
      ) : null}
      {catalog.courses.length > 0 && sale.course ? (
        <View className="cells">
          <View className="cells__title">课程</View>
          {catalog.courses.map((c) => (
            <View
              key={c.id}
              className="pay-offer"
              onClick={() => void Taro.navigateTo({ url: courseUrl(c.id) })}
              data-testid="course-offer"
            >
              {c.coverUrl ? <Image className="pay-offer__cover" src={fileUrl(c.coverUrl)} mode="aspectFill" /> : null}
              <View className="pay-offer__body">
                <Text className="pay-offer__title">{c.title}</Text>
                <Text className="pay-offer__meta">
                  共 {c.lessonCount} 节{c.freeLessonCount > 0 ? ` · ${c.freeLessonCount} 节免费试看` : ''}
                </Text>
                {c.owned ? (
                  <Text className="pay-offer__meta">已购买，永久可看</Text>
                ) : (
                  <View>
                    <Text className="pay-offer__price">{yuan(c.priceFen)}</Text>
                    {c.memberPriceFen < c.priceFen ? (
                      <Text className="pay-offer__meta">　成员价 {yuan(c.memberPriceFen)}</Text>
                    ) : null}
                  </View>
                )}
              </View>
              <Text className="cell__arrow">›</Text>
            </View>
          ))}
        </View>
      ) : null}

      {entry ? (
        <PayBar
          totalFen={applied?.amountFen ?? entry.priceFen}
          payText="立即购买"
          blocked={blocked}
          busy={busy}
          error={error}
          onPay={() => void purchase({ kind: 'entry' }, 'entry', { couponCode: applied?.coupon?.code, inviteCode })}
          testids={{ error: 'buy-error', total: 'buy-total', pay: 'buy-entry' }}
        />
      ) : error && !blocked ? (
        <View className="pay-error pay-error--inline" data-testid="buy-error">
          {error}
        </View>
      ) : null}
    </View>
  )
}

function EntrySection({ entry }: { entry: EntryOffer }) {
  return (
    <View className="cells" data-testid="entry-offer">
      <View className="cells__title">入圈</View>
      <View className="pay-offer">
        <View className="pay-price">
          <Text className="pay-price__now">{yuan(entry.priceFen)}</Text>
          {entry.tier ? (
            <Text className="pay-tier" data-testid="renew-tier">
              {entry.tier.label} {entry.tier.text}
            </Text>
          ) : null}
          {entry.kind === 'renewal' && entry.baseFen > entry.priceFen ? (
            <Text className="pay-price__marked">{yuan(entry.baseFen)}</Text>
          ) : entry.markedPriceFen !== null && entry.markedPriceFen > entry.priceFen ? (
            <Text className="pay-price__marked" data-testid="marked-price">
              {yuan(entry.markedPriceFen)}
            </Text>
          ) : null}
          {entry.perDayText ? (
            <Text className="pay-price__per-day" data-testid="per-day">
              {entry.perDayText}
            </Text>
          ) : null}
        </View>
      </View>
      <View className="pay-row">
        <Text className="pay-row__label">有效期</Text>
        <Text className="pay-row__value" data-testid="term">
          {termText(entry.term, entry.remainingDays)}
        </Text>
      </View>
      {entry.term.kind === 'cohort' && entry.remainingDays !== null ? (
        <View className="pay-row">
          <Text className="pay-row__label">说明</Text>
          <Text className="pay-row__value" data-testid="term-prorate">
            所有成员在同一天到期；价格不按剩余天数折算，现在加入可用 {entry.remainingDays} 天，折合 {entry.perDayText}
          </Text>
        </View>
      ) : null}
      <View className="pay-row">
        <Text className="pay-row__label">到期时间</Text>
        <Text className="pay-row__value pay-row__value--strong" data-testid="term-ends">
          现在购买，会员有效期至 {formatDate(entry.termEndsAt)}
        </Text>
      </View>
      <View className="pay-guarantee" data-testid="refund-guarantee">
        <Icon className="pay-guarantee__icon" name="check-circle" size={16} color="#07C160" />
        <Text>
          退款保障：付款后 {entry.refundHours} 小时内可在「我的 ›
          我的订单」自助退款，全额原路退回；退款后会员资格立即结束。
        </Text>
      </View>
    </View>
  )
}

/**
 * Why the pass costs more than entry for the same days, when it does: said beside it, from the
 * server's prices (a pass is the full price and can be given as a gift; entry may be on offer).
 */
export function passVersusEntry(catalog: Pick<Catalog, 'entry' | 'pass'>): string {
  const { entry, pass } = catalog
  if (!entry || !pass || pass.priceFen <= entry.priceFen) return ''
  const offer =
    entry.kind === 'renewal'
      ? `入圈的 ${yuan(entry.priceFen)} 是你的续费价`
      : entry.markedPriceFen !== null && entry.markedPriceFen > entry.priceFen
        ? `入圈的 ${yuan(entry.priceFen)} 是限时优惠价（原价 ${yuan(entry.markedPriceFen)}）`
        : `入圈 ${yuan(entry.priceFen)} 只能自己用`
  return `比入圈贵 ${yuan(pass.priceFen - entry.priceFen)}：${offer}；年卡按原价，可以送给朋友，也可以随时为自己续期。`
}

function PassSection(props: {
  catalog: Catalog
  blocked: boolean
  busy: string | null
  onBuy: (gift: boolean) => void
}) {
  const { catalog, blocked, busy, onBuy } = props
  const pass = catalog.pass!
  return (
    <View className="cells" data-testid="pass-offer">
      <View className="cells__title">年卡</View>
      <View className="pay-offer">
        <View className="pay-offer__body">
          <Text className="pay-offer__title">
            年卡 · {pass.days} 天 <Text className="pay-offer__price">{yuan(pass.priceFen)}</Text>
          </Text>
          <Text className="pay-offer__meta" data-testid="pass-per-day">
            折合{perDayText(pass.priceFen, pass.days)}
          </Text>
          {passVersusEntry(catalog) ? (
            <Text className="pay-offer__meta pay-offer__why" data-testid="pass-why">
              {passVersusEntry(catalog)}
            </Text>
          ) : null}
          <Text className="pay-offer__meta">为自己开通或续期 {pass.days} 天（从当前到期日顺延，不浪费一天）</Text>
          <Text className="pay-offer__meta">送给朋友：付款后得到礼品码，朋友在「我的 › 兑换礼品码」中兑换</Text>
        </View>
        <View className="pay-offer__actions">
          {blocked ? null : (
            <>
              <Button
                className="btn btn--primary btn--mini"
                disabled={!!busy}
                loading={busy === 'pass'}
                onClick={() => onBuy(false)}
                data-testid="buy-pass"
              >
                为自己购买
              </Button>
              <Button
                className="btn btn--default btn--mini"
                disabled={!!busy}
                loading={busy === 'gift'}
                onClick={() => onBuy(true)}
                data-testid="buy-gift"
              >
                送给朋友
              </Button>
            </>
          )}
        </View>
      </View>
    </View>
  )
}
