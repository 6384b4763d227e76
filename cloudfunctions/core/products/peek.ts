/** 偷看回答: unlocks an answer at once, so there is nothing to give back; product id = the question. */
import type { ProductRule } from './types'

export const peek: ProductRule = {
  kind: 'peek',
  label: '偷看回答',
  selfRefund: null,
  noSelfRefund: '回答付款后即已解锁，不支持自助退款',
  ownerRefund: true,
  grants: 'peek',
  income: 'window',
  refundConsequence: '退款后回答仍保持解锁。',
  destination: (product) => ({ kind: 'question', questionId: product.id }),
  rebuy: () => null,
}
