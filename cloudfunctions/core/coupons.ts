/**
 * Coupons (docs/features.md §2; docs/money.md "Terms, trials…"): fixed (fen off) or percent (bps off), a count
 * limit, a validity window, once per user, for entry, renewal and/or courses. Pure rules; the shop
 * function reserves a coupon in the transaction that creates the order.
 *
 * - A coupon's `_id` is `${circleId}:${code}`, so a code is unique in its circle without a query.
 * - A redemption's `_id` is `${couponId}:${openid}`: one per user per coupon. It is `reserved` by a
 *   pending order, `used` once that order is paid, `released` when the order closes unpaid (the
 *   user may then use the coupon again). `usedCount` counts reserved + used and never passes `limit`.
 * - A discount is floored to the fen, and the buyer always pays at least 1 fen: no payment channel
 *   takes 0 (a "100 % off" coupon makes a 0.01 元 order). A refund does not give the coupon back.
 */
import { DomainError } from './errors'
import { bpsOf } from './money/fen'
import { yuanText } from './money/pricing'

export type CouponKind = 'fixed' | 'percent'
export type CouponScope = 'entry' | 'renewal' | 'course'
export const COUPON_CODE = /^[A-Z0-9]{4,16}$/

export const COUPON_SCOPE_LABELS: Record<CouponScope, string> = { entry: '入圈', renewal: '续费', course: '课程' }

export interface CouponRecord {
  _id: string // `${circleId}:${code}`
  circleId: string
  code: string
  title: string
  kind: CouponKind
  /** fixed: fen off. */
  amountFen: number
  /** percent: bps off (1–10000). */
  offBps: number
  limit: number
  /** Reserved by pending orders + used by paid ones. */
  usedCount: number
  /** Used by paid orders. */
  paidCount: number
  scopes: CouponScope[]
  startsAt: Date
  endsAt: Date
  /** Shown on the buy page for buyers to pick; unlisted codes must be typed. */
  listed: boolean
  disabled: boolean
  /** A personal coupon (a challenge's completion reward): only this member may use it. */
  holder?: string | null
  createdBy: string
  createdAt: Date
  updatedAt: Date
}

export type RedemptionStatus = 'reserved' | 'used' | 'released'

export interface RedemptionRecord {
  _id: string // `${couponId}:${openid}`
  couponId: string
  circleId: string
  openid: string
  orderId: string
  status: RedemptionStatus
  discountFen: number
  createdAt: Date
  updatedAt: Date
}

export const couponId = (circleId: string, code: string) => `${circleId}:${code.toUpperCase()}`
export const redemptionId = (id: string, openid: string) => `${id}:${openid}`

/** The discount on `priceFen`: fixed or floor(price × bps), capped so at least 1 fen is paid. */
/**
 * A personal coupon (a challenge's completion reward, a lottery prize, a win-back gift): fixed
 * amount, unlisted, one use, only its holder may use it, on entry, renewal or a course. The caller
 * derives the code from its cause, so issuing the same gift twice makes the same record.
 */
export function personalCoupon(p: {
  circleId: string
  code: string
  title: string
  holder: string
  amountFen: number
  days: number
  createdBy: string
  now: Date
}): CouponRecord {
  return {
    _id: couponId(p.circleId, p.code),
    circleId: p.circleId,
    code: p.code,
    title: p.title,
    kind: 'fixed',
    amountFen: p.amountFen,
    offBps: 0,
    limit: 1,
    usedCount: 0,
    paidCount: 0,
    scopes: ['entry', 'renewal', 'course'],
    startsAt: p.now,
    endsAt: new Date(p.now.getTime() + p.days * 86_400_000),
    listed: false,
    disabled: false,
    holder: p.holder,
    createdBy: p.createdBy,
    createdAt: p.now,
    updatedAt: p.now,
  }
}

export function couponDiscountFen(
  coupon: Pick<CouponRecord, 'kind' | 'amountFen' | 'offBps'>,
  priceFen: number,
): number {
  if (!Number.isSafeInteger(priceFen) || priceFen < 1) throw new Error(`bad priceFen ${priceFen}`)
  const raw = coupon.kind === 'fixed' ? coupon.amountFen : bpsOf(priceFen, coupon.offBps)
  return Math.max(0, Math.min(raw, priceFen - 1))
}

