/**
 * Refunds (docs/money.md "Refunds"). The outbox that carries every call to WeChat out after the
 * transaction that decided it is runtime/outbox.ts.
 *
 * A refund is decided in one transaction: the core's decision (window, quota, amount), the
 * reversing journal (refused when money already settled cannot be covered), the product kind's
 * revoke step (runtime/products: exactly what the order granted), the buyer's refund quota, and
 * an outbox record. The channel's refund call runs after commit
 * with the refund's deterministic out_refund_no, so a retry can never refund twice.
 */
import { DomainError } from '../core/errors'
import {
  ecommerceIds,
  journalIds,
  ownerAccount,
  PLATFORM_FEE,
  platformReturnFen,
  REFUNDS,
  sharingReturnJournal,
  subMchidOf,
  sumFen,
  decideRefundFailed,
  decideRefundSucceeded,
  refundFailedJournal,
  refundJournal,
  refundableFen,
  type OrderRecord,
  type OrderRefund,
} from '../core/money'
import type { OutboxRecord } from '../core/money-records'
import type { RefundFacts } from '../core/products'
import { transaction, type Tx } from './db'
import { postJournal } from './ledger'
import { productStep, refundFacts } from './products'
import { accounts, journals, orders, outbox, refundQuotas } from './repos/money'

export type RefundDecision = (
  order: OrderRecord,
  ctx: { now: Date; refundsUsedInCircle: number; reason: string; facts: RefundFacts },
) => { order: OrderRecord; refund: OrderRefund }

/**
 * Posts the journal of a decided refund and queues the channel call. `before` is the order as it
 * was (its earlier refunds), `refund` the one being booked.
 */
export async function bookRefund(tx: Tx, before: OrderRecord, refund: OrderRefund, now: Date): Promise<string> {
  const { payment, refunds } = await journals.ofOrder(before, tx)
  if (!payment) throw new DomainError('order_not_refundable')
  // After settlement each share comes back out of available: the core needs what each payee has.
  const availableFen: Record<string, number> = {}
  if (before.settled) for (const id of before.payees) availableFen[id] = (await accounts.get(id, tx))?.availableFen ?? 0
  // 平台收付通 after 分账: the platform returns its part of the fee first (分账回退), so the owner's
  // sub-merchant can refund; people's shares went to their WeChat balance and the owner covers them.
  const subMchid = subMchidOf(before)
  let sharingReturn: { outOrderNo: string; outReturnNo: string; amountFen: number } | null = null
  if (subMchid && before.settled) {
    const sharing = await journals.get(journalIds.profitSharing(before._id), tx)
    const sharedPlatformFen = sharing?.entries.find((e) => e.account === PLATFORM_FEE)?.amountFen ?? 0
    const priorReturns = await Promise.all(
      before.refunds.map((r) => journals.get(journalIds.sharingReturn(before._id, r.seq), tx)),
    )
    const returnedFen = sumFen(
      priorReturns.map((j) => j?.entries.find((e) => e.account === PLATFORM_FEE)?.amountFen ?? 0).map((x) => -x),
    )
    const refundedBeforeFen = sumFen(refunds.map((j) => j.entries.find((e) => e.account === REFUNDS)?.amountFen ?? 0))
    const back = platformReturnFen({
      sharedPlatformFen,
      returnedFen,
      netBeforeFen: before.amountFen - refundedBeforeFen,
      refundFen: refund.amountFen,
    })
    if (back > 0) {
      await postJournal(
        tx,
        sharingReturnJournal({
          orderId: before._id,
          circleId: before.circleId,
          seq: refund.seq,
          amountFen: back,
          at: now,
        }),
        now,
      )
      const owner = ownerAccount(before.circleId)
      availableFen[owner] = (availableFen[owner] ?? 0) + back
      sharingReturn = {
        outOrderNo: ecommerceIds.sharing(before._id),
        outReturnNo: ecommerceIds.returnOrder(before._id, refund.seq),
        amountFen: back,
      }
    }
  }
  const journal = refundJournal({
    order: before,
    payment,
    refundFen: refund.amountFen,
    seq: refund.seq,
    settled: before.settled,
    at: now,
    priorRefunds: refunds,
    availableFen: before.settled ? availableFen : undefined,
  })
  try {
    // fresh: a refund's seq follows the order's refunds, written in this same transaction, so a
    // refund journal of this seq cannot exist yet (saves its existence read)
    await postJournal(tx, journal, now, {}, { fresh: refund.seq === before.refunds.length + 1 })
  } catch (e) {
    if (e instanceof DomainError && e.code === 'insufficient_balance') throw new DomainError('refund_not_covered')
    throw e
  }
  const effect: OutboxRecord = {
    _id: `refund:${before._id}:${refund.seq}`,
    kind: 'refund',
    payload: {
      orderId: before._id,
      seq: refund.seq,
      refundId: refund.refundId,
      amountFen: refund.amountFen,
      totalFen: before.amountFen,
      reason: refund.reason || '退款',
      channel: before.channel,
      subMchid,
      sharingReturn,
    },
    state: 'pending',
    attempts: 0,
    dueAt: now,
    lastError: null,
    createdAt: now,
  }
  await outbox.put(effect, tx)
  return effect._id
}

