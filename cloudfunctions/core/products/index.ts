/**
 * The product registry (docs/money.md "Products"): one rule per product kind, and the one
 * refund-offer rule that the order view, the refund action and the app all read. Adding a kind is
 * one file here (its ProductRule) and one in runtime/products (its grant and revoke steps).
 *
 * Pure: the app may import it (no zod, no runtime).
 */
import type { ErrorCode } from '../errors'
import type { OrderStatus, ProductKind } from '../vocabulary'
import type { OrderGroup } from '../group'
import { maturesAt } from '../money/ledger'
import { course } from './course'
import { deposit } from './deposit'
import { entry } from './entry'
import { pass } from './pass'
import { passGift } from './passGift'
import { peek } from './peek'
import { question } from './question'
import { ticket } from './ticket'
import { MAX_SELF_REFUNDS, type ProductRule } from './types'

export * from './types'
export { grantedMs, revokeTerm, termGrant } from './membership'

export const PRODUCTS: Readonly<Record<ProductKind, ProductRule>> = {
  entry,
  pass,
  pass_gift: passGift,
  course,
  question,
  peek,
  ticket,
  deposit,
}

export const PRODUCT_KINDS = Object.keys(PRODUCTS) as ProductKind[]

export function productRule(kind: ProductKind): ProductRule {
  const rule = PRODUCTS[kind]
  if (!rule) throw new Error(`unknown product kind ${kind}`)
  return rule
}

/** Facts about an order that live outside it and the offer depends on (read by the runtime). */
export interface RefundFacts {
  /** A gift pass: its code was redeemed. Unknown (undefined) counts as redeemed. */
  redeemed?: boolean
}

/** What the buyer may refund themselves now; the view shows it and the refund action enforces it. */
export interface RefundOffer {
  canRefund: boolean
  /** Until when (the end of the window), while canRefund. */
  refundableUntil: Date | null
  /** How much would go back, while canRefund (always the whole open amount). */
  refundableFen: number
  /** Why not, as the refund action would answer; null while canRefund. */
  refusal: ErrorCode | null
  /** A sentence for the buyer when the order page offers no refund and something else applies. */
  note: string | null
}

/** What the refund rules read of an order (core/money/orders.ts OrderRecord, which imports this registry). */
interface OfferOrder {
  product: { kind: ProductKind }
  status: OrderStatus
  paidAt: Date | null
  amountFen: number
  refunds: { amountFen: number; status: 'pending' | 'succeeded' | 'failed' }[]
  /** 拼团: the order's seat (core/group.ts); absent: not a group order. */
  group?: Pick<OrderGroup, 'state'> | null
}

/** 拼团: what the order page says while a group order is not granted yet (it is not refundable by hand then). */
export const GROUP_WAITING_NOTE = '拼团进行中：成团后开通；到时未成团将自动全额原路退回'

/**
 * The one self-refund rule: the kind's rule (registry), a paid order with no refund under way,
 * a gift still unredeemed, within the kind's window after payment, within the buyer's quota in
 * this circle. In full.
 */
export function refundOffer(
  order: OfferOrder,
  ctx: { now: Date; refundsUsedInCircle: number; maxRefunds?: number; facts?: RefundFacts; windowHours?: number },
): RefundOffer {
  const rule = productRule(order.product.kind)
  const no = (refusal: ErrorCode, note: string | null = null): RefundOffer => ({
    canRefund: false,
    refundableUntil: null,
    refundableFen: 0,
    refusal,
    note,
  })
  if (!rule.selfRefund) return no('order_not_refundable', order.status === 'paid' ? rule.noSelfRefund : null)
  // 拼团: until the group completes the seat follows the group's rule (a failed group refunds it in full).
  if (order.group && order.group.state !== 'fulfilled')
    return no('order_not_refundable', order.status === 'paid' ? GROUP_WAITING_NOTE : null)
  if (order.status !== 'paid' || !order.paidAt) return no('order_not_refundable')
  if (order.refunds.some((r) => r.status !== 'failed')) return no('order_not_refundable')
  if (rule.selfRefund.unlessRedeemed && ctx.facts?.redeemed !== false)
    return no('order_not_refundable', '礼品码已被领取，不能退款')
  const until = maturesAt(new Date(order.paidAt), ctx.windowHours ?? rule.selfRefund.windowHours)
  if (ctx.now.getTime() >= until.getTime()) return no('refund_window_passed')
  if (ctx.refundsUsedInCircle >= (ctx.maxRefunds ?? MAX_SELF_REFUNDS))
    return no('refund_limit_reached', '你在这个圈子的自助退款次数已用完')
  return { canRefund: true, refundableUntil: until, refundableFen: order.amountFen, refusal: null, note: null }
}

/**
 * What the team may refund now (`shop.ownerRefund`, in full or in part): the open amount of a paid
 * order whose kind allows it, 0 otherwise (a deposit; a gift whose code was redeemed; nothing left).
 */
export function ownerRefundableFen(order: OfferOrder, facts: RefundFacts = {}): number {
  const rule = productRule(order.product.kind)
  if (!rule.ownerRefund || (order.status !== 'paid' && order.status !== 'partially_refunded')) return 0
  if (order.group && order.group.state !== 'fulfilled') return 0
  if (rule.grants === 'gift_code' && facts.redeemed !== false) return 0
  const committed = order.refunds.filter((r) => r.status !== 'failed').reduce((sum, r) => sum + r.amountFen, 0)
  return Math.max(0, order.amountFen - committed)
}
