/** The product registry (core/products): one rule per kind, one refund offer, exact term revocation. */
import { decidePaid, maturesAt, type OrderRecord } from '@core/money'
import { PAYMENT_PRODUCT_KINDS } from '../../../cloudfunctions/runtime/payment/channels'
import {
  PRODUCT_KINDS,
  grantedMs,
  ownerRefundableFen,
  productRule,
  refundOffer,
  revokeTerm,
  termGrant,
} from '@core/products'
import { HOUR, T0, anOrder } from './helpers'

const DAY = 24 * HOUR
const payment = { transactionId: '4200001', amountFen: 9900, paidAt: new Date(T0.getTime() + 60_000) }
const at = (ms: number) => new Date(payment.paidAt.getTime() + ms)
const paid = (kind: OrderRecord['product']['kind']) => decidePaid(anOrder({ kind }), payment).order

describe('the product registry', () => {
  it('has a rule for every kind the payment channels sell, and nothing else', () => {
    expect([...PRODUCT_KINDS].sort()).toEqual([...PAYMENT_PRODUCT_KINDS].sort())
    for (const kind of PRODUCT_KINDS) expect(productRule(kind).kind).toBe(kind)
  })

  it('says why there is no refund button wherever a kind is not self-refundable', () => {
    for (const kind of PRODUCT_KINDS) {
      const rule = productRule(kind)
      expect(rule.selfRefund === null).toBe(rule.noSelfRefund !== null)
    }
  })

  it('leads a ticket to its event and a deposit to its challenge, from the product id', () => {
    expect(productRule('ticket').destination({ id: 'e1:o_buyer' }, 'c1')).toEqual({ kind: 'ticket', eventId: 'e1' })
    expect(productRule('deposit').destination({ id: 'ch1' }, 'c1')).toEqual({ kind: 'challenge', challengeId: 'ch1' })
    expect(productRule('pass').destination({ id: 'c1' }, 'c1')).toEqual({ kind: 'circle', circleId: 'c1' })
  })
})

describe('the refund offer', () => {
  it('offers entry, pass and course in full until the income matures, then refuses with the window', () => {
    for (const kind of ['entry', 'pass', 'course'] as const) {
      const offer = refundOffer(paid(kind), { now: at(71 * HOUR), refundsUsedInCircle: 0 })
      expect(offer).toMatchObject({ canRefund: true, refundableFen: 9900, refusal: null })
      expect(offer.refundableUntil).toEqual(maturesAt(payment.paidAt))
      expect(refundOffer(paid(kind), { now: at(72 * HOUR), refundsUsedInCircle: 0 })).toMatchObject({
        canRefund: false,
        refusal: 'refund_window_passed',
        refundableUntil: null,
        refundableFen: 0,
      })
    }
  })

  it('offers a gift pass only while its code is known to be unused', () => {
    const gift = paid('pass_gift')
    expect(refundOffer(gift, { now: at(HOUR), refundsUsedInCircle: 0, facts: { redeemed: false } }).canRefund).toBe(
      true,
    )
    expect(refundOffer(gift, { now: at(HOUR), refundsUsedInCircle: 0, facts: { redeemed: true } })).toMatchObject({
      canRefund: false,
      note: '礼品码已被领取，不能退款',
    })
    expect(refundOffer(gift, { now: at(HOUR), refundsUsedInCircle: 0 }).canRefund).toBe(false)
  })

  it('offers nothing past the quota, and says so', () => {
    expect(refundOffer(paid('entry'), { now: at(HOUR), refundsUsedInCircle: 2 })).toMatchObject({
      canRefund: false,
      refusal: 'refund_limit_reached',
    })
  })

  it("points a deposit's buyer to the challenge's rules", () => {
    const offer = refundOffer(paid('deposit'), { now: at(HOUR), refundsUsedInCircle: 0 })
    expect(offer).toMatchObject({ canRefund: false, refusal: 'order_not_refundable' })
    expect(offer.note).toContain('挑战')
  })
})

describe("the team's refund", () => {
  it('offers the open amount of any paid order but a deposit or a redeemed gift', () => {
    expect(ownerRefundableFen(paid('entry'))).toBe(9900)
    expect(ownerRefundableFen(paid('peek'))).toBe(9900)
    expect(ownerRefundableFen(paid('deposit'))).toBe(0)
    expect(ownerRefundableFen(paid('pass_gift'), { redeemed: true })).toBe(0)
    expect(ownerRefundableFen(paid('pass_gift'), { redeemed: false })).toBe(9900)
    expect(ownerRefundableFen(anOrder())).toBe(0)
  })
})

describe('revoking a membership term', () => {
  const now = new Date(T0.getTime() + 2 * DAY)

  it('records the days a renewal added from the current expiry, and from now for a newcomer', () => {
    const expiry = new Date(T0.getTime() + 365 * DAY)
    expect(grantedMs(termGrant(expiry, new Date(expiry.getTime() + 365 * DAY), now), null)).toBe(365 * DAY)
    expect(grantedMs(termGrant(null, new Date(now.getTime() + 30 * DAY), now), null)).toBe(30 * DAY)
    // a past expiry counts from now, as the grant did
    expect(termGrant(new Date(T0.getTime() - DAY), new Date(now.getTime() + DAY), now).fromAt).toEqual(now)
  })

  it('subtracts exactly those days and keeps the membership when other days back it', () => {
    const expiry = new Date(T0.getTime() + 730 * DAY)
    expect(revokeTerm(expiry, 365 * DAY, now)).toEqual({ expiresAt: new Date(T0.getTime() + 365 * DAY), ends: false })
  })

  it('ends the membership when nothing is left after the days go', () => {
    expect(revokeTerm(new Date(now.getTime() + 365 * DAY), 365 * DAY, now)).toEqual({ expiresAt: now, ends: true })
    expect(revokeTerm(new Date(now.getTime() + 10 * DAY), 365 * DAY, now).ends).toBe(true)
  })

  it('falls back to the rolling days for an order paid before grants were recorded, and to everything for a cohort', () => {
    expect(grantedMs(undefined, 30)).toBe(30 * DAY)
    expect(revokeTerm(new Date(now.getTime() + DAY), grantedMs(null, null), now).ends).toBe(true)
  })
})
