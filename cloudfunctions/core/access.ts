/**
 * What a person may reach in a circle right now (docs/features.md §3), computed at request time from
 * the membership and the circle's settings, to the second. Timers never decide access.
 */
import type { Role } from './vocabulary'
import type { CircleRecord, MembershipRecord } from './records'
import { settingsOf } from './settings'

const DAY_MS = 86_400_000

/**
 * active: full access. grace: expired, reading only, for the circle's grace days. expired: the
 * renewal page. left / removed: gone by choice or by the team. none: never a member.
 */
export type AccessState = 'active' | 'grace' | 'expired' | 'left' | 'removed' | 'none'

export interface Access {
  state: AccessState
  /** The role for everything but reading: null unless active. */
  role: Role | null
  /** The role for reading: also set during the read-only grace days. */
  readRole: Role | null
  expiresAt: Date | null
  /** When the read-only grace ends (null when there is none). */
  graceEndsAt: Date | null
}

export function accessAt(
  membership: MembershipRecord | null,
  circle: Pick<CircleRecord, 'settings'>,
  now: Date,
): Access {
  if (!membership) return { state: 'none', role: null, readRole: null, expiresAt: null, graceEndsAt: null }
  const { expiresAt } = membership
  const graceDays = settingsOf(circle).renewal.graceDays
  const graceEndsAt = expiresAt && graceDays > 0 ? new Date(expiresAt.getTime() + graceDays * DAY_MS) : null
  const base = { expiresAt, graceEndsAt }
  if (membership.status === 'left' || membership.status === 'removed') {
    return { ...base, state: membership.status, role: null, readRole: null }
  }
  if (!expiresAt || now.getTime() < expiresAt.getTime()) {
    if (membership.status === 'active')
      return { ...base, state: 'active', role: membership.role, readRole: membership.role }
  }
  if (graceEndsAt && now.getTime() < graceEndsAt.getTime()) {
    return { ...base, state: 'grace', role: null, readRole: membership.role }
  }
  return { ...base, state: 'expired', role: null, readRole: null }
}
