/** 年卡 for oneself: a membership term (its days added to the current one). */
import { DEFAULT_REFUND_WINDOW_HOURS } from '../money/ledger'
import type { ProductRule } from './types'

export const pass: ProductRule = {
  kind: 'pass',
  label: '年卡',
  selfRefund: { windowHours: DEFAULT_REFUND_WINDOW_HOURS },
  noSelfRefund: null,
  ownerRefund: true,
  grants: 'membership',
  income: 'window',
  refundConsequence: '退款后年卡增加的会员天数立即收回；没有其他有效期时，会员资格随即结束。',
  destination: (_product, circleId) => ({ kind: 'circle', circleId }),
  rebuy: () => ({ kind: 'pass', gift: false }),
}
