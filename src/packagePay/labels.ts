import type { OrderStatus, ProductKind } from '@core/contract'
import type { OrderStage } from '@/store/shop'

export const ORDER_STATUS_TEXT: Record<OrderStatus, string> = {
  pending: '待支付',
  paid: '已支付',
  refunded: '已退款',
  partially_refunded: '部分退款',
  closed: '已关闭',
}

/** An order as its buyer sees it: a refund that awaits the channel reads 退款中. */
export const ORDER_STAGE_TEXT: Record<OrderStage, string> = { ...ORDER_STATUS_TEXT, refunding: '退款中' }

export const PRODUCT_KIND_TEXT: Record<ProductKind, string> = {
  entry: '入圈',
  pass: '年卡',
  pass_gift: '年卡 · 赠送',
  course: '课程',
  question: '付费提问',
  peek: '偷看回答',
  deposit: '挑战押金',
  ticket: '活动门票',
}

/** What ends when the buyer refunds, said before they confirm (product.md §2: at once). */
export function refundConsequence(kind: ProductKind): string {
  if (kind === 'course') return '退款后课程将立即无法继续学习。'
  if (kind === 'pass_gift') return '退款后礼品码立即失效。'
  return '退款后你在这个圈子的会员资格立即结束，无法继续查看内容。'
}
