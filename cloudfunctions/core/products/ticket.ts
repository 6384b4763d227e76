/** 活动门票: cancelled (and refunded by the event's rules) from the event; product id = `${eventId}:${openid}`. */
import type { ProductRule } from './types'

export const ticket: ProductRule = {
  kind: 'ticket',
  label: '活动门票',
  selfRefund: null,
  noSelfRefund: '活动门票请在活动页取消报名，按活动的退款规则退款',
  ownerRefund: true,
  grants: 'ticket',
  income: 'window',
  refundConsequence: '全额退款后门票作废，名额释放。',
  destination: (product) => ({ kind: 'ticket', eventId: product.id.slice(0, product.id.indexOf(':')) }),
  rebuy: () => null,
}
