/** 付费提问: refunded by its own rules (declined or unanswered in time), by the system; product id = the question. */
import type { ProductRule } from './types'

export const question: ProductRule = {
  kind: 'question',
  label: '付费提问',
  selfRefund: null,
  noSelfRefund: '付费提问被拒绝或超时未回答时，自动全额原路退回',
  ownerRefund: true,
  grants: 'question',
  income: 'until_answered',
  refundConsequence: '退款后这个问题将不再等待回答。',
  destination: (product) => ({ kind: 'question', questionId: product.id }),
  rebuy: () => null,
}
