/**
 * Moderation rules (docs/features.md §4, issue 4 item 7): mutes, mute-all, quiet hours, new-member
 * mute, who may act on whom, the removal refund, reports. Pure: every function takes `now`.
 *
 * Publishing (posts, comments, check-ins, questions, …) goes through one gate, `publishBlock` /
 * `assertMayPublish`. Order of the checks, first match wins:
 *  1. a personal mute (anyone but the owner, who cannot be muted) → `muted`
 *  2. the team (owner, partner, admin) is exempt from everything below
 *  3. mute-all → `circle_muted`
 *  4. quiet hours (Asia/Shanghai wall clock; a window may span midnight) → `quiet_hours`
 *  5. the first N days after joining → `new_member_muted`
 */
import type { Role, UserView } from './vocabulary'
import { DomainError, type ErrorCode } from './errors'
import type { CircleRecord, CommentRecord, MembershipRecord, MuteRecord, PostRecord, UserSnapshot } from './records'
import type { NewNotification } from './notifications'
import { settingsOf, type ModerationSettings } from './settings'
import { inShanghai } from './time'

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS

export const MUTE_DURATIONS = ['1h', '1d', '7d', 'forever'] as const
export type MuteDuration = (typeof MUTE_DURATIONS)[number]
const MUTE_MS: Record<MuteDuration, number | null> = { '1h': HOUR_MS, '1d': DAY_MS, '7d': 7 * DAY_MS, forever: null }

/** The most days a circle may keep its new members quiet. */
export const MAX_NEW_MEMBER_MUTE_DAYS = 30
/** Guests (嘉宾) per circle (docs/features.md §4). */
export const GUEST_LIMIT = 50

/** When a mute given now for `duration` ends (null: never). */
export function muteUntil(duration: MuteDuration, now: Date): Date | null {
  const ms = MUTE_MS[duration]
  return ms === null ? null : new Date(now.getTime() + ms)
}

export function newMute(duration: MuteDuration, by: string, now: Date): MuteRecord {
  return { until: muteUntil(duration, now), by, at: now }
}

/** Whether a mute still holds at `now` (until is exclusive: at `until` they may speak again). */
export function isMuted(mute: MuteRecord | null | undefined, now: Date): boolean {
  if (!mute) return false
  return mute.until === null || now.getTime() < new Date(mute.until).getTime()
}

// ---------- quiet hours ----------

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

/**
 * Whether `now` falls in the window [start, end) on the Asia/Shanghai wall clock. start > end
 * spans midnight (23:00–07:00 covers 23:00…23:59 and 00:00…06:59). start = end is no window.
 */
export function inQuietHours(quiet: ModerationSettings['quietHours'], now: Date): boolean {
  if (!quiet) return false
  const start = minutesOf(quiet.start)
  const end = minutesOf(quiet.end)
  if (start === end) return false
  const t = inShanghai(now)
  const m = t.hour() * 60 + t.minute()
  return start < end ? m >= start && m < end : m >= start || m < end
}

/** The instant the current quiet window ends (call only while inQuietHours). */
export function quietHoursEnd(quiet: { start: string; end: string }, now: Date): Date {
  const t = inShanghai(now)
  const end = minutesOf(quiet.end)
  let candidate = t.startOf('day').add(end, 'minute')
  if (!candidate.isAfter(t)) candidate = candidate.add(1, 'day')
  return candidate.toDate()
}

// ---------- the publishing gate ----------

export type PublishBlockCode = 'muted' | 'circle_muted' | 'quiet_hours' | 'new_member_muted'

export interface PublishBlock {
  code: PublishBlockCode
  /** When publishing opens again (null: not by itself — a permanent mute or mute-all). */
  until: Date | null
}

export interface PublishContext {
  /** The caller's access now (core/access.ts); only the role is read. */
  access: { role: Role | null }
  membership: Pick<MembershipRecord, 'joinedAt' | 'mute'> | null
  circle: Pick<CircleRecord, 'settings'>
  now: Date
}

const TEAM: readonly Role[] = ['owner', 'partner', 'admin']

