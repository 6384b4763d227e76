/**
 * Orders (docs/money.md "Orders"): pending → paid → (refunded | partially_refunded), or pending → closed
 * after 30 minutes unpaid. The order id is the out_trade_no and the idempotency key of everything
 * the payment causes; every decision here is safe to repeat.
 *
 * A payment for a CLOSED order (the buyer kept the cashier open past our 30 minutes, or the close
 * raced the notification) is never lost and never silently fulfilled: the order becomes paid with
 * `paidAfterClose`, the payment is booked like any other, nothing is fulfilled (the quote — price,
 * cohort end, stock — was only promised while the order was open, and we told the buyer it closed),
 * and a full refund by 'system' is requested in the same decision.
 */
import type { ChannelName, OrderStatus, ProductKind } from '../vocabulary'
import { DomainError } from '../errors'
import { inShanghai } from '../time'
import type { AccountId } from './accounts'
import { assertFen, sumFen } from './fen'
import { DEFAULT_REFUND_WINDOW_HOURS } from './ledger'
import type { QaPayees, SplitRules } from './split'
import { assertWithinCap, platformSharing, type SettlementSnapshot } from './settlement'
import { splitOrder } from './split'
import { productRule, refundOffer, type OrderGrant, type RefundFacts } from '../products'
import type { OrderGroup } from '../group'

export type { OrderStatus }

export const ORDER_TTL_MINUTES = 30

export interface PriceBreakdown {
  baseFen: number
  discountFen: number
  /** Why there is a discount; null or absent when none. */
  discount?: 'member' | 'renewal' | 'coupon' | 'group' | null
}

export type RefundBy = 'self' | 'owner' | 'system'
export type RefundStatus = 'pending' | 'succeeded' | 'failed'

export interface OrderRefund {
  seq: number
  /** out_refund_no at the channel: refundNo(orderId, seq), so a retried refund call is the same refund. */
  refundId: string
  amountFen: number
  reason: string
  by: RefundBy
  at: Date
  status: RefundStatus
  doneAt?: Date | null
}

export interface OrderRecord {
  _id: string // out_trade_no: ≤ 32 of [A-Za-z0-9]
  buyer: string
  circleId: string
  circleName: string
  product: { kind: ProductKind; id: string; title: string }
  amountFen: number
  priceBreakdown: PriceBreakdown
  /**
   * What was promised when the buyer ordered, fulfilled from the order and not from settings that
   * may have changed before the payment arrived: the term (rolling days or the cohort end) and the
   * split rules (so replaying a payment always yields the same shares).
   */
  termDays: number | null
  cohortEndsAt: Date | null
  splitRules: SplitRules
  channel: ChannelName
  status: OrderStatus
  createdAt: Date
  expiresAt: Date
  paidAt: Date | null
  transactionId: string | null
  /** Refunded and confirmed by the channel. */
  refundedFen: number
  refunds: OrderRefund[]
  fulfilledAt: Date | null
  referrer: string | null
  /** The invite's channel tag (渠道) that brought the buyer; absent on older orders. */
  inviteChannel?: string | null
  /** The coupon reserved for this order (released if it closes unpaid); absent: none. */
  coupon?: { id: string; code: string; discountFen: number } | null
  /** A renewal's price tier; absent: not a renewal. */
  renewalTier?: 'before' | 'within30' | 'later' | null
  closedAt: Date | null
  /** Paid after it was closed: booked, not fulfilled, refunded in full (see the file header). */
  paidAfterClose: boolean
  /** The settlement journal was posted (income moved from pending to available). */
  settled: boolean
  /** The accounts its split credits: where maturing-on-read looks for unsettled income. */
  payees: AccountId[]
  /** Paid Q&A (question, peek): whose wallets earn what is left after the fees (split.ts splitQa); absent: the split rules. */
  qa?: QaPayees | null
  /** A paid question: its income is not settled while the question may still be refunded (settlementHeld). */
  holdSettlement?: boolean
  /**
   * Who holds the money (docs/payments.md "Settlement modes"), snapshotted when ordered: in
   * `platform` mode the owner's sub-merchant (sub_mchid). Absent on older orders: `self`.
   */
  settlement?: SettlementSnapshot | null
  /** What fulfilment granted (a membership term's from/to), so a refund takes back exactly that; absent on older orders. */
  grant?: OrderGrant | null
  /**
   * 拼团: the order is a seat in a group (core/group.ts). It is granted only when the group
   * completes (its income is held until then: holdSettlement), refunded in full when it fails.
   */
  group?: OrderGroup | null
  updatedAt: Date
}

