/** 付费提问 (core/products/question.ts): starts the answer clock; its refunds are decided by qa's rules. */
import { notificationRecord } from '../../core/notifications'
import { markPaid, receivedNotice } from '../../core/qa'
import { notifications } from '../repos/notifications'
import { questions } from '../repos/questions'
import type { ProductStep } from './types'

export const question: ProductStep = {
  async grant(tx, order, now) {
    const q = await questions.get(order.product.id, tx)
    if (!q) throw new Error(`order ${order._id}: question ${order.product.id} is missing`)
    const paid = markPaid(q, order.paidAt ? new Date(order.paidAt) : now)
    await questions.put(paid, tx)
    // The answerer's in-app notice is a document with an id from its cause: written with the
    // question it announces (a re-run of this body writes the same document), no outside effect.
    await notifications.put(notificationRecord(receivedNotice(paid), now), tx)
    return { granted: true }
  },
  // The question's own state (declined, expired, refunded) is kept by the qa function.
  async revoke() {},
}
