/** 挑战押金 (core/products/deposit.ts): enrols the buyer; the challenge's rules decide its refund. */
import { enrolPaidDeposit } from '../repos/challenges'
import type { ProductStep } from './types'

export const deposit: ProductStep = {
  async grant(tx, order, now) {
    return { granted: await enrolPaidDeposit(tx, order, now) }
  },
  // Refunded in full when the challenge is completed: the participation stays as it is (completed).
  async revoke() {},
}