/** Why the caller may not publish now, or null. Permissions (assertCan) are checked separately. */
export function publishBlock({ access, membership, circle, now }: PublishContext): PublishBlock | null {
  const role = access.role
  if (role !== 'owner' && membership && isMuted(membership.mute, now)) {
    return { code: 'muted', until: membership.mute!.until ? new Date(membership.mute!.until) : null }
  }
  if (role !== null && TEAM.includes(role)) return null
  const rules = settingsOf(circle).moderation
  if (rules.muteAll) return { code: 'circle_muted', until: null }
  if (rules.quietHours && inQuietHours(rules.quietHours, now))
    return { code: 'quiet_hours', until: quietHoursEnd(rules.quietHours, now) }
  if (membership && rules.newMemberMuteDays > 0) {
    const opensAt = new Date(new Date(membership.joinedAt).getTime() + rules.newMemberMuteDays * DAY_MS)
    if (now.getTime() < opensAt.getTime()) return { code: 'new_member_muted', until: opensAt }
  }
  return null
}

/** A Chinese sentence saying why and until when (for the server's message and the compose page). */
export function blockMessage(block: PublishBlock): string {
  const at = block.until ? inShanghai(block.until).format('M月D日 HH:mm') : null
  switch (block.code) {
    case 'muted':
      return at ? `你已被禁言，${at} 后可以发言` : '你已被永久禁言'
    case 'circle_muted':
      return '圈子已开启全员禁言，暂时只有圈主和管理员可以发言'
    case 'quiet_hours':
      return `现在是圈子的休息时段，${at} 后可以发言`
    case 'new_member_muted':
      return `新成员入圈后需等待一段时间才能发言，${at} 后可以发言`
  }
}

/** Throws the block (code + a message saying until when) when the caller may not publish. */
export function assertMayPublish(args: PublishContext): void {
  const block = publishBlock(args)
  if (block) throw new DomainError(block.code as ErrorCode, blockMessage(block))
}

// ---------- who may act on whom ----------

const RANK: Record<Role, number> = { owner: 4, partner: 3, admin: 2, guest: 1, member: 1 }

/**
 * Mute, remove and blacklist act only downwards: the owner on anyone else, a partner on admins,
 * guests and members, an admin on guests and members. Nobody acts on themselves.
 */
export function assertOutranks(actor: { openid: string; role: Role }, target: { openid: string; role: Role }): void {
  if (actor.openid === target.openid) throw new DomainError('forbidden', '不能对自己执行此操作')
  if (RANK[actor.role] <= RANK[target.role]) throw new DomainError('forbidden', '只能管理比自己角色低的成员')
}

/** The moderation part of a circle's settings after an edit, checked. */
export function moderationSettings(input: ModerationSettings): ModerationSettings {
  const { muteAll, quietHours, newMemberMuteDays } = input
  if (quietHours && quietHours.start === quietHours.end)
    throw new DomainError('invalid_argument', undefined, 'quietHours')
  if (!Number.isInteger(newMemberMuteDays) || newMemberMuteDays < 0 || newMemberMuteDays > MAX_NEW_MEMBER_MUTE_DAYS) {
    throw new DomainError('invalid_argument', undefined, 'newMemberMuteDays')
  }
  return {
    muteAll,
    quietHours: quietHours ? { start: quietHours.start, end: quietHours.end } : null,
    newMemberMuteDays,
  }
}

// ---------- roles ----------

/**
 * The change a role edit makes to the guest counter kept on the circle (≤ GUEST_LIMIT guests,
 * checked in the same transaction that moves the counter).
 */
export function guestDelta(from: Role, to: Role): number {
  if (from === to) return 0
  if (to === 'guest') return 1
  if (from === 'guest') return -1
  return 0
}

export function assertGuestRoom(guestCount: number | undefined, delta: number): void {
  if (delta > 0 && (guestCount ?? 0) + delta > GUEST_LIMIT) throw new DomainError('guest_limit_reached')
}

// ---------- removal refund ----------

