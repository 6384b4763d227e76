/** Circle rules (docs/features.md §1–§2): creation, profile edits, closing, joining, access. */
import type { CircleType, EntryMode, Role } from './vocabulary'
import { DomainError } from './errors'
import type { CircleRecord, MembershipRecord, UserSnapshot } from './records'
import { membershipId } from './records'
import { searchTerms } from './search'

export const CIRCLE_TYPE_LABELS = { interest: '兴趣', product: '产品', knowledge: '知识', resource: '资源' } as const
export const ENTRY_MODE_LABELS = { free: '免费加入', approval: '审核加入', paid: '付费加入' } as const
export const ROLE_LABELS = { owner: '圈主', partner: '合伙人', admin: '管理员', guest: '嘉宾', member: '成员' } as const

/** The fields of a circle everyone sees (its card and its page). */
export interface CircleProfile {
  name: string
  intro: string
  coverUrl: string
  avatarUrl: string
  type: CircleType
  audience: string
  coreValue: string
  rules: string
  welcome: string
  announcement: string
  tags: string[]
  allowPreview: boolean
}

/** What a new circle has where its creator said nothing (the create form starts from it too). */
export const PROFILE_DEFAULTS: Omit<CircleProfile, 'name' | 'type'> = {
  intro: '',
  coverUrl: '',
  avatarUrl: '',
  audience: '',
  coreValue: '',
  rules: '',
  welcome: '',
  announcement: '',
  tags: [],
  allowPreview: true,
}

/** What `circle.create` receives: a name, a type and an entry mode, the rest of the profile optional. */
export type NewCircleInput = Pick<CircleProfile, 'name' | 'type'> & Partial<CircleProfile> & { entryMode: EntryMode }

export function newCircle(
  input: NewCircleInput,
  owner: { openid: string } & UserSnapshot,
  circleId: string,
  now: Date,
): { circle: CircleRecord; ownerMembership: MembershipRecord } {
  const { entryMode, ...profile } = input
  const circle: CircleRecord = {
    ...PROFILE_DEFAULTS,
    ...stripUndefined(profile),
    tags: uniqueTags(profile.tags ?? []),
    _id: circleId,
    entryMode: entryMode as EntryMode,
    status: 'active',
    ownerId: owner.openid,
    owner: { nickname: owner.nickname, avatarUrl: owner.avatarUrl },
    memberCount: 1,
    pinnedPostIds: [],
    previewPostIds: [],
    createdAt: now,
    updatedAt: now,
    closedAt: null,
  }
  circle.terms = circleTerms(circle)
  const ownerMembership = newMembership(circleId, owner, 'owner', now)
  return { circle, ownerMembership }
}

/** The fields an owner's edit changes (only those given); a new name or tags renew the search terms. */
export function profilePatch(
  input: Partial<CircleProfile> & { watermark?: boolean },
  now: Date,
  current?: Pick<CircleRecord, 'name' | 'tags'>,
): Partial<CircleRecord> {
  const patch: Partial<CircleRecord> = stripUndefined(input)
  if (patch.tags) patch.tags = uniqueTags(patch.tags)
  if (current && (patch.name !== undefined || patch.tags !== undefined)) {
    patch.terms = circleTerms({ name: patch.name ?? current.name, tags: patch.tags ?? current.tags })
  }
  patch.updatedAt = now
  return patch
}

/** What 发现's search finds a circle by: its name and its tags (docs/search.md). */
export const circleTerms = (circle: Pick<CircleRecord, 'name' | 'tags'>): string[] =>
  searchTerms(circle.name, ...circle.tags)

export function assertOpen(circle: CircleRecord): void {
  if (circle.status === 'closed') throw new DomainError('circle_closed')
}

/**
 * The caller's role in a circle now, or null when they are not an active member. Access is
 * computed here at request time from expiresAt (to the second); a timer only tidies statuses.
 */
export function roleAt(membership: MembershipRecord | null, now: Date): Role | null {
  if (!membership || membership.status !== 'active') return null
  if (membership.expiresAt && now.getTime() >= membership.expiresAt.getTime()) return null
  return membership.role
}

/**
 * Whether a membership is in the circle's member count. The count is the memberships whose status
 * is `active` (what the recount timer rebuilds): the expiry sweep takes expired ones out, so a
 * member whose term ran out but was not swept yet is still counted, and coming back must not count
 * them twice.
 */
export function countedInMembers(m: MembershipRecord | null): boolean {
  return !!m && m.status === 'active'
}

export function newMembership(
  circleId: string,
  user: { openid: string } & UserSnapshot,
  role: Role,
  now: Date,
): MembershipRecord {
  return {
    _id: membershipId(circleId, user.openid),
    circleId,
    openid: user.openid,
    role,
    status: 'active',
    user: { nickname: user.nickname, avatarUrl: user.avatarUrl },
    joinedAt: now,
    expiresAt: null,
    updatedAt: now,
  }
}

/** Free entry: who may join now, and the membership it creates. */
export function decideJoin(
  circle: CircleRecord,
  existing: MembershipRecord | null,
  user: { openid: string } & UserSnapshot,
  now: Date,
): MembershipRecord {
  assertOpen(circle)
  if (roleAt(existing, now)) throw new DomainError('already_member')
  if (circle.entryMode === 'approval') throw new DomainError('entry_requires_approval')
  if (circle.entryMode === 'paid') throw new DomainError('entry_requires_payment')
  return newMembership(circle._id, user, 'member', now)
}

export function decideLeave(membership: MembershipRecord | null, now: Date): MembershipRecord {
  const role = roleAt(membership, now)
  if (!role || !membership) throw new DomainError('not_member')
  if (role === 'owner') throw new DomainError('owner_cannot_leave')
  return { ...membership, status: 'left', updatedAt: now }
}

/** The owner makes a member an admin or back. The owner's own role never changes here. */
export function decideRoleChange(
  target: MembershipRecord | null,
  role: Exclude<Role, 'owner'>,
  now: Date,
): MembershipRecord {
  if (!roleAt(target, now) || !target) throw new DomainError('not_found', undefined, 'openid')
  if (target.role === 'owner') throw new DomainError('forbidden')
  return { ...target, role, updatedAt: now }
}

export function uniqueTags(tags: string[]): string[] {
  return [...new Set(tags.map((t) => t.trim()).filter(Boolean))]
}

function stripUndefined<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v
  return out as { [K in keyof T]: Exclude<T[K], undefined> }
}
