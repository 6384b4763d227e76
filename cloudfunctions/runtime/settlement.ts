/**
 * Income matures after the refund window: a timer settles matured orders in pages, and reading
 * a wallet settles that wallet's matured orders first ("maturing on read"), so a balance never
 * waits for the timer.
 */
import { markSettled, maturesAt, settlementJournal, type Journal, type OrderRecord } from '../core/money'
import { transaction } from './db'
import { postJournal } from './ledger'
import { journals, orders } from './repos/money'

export const REFUND_WINDOW_MS = 72 * 3600 * 1000

/** The order's payment and its refunds so far, read in the transaction. */
export async function orderJournals(order: OrderRecord, tx: Parameters<typeof journals.get>[1]): Promise<{ payment: Journal | null; refunds: Journal[] }> {
  const payment = await journals.get(`${order._id}:pay`, tx)
  const refunds = (await Promise.all(order.refunds.map((r) => journals.get(`${order._id}:refund:${r.seq}`, tx)))).filter((j): j is Journal => !!j)
  return { payment, refunds }
}

export async function settleOrder(orderId: string, now: Date): Promise<boolean> {
  return transaction(async (tx) => {
    const order = await orders.get(orderId, tx)
    if (!order || order.settled || !order.paidAt) return false
    if (maturesAt(new Date(order.paidAt)).getTime() > now.getTime()) return false
    const { payment, refunds } = await orderJournals(order, tx)
    if (!payment) return false
    const journal = settlementJournal(payment, now, refunds)
    if (journal) await postJournal(tx, journal, now)
    await orders.put(markSettled(order, now), tx)
    return true
  })
}

/** Settles matured orders (all, or those paying one account), up to `limit`. */
export async function settleMatured(now: Date, opts: { payee?: string; limit?: number } = {}): Promise<number> {
  const due: OrderRecord[] = await orders.unsettledPaidBefore(new Date(now.getTime() - REFUND_WINDOW_MS), opts.limit ?? 200, opts.payee)
  let settled = 0
  for (const o of due) if (await settleOrder(o._id, now)) settled += 1
  return settled
}
