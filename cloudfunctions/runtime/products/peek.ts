/** 偷看回答 (core/products/peek.ts): unlocks the answer; a refund by the team leaves it unlocked. */
import { fulfilQa } from '../repos/questions'
import type { ProductStep } from './types'

export const peek: ProductStep = {
  async grant(tx, order, now) {
    return { granted: await fulfilQa(tx, order, now) }
  },
  async revoke() {},
}
