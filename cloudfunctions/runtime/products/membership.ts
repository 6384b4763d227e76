/**
 * Entry and pass orders grant a membership term. The grant records the expiry it moved
 * (core/products termGrant); a full refund subtracts exactly those days from the membership as it
 * is now and ends it only when nothing else backs it (core/products revokeTerm). A partial refund
 * by the team (a removal's prorated refund) is money only: the removal itself ends the membership.
 */
import { grantedMs, revokeTerm, termGrant } from '../../core/products'
import type { OrderRecord } from '../../core/money'
import { countedInMembers, newMembership, roleAt } from '../../core/circle'
import { extendTerm } from '../../core/money'
import type { MembershipRecord, MembershipSource } from '../../core/records'
import { cmd, type Tx } from '../db'
import { users } from '../repos/users'
import { useCouponOf } from '../repos/coupons'
import { circles, memberships } from '../repos/circles'
import type { GrantOutcome, ProductStep } from './types'

/**
 * Grants or extends a circle membership by `days` (or to a cohort's end) in the transaction.
 * `source` says how they came in (paid, pass, gift, trial; with the inviter and channel): it is
 * written when they (re)join or convert a trial, and kept when a current member renews.
 */
export async function grantMembership(
  tx: Tx,
  args: {
    circleId: string
    openid: string
    days: number | null
    cohortEndsAt: Date | null
    now: Date
    source?: MembershipSource
    /** The membership as this transaction already read it (saves the read). */
    existing?: MembershipRecord | null
  },
): Promise<MembershipRecord> {
  const { circleId, openid, now } = args
  const existing = args.existing !== undefined ? args.existing : await memberships.get(circleId, openid, tx)
  // the profile snapshot is only needed for a membership made now
  const user = existing ? null : await users.get(openid)
  const active = roleAt(existing, now)
  const expiresAt = args.cohortEndsAt ?? extendTerm(active && existing ? existing.expiresAt : null, now, args.days ?? 0)
  const base =
    existing ??
    newMembership(
      circleId,
      { openid, nickname: user?.nickname ?? `微信用户${openid.slice(-4)}`, avatarUrl: user?.avatarUrl ?? '' },
      'member',
      now,
    )
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

export function membershipStep(source: 'paid' | 'pass'): ProductStep {
  return {
    async grant(tx: Tx, order: OrderRecord, now: Date): Promise<GrantOutcome> {
      await useCouponOf(tx, order, now)
      const before = await memberships.get(order.circleId, order.buyer, tx)
      // the same test grantMembership extends by: a current member's days are added to their expiry
      const wasActive = !!roleAt(before, now)
      const after = await grantMembership(tx, {
        circleId: order.circleId,
        openid: order.buyer,
        days: order.termDays,
        cohortEndsAt: order.cohortEndsAt ? new Date(order.cohortEndsAt) : null,
        now,
        source: { kind: source, inviterId: order.referrer, channel: order.inviteChannel ?? null },
        existing: before,
      })
      const from = wasActive && before?.expiresAt ? new Date(before.expiresAt) : null
      return { granted: true, record: after.expiresAt ? termGrant(from, new Date(after.expiresAt), now) : undefined }
    },

    async revoke(tx, { before, full, now }) {
      if (!full) return
      const m = await memberships.get(before.circleId, before.buyer, tx)
      // The owner's membership is never ended by a refund; one no longer active has nothing to take back.
      if (!m || m.status !== 'active' || m.role === 'owner' || (m.expiresAt && new Date(m.expiresAt) <= now)) return
      const next = revokeTerm(m.expiresAt ? new Date(m.expiresAt) : null, grantedMs(before.grant, before.termDays), now)
      if (next.ends) {
        // Ended, not lapsed: a refunded member gets no read-only grace (core/access.ts).
        await memberships.put({ ...m, status: 'left', expiresAt: now, updatedAt: now }, tx)
        await circles.update(before.circleId, { memberCount: cmd().inc(-1) }, tx)
      } else {
        await memberships.put({ ...m, expiresAt: next.expiresAt, updatedAt: now }, tx)
      }
    },
  }
}
