/** 付费提问 (core/products/question.ts): starts the answer clock; its refunds are decided by qa's rules. */
import { fulfilQa } from '../repos/questions'
import type { ProductStep } from './types'

export const question: ProductStep = {
  async grant(tx, order, now) {
    return { granted: await fulfilQa(tx, order, now) }
  },
  // The question's own state (declined, expired, refunded) is kept by the qa function.
  async revoke() {},
}