/** The order's money lands in an owner's sub-merchant account (平台收付通). */
export function subMchidOf(order: Pick<OrderRecord, 'settlement'>): string | null {
  return order.settlement?.mode === 'platform' && order.settlement.subMchid ? order.settlement.subMchid : null
}

const ORDER_ID = /^[A-Za-z0-9]{1,32}$/

export function isOrderId(id: string): boolean {
  return ORDER_ID.test(id)
}

/**
 * 'QZ' + the Shanghai time to the second + 16 hex of randomness: 32 chars, the channel maximum;
 * readable by support staff and sortable by time. The randomness comes in as an argument.
 */
export function newOrderId(now: Date, randomHex: string): string {
  if (!/^[0-9a-fA-F]{8,}$/.test(randomHex)) throw new Error('newOrderId needs at least 8 hex digits of randomness')
  const id = `QZ${inShanghai(now).format('YYYYMMDDHHmmss')}${randomHex.slice(0, 16)}`
  if (!isOrderId(id)) throw new Error(`bad order id ${id}`)
  return id
}

/** out_refund_no: derived from the order and the refund's number (≤ 64 chars at WeChat Pay). */
export function refundNo(orderId: string, seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 1) throw new Error(`bad refund seq ${seq}`)
  return `${orderId}R${seq}`
}

export function newOrder(args: {
  id: string
  buyer: string
  circleId: string
  circleName: string
  product: OrderRecord['product']
  priceBreakdown: PriceBreakdown
  termDays?: number | null
  cohortEndsAt?: Date | null
  splitRules: SplitRules
  channel: ChannelName
  referrer?: string | null
  qa?: QaPayees | null
  settlement?: SettlementSnapshot | null
  group?: { groupId: string; offerId: string } | null
  now: Date
}): OrderRecord {
  const { id, buyer, circleId, circleName, product, priceBreakdown, channel, now } = args
  if (!isOrderId(id)) throw new Error(`bad order id ${id}`)
  assertFen(priceBreakdown.baseFen, 'baseFen', { nonNegative: true })
  assertFen(priceBreakdown.discountFen, 'discountFen', { nonNegative: true })
  const amountFen = priceBreakdown.baseFen - priceBreakdown.discountFen
  // Free things are granted without an order; a channel cannot take 0 fen.
  if (amountFen < 1) throw new DomainError('product_unavailable')
  const order: OrderRecord = {
    _id: id,
    buyer,
    circleId,
    circleName,
    product: { ...product },
    amountFen,
    priceBreakdown: { ...priceBreakdown },
    termDays: args.termDays ?? null,
    cohortEndsAt: args.cohortEndsAt ?? null,
    splitRules: args.splitRules,
    channel,
    status: 'pending',
    createdAt: now,
    expiresAt: new Date(now.getTime() + ORDER_TTL_MINUTES * 60_000),
    paidAt: null,
    transactionId: null,
    refundedFen: 0,
    refunds: [],
    fulfilledAt: null,
    referrer: args.referrer && args.referrer !== buyer ? args.referrer : null,
    closedAt: null,
    paidAfterClose: false,
    settled: false,
    payees: [],
    ...(args.qa ? { qa: args.qa } : {}),
    // The registry says how the kind's income is held: a question's stays until it is answered.
    ...(productRule(product.kind).income === 'until_answered' ? { holdSettlement: true } : {}),
    ...(args.settlement ? { settlement: { ...args.settlement } } : {}),
    ...(args.group ? { group: { ...args.group, state: 'pending' as const }, holdSettlement: true } : {}),
    updatedAt: now,
  }
  // 平台收付通: everything but the owner's rest leaves by 分账, so a split above the cap (a peek's
  // asker share, a guest's answer) cannot be sold this way: refused here, never sent to WeChat.
  if (subMchidOf(order)) platformSharing(order, amountFen)
  // 直连: referrer and partner shares leave by 分账 wherever WeChat Pay sells (never on virtual
  // payment), so rules saved before the cap was checked on every path cannot reach WeChat either.
  else if (channel !== 'virtual' && !args.qa) {
    const people = splitOrder(
      { amountFen, circleId, buyer, referrer: order.referrer, channel },
      args.splitRules,
    ).filter((s) => s.account.startsWith('user:'))
    assertWithinCap(amountFen, sumFen(people.map((s) => s.amountFen)))
  }
  return order
}

