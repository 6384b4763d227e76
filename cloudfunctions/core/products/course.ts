/** 课程: lifetime access to a course; refundable within the window, and the access ends with it. */
import { DEFAULT_REFUND_WINDOW_HOURS } from '../money/ledger'
import type { ProductRule } from './types'

export const course: ProductRule = {
  kind: 'course',
  label: '课程',
  selfRefund: { windowHours: DEFAULT_REFUND_WINDOW_HOURS },
  noSelfRefund: null,
  ownerRefund: true,
  grants: 'course',
  income: 'window',
  refundConsequence: '退款后课程将立即无法继续学习。',
  destination: (product) => ({ kind: 'course', courseId: product.id }),
  rebuy: (product) => ({ kind: 'course', courseId: product.id }),
}
