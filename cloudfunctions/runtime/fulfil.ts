/**
 * Fulfilment happens exactly once, in the same transaction that marks the order paid, whichever
 * arrives first: the channel's notification, the buyer's "I paid" check, or reconciliation
 * (money.md "Orders"). The order document is in every such transaction, so two of them conflict
 * and one re-runs, finds the order paid, and does nothing.
 */
import { countedInMembers, newMembership, roleAt } from '../core/circle'
import { DomainError } from '../core/errors'
import { decideDepositRefund, decidePaid, depositPaymentJournal, extendTerm, isWalletAccount, paymentJournal, platformPaymentShares, splitOrder, splitQa, subMchidOf, type OrderRecord } from '../core/money'
import type { MembershipRecord, MembershipSource } from '../core/records'
import { createHash } from 'crypto'
import { cmd, transaction, type Tx } from './db'
import { postJournal } from './ledger'
import { bookRefund, dispatchOutbox } from './refunds'
import { circles, memberships } from './repos/circles'
import { enrolPaidDeposit } from './repos/challenges'
import { useCouponOf } from './repos/coupons'
import { entitlements, gifts, orders } from './repos/money'
import { fulfilTicket } from './tickets'
import { fulfilQa } from './repos/questions'
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

/**
 * Grants or extends a circle membership by `days` (or to a cohort's end) in the transaction.
 * `source` says how they came in (paid, pass, gift, trial; with the inviter and channel): it is
 * written when they (re)join or convert a trial, and kept when a current member renews.
 */
export async function grantMembership(
  tx: Tx,
  args: { circleId: string; openid: string; days: number | null; cohortEndsAt: Date | null; now: Date; source?: MembershipSource },
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
  if (args.source && (!active || !base.source || base.source.kind === 'trial')) next.source = args.source
  await memberships.put(next, tx)
  if (!countedInMembers(existing)) await circles.update(circleId, { memberCount: cmd().inc(1) }, tx)
  return next
}

/** Marks an order paid and fulfils it, once. Returns the order as it stands after. */
export async function fulfilPaid(orderId: string, payment: Payment, now: Date): Promise<OrderRecord> {
  const outboxIds: string[] = []
  const done = await transaction(async (tx) => {
    outboxIds.length = 0
    const order = await orders.get(orderId, tx)
    if (!order) throw new DomainError('order_not_found')
    // 平台收付通: the money sits in the owner's sub-merchant (less WeChat's fee) until 分账 (settlement.ts).
    // Paid Q&A earns the question's people, not the circle's split rules (docs/qa.md).
    const shares = subMchidOf(order) ? platformPaymentShares(order) : order.qa ? splitQa(order, order.splitRules) : splitOrder(
      { amountFen: order.amountFen, circleId: order.circleId, buyer: order.buyer, referrer: order.referrer, channel: order.channel },
      order.splitRules,
    )
    // A challenge deposit is held for the member, not income: no shares until it is forfeited.
    const deposit = order.product.kind === 'deposit'
    const payees = deposit ? [] : [...new Set(shares.map((s) => s.account).filter(isWalletAccount))]
    const decision = decidePaid(order, { ...payment, payees })
    if (!decision.firstTime) return decision.order
    await postJournal(tx, deposit ? depositPaymentJournal(decision.order, payment.paidAt) : paymentJournal(decision.order, shares, payment.paidAt), now)
    let saved = decision.order
    if (decision.fulfil && !(await grant(tx, order, now))) {
      // Nothing to grant (a second deposit for a challenge already joined): it goes back in full.
      const again = decideDepositRefund(saved, now)
      outboxIds.push(await bookRefund(tx, saved, again.refund, now))
      saved = again.order
    }
    // Paid after the order closed: booked, not fulfilled, refunded in full (core/money/orders.ts).
    if (decision.refund) outboxIds.push(await bookRefund(tx, decision.order, decision.refund, now))
    await orders.put(saved, tx)
    return saved
  })
  if (outboxIds.length) await dispatchOutbox(now, { only: outboxIds })
  return done
}

/** Grants what the order bought; false when there is nothing to grant (only a deposit can say so). */
async function grant(tx: Tx, order: OrderRecord, now: Date): Promise<boolean> {
  const kind = order.product.kind
  if (kind === 'deposit') return enrolPaidDeposit(tx, order, now)
  if (kind === 'question' || kind === 'peek') return fulfilQa(tx, order, now)
  await useCouponOf(tx, order, now)
  if (kind === 'entry' || kind === 'pass') {
    await grantMembership(tx, {
      circleId: order.circleId,
      openid: order.buyer,
      days: order.termDays,
      cohortEndsAt: order.cohortEndsAt ? new Date(order.cohortEndsAt) : null,
      now,
      source: { kind: kind === 'entry' ? 'paid' : 'pass', inviterId: order.referrer, channel: order.inviteChannel ?? null },
    })
  } else if (kind === 'pass_gift') {
    await gifts.put({ _id: giftCodeOf(order._id), orderId: order._id, circleId: order.circleId, days: order.termDays ?? 365, buyer: order.buyer, redeemedBy: null, redeemedAt: null }, tx)
  } else if (kind === 'course') {
    await entitlements.put({ _id: `${order.product.id}:${order.buyer}`, courseId: order.product.id, openid: order.buyer, orderId: order._id, grantedAt: now }, tx)
  } else if (kind === 'ticket') {
    await fulfilTicket(tx, order, now)
  }
  return true
}
