/** 年卡 · 赠送: a gift code a friend redeems; refundable only while nobody has redeemed it. */
import { DEFAULT_REFUND_WINDOW_HOURS } from '../money/ledger'
import type { ProductRule } from './types'

export const passGift: ProductRule = {
  kind: 'pass_gift',
  label: '年卡 · 赠送',
  selfRefund: { windowHours: DEFAULT_REFUND_WINDOW_HOURS, unlessRedeemed: true },
  noSelfRefund: null,
  ownerRefund: true,
  grants: 'gift_code',
  income: 'window',
  refundConsequence: '退款后礼品码立即失效。',
  destination: (_product, circleId) => ({ kind: 'circle', circleId }),
  rebuy: () => ({ kind: 'pass', gift: true }),
}