/**
 * A paid question's income waits until the question is answered: before that, a decline or the
 * expiry timer refunds it in full, and the answer window (up to 168 h) may outlast the 72 h refund
 * window. Answering releases the hold; a refund request ends it too (nothing is left to settle).
 */
export function settlementHeld(order: Pick<OrderRecord, 'holdSettlement' | 'refunds'>): boolean {
  return order.holdSettlement === true && order.refunds.length === 0
}

/** A paid question declined by its answerer or left unanswered past its deadline: refunded in full, by the system. */
export function decideQuestionRefund(
  order: OrderRecord,
  opts: { reason: string; now: Date },
): { order: OrderRecord; refund: OrderRefund } {
  if (order.product.kind !== 'question' || order.refunds.some((r) => r.status !== 'failed'))
    throw new DomainError('order_not_refundable')
  const open = refundableFen(order)
  if (open <= 0) throw new DomainError('order_not_refundable')
  const next = requestRefund(order, { amountFen: open, reason: opts.reason, by: 'system', now: opts.now })
  return { order: { ...next.order, holdSettlement: false }, refund: next.refund }
}

export interface PaidDecision {
  order: OrderRecord
  /** The payment is new: post the payment journal (its id makes a repeat a no-op anyway). */
  firstTime: boolean
  /** Grant what was bought, in this same transaction. Never true twice for one order. */
  fulfil: boolean
  /** A refund this decision requested (payment after close), to book and hand to the outbox. */
  refund: OrderRefund | null
}

/**
 * A verified "paid" from the notification, the buyer's poll or reconciliation — whichever comes
 * first wins and the rest are acknowledged and do nothing (docs/money.md). The amount must match the
 * order on record, on every repeat too.
 */
export function decidePaid(
  order: OrderRecord,
  paid: { transactionId: string; amountFen: number; paidAt: Date; payees?: AccountId[] },
): PaidDecision {
  if (paid.amountFen !== order.amountFen) throw new DomainError('notification_rejected', undefined, 'amountFen')
  if (!paid.transactionId) throw new DomainError('notification_rejected', undefined, 'transactionId')
  if (order.transactionId !== null) {
    if (order.transactionId === paid.transactionId) return { order, firstTime: false, fulfil: false, refund: null }
    // One out_trade_no is paid at most once by the channel; a second transaction is a forgery or a bug.
    throw new DomainError('id_conflict', undefined, 'transactionId')
  }
  if (order.status !== 'pending' && order.status !== 'closed') throw new DomainError('id_conflict', undefined, 'status')
  const base: OrderRecord = {
    ...order,
    status: 'paid',
    paidAt: paid.paidAt,
    transactionId: paid.transactionId,
    payees: paid.payees ? [...paid.payees] : order.payees,
    updatedAt: paid.paidAt,
  }
  if (order.status === 'pending') {
    return { order: { ...base, fulfilledAt: paid.paidAt }, firstTime: true, fulfil: true, refund: null }
  }
  const refund: OrderRefund = {
    seq: 1,
    refundId: refundNo(order._id, 1),
    amountFen: order.amountFen,
    reason: '订单超时关闭后才到账，已自动退款',
    by: 'system',
    at: paid.paidAt,
    status: 'pending',
    doneAt: null,
  }
  return {
    order: {
      ...base,
      paidAfterClose: true,
      refunds: [refund],
      ...(order.holdSettlement ? { holdSettlement: false } : {}),
    },
    firstTime: true,
    fulfil: false,
    refund,
  }
}

/** Closes an unpaid order past its 30 minutes; null when there is nothing to close. Query the channel first (it may have been paid). */
export function decideClose(order: OrderRecord, now: Date): OrderRecord | null {
  if (order.status !== 'pending' || now.getTime() < order.expiresAt.getTime()) return null
  return { ...order, status: 'closed', closedAt: now, updatedAt: now }
}

