import {
  committedRefundFen,
  decideClose,
  decideOwnerRefund,
  decidePaid,
  decideRefundFailed,
  decideRefundSucceeded,
  decideSelfRefund,
  newOrderId,
  refundNo,
  refundableFen,
  selfRefundableUntil,
  settlementHeld,
} from '@core/money'
import { HOUR, T0, anOrder, codeOf } from './helpers'

const payment = { transactionId: '4200001', amountFen: 9900, paidAt: new Date(T0.getTime() + 60_000) }

describe('order ids', () => {
  it('are QZ + Shanghai time + randomness, 32 characters at most', () => {
    const id = newOrderId(new Date('2026-11-23T16:30:05Z'), 'abcdef0123456789ffff')
    expect(id).toBe('QZ20261124003005abcdef0123456789')
    expect(id).toMatch(/^[A-Za-z0-9]{1,32}$/)
  })
  it('need real randomness', () => {
    expect(() => newOrderId(T0, 'xyz')).toThrow()
  })
})

describe('a new order', () => {
  it('is pending for 30 minutes at the server price', () => {
    const o = anOrder()
    expect(o).toMatchObject({ status: 'pending', amountFen: 9900, refundedFen: 0, settled: false, paidAt: null })
    expect(o.expiresAt.getTime() - o.createdAt.getTime()).toBe(30 * 60_000)
  })
  it('drops a self-referral', () => {
    expect(anOrder({ referrer: 'o_buyer' }).referrer).toBeNull()
  })
  it("holds a question's income until it is answered, as the product registry says, and no other kind's", () => {
    expect(anOrder({ kind: 'question' }).holdSettlement).toBe(true)
    for (const kind of ['entry', 'pass', 'course', 'peek', 'ticket'] as const)
      expect(anOrder({ kind }).holdSettlement).toBeUndefined()
  })
})

describe('marking an order paid', () => {
  it('fulfils the first time', () => {
    const d = decidePaid(anOrder(), payment)
    expect(d).toMatchObject({ firstTime: true, fulfil: true, refund: null })
    expect(d.order).toMatchObject({
      status: 'paid',
      transactionId: '4200001',
      paidAt: payment.paidAt,
      fulfilledAt: payment.paidAt,
    })
  })

  it('acknowledges a second notification and does nothing', () => {
    const once = decidePaid(anOrder(), payment).order
    const twice = decidePaid(once, { ...payment, paidAt: new Date(T0.getTime() + HOUR) })
    expect(twice).toEqual({ order: once, firstTime: false, fulfil: false, refund: null })
  })

  it('rejects a notification whose amount differs from the order, also on a repeat', () => {
    expect(codeOf(() => decidePaid(anOrder(), { ...payment, amountFen: 1 }))).toBe('notification_rejected')
    const once = decidePaid(anOrder(), payment).order
    expect(codeOf(() => decidePaid(once, { ...payment, amountFen: 9901 }))).toBe('notification_rejected')
  })

  it('refuses a second, different transaction for the same order', () => {
    const once = decidePaid(anOrder(), payment).order
    expect(codeOf(() => decidePaid(once, { ...payment, transactionId: '4200002' }))).toBe('id_conflict')
  })

  it('books a payment that arrives after the order closed, does not fulfil it and refunds it in full', () => {
    const closed = decideClose(anOrder(), new Date(T0.getTime() + 31 * 60_000))!
    const d = decidePaid(closed, { ...payment, paidAt: new Date(T0.getTime() + 40 * 60_000) })
    expect(d.firstTime).toBe(true)
    expect(d.fulfil).toBe(false)
    expect(d.order).toMatchObject({ status: 'paid', paidAfterClose: true, fulfilledAt: null })
    expect(d.refund).toMatchObject({
      seq: 1,
      amountFen: 9900,
      by: 'system',
      status: 'pending',
      refundId: refundNo(closed._id, 1),
    })
    expect(decidePaid(d.order, payment)).toMatchObject({ firstTime: false, fulfil: false, refund: null })
    expect(refundableFen(d.order)).toBe(0)
  })
})

describe('closing an unpaid order', () => {
  it('closes only a pending order past its 30 minutes', () => {
    expect(decideClose(anOrder(), new Date(T0.getTime() + 30 * 60_000 - 1))).toBeNull()
    expect(decideClose(anOrder(), new Date(T0.getTime() + 30 * 60_000))).toMatchObject({ status: 'closed' })
    const paid = decidePaid(anOrder(), payment).order
    expect(decideClose(paid, new Date(T0.getTime() + 2 * HOUR))).toBeNull()
  })
})

