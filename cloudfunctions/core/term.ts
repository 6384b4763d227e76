/**
 * Membership term rules for the timers and the owner's expiring list (docs/features.md §3, docs/membership.md).
 * Pure: data in, data out; `now` comes in as an argument. Access itself is core/access.ts.
 */
import type { NewNotification } from './notifications'
import type { MembershipRecord } from './records'
import { formatDate } from './time'

const DAY_MS = 86_400_000

/** Reminder days an owner may configure: 1–30 days before expiry (the reminder timer looks this far ahead). */
export const MAX_REMINDER_DAYS = 30

/**
 * The one subscription-message template the product uses: 会员到期提醒 (fields thing1 圈子名称,
 * date2 到期时间, thing3 温馨提示), by its local id (the local cloud accepts any id). Production's
 * real id comes from QZ_TEMPLATE_RENEWAL (runtime/templates.ts, docs/configuration.md); the deploy
 * refuses to ship without it.
 */
export const RENEWAL_TEMPLATE_ID = 'qz_tpl_renewal_reminder'
/**
 * 入圈付款截止提醒 (fields thing1 圈子名称, time2 截止时间, thing3 温馨提示): an approved applicant's
 * pay window is about to close (core/entry.ts payReminderDue). Replace the id like the one above.
 */
export const PAY_REMINDER_TEMPLATE_ID = 'qz_tpl_pay_window_reminder'
/** Every template the app may ask a grant for: the renewal reminder, and the approved applicant's pay-window reminder (core/entry.ts). */
export const SUBSCRIBE_TEMPLATE_IDS: readonly string[] = [RENEWAL_TEMPLATE_ID, PAY_REMINDER_TEMPLATE_ID]

export const renewPath = (circleId: string) => `/packagePay/pages/renew/index?circleId=${encodeURIComponent(circleId)}`

const ms = (d: Date | string) => new Date(d).getTime()

/** The key of one reminder of one term: renewing moves expiresAt, so the next term's reminders are new keys. */
export const reminderKey = (expiresAt: Date | string, daysBefore: number) => `${ms(expiresAt)}:${daysBefore}`

/** Days left as a person counts them: 2.1 days left reads 还有 3 天. */
export function daysLeft(expiresAt: Date | string, now: Date): number {
  return Math.max(0, Math.ceil((ms(expiresAt) - now.getTime()) / DAY_MS))
}

/** Keeps the owner's reminder days sensible: whole days 1–30, each once, latest first. */
export function normalizeReminderDays(days: number[]): number[] {
  return [...new Set(days.filter((d) => Number.isInteger(d) && d >= 1 && d <= MAX_REMINDER_DAYS))].sort((a, b) => b - a)
}

export interface DueReminder {
  /** The threshold this reminder is for (e.g. 3 for 「3 天后到期」). */
  daysBefore: number
  /** Keys to record as sent: this one and any earlier threshold crossed at the same time. */
  keys: string[]
}

/**
 * The reminder a membership is due now, or null. A threshold d is crossed when at most d days are
 * left; of the crossed thresholds only the most imminent is sent, and the earlier ones are marked
 * sent with it (someone who joins with 2 days left gets one 「还有 2 天」 reminder, not three). Each
 * key goes once per term (`remindersSent`). No reminder once expired (the expiry notice takes over).
 */
export function dueReminder(
  m: Pick<MembershipRecord, 'status' | 'expiresAt' | 'remindersSent'>,
  reminderDays: number[],
  now: Date,
): DueReminder | null {
  if (m.status !== 'active' || !m.expiresAt) return null
  const left = ms(m.expiresAt) - now.getTime()
  if (left <= 0) return null
  const crossed = normalizeReminderDays(reminderDays)
    .filter((d) => left <= d * DAY_MS)
    .sort((a, b) => a - b)
  if (crossed.length === 0) return null
  const sent = new Set(m.remindersSent ?? [])
  const first = reminderKey(m.expiresAt, crossed[0])
  if (sent.has(first)) return null
  return { daysBefore: crossed[0], keys: crossed.map((d) => reminderKey(m.expiresAt!, d)).filter((k) => !sent.has(k)) }
}

