/**
 * Refunds (docs/money.md "Refunds") and the outbox that carries every call to WeChat
 * out after the transaction that decided it (docs/architecture.md, house style 5).
 *
 * A refund is decided in one transaction: the core's decision (window, quota, amount), the
 * reversing journal (refused when money already settled cannot be covered), the product kind's
 * revoke step (runtime/products: exactly what the order granted), the buyer's refund quota, and
 * an outbox record. The channel's refund call runs after commit
 * with the refund's deterministic out_refund_no, so a retry can never refund twice.
 */
import { DomainError } from '../core/errors'
import {
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
import { payments } from './payments'
import { productStep, refundFacts } from './products'
import { accounts, journals, orders, outbox, refundQuotas } from './repos/money'
import { orderJournals } from './settlement'
import { startTransfer } from './withdrawals'

export type RefundDecision = (order: OrderRecord, ctx: { now: Date; refundsUsedInCircle: number; reason: string; facts: RefundFacts }) => { order: OrderRecord; refund: OrderRefund }

/**
 * Posts the journal of a decided refund and queues the channel call. `before` is the order as it
 * was (its earlier refunds), `refund` the one being booked.
 */
export async function bookRefund(tx: Tx, before: OrderRecord, refund: OrderRefund, now: Date): Promise<string> {
  const { payment, refunds } = await orderJournals(before, tx)
  if (!payment) throw new DomainError('order_not_refundable')
  // After settlement each share comes back out of available: the core needs what each payee has.
  const availableFen: Record<string, number> = {}
  if (before.settled) for (const id of before.payees) availableFen[id] = (await accounts.get(id, tx))?.availableFen ?? 0
  const journal = refundJournal({ order: before, payment, refundFen: refund.amountFen, seq: refund.seq, settled: before.settled, at: now, priorRefunds: refunds, availableFen: before.settled ? availableFen : undefined })
  try {
    await postJournal(tx, journal, now)
  } catch (e) {
    if (e instanceof DomainError && e.code === 'insufficient_balance') throw new DomainError('refund_not_covered')
    throw e
  }
  const effect: OutboxRecord = {
    _id: `refund:${before._id}:${refund.seq}`,
    kind: 'refund',
    payload: { orderId: before._id, seq: refund.seq, refundId: refund.refundId, amountFen: refund.amountFen, totalFen: before.amountFen, reason: refund.reason || '退款', channel: before.channel },
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
    const { order: next, refund } = args.decide(order, { now, refundsUsedInCircle: quota?.used ?? 0, reason: args.reason, facts })
    const effect = await bookRefund(tx, order, refund, now)
    // Exactly what the order granted goes (the days of a term, a course's access, a gift code, a ticket).
    await productStep(order.product.kind).revoke(tx, { before: order, after: next, full: refundableFen(next) === 0, now })
    await orders.put(next, tx)
    if (args.by === 'self') await refundQuotas.put({ _id: `${order.circleId}:${order.buyer}`, used: (quota?.used ?? 0) + 1 }, tx)
    return { order: next, outboxIds: [effect] }
  })
}

export const seqOfRefundId = (refundId: string) => Number(refundId.slice(refundId.lastIndexOf('R') + 1))

/**
 * Records what the channel said of a refund (its notification or a query): succeeded, or refused
 * for good — then the reversed money is booked back, so nothing is lost.
 */
export async function markRefund(orderId: string, seq: number, status: 'succeeded' | 'failed', now: Date): Promise<void> {
  await transaction(async (tx) => {
    const order = await orders.get(orderId, tx)
    if (!order) return
    if (status === 'succeeded') {
      const { order: next, firstTime } = decideRefundSucceeded(order, seq, now)
      if (firstTime) await orders.put(next, tx)
      return
    }
    const { order: next, firstTime } = decideRefundFailed(order, seq, now)
    if (!firstTime) return
    const refund = await journals.get(`${order._id}:refund:${seq}`, tx)
    if (refund) await postJournal(tx, refundFailedJournal({ refund, settled: order.settled, at: now }), now)
    await orders.put(next, tx)
  })
}

const BACKOFF_MS = [0, 60_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000, 12 * 3600_000]

/** Performs due effects (or the given ones now). Each is idempotent by its own id at WeChat. */
export async function dispatchOutbox(now: Date, opts: { only?: string[]; limit?: number } = {}): Promise<{ done: number; failed: number }> {
  const due = opts.only
    ? (await Promise.all(opts.only.map((id) => outbox.get(id)))).filter((r): r is OutboxRecord => !!r && r.state === 'pending')
    : await outbox.due(now, opts.limit ?? 50)
  let done = 0
  let failed = 0
  for (const effect of due) {
    try {
      await perform(effect, now)
      await outbox.update(effect._id, { state: 'done', attempts: effect.attempts + 1, lastError: null })
      done += 1
    } catch (e) {
      failed += 1
      const attempts = effect.attempts + 1
      console.error(JSON.stringify({ level: 'error', effect: effect._id, attempts, error: String((e as Error)?.message ?? e) }))
      await outbox.update(effect._id, {
        attempts,
        lastError: String((e as Error)?.message ?? e).slice(0, 300),
        dueAt: new Date(now.getTime() + BACKOFF_MS[Math.min(attempts, BACKOFF_MS.length - 1)]),
      })
    }
  }
  return { done, failed }
}

async function perform(effect: OutboxRecord, now: Date): Promise<void> {
  if (effect.kind === 'refund') {
    const p = effect.payload as { orderId: string; seq: number; refundId: string; amountFen: number; totalFen: number; reason: string; channel: OrderRecord['channel'] }
    const result = await payments().byName(p.channel).refund({ orderId: p.orderId, refundId: p.refundId, amountFen: p.amountFen, totalFen: p.totalFen, reason: p.reason })
    if (result.status === 'SUCCESS') await markRefund(p.orderId, p.seq, 'succeeded', now)
    else if (result.status === 'CLOSED') await markRefund(p.orderId, p.seq, 'failed', now)
    // PROCESSING: the REFUND.* notification (or a query) finishes it. ABNORMAL: an operator must act; reconciliation reports it.
    return
  }
  if (effect.kind === 'transfer') {
    await startTransfer(String(effect.payload.withdrawalId), now)
    return
  }
  if (effect.kind === 'sharing') {
    const p = effect.payload as { transactionId: string; outOrderNo: string; receivers: { openid: string; amountFen: number }[] }
    const wx = payments().wxpay()
    if (p.receivers.length === 0) {
      await wx.unfreezeRemaining({ transactionId: p.transactionId, outOrderNo: p.outOrderNo, description: '解冻剩余资金' })
      return
    }
    // A receiver must be added before it is paid; adding one twice is harmless at WeChat.
    for (const r of p.receivers) await wx.addProfitSharingReceiver({ type: 'PERSONAL_OPENID', account: r.openid, relationType: 'PARTNER' })
    await wx.requestProfitSharing({
      transactionId: p.transactionId,
      outOrderNo: p.outOrderNo,
      receivers: p.receivers.map((r) => ({ type: 'PERSONAL_OPENID', account: r.openid, amountFen: r.amountFen, description: '圈子分成' })),
      unfreezeUnsplit: true,
    })
    return
  }
  throw new Error(`unknown effect ${effect.kind}`)
}