/** Fen already promised back: succeeded refunds and those still on their way. */
export function committedRefundFen(order: OrderRecord): number {
  return sumFen(order.refunds.filter((r) => r.status !== 'failed').map((r) => r.amountFen))
}

export function refundableFen(order: OrderRecord): number {
  if (order.status !== 'paid' && order.status !== 'partially_refunded') return 0
  return order.amountFen - committedRefundFen(order)
}

function requestRefund(order: OrderRecord, r: { amountFen: number; reason: string; by: RefundBy; now: Date }) {
  const seq = order.refunds.length + 1
  const refund: OrderRefund = {
    seq,
    refundId: refundNo(order._id, seq),
    amountFen: r.amountFen,
    reason: r.reason,
    by: r.by,
    at: r.now,
    status: 'pending',
    doneAt: null,
  }
  // A refund request ends a paid question's hold (settlementHeld): the flag is cleared with it, so
  // the settlement query, which passes over held orders, finds the order again.
  return {
    order: {
      ...order,
      refunds: [...order.refunds, refund],
      ...(order.holdSettlement ? { holdSettlement: false } : {}),
      updatedAt: r.now,
    },
    refund,
  }
}

/** Until when the buyer may refund this order themselves (the registry's rule); null when they may not. */
export function selfRefundableUntil(
  order: OrderRecord,
  windowHours = DEFAULT_REFUND_WINDOW_HOURS,
  facts: RefundFacts = {},
): Date | null {
  const rule = productRule(order.product.kind).selfRefund
  if (!rule) return null
  return refundOffer(order, {
    now: new Date(0),
    refundsUsedInCircle: 0,
    windowHours,
    facts: { redeemed: false, ...facts },
  }).refundableUntil
}

/**
 * The buyer refunds an order themselves, always in full, when the product registry's offer says
 * so (core/products refundOffer: the kind's rule, its window, an unredeemed gift, the quota of
 * maxRefunds per circle). The refusal is the offer's, so the order view never promises what
 * this refuses.
 */
export function decideSelfRefund(
  order: OrderRecord,
  opts: {
    now: Date
    windowHours?: number
    refundsUsedInCircle: number
    maxRefunds?: number
    reason?: string
    facts?: RefundFacts
  },
): { order: OrderRecord; refund: OrderRefund } {
  const offer = refundOffer(order, {
    now: opts.now,
    windowHours: opts.windowHours,
    refundsUsedInCircle: opts.refundsUsedInCircle,
    maxRefunds: opts.maxRefunds,
    facts: opts.facts,
  })
  if (!offer.canRefund) throw new DomainError(offer.refusal ?? 'order_not_refundable')
  return requestRefund(order, { amountFen: offer.refundableFen, reason: opts.reason ?? '', by: 'self', now: opts.now })
}

/** The owner refunds any paid order, in full (default) or in part, any time. Coverage is the ledger's check. */
export function decideOwnerRefund(
  order: OrderRecord,
  opts: { amountFen?: number; reason?: string; now: Date },
): { order: OrderRecord; refund: OrderRefund } {
  // e.g. a deposit belongs to the challenge's rules: refunded on completion, forfeited otherwise.
  if (!productRule(order.product.kind).ownerRefund) throw new DomainError('order_not_refundable')
  // 拼团: a seat in a group still forming belongs to the group's rule (refunded in full if it fails).
  if (order.group && order.group.state !== 'fulfilled') throw new DomainError('order_not_refundable')
  const open = refundableFen(order)
  if (open <= 0) throw new DomainError('order_not_refundable')
  const amountFen = opts.amountFen ?? open
  if (!Number.isSafeInteger(amountFen) || amountFen < 1 || amountFen > open) {
    throw new DomainError('order_not_refundable', undefined, 'amountFen')
  }
  return requestRefund(order, { amountFen, reason: opts.reason ?? '', by: 'owner', now: opts.now })
}

/**
 * An event ticket cancelled by its buyer before the event's cancellation deadline: the amount is
 * the event's refund percentage of the ticket (core/event.ts decides it and the deadline).
 */
