/**
 * Fulfilment happens exactly once, in the same transaction that marks the order paid, whichever
 * arrives first: the channel's notification, the buyer's "I paid" check, or reconciliation
 * (docs/money.md "Orders"). The order document is in every such transaction, so two of them conflict
 * and one re-runs, finds the order paid, and does nothing.
 *
 * What is granted is the product kind's step (runtime/products); what it granted is recorded on
 * the order (`grant`) so a refund takes back exactly that.
 */
import { DomainError } from '../core/errors'
import {
  decideDepositRefund,
  decidePaid,
  depositPaymentJournal,
  platformDepositPaymentJournal,
  isWalletAccount,
  paymentJournal,
  platformPaymentShares,
  splitOrder,
  splitQa,
  subMchidOf,
  type OrderRecord,
} from '../core/money'
import { productRule } from '../core/products'
import { transaction } from './db'
import { postJournal } from './ledger'
import { productStep } from './products'
import { bookRefund } from './refunds'
import { dispatchOutbox } from './outbox'
import { advanceGroup, takeGroupSeat } from './groups'
import { orders } from './repos/money'

export { grantMembership } from './products/membership'
export { giftCodeOf } from './products'

export interface Payment {
  transactionId: string
  amountFen: number
  paidAt: Date
}

/** Marks an order paid and fulfils it, once. Returns the order as it stands after. */
export async function fulfilPaid(orderId: string, payment: Payment, now: Date): Promise<OrderRecord> {
  const outboxIds: string[] = []
  let groupToAdvance = null as string | null
  const done = await transaction(async (tx) => {
    outboxIds.length = 0
    groupToAdvance = null
    const order = await orders.get(orderId, tx)
    if (!order) throw new DomainError('order_not_found')
    // 平台收付通: the money sits in the owner's sub-merchant (less WeChat's fee) until 分账 (settlement.ts).
    // Paid Q&A earns the question's people, not the circle's split rules (docs/qa.md).
    const shares = subMchidOf(order)
      ? platformPaymentShares(order)
      : order.qa
        ? splitQa(order, order.splitRules)
        : splitOrder(
            {
              amountFen: order.amountFen,
              circleId: order.circleId,
              buyer: order.buyer,
              referrer: order.referrer,
              channel: order.channel,
            },
            order.splitRules,
          )
    // A challenge deposit is held for the member, not income: no shares until it is forfeited.
    const deposit = productRule(order.product.kind).income === 'deposit'
    const payees = deposit ? [] : [...new Set(shares.map((s) => s.account).filter(isWalletAccount))]
    const decision = decidePaid(order, { ...payment, payees })
    if (!decision.firstTime) return decision.order
    // fresh: the order was unpaid in this transaction, so its payment journal cannot exist yet
    await postJournal(
      tx,
      deposit
        ? subMchidOf(order)
          ? platformDepositPaymentJournal(decision.order, payment.paidAt)
          : depositPaymentJournal(decision.order, payment.paidAt)
        : paymentJournal(decision.order, shares, payment.paidAt),
      now,
      {},
      { fresh: true },
    )
    let saved = decision.order
    if (decision.fulfil && order.group) {
      // 拼团: a seat on the group, granted when the group completes; no seat left → refunded in full.
      const seat = await takeGroupSeat(tx, saved, now)
      saved = seat.order
      if (seat.refundOutbox) outboxIds.push(seat.refundOutbox)
      if (seat.outcome.kind === 'completed') groupToAdvance = order.group.groupId
    } else if (decision.fulfil) {
      const outcome = await productStep(order.product.kind).grant(tx, order, now)
      if (outcome.record) saved = { ...saved, grant: outcome.record }
      if (!outcome.granted) {
        // Nothing to grant (a second deposit for a challenge already joined): it goes back in full.
        const again = decideDepositRefund(saved, now)
        outboxIds.push(await bookRefund(tx, saved, again.refund, now))
        saved = again.order
      }
    }
    // Paid after the order closed: booked, not fulfilled, refunded in full (core/money/orders.ts).
    if (decision.refund) outboxIds.push(await bookRefund(tx, decision.order, decision.refund, now))
    await orders.put(saved, tx)
    return saved
  })
  if (outboxIds.length) await dispatchOutbox(now, { only: outboxIds })
  // The last seat: every member is granted now (the group timer finishes it should this stop halfway).
  if (groupToAdvance) {
    await advanceGroup(groupToAdvance, now)
    return (await orders.get(orderId)) ?? done
  }
  return done
}
