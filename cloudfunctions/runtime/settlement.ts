/**
 * Income matures after the refund window: a timer settles matured orders in pages, and reading
 * a wallet settles that wallet's matured orders first ("maturing on read"), so a balance never
 * waits for the timer.
 */
import {
  DEFAULT_REFUND_WINDOW_HOURS,
  assertWithinCap,
  ecommerceIds,
  isWalletAccount,
  markSettled,
  maturesAt,
  platformSharing,
  platformSharingJournals,
  productMemo,
  settlementHeld,
  profitSharingJournal,
  settlementJournal,
  subMchidOf,
  sumFen,
  usesProfitSharing,
  type Journal,
  type OrderRecord,
} from '../core/money'
import type { OutboxRecord } from '../core/money-records'
import { transaction, type Tx } from './db'
import { postJournal } from './ledger'
import { dispatchOutbox } from './outbox'
import { journals, orders, outbox } from './repos/money'

/** Income is held for the refund window (core/money/ledger.ts, the product registry's window): one number. */
export const REFUND_WINDOW_MS = DEFAULT_REFUND_WINDOW_HOURS * 3600 * 1000

/**
 * Settles one matured order. Where its shares travel by 分账, the same transaction books the
 * receivers' shares as paid out and queues the 分账 request (deterministic out_order_no
 * `<orderId>P`, retried by the outbox timer); with nobody to pay, the frozen money is unfrozen.
 * Returns the outbox records to perform after commit.
 */
export async function settleOrder(orderId: string, now: Date): Promise<string[] | null> {
  return transaction(async (tx) => {
    const order = await orders.get(orderId, tx)
    if (!order || order.settled || !order.paidAt) return null
    if (maturesAt(new Date(order.paidAt)).getTime() > now.getTime()) return null
    // A paid question not yet answered may still be refunded in full (docs/qa.md).
    if (settlementHeld(order)) return null
    const { payment, refunds } = await journals.ofOrder(order, tx)
    if (!payment) return null
    // A challenge deposit is never income by the clock: the challenge's end refunds or forfeits it
    // (challenge/deposits.ts). Marked settled so the timer moves on; nothing is shared or unfrozen.
    if (order.product.kind === 'deposit') {
      await orders.put(markSettled(order, now), tx)
      return []
    }
    const journal = settlementJournal(payment, now, refunds)
    if (journal) await postJournal(tx, journal, now)
    await orders.put(markSettled(order, now), tx)
    const subMchid = subMchidOf(order)
    if (subMchid) return order.transactionId ? [await queueEcommerceSharing(tx, order, subMchid, refunds, now)] : []
    if (!usesProfitSharing(order) || !order.transactionId || order.status === 'refunded') return []
    const receivers = (journal?.entries ?? [])
      .filter(
        (e) =>
          e.bucket === 'available' && e.amountFen > 0 && isWalletAccount(e.account) && e.account.startsWith('user:'),
      )
      .map((e) => ({ account: e.account, amountFen: e.amountFen }))
    // The cap on this path too: a computed split above it is refused, never sent.
    assertWithinCap(
      order.amountFen - sumFen(refunds.map((j) => j.entries.find((e) => e.account === 'refunds')?.amountFen ?? 0)),
      sumFen(receivers.map((r) => r.amountFen)),
    )
    const sharing = profitSharingJournal({ orderId: order._id, receivers, at: now })
    if (sharing) await postJournal(tx, sharing, now)
    const effect: OutboxRecord = {
      _id: `sharing:${order._id}`,
      kind: 'sharing',
      payload: {
        transactionId: order.transactionId,
        outOrderNo: `${order._id}P`,
        receivers: receivers.map((r) => ({ openid: r.account.slice('user:'.length), amountFen: r.amountFen })),
      },
      state: 'pending',
      attempts: 0,
      dueAt: now,
      lastError: null,
      createdAt: now,
    }
    await outbox.put(effect, tx)
    return [effect._id]
  })
}

/**
 * 平台收付通: after the refund window the platform fee and the people's shares leave the owner's
 * sub-merchant by ecommerce 分账, then 完结分账 releases the rest to the owner's available balance.
 * The journal (owner → platform fee / payouts) is posted in the settling transaction; the calls
 * run after commit from the outbox (out_order_no `<orderId>P`, finish `<orderId>F`).
 */
export async function queueEcommerceSharing(
  tx: Tx,
  order: OrderRecord,
  subMchid: string,
  refunds: Journal[],
  now: Date,
): Promise<string> {
  const refundedFen = sumFen(refunds.map((j) => j.entries.find((e) => e.account === 'refunds')?.amountFen ?? 0))
  const receivers = platformSharing(order, order.amountFen - refundedFen)
  const what = productMemo(order)
  for (const j of platformSharingJournals({ orderId: order._id, circleId: order.circleId, what, receivers, at: now }))
    await postJournal(tx, j, now)
  const effect: OutboxRecord = {
    _id: `ecommerce_sharing:${order._id}`,
    kind: 'ecommerce_sharing',
    payload: {
      subMchid,
      transactionId: order.transactionId,
      outOrderNo: ecommerceIds.sharing(order._id),
      finishOutOrderNo: ecommerceIds.finish(order._id),
      receivers: receivers.map((r) =>
        r.account.startsWith('user:')
          ? { type: 'PERSONAL_OPENID', account: r.account.slice('user:'.length), amountFen: r.amountFen }
          : { type: 'MERCHANT_ID', account: 'platform', amountFen: r.amountFen },
      ),
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

/** Settles matured orders (all, or those paying one account), up to `limit`. */
export async function settleMatured(
  now: Date,
  /** `due`: the caller already read these orders (the same query, e.g. in a withdrawal's aggregate). */
  opts: { payee?: string; limit?: number; due?: OrderRecord[] } = {},
): Promise<number> {
  const due: OrderRecord[] =
    opts.due ??
    (await orders.unsettledPaidBefore(new Date(now.getTime() - REFUND_WINDOW_MS), opts.limit ?? 200, opts.payee))
  let settled = 0
  const effects: string[] = []
  for (const o of due) {
    // One order that cannot settle (a split the cap refuses) is reported and never blocks the others.
    const queued = await settleOrder(o._id, now).catch((e) => {
      console.error(
        JSON.stringify({ level: 'error', job: 'settle', orderId: o._id, error: String((e as Error)?.message ?? e) }),
      )
      return null
    })
    if (queued) {
      settled += 1
      effects.push(...queued)
    }
  }
  if (effects.length) await dispatchOutbox(now, { only: effects })
  return settled
}
