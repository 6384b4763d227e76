/** 入圈: a membership term, bought for oneself. */
import { DEFAULT_REFUND_WINDOW_HOURS } from '../money/ledger'
import type { ProductRule } from './types'

export const entry: ProductRule = {
  kind: 'entry',
  label: '入圈',
  selfRefund: { windowHours: DEFAULT_REFUND_WINDOW_HOURS },
  noSelfRefund: null,
  ownerRefund: true,
  grants: 'membership',
  income: 'window',
  refundConsequence: '退款后这笔订单带来的会员时长立即收回；没有其他有效期时，会员资格随即结束。',
  destination: (_product, circleId) => ({ kind: 'circle', circleId }),
  rebuy: () => ({ kind: 'entry' }),
}