describe('self-service refund', () => {
  const paid = () => decidePaid(anOrder(), payment).order
  const at = (ms: number) => new Date(payment.paidAt.getTime() + ms)

  it('refunds a membership in full within 72 hours', () => {
    const { order, refund } = decideSelfRefund(paid(), { now: at(72 * HOUR - 1000), refundsUsedInCircle: 1 })
    expect(refund).toMatchObject({ seq: 1, amountFen: 9900, by: 'self', status: 'pending' })
    expect(order.status).toBe('paid')
    expect(committedRefundFen(order)).toBe(9900)
    expect(selfRefundableUntil(paid())).toEqual(at(72 * HOUR))
  })

  it('refuses at 72 hours and after', () => {
    expect(codeOf(() => decideSelfRefund(paid(), { now: at(72 * HOUR), refundsUsedInCircle: 0 }))).toBe(
      'refund_window_passed',
    )
  })

  it('refuses a third refund in the same circle', () => {
    expect(codeOf(() => decideSelfRefund(paid(), { now: at(HOUR), refundsUsedInCircle: 2 }))).toBe(
      'refund_limit_reached',
    )
  })

  it('refunds a course in the window, refuses a gift pass whose code was redeemed (or is not known to be unused), unpaid orders and an order already being refunded', () => {
    const course = decidePaid(anOrder({ kind: 'course' }), payment).order
    expect(decideSelfRefund(course, { now: at(HOUR), refundsUsedInCircle: 0 }).refund.amountFen).toBe(9900)
    const gift = decidePaid(anOrder({ kind: 'pass_gift' }), payment).order
    expect(codeOf(() => decideSelfRefund(gift, { now: at(HOUR), refundsUsedInCircle: 0 }))).toBe('order_not_refundable')
    expect(
      codeOf(() => decideSelfRefund(gift, { now: at(HOUR), refundsUsedInCircle: 0, facts: { redeemed: true } })),
    ).toBe('order_not_refundable')
    expect(
      decideSelfRefund(gift, { now: at(HOUR), refundsUsedInCircle: 0, facts: { redeemed: false } }).refund.by,
    ).toBe('self')
    expect(codeOf(() => decideSelfRefund(anOrder(), { now: at(HOUR), refundsUsedInCircle: 0 }))).toBe(
      'order_not_refundable',
    )
    const once = decideSelfRefund(paid(), { now: at(HOUR), refundsUsedInCircle: 0 }).order
    expect(codeOf(() => decideSelfRefund(once, { now: at(HOUR), refundsUsedInCircle: 1 }))).toBe('order_not_refundable')
  })

  it('never lets a buyer refund a deposit, a ticket, a question or a peek from the order page', () => {
    for (const kind of ['deposit', 'ticket', 'question', 'peek'] as const) {
      const order = decidePaid(anOrder({ kind }), payment).order
      expect(codeOf(() => decideSelfRefund(order, { now: at(HOUR), refundsUsedInCircle: 0 }))).toBe(
        'order_not_refundable',
      )
    }
  })
})

describe('owner refund and the state after it', () => {
  const paid = () => decidePaid(anOrder(), payment).order
  const now = new Date(T0.getTime() + 30 * 24 * HOUR)

  it('refunds part, then the rest: partially_refunded, then refunded', () => {
    let { order, refund } = decideOwnerRefund(paid(), { amountFen: 3000, now })
    expect(refund.refundId).toBe(`${order._id}R1`)
    order = decideRefundSucceeded(order, refund.seq, now).order
    expect(order).toMatchObject({ status: 'partially_refunded', refundedFen: 3000 })
    expect(refundableFen(order)).toBe(6900)
    ;({ order, refund } = decideOwnerRefund(order, { now }))
    expect(refund).toMatchObject({ seq: 2, amountFen: 6900 })
    order = decideRefundSucceeded(order, 2, now).order
    expect(order).toMatchObject({ status: 'refunded', refundedFen: 9900 })
    expect(codeOf(() => decideOwnerRefund(order, { now }))).toBe('order_not_refundable')
  })

  it('never promises more back than was paid, even with refunds still on their way', () => {
    const { order } = decideOwnerRefund(paid(), { amountFen: 9000, now })
    expect(codeOf(() => decideOwnerRefund(order, { amountFen: 901, now }))).toBe('order_not_refundable')
    expect(codeOf(() => decideOwnerRefund(paid(), { amountFen: 0, now }))).toBe('order_not_refundable')
  })

  it('treats a repeated success as a no-op and a failed refund as returning the amount', () => {
    const { order } = decideOwnerRefund(paid(), { amountFen: 3000, now })
    const done = decideRefundSucceeded(order, 1, now)
    expect(decideRefundSucceeded(done.order, 1, now)).toEqual({ order: done.order, firstTime: false })
    const failed = decideRefundFailed(order, 1, now).order
    expect(failed.status).toBe('paid')
    expect(refundableFen(failed)).toBe(9900)
    expect(codeOf(() => decideRefundSucceeded(failed, 1, now))).toBe('id_conflict')
  })
})

describe('a paid question held out of settlement', () => {
  const held = () => ({ ...anOrder({ kind: 'question' }), qa: { answerer: 'owner:c1' as const }, holdSettlement: true })
  it('leaves the hold when the owner refunds it, so the settlement query (which passes over held orders) finds it again', () => {
    const paid = decidePaid(held(), payment).order
    expect(settlementHeld(paid)).toBe(true)
    const { order } = decideOwnerRefund(paid, { amountFen: 100, now: payment.paidAt })
    expect(order.holdSettlement).toBe(false)
    expect(settlementHeld(order)).toBe(false)
  })
  it('leaves the hold when it is paid after it closed and refunded at once', () => {
    const closed = decideClose(held(), new Date(T0.getTime() + 31 * 60_000))!
    const { order, refund } = decidePaid(closed, { ...payment, paidAt: new Date(T0.getTime() + 40 * 60_000) })
    expect(refund).not.toBeNull()
    expect(order.holdSettlement).toBe(false)
  })
})