export function decideTicketRefund(
  order: OrderRecord,
  opts: { amountFen: number; reason?: string; now: Date },
): { order: OrderRecord; refund: OrderRefund } {
  if (order.product.kind !== 'ticket' || order.refunds.some((r) => r.status !== 'failed'))
    throw new DomainError('order_not_refundable')
  const open = refundableFen(order)
  if (!Number.isSafeInteger(opts.amountFen) || opts.amountFen < 1 || opts.amountFen > open)
    throw new DomainError('order_not_refundable', undefined, 'amountFen')
  return requestRefund(order, { amountFen: opts.amountFen, reason: opts.reason ?? '', by: 'self', now: opts.now })
}

/**
 * 拼团: a member's order goes back in full, by the system, once: the group failed at its deadline
 * (`failed`), or the payment arrived when the group had no seat left for it (`refused`).
 */
export function decideGroupRefund(
  order: OrderRecord,
  opts: { outcome: 'failed' | 'refused'; reason: string; now: Date },
): { order: OrderRecord; refund: OrderRefund } {
  if (!order.group || order.refunds.some((r) => r.status !== 'failed')) throw new DomainError('order_not_refundable')
  const open = refundableFen(order)
  if (open <= 0) throw new DomainError('order_not_refundable')
  const next = requestRefund(order, { amountFen: open, reason: opts.reason, by: 'system', now: opts.now })
  const state = opts.outcome === 'failed' ? ('refunded' as const) : ('refused' as const)
  return { order: { ...next.order, group: { ...order.group, state } }, refund: next.refund }
}

/** A completed challenge's deposit goes back in full through the original payment, once. */
export function decideDepositRefund(order: OrderRecord, now: Date): { order: OrderRecord; refund: OrderRefund } {
  if (order.product.kind !== 'deposit' || order.refunds.some((r) => r.status !== 'failed'))
    throw new DomainError('order_not_refundable')
  const open = refundableFen(order)
  if (open <= 0) throw new DomainError('order_not_refundable')
  return requestRefund(order, { amountFen: open, reason: '打卡挑战完成，押金原路退回', by: 'system', now })
}

/** The channel confirmed a refund: refunded when nothing is left, else partially_refunded. Repeats do nothing. */
export function decideRefundSucceeded(
  order: OrderRecord,
  seq: number,
  at: Date,
): { order: OrderRecord; firstTime: boolean } {
  const refund = order.refunds.find((r) => r.seq === seq)
  if (!refund) throw new DomainError('not_found', undefined, 'seq')
  if (refund.status === 'succeeded') return { order, firstTime: false }
  // A refund we marked failed (and booked back) cannot succeed later without a human looking.
  if (refund.status === 'failed') throw new DomainError('id_conflict', undefined, 'seq')
  const refundedFen = order.refundedFen + refund.amountFen
  if (refundedFen > order.amountFen) throw new Error(`order ${order._id}: refunds exceed the amount`)
  return {
    order: {
      ...order,
      refundedFen,
      status: refundedFen === order.amountFen ? 'refunded' : 'partially_refunded',
      refunds: order.refunds.map((r) => (r.seq === seq ? { ...r, status: 'succeeded' as const, doneAt: at } : r)),
      updatedAt: at,
    },
    firstTime: true,
  }
}

/**
 * The channel refused a refund for good (e.g. the buyer's account is closed): the order keeps
 * its status and the caller books the refund journal back with `refundFailedJournal`.
 */
export function decideRefundFailed(
  order: OrderRecord,
  seq: number,
  at: Date,
): { order: OrderRecord; firstTime: boolean } {
  const refund = order.refunds.find((r) => r.seq === seq)
  if (!refund) throw new DomainError('not_found', undefined, 'seq')
  if (refund.status === 'failed') return { order, firstTime: false }
  if (refund.status === 'succeeded') throw new DomainError('id_conflict', undefined, 'seq')
  return {
    order: {
      ...order,
      refunds: order.refunds.map((r) => (r.seq === seq ? { ...r, status: 'failed' as const, doneAt: at } : r)),
      updatedAt: at,
    },
    firstTime: true,
  }
}

export function markSettled(order: OrderRecord, at: Date): OrderRecord {
  return order.settled ? order : { ...order, settled: true, updatedAt: at }
}
