/** The ticket orders' side of the channel: opening them there, and settling one that lingers. */
import { DomainError } from '../core/errors'
import { decideClose, subMchidOf, type OrderRecord } from '../core/money'
import { prepayOrder } from '../runtime/checkout'
import { fulfilPaid } from '../runtime/fulfil'
import { payments } from '../runtime/payments'
import { orders } from '../runtime/repos/money'

/**
 * Opens the order at the channel right away (prepay is idempotent by order id; the app's
 * shop.pay asks again for the cashier), so the channel can always answer for it.
 */
export async function prepayTicket(order: OrderRecord): Promise<void> {
  try {
    await prepayOrder(order)
  } catch (e) {
    // Not fatal: shop.pay opens it again, and an order the channel never knew is closed by the event timer.
    console.error(
      JSON.stringify({ level: 'error', fn: 'event', orderId: order._id, error: String((e as Error)?.message ?? e) }),
    )
  }
}

/**
 * A ticket order still pending in our records: paid at the channel → fulfilled now; otherwise it
 * is closed at the channel first (so it can never be paid alongside a new one) and then in our
 * records. `onlyExpired` leaves an order inside its 30 minutes alone. True when it was paid.
 */
export async function settleTicketOrder(
  orderId: string | null,
  now: Date,
  opts: { onlyExpired: boolean },
): Promise<boolean> {
  const order = orderId ? await orders.get(orderId) : null
  if (!order || order.status !== 'pending') return false
  if (opts.onlyExpired && new Date(order.expiresAt).getTime() > now.getTime()) return false
  const channel = payments().byName(order.channel)
  let paid: { transactionId: string; amountFen: number; paidAt: Date } | null = null
  try {
    const result = await channel.queryOrder(order._id, { payerOpenid: order.buyer, subMchid: subMchidOf(order) })
    if (result.state === 'SUCCESS' && result.transactionId && result.amountFen !== undefined) {
      paid = { transactionId: result.transactionId, amountFen: result.amountFen, paidAt: result.paidAt ?? now }
    }
  } catch (e) {
    // Never opened at the channel (prepay failed): it cannot have been paid.
    if (!(e instanceof DomainError && e.code === 'order_not_found')) throw e
  }
  if (paid) {
    await fulfilPaid(order._id, paid, now)
    return true
  }
  await channel.closeOrder(order._id, { subMchid: subMchidOf(order) }).catch((e) => {
    if (!(e instanceof DomainError && e.code === 'order_not_found')) throw e
  })
  // decideClose waits for the 30 minutes; a person giving up their seat closes it sooner.
  const closed = decideClose(order, now) ?? { ...order, status: 'closed' as const, closedAt: now, updatedAt: now }
  await orders.update(order._id, { status: closed.status, closedAt: closed.closedAt, updatedAt: now })
  return false
}
