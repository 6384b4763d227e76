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
import { payments } from './payments'
import { productStep, refundFacts } from './products'
import { accounts, journals, orders, outbox, refundQuotas } from './repos/money'
import { orderJournals } from './settlement'
import { startTransfer } from './withdrawals'

export type RefundDecision = (
  order: OrderRecord,
  ctx: { now: Date; refundsUsedInCircle: number; reason: string; facts: RefundFacts },
) => { order: OrderRecord; refund: OrderRefund }

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
export async function dispatchOutbox(
  now: Date,
  opts: { only?: string[]; limit?: number } = {},
): Promise<{ done: number; failed: number }> {
  // the effects named: one read for all of them (a sweep's page names 50)
  const due = opts.only
    ? (await outboxRecords(opts.only)).filter((r) => r.state === 'pending')
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
      console.error(
        JSON.stringify({ level: 'error', effect: effect._id, attempts, error: String((e as Error)?.message ?? e) }),
      )
      await outbox.update(effect._id, {
        attempts,
        lastError: String((e as Error)?.message ?? e).slice(0, 300),
        dueAt: new Date(now.getTime() + BACKOFF_MS[Math.min(attempts, BACKOFF_MS.length - 1)]),
      })
    }
  }
  return { done, failed }
}

async function outboxRecords(ids: string[]): Promise<OutboxRecord[]> {
  const out: OutboxRecord[] = []
  for (let i = 0; i < ids.length; i += 1000) out.push(...(await outbox.getMany(ids.slice(i, i + 1000))))
  return out
}

async function perform(effect: OutboxRecord, now: Date): Promise<void> {
  if (effect.kind === 'refund') {
    const p = effect.payload as {
      orderId: string
      seq: number
      refundId: string
      amountFen: number
      totalFen: number
      reason: string
      channel: OrderRecord['channel']
      subMchid?: string | null
      sharingReturn?: { outOrderNo: string; outReturnNo: string; amountFen: number } | null
    }
    if (p.subMchid && p.sharingReturn) {
      // 分账回退 first (idempotent by out_return_no): the sub-merchant needs the fee back to refund.
      const wx = payments().wxpay()
      const back = await wx.ecommerceReturn({
        subMchid: p.subMchid,
        outOrderNo: p.sharingReturn.outOrderNo,
        outReturnNo: p.sharingReturn.outReturnNo,
        returnMchid: wx.spMchid,
        amountFen: p.sharingReturn.amountFen,
        description: '退款前回退平台服务费',
      })
      if (back.result === 'FAILED')
        throw new Error(`分账回退 ${p.sharingReturn.outReturnNo} failed: ${back.failReason ?? ''}`)
    }
    // virtual payment names an order by (buyer, order id)
    const payerOpenid = p.channel === 'virtual' ? (await orders.get(p.orderId))?.buyer : undefined
    const result = await payments().byName(p.channel).refund({
      orderId: p.orderId,
      refundId: p.refundId,
      amountFen: p.amountFen,
      totalFen: p.totalFen,
      reason: p.reason,
      subMchid: p.subMchid,
      payerOpenid,
    })
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
    const p = effect.payload as {
      transactionId: string
      outOrderNo: string
      receivers: { openid: string; amountFen: number }[]
    }
    const wx = payments().wxpay()
    if (p.receivers.length === 0) {
      await wx.unfreezeRemaining({
        transactionId: p.transactionId,
        outOrderNo: p.outOrderNo,
        description: '解冻剩余资金',
      })
      return
    }
    // A receiver must be added before it is paid; adding one twice is harmless at WeChat.
    for (const r of p.receivers)
      await wx.addProfitSharingReceiver({ type: 'PERSONAL_OPENID', account: r.openid, relationType: 'PARTNER' })
    await wx.requestProfitSharing({
      transactionId: p.transactionId,
      outOrderNo: p.outOrderNo,
      receivers: p.receivers.map((r) => ({
        type: 'PERSONAL_OPENID',
        account: r.openid,
        amountFen: r.amountFen,
        description: '圈子分成',
      })),
      unfreezeUnsplit: true,
    })
    return
  }
  if (effect.kind === 'ecommerce_sharing') {
    const p = effect.payload as {
      subMchid: string
      transactionId: string
      outOrderNo: string
      finishOutOrderNo: string
      receivers: { type: 'MERCHANT_ID' | 'PERSONAL_OPENID'; account: string; amountFen: number }[]
    }
    const wx = payments().wxpay()
    // The platform's fee goes to its own merchant number (sp_mchid); people must be added as receivers first.
    const receivers = p.receivers.map((r) => ({
      type: r.type,
      account: r.type === 'MERCHANT_ID' ? wx.spMchid : r.account,
      amountFen: r.amountFen,
      description: r.type === 'MERCHANT_ID' ? '平台服务费' : '圈子分成',
    }))
    for (const r of receivers)
      if (r.type === 'PERSONAL_OPENID')
        await wx.addReceiver({ type: 'PERSONAL_OPENID', account: r.account, relationType: 'PARTNER' })
    if (receivers.length > 0)
      await wx.ecommerceSharing({
        subMchid: p.subMchid,
        transactionId: p.transactionId,
        outOrderNo: p.outOrderNo,
        receivers,
        finish: false,
      })
    // 完结分账: what is left of the order is released to the owner's available balance.
    await wx.ecommerceFinish({
      subMchid: p.subMchid,
      transactionId: p.transactionId,
      outOrderNo: p.finishOutOrderNo,
      description: '分账完结',
    })
    return
  }
  throw new Error(`unknown effect ${effect.kind}`)
}
