/** Who the caller is in the product: their profile, and their role in a circle right now. */
import type { Role } from '../core/contract'
import { roleAt } from '../core/circle'
import type { MembershipRecord, UserRecord } from '../core/records'
import { memberships } from './repos/circles'
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
  return { user: { _id: openid, nickname: `微信用户${openid.slice(-4)}`, avatarUrl: '', createdAt: now, updatedAt: now }, isNew: true }
}

export async function roleIn(circleId: string, caller: string | null, now: Date): Promise<{ role: Role | null; membership: MembershipRecord | null }> {
  if (!caller) return { role: null, membership: null }
  const membership = await memberships.get(circleId, caller)
  return { role: roleAt(membership, now), membership }
}
