import type { OrderStatus, ProductKind } from '@core/contract'
import type { OrderStage } from './store'
import { PRODUCT_KINDS, productRule } from '@core/products'

export const ORDER_STATUS_TEXT: Record<OrderStatus, string> = {
  pending: '待支付',
  paid: '已支付',
  refunded: '已退款',
  partially_refunded: '部分退款',
  closed: '已关闭',
}

/** An order as its buyer sees it: a refund that awaits the channel reads 退款中. */
export const ORDER_STAGE_TEXT: Record<OrderStage, string> = { ...ORDER_STATUS_TEXT, refunding: '退款中' }

/** How orders call each kind (the product registry's label). */
export const PRODUCT_KIND_TEXT = Object.fromEntries(PRODUCT_KINDS.map((k) => [k, productRule(k).label])) as Record<
  ProductKind,
  string
>

/** What ends when the buyer refunds, said before they confirm (the product registry's sentence). */
export function refundConsequence(kind: ProductKind): string {
  return productRule(kind).refundConsequence
}
