/** Who the caller is in the product: their profile, and their role in a circle right now. */
import type { Role } from '../core/contract'
import { roleAt } from '../core/circle'
import { type Access, accessAt } from '../core/access'
import type { CircleRecord, MembershipRecord, UserRecord } from '../core/records'
import { circles, memberships } from './repos/circles'
import { users } from './repos/users'

/** The caller's profile, made on first sight with a WeChat-style default name. */
export async function ensureUser(openid: string, now: Date): Promise<UserRecord> {
  const { user, isNew } = await profileOf(openid, now)
  if (isNew) await users.create(user)
  return user
}

/**
 * The caller's profile without writing it: an action that may still be refused saves a new
 * profile only once it succeeds (a refusal changes nothing).
 */
export async function profileOf(openid: string, now: Date): Promise<{ user: UserRecord; isNew: boolean }> {
  const existing = await users.get(openid)
  if (existing) return { user: existing, isNew: false }
  return {
    user: { _id: openid, nickname: `微信用户${openid.slice(-4)}`, avatarUrl: '', createdAt: now, updatedAt: now },
    isNew: true,
  }
}

/**
 * The caller's access in a circle now (core/access.ts): `role` acts, `readRole` reads (it is also
 * set during the circle's read-only grace after expiry). The circle's settings matter only once a
 * membership has lapsed, so an active member costs one read; pass the circle when it is loaded.
 */
export async function accessIn(
  circleId: string,
  caller: string | null,
  now: Date,
  circle?: Pick<CircleRecord, 'settings'> | null,
): Promise<{ access: Access; role: Role | null; readRole: Role | null; membership: MembershipRecord | null }> {
  const membership = caller ? await memberships.get(circleId, caller) : null
  let settings = circle
  if (
    !settings &&
    membership &&
    !roleAt(membership, now) &&
    (membership.status === 'active' || membership.status === 'expired')
  ) {
    settings = await circles.get(circleId)
  }
  const access = accessAt(membership, settings ?? {}, now)
  return { access, role: access.role, readRole: access.readRole, membership }
}

export async function roleIn(
  circleId: string,
  caller: string | null,
  now: Date,
): Promise<{ role: Role | null; membership: MembershipRecord | null }> {
  if (!caller) return { role: null, membership: null }
  const membership = await memberships.get(circleId, caller)
  return { role: roleAt(membership, now), membership }
}
