/**
 * Fulfilment happens exactly once, in the same transaction that marks the order paid, whichever
 * arrives first: the channel's notification, the buyer's "I paid" check, or reconciliation
 * (money.md "Orders"). The order document is in every such transaction, so two of them conflict
 * and one re-runs, finds the order paid, and does nothing.
 */
import { newMembership, roleAt } from '../core/circle'
import { DomainError } from '../core/errors'
import { decidePaid, extendTerm, isWalletAccount, paymentJournal, splitOrder, type OrderRecord } from '../core/money'
import type { MembershipRecord } from '../core/records'
import { createHash } from 'crypto'
import { cmd, transaction, type Tx } from './db'
import { postJournal } from './ledger'
import { bookRefund, dispatchOutbox } from './refunds'
import { circles, memberships } from './repos/circles'
import { entitlements, gifts, orders } from './repos/money'
import { users } from './repos/users'

export interface Payment {
  transactionId: string
  amountFen: number
  paidAt: Date
}


/** A gift code a person can type: 10 characters derived from the order (so a retry makes the same one). */
export function giftCodeOf(orderId: string): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
  const digest = createHash('sha256').update(`gift:${orderId}`).digest()
  return Array.from(digest.subarray(0, 10), (b) => alphabet[b % alphabet.length]).join('')
}

/** Grants or extends a circle membership by `days` (or to a cohort's end) in the transaction. */
export async function grantMembership(
  tx: Tx,
  args: { circleId: string; openid: string; days: number | null; cohortEndsAt: Date | null; now: Date },
): Promise<MembershipRecord> {
  const { circleId, openid, now } = args
  const [existing, user] = await Promise.all([memberships.get(circleId, openid, tx), users.get(openid)])
  const active = roleAt(existing, now)
  const expiresAt = args.cohortEndsAt ?? extendTerm(active && existing ? existing.expiresAt : null, now, args.days ?? 0)
  const base = existing ?? newMembership(circleId, { openid, nickname: user?.nickname ?? `微信用户${openid.slice(-4)}`, avatarUrl: user?.avatarUrl ?? '' }, 'member', now)
  const next: MembershipRecord = {
    ...base,
    status: 'active',
    // A lapsed member comes back as a member; a current one keeps their role (admin stays admin).
    role: active ? base.role : 'member',
    joinedAt: active ? base.joinedAt : now,
    expiresAt,
    updatedAt: now,
  }
  await memberships.put(next, tx)
  if (!active) await circles.update(circleId, { memberCount: cmd().inc(1) }, tx)
  return next
}

/** Marks an order paid and fulfils it, once. Returns the order as it stands after. */
export async function fulfilPaid(orderId: string, payment: Payment, now: Date): Promise<OrderRecord> {
  const outboxIds: string[] = []
  const done = await transaction(async (tx) => {
    outboxIds.length = 0
    const order = await orders.get(orderId, tx)
    if (!order) throw new DomainError('order_not_found')
    const shares = splitOrder(
      { amountFen: order.amountFen, circleId: order.circleId, buyer: order.buyer, referrer: order.referrer, channel: order.channel },
      order.splitRules,
    )
    const payees = [...new Set(shares.map((s) => s.account).filter(isWalletAccount))]
    const decision = decidePaid(order, { ...payment, payees })
    if (!decision.firstTime) return decision.order
    await postJournal(tx, paymentJournal(decision.order, shares, payment.paidAt), now)
    if (decision.fulfil) await grant(tx, order, now)
    // Paid after the order closed: booked, not fulfilled, refunded in full (core/money/orders.ts).
    if (decision.refund) outboxIds.push(await bookRefund(tx, decision.order, decision.refund, now))
    await orders.put(decision.order, tx)
    return decision.order
  })
  if (outboxIds.length) await dispatchOutbox(now, { only: outboxIds })
  return done
}

async function grant(tx: Tx, order: OrderRecord, now: Date) {
  const kind = order.product.kind
  if (kind === 'entry' || kind === 'pass') {
    await grantMembership(tx, {
      circleId: order.circleId,
      openid: order.buyer,
      days: order.termDays,
      cohortEndsAt: order.cohortEndsAt ? new Date(order.cohortEndsAt) : null,
      now,
    })
  } else if (kind === 'pass_gift') {
    await gifts.put({ _id: giftCodeOf(order._id), orderId: order._id, circleId: order.circleId, days: order.termDays ?? 365, buyer: order.buyer, redeemedBy: null, redeemedAt: null }, tx)
  } else if (kind === 'course') {
    await entitlements.put({ _id: `${order.product.id}:${order.buyer}`, courseId: order.product.id, openid: order.buyer, orderId: order._id, grantedAt: now }, tx)
  }
}