/** Whether the expiry sweep has work on this membership: still `active` with expiresAt passed. */
export function isDueForExpiry(m: Pick<MembershipRecord, 'status' | 'expiresAt'>, now: Date): boolean {
  return m.status === 'active' && !!m.expiresAt && ms(m.expiresAt) <= now.getTime()
}

export const expiredNoticeId = (m: Pick<MembershipRecord, '_id' | 'expiresAt'>) =>
  `expired:${m._id}:${ms(m.expiresAt!)}`
export const reminderNoticeId = (m: Pick<MembershipRecord, '_id' | 'expiresAt'>, daysBefore: number) =>
  `remind:${m._id}:${ms(m.expiresAt!)}:${daysBefore}`

/** 「会员即将到期」: in-app, once per threshold per term. */
export function reminderNotice(
  m: Pick<MembershipRecord, '_id' | 'openid' | 'circleId' | 'expiresAt'>,
  circleName: string,
  daysBefore: number,
  now: Date,
): NewNotification {
  const n = daysLeft(m.expiresAt!, now)
  return {
    id: reminderNoticeId(m, daysBefore),
    openid: m.openid,
    circleId: m.circleId,
    kind: 'expiry_reminder',
    title: '会员即将到期',
    body: `你在「${circleName}」的会员将于 ${formatDate(m.expiresAt!)} 到期，还有 ${n} 天。现在续费从原到期日顺延，不损失天数。`,
    link: renewPath(m.circleId),
  }
}

/** 「会员已到期」: in-app, once per term (the id carries the term's end). */
export function expiredNotice(
  m: Pick<MembershipRecord, '_id' | 'openid' | 'circleId' | 'expiresAt'>,
  circleName: string,
  graceDays: number,
): NewNotification {
  const grace = graceDays > 0 ? `，${graceDays} 天内仍可只读浏览` : ''
  return {
    id: expiredNoticeId(m),
    openid: m.openid,
    circleId: m.circleId,
    kind: 'expired',
    title: '会员已到期',
    body: `你在「${circleName}」的会员已于 ${formatDate(m.expiresAt!)} 到期${grace}。续费后即可恢复发帖、评论等全部功能。`,
    link: renewPath(m.circleId),
  }
}

/** WeChat's `thing` fields take at most 20 characters. */
const thing = (s: string) => {
  const chars = [...s]
  return chars.length <= 20 ? s : `${chars.slice(0, 19).join('')}…`
}

/** The 会员到期提醒 subscription message's data. */
export function renewalMessageData(
  circleName: string,
  expiresAt: Date | string,
  now: Date,
): Record<string, { value: string }> {
  const n = daysLeft(expiresAt, now)
  return {
    thing1: { value: thing(circleName) },
    date2: { value: formatDate(expiresAt) },
    thing3: { value: n > 0 ? `还有${n}天到期，续费不损失天数` : '会员已到期，续费即可恢复' },
  }
}

// ---------- the owner's expiring list ----------

export type ExpiringView = 'pending' | 'renewed'

export interface ExpiringWindow {
  from: Date
  to: Date
}

/** The window of the owner's list: N days either side of now (recently lapsed members are still worth a nudge). */
export function expiringWindow(withinDays: number, now: Date): ExpiringWindow {
  return { from: new Date(now.getTime() - withinDays * DAY_MS), to: new Date(now.getTime() + withinDays * DAY_MS) }
}

/**
 * Where a membership sits in the owner's list for a window, or null:
 * - `pending` (未续费): its term ends inside the window and it is still active or lapsed (expired);
 * - `renewed` (已续费): it was due inside the window (`dueAt`: the term end a reminder or expiry
 *   notice went out for) and now ends after the window, i.e. the member paid again.
 * Left and removed members are in neither.
 */
export function classifyExpiring(
  m: Pick<MembershipRecord, 'status' | 'expiresAt' | 'dueAt'>,
  window: ExpiringWindow,
): ExpiringView | null {
  if (m.status !== 'active' && m.status !== 'expired') return null
  const end = m.expiresAt ? ms(m.expiresAt) : null
  const inside = (t: number) => t >= window.from.getTime() && t <= window.to.getTime()
  if (end !== null && inside(end)) return 'pending'
  if (m.status === 'active' && m.dueAt && inside(ms(m.dueAt)) && (end === null || end > window.to.getTime()))
    return 'renewed'
  return null
}