/**
 * The pro-rata refund when the team removes a paying member: the latest entry/pass order's paid
 * amount (less what was already refunded) × the unused share of that order's term, in whole
 * fen, rounded down. The order's term is [termEnd − termDays, termEnd] for a rolling term and
 * [paidAt, cohortEndsAt] for a cohort, where termEnd is the membership's current expiry. Nothing
 * is refunded for a term that has ended or has no end.
 */
export function proRataRefundFen(args: {
  paidFen: number
  refundedFen: number
  termStart: Date
  termEnd: Date | null
  now: Date
}): number {
  const { paidFen, refundedFen, termStart, termEnd, now } = args
  if (!termEnd) return 0
  const total = termEnd.getTime() - termStart.getTime()
  if (total <= 0) return 0
  const unused = Math.min(total, Math.max(0, termEnd.getTime() - now.getTime()))
  const share = Math.floor((paidFen * unused) / total)
  return Math.max(0, Math.min(share, paidFen - refundedFen))
}

// ---------- reports ----------

export const REPORT_REASONS = ['spam', 'abuse', 'porn', 'illegal', 'fraud', 'other'] as const
export type ReportReason = (typeof REPORT_REASONS)[number]
export const REPORT_REASON_LABELS: Record<ReportReason, string> = {
  spam: '垃圾广告',
  abuse: '辱骂攻击',
  porn: '色情低俗',
  illegal: '违法违规',
  fraud: '诈骗',
  other: '其他',
}

export type ReportTargetKind = 'post' | 'comment'
export type ReportStatus = 'open' | 'removed' | 'dismissed'

export const reportId = (kind: ReportTargetKind, targetId: string, reporter: string) =>
  `${kind}:${targetId}:${reporter}`

export interface ReportRecord {
  _id: string
  circleId: string
  kind: ReportTargetKind
  targetId: string
  /** The post a comment belongs to (the post itself for a post). */
  postId: string
  authorId: string
  author: UserSnapshot
  /** A short quote of the reported text, for the queue. */
  excerpt: string
  reporter: string
  reporterUser: UserSnapshot
  reason: ReportReason
  note: string
  status: ReportStatus
  createdAt: Date
  resolvedAt: Date | null
  resolvedBy: string | null
  /** The reason given when the content was deleted. */
  resolution: string | null
}

export const excerptOf = (text: string) => {
  const chars = [...text]
  return chars.length > 60 ? `${chars.slice(0, 60).join('')}…` : text
}

/** The time text used in notifications (Asia/Shanghai). */
export const shanghaiTimeText = (d: Date) => inShanghai(d).format('YYYY年M月D日 HH:mm')

// ---------- notices ----------

export const postLink = (postId: string) => `/packageCircle/pages/post/index?id=${encodeURIComponent(postId)}`

/** What the author of content the team deleted is told (the reason quoted). */
export function contentRemovedNotice(
  target: { kind: 'post'; record: PostRecord } | { kind: 'comment'; record: CommentRecord },
  reason: string,
): NewNotification {
  const { record } = target
  const what = target.kind === 'post' ? '动态' : '评论'
  const postId = target.kind === 'post' ? record._id : target.record.postId
  return {
    id: `content_removed:${target.kind}:${record._id}`,
    openid: record.authorId,
    circleId: record.circleId,
    kind: 'content_removed',
    title: `你的${what}已被删除`,
    body: `你发布的${what}「${excerptOf(record.text)}」已被圈子管理员删除。原因：${reason || '未说明'}`,
    link: target.kind === 'post' ? postLink(postId) : postLink(postId),
  }
}

/** The team's extra view of a member (members page): how they came in, a mute holding now, the term end. */
export function memberTeamView(m: MembershipRecord, inviter: UserView | null, now: Date) {
  const source = m.source ?? { kind: 'free' as const, inviterId: null, channel: null }
  return {
    source: { kind: source.kind, channel: source.channel, inviter },
    mute: m.mute && isMuted(m.mute, now) ? { until: m.mute.until ? new Date(m.mute.until).toISOString() : null } : null,
    expiresAt: m.expiresAt ? new Date(m.expiresAt).toISOString() : null,
  }
}