export async function startRefund(
  orderId: string,
  args: { by: 'self' | 'owner'; reason: string; now: Date; decide: RefundDecision },
): Promise<{ order: OrderRecord; outboxIds: string[] }> {
  const { now } = args
  return transaction(async (tx) => {
    const order = await orders.get(orderId, tx)
    if (!order) throw new DomainError('order_not_found', undefined, 'orderId')
    const quota = args.by === 'self' ? await refundQuotas.get(order.circleId, order.buyer, tx) : null
    const facts = await refundFacts(order, tx)
    const { order: next, refund } = args.decide(order, {
      now,
      refundsUsedInCircle: quota?.used ?? 0,
      reason: args.reason,
      facts,
    })
    const effect = await bookRefund(tx, order, refund, now)
    // Exactly what the order granted goes (the days of a term, a course's access, a gift code, a ticket).
    await productStep(order.product.kind).revoke(tx, {
      before: order,
      after: next,
      full: refundableFen(next) === 0,
      now,
    })
    await orders.put(next, tx)
    if (args.by === 'self')
      await refundQuotas.put({ _id: `${order.circleId}:${order.buyer}`, used: (quota?.used ?? 0) + 1 }, tx)
    return { order: next, outboxIds: [effect] }
  })
}

export const seqOfRefundId = (refundId: string) => Number(refundId.slice(refundId.lastIndexOf('R') + 1))

/**
 * Records what the channel said of a refund (its notification or a query): succeeded, or refused
 * for good — then the reversed money is booked back, so nothing is lost.
 */
export async function markRefund(
  orderId: string,
  seq: number,
  status: 'succeeded' | 'failed',
  now: Date,
): Promise<void> {
  // A success moves no money (the refund journal was posted when the refund was booked): the
  // order's refund is marked by a compare-and-set, a read and a write instead of a transaction's
  // four calls; a write in between makes it read and decide again.
  if (status === 'succeeded') {
    for (let attempt = 0; attempt < 5; attempt++) {
      const order = await orders.get(orderId)
      if (!order) return
      const { order: next, firstTime } = decideRefundSucceeded(order, seq, now)
      if (!firstTime) return
      const { refundedFen, status: orderStatus, refunds, updatedAt } = next
      if (await orders.updateIfUnchanged(order, { refundedFen, status: orderStatus, refunds, updatedAt })) return
    }
    throw new DomainError('conflict')
  }
  // A failure books the money back: a transaction, with the order.
  await transaction(async (tx) => {
    const order = await orders.get(orderId, tx)
    if (!order) return
    const { order: next, firstTime } = decideRefundFailed(order, seq, now)
    if (!firstTime) return
    const refund = await journals.get(`${order._id}:refund:${seq}`, tx)
    if (refund) await postJournal(tx, refundFailedJournal({ refund, settled: order.settled, at: now }), now)
    await orders.put(next, tx)
  })
}