/** "立减 10.00 元" or "8 折" / "8.5 折"; "免费" is never said: 1 fen is always paid. */
export function couponText(coupon: Pick<CouponRecord, 'kind' | 'amountFen' | 'offBps'>): string {
  if (coupon.kind === 'fixed') return `立减 ${yuanText(coupon.amountFen).replace(/\.00$/, '')} 元`
  const pay = 10_000 - coupon.offBps
  if (pay <= 0) return '全免（仅付 0.01 元）'
  return `${String(Number((pay / 1000).toFixed(2)))} 折`
}

/** Why this coupon cannot be used for this purchase now (by anyone), or null. */
export function couponUnusable(
  coupon: CouponRecord,
  ctx: { scope: CouponScope; now: Date },
): 'coupon_not_found' | 'coupon_not_started' | 'coupon_expired' | 'coupon_used_up' | 'coupon_not_applicable' | null {
  if (coupon.disabled) return 'coupon_expired'
  if (ctx.now.getTime() < new Date(coupon.startsAt).getTime()) return 'coupon_not_started'
  if (ctx.now.getTime() >= new Date(coupon.endsAt).getTime()) return 'coupon_expired'
  if (!coupon.scopes.includes(ctx.scope)) return 'coupon_not_applicable'
  if (coupon.usedCount >= coupon.limit) return 'coupon_used_up'
  return null
}

/** Whether this user already holds the coupon (reserved by a pending order, or used). */
export function redemptionBlocks(
  redemption: RedemptionRecord | null,
): 'coupon_already_used' | 'coupon_reserved' | null {
  if (!redemption || redemption.status === 'released') return null
  return redemption.status === 'used' ? 'coupon_already_used' : 'coupon_reserved'
}

/**
 * Reserving a coupon for a new order (in one transaction with the coupon and redemption read by
 * id): refused with the reason, or the redemption to write and the count to add.
 */
export function decideReserve(
  coupon: CouponRecord | null,
  redemption: RedemptionRecord | null,
  ctx: { openid: string; orderId: string; scope: CouponScope; priceFen: number; now: Date },
): { redemption: RedemptionRecord; discountFen: number } {
  // someone else's personal coupon reads as no coupon at all
  if (!coupon || (coupon.holder && coupon.holder !== ctx.openid))
    throw new DomainError('coupon_not_found', undefined, 'couponCode')
  const why = couponUnusable(coupon, ctx)
  if (why) throw new DomainError(why, undefined, 'couponCode')
  const held = redemptionBlocks(redemption)
  if (held) throw new DomainError(held, undefined, 'couponCode')
  const discountFen = couponDiscountFen(coupon, ctx.priceFen)
  return {
    discountFen,
    redemption: {
      _id: redemptionId(coupon._id, ctx.openid),
      couponId: coupon._id,
      circleId: coupon.circleId,
      openid: ctx.openid,
      orderId: ctx.orderId,
      status: 'reserved',
      discountFen,
      createdAt: redemption?.createdAt ?? ctx.now,
      updatedAt: ctx.now,
    },
  }
}

/** The order closed unpaid: give the coupon back, once (null: nothing to do). */
export function decideRelease(
  redemption: RedemptionRecord | null,
  orderId: string,
  now: Date,
): RedemptionRecord | null {
  if (!redemption || redemption.orderId !== orderId || redemption.status !== 'reserved') return null
  return { ...redemption, status: 'released', updatedAt: now }
}

/** The order was paid: the reservation becomes a use, once (null: nothing to do). */
export function decideUse(redemption: RedemptionRecord | null, orderId: string, now: Date): RedemptionRecord | null {
  if (!redemption || redemption.orderId !== orderId || redemption.status !== 'reserved') return null
  return { ...redemption, status: 'used', updatedAt: now }
}

/** Validation of an owner's new coupon beyond its schema. */
export function validateCoupon(c: {
  kind: CouponKind
  amountFen: number
  offBps: number
  startsAt: Date
  endsAt: Date
  scopes: CouponScope[]
}): void {
  if (c.kind === 'fixed' && c.amountFen < 1) throw new DomainError('invalid_argument', undefined, 'amountFen')
  if (c.kind === 'percent' && (c.offBps < 1 || c.offBps > 10_000))
    throw new DomainError('invalid_argument', undefined, 'offBps')
  if (c.endsAt.getTime() <= c.startsAt.getTime()) throw new DomainError('invalid_argument', undefined, 'validUntil')
  if (c.scopes.length === 0) throw new DomainError('invalid_argument', undefined, 'couponScopes')
}
