/** 偷看回答 (core/products/peek.ts): unlocks the answer; a refund by the team leaves it unlocked. */
import { platformQaEarnings, splitQa, subMchidOf } from '../../core/money'
import { peekId, type PeekRecord } from '../../core/qa'
import { peeks, questions } from '../repos/questions'
import type { ProductStep } from './types'

export const peek: ProductStep = {
  /** Unlocks the answer for its buyer and counts what the question earned, in the payment's transaction. */
  async grant(tx, order, now) {
    const questionId = order.product.id
    if (!(await questions.get(questionId, tx))) throw new Error(`order ${order._id}: question ${questionId} is missing`)
    // 平台收付通: what 分账 actually sends (and the owner's rest), not the 直连 split.
    const shares = subMchidOf(order) ? platformQaEarnings(order) : splitQa(order, order.splitRules)
    const part = (account: string | null | undefined) =>
      shares.filter((s) => s.account === account).reduce((t, s) => t + s.amountFen, 0)
    const record: PeekRecord = {
      _id: peekId(questionId, order.buyer),
      questionId,
      circleId: order.circleId,
      openid: order.buyer,
      orderId: order._id,
      amountFen: order.amountFen,
      createdAt: now,
    }
    await peeks.put(record, tx)
    await questions.countPeek(
      questionId,
      { askerFen: part(order.qa?.asker), answererFen: part(order.qa?.answerer) },
      now,
      tx,
    )
    return { granted: true }
  },
  async revoke() {},
}
