import {
  couponDiscountFen,
  couponText,
  couponUnusable,
  decideRelease,
  decideReserve,
  decideUse,
  redemptionBlocks,
  validateCoupon,
  type CouponRecord,
  type RedemptionRecord,
} from '@core/coupons'

const T0 = new Date('2026-03-01T04:00:00.000Z')
const DAY = 86_400_000

function coupon(extra: Partial<CouponRecord> = {}): CouponRecord {
  return {
    _id: 'c1:SPRING',
    circleId: 'c1',
    code: 'SPRING',
    title: '春季优惠',
    kind: 'percent',
    amountFen: 0,
    offBps: 2000,
    limit: 10,
    usedCount: 0,
    paidCount: 0,
    scopes: ['entry', 'renewal'],
    startsAt: new Date(T0.getTime() - DAY),
    endsAt: new Date(T0.getTime() + DAY),
    listed: true,
    disabled: false,
    createdBy: 'o_owner',
    createdAt: T0,
    updatedAt: T0,
    ...extra,
  }
}
const ctx = { openid: 'o_buyer', orderId: 'QZ1', scope: 'entry' as const, priceFen: 9900, now: T0 }

describe('coupon discounts', () => {
  it('percent: floored to the fen', () => {
    expect(couponDiscountFen(coupon({ offBps: 2000 }), 9900)).toBe(1980)
    // 999 × 15 % = 149.85 → 149
    expect(couponDiscountFen(coupon({ offBps: 1500 }), 999)).toBe(149)
    expect(couponDiscountFen(coupon({ offBps: 1 }), 9999)).toBe(0)
  })
  it('fixed: the amount, but the buyer always pays at least 1 fen', () => {
    expect(couponDiscountFen(coupon({ kind: 'fixed', amountFen: 1000 }), 9900)).toBe(1000)
    expect(couponDiscountFen(coupon({ kind: 'fixed', amountFen: 20_000 }), 9900)).toBe(9899)
    expect(couponDiscountFen(coupon({ offBps: 10_000 }), 9900)).toBe(9899)
    expect(couponDiscountFen(coupon({ kind: 'fixed', amountFen: 5 }), 1)).toBe(0)
  })
  it('texts', () => {
    expect(couponText(coupon({ kind: 'fixed', amountFen: 1000 }))).toBe('立减 10 元')
    expect(couponText(coupon({ kind: 'fixed', amountFen: 1050 }))).toBe('立减 10.50 元')
    expect(couponText(coupon({ offBps: 2000 }))).toBe('8 折')
    expect(couponText(coupon({ offBps: 1500 }))).toBe('8.5 折')
  })
})

describe('who may use a coupon', () => {
  it('within its window only (start inclusive, end exclusive)', () => {
    expect(couponUnusable(coupon({ startsAt: T0 }), { scope: 'entry', now: T0 })).toBeNull()
    expect(couponUnusable(coupon({ startsAt: new Date(T0.getTime() + 1) }), { scope: 'entry', now: T0 })).toBe(
      'coupon_not_started',
    )
    expect(couponUnusable(coupon({ endsAt: T0 }), { scope: 'entry', now: T0 })).toBe('coupon_expired')
    expect(couponUnusable(coupon({ disabled: true }), { scope: 'entry', now: T0 })).toBe('coupon_expired')
  })
  it('for its scopes only', () => {
    expect(couponUnusable(coupon(), { scope: 'course', now: T0 })).toBe('coupon_not_applicable')
    expect(couponUnusable(coupon({ scopes: ['course'] }), { scope: 'course', now: T0 })).toBeNull()
  })
  it('until the count is reached', () => {
    expect(couponUnusable(coupon({ limit: 3, usedCount: 2 }), { scope: 'entry', now: T0 })).toBeNull()
    expect(couponUnusable(coupon({ limit: 3, usedCount: 3 }), { scope: 'entry', now: T0 })).toBe('coupon_used_up')
  })
})

describe('reserve, use, release (once per user)', () => {
  it('reserves for the order, with the discount', () => {
    const r = decideReserve(coupon(), null, ctx)
    expect(r.discountFen).toBe(1980)
    expect(r.redemption).toMatchObject({
      _id: 'c1:SPRING:o_buyer',
      status: 'reserved',
      orderId: 'QZ1',
      discountFen: 1980,
    })
  })
  it('refuses a missing coupon, a second use and a second pending order', () => {
    expect(() => decideReserve(null, null, ctx)).toThrow(
      expect.objectContaining({ code: 'coupon_not_found', param: 'couponCode' }),
    )
    const reserved = decideReserve(coupon(), null, ctx).redemption
    expect(() => decideReserve(coupon(), reserved, { ...ctx, orderId: 'QZ2' })).toThrow(
      expect.objectContaining({ code: 'coupon_reserved' }),
    )
    const used = decideUse(reserved, 'QZ1', T0)!
    expect(used.status).toBe('used')
    expect(() => decideReserve(coupon(), used, { ...ctx, orderId: 'QZ2' })).toThrow(
      expect.objectContaining({ code: 'coupon_already_used' }),
    )
  })
  it('release gives it back once, only for the reserving order; then it may be reserved again', () => {
    const reserved = decideReserve(coupon(), null, ctx).redemption
    expect(decideRelease(reserved, 'QZ_OTHER', T0)).toBeNull()
    const released = decideRelease(reserved, 'QZ1', T0)!
    expect(released.status).toBe('released')
    expect(decideRelease(released, 'QZ1', T0)).toBeNull()
    expect(redemptionBlocks(released)).toBeNull()
    expect(decideReserve(coupon(), released, { ...ctx, orderId: 'QZ2' }).redemption).toMatchObject({
      status: 'reserved',
      orderId: 'QZ2',
    })
  })
  it('a use happens once, and never for a released reservation', () => {
    const reserved = decideReserve(coupon(), null, ctx).redemption
    const used = decideUse(reserved, 'QZ1', T0)!
    expect(decideUse(used, 'QZ1', T0)).toBeNull()
    expect(decideUse({ ...reserved, status: 'released' } as RedemptionRecord, 'QZ1', T0)).toBeNull()
  })
})

describe('validating a new coupon', () => {
  const base = {
    kind: 'fixed' as const,
    amountFen: 500,
    offBps: 0,
    startsAt: T0,
    endsAt: new Date(T0.getTime() + DAY),
    scopes: ['entry' as const],
  }
  it('needs an amount, a real window and a scope', () => {
    expect(() => validateCoupon(base)).not.toThrow()
    expect(() => validateCoupon({ ...base, amountFen: 0 })).toThrow(expect.objectContaining({ param: 'amountFen' }))
    expect(() => validateCoupon({ ...base, kind: 'percent', offBps: 0 })).toThrow(
      expect.objectContaining({ param: 'offBps' }),
    )
    expect(() => validateCoupon({ ...base, endsAt: T0 })).toThrow(expect.objectContaining({ param: 'validUntil' }))
    expect(() => validateCoupon({ ...base, scopes: [] })).toThrow(expect.objectContaining({ param: 'couponScopes' }))
  })
})

describe('personal coupons (a challenge reward)', () => {
  it('serve only their holder; anyone else is told there is no such coupon', () => {
    const mine = coupon({ holder: 'o_buyer', limit: 1, listed: false })
    expect(decideReserve(mine, null, ctx).redemption).toMatchObject({ openid: 'o_buyer', status: 'reserved' })
    expect(() => decideReserve(mine, null, { ...ctx, openid: 'o_other' })).toThrow(
      expect.objectContaining({ code: 'coupon_not_found', param: 'couponCode' }),
    )
  })
})
