/**
 * Scheduled posts, drafts and the content calendar (issue 12 item 5; docs/search.md "Scheduled
 * posts"). The owner and admins (post.schedule) write a post now and have the `publishScheduled`
 * timer publish it at a minute up to 14 days ahead, or keep it as a draft.
 *
 * Who sees what: a draft is its author's alone; a scheduled post is seen by the whole team (so
 * two admins do not schedule the same announcement), and only its author edits or deletes it.
 */
import type { CalendarDay, CalendarView, ScheduledStatus, ScheduledView } from './contracts/post'
import type { Role } from './vocabulary'
import { DomainError } from './errors'
import { isTeam } from './permissions'
import { extractTags } from './post'
import type { NewNotification } from './notifications'
import type { UserSnapshot } from './records'
import { inShanghai, SHANGHAI_OFFSET_MINUTES } from './time'

export const SCHEDULE_LIMITS = {
  /** How far ahead a post may be scheduled. */
  maxDaysAhead: 14,
  /** Scheduled posts the timer publishes per run (each costs about ten calls). */
  publishBatch: 20,
} as const

const MINUTE = 60_000
const DAY = 86_400_000

export interface ScheduledPostRecord {
  _id: string
  circleId: string
  authorId: string
  author: UserSnapshot & { role: Role; title?: string | null }
  text: string
  images: string[]
  status: ScheduledStatus
  /** The minute to publish at (null for a draft). */
  publishAt: Date | null
  /** The post it became: always scheduledPostId(_id), so two racing timer runs write one post. */
  postId: string | null
  failReason: string | null
  createdAt: Date
  updatedAt: Date
  publishedAt: Date | null
}

/** The post a scheduled record becomes: derived from it, so publishing it twice is one post. */
export const scheduledPostId = (scheduledId: string): string => `${scheduledId}-post`

/**
 * When a scheduled post goes out: the minute asked for (seconds dropped), after now and at most
 * 14 days ahead. null (a draft) stays null.
 */
export function publishMinute(publishAt: string | null, now: Date): Date | null {
  if (publishAt === null) return null
  const at = new Date(Math.floor(new Date(publishAt).getTime() / MINUTE) * MINUTE)
  if (at.getTime() <= now.getTime()) throw new DomainError('schedule_too_soon', undefined, 'publishAt')
  if (at.getTime() > now.getTime() + SCHEDULE_LIMITS.maxDaysAhead * DAY)
    throw new DomainError('schedule_too_far', undefined, 'publishAt')
  return at
}

/** Only drafts and posts still waiting may be edited or deleted, and only by their author. */
export function assertEditable(
  record: ScheduledPostRecord | null,
  caller: string,
): asserts record is ScheduledPostRecord {
  if (!record || record.authorId !== caller) throw new DomainError('not_found', undefined, 'scheduledId')
  if (record.status !== 'draft' && record.status !== 'scheduled')
    throw new DomainError('schedule_not_editable', undefined, 'scheduledId')
}

/** A draft: its author only. Anything else: the team (it is the circle's publishing plan). */
export function canSeeScheduled(
  record: Pick<ScheduledPostRecord, 'status' | 'authorId'>,
  caller: string,
  role: Role | null,
): boolean {
  if (record.status === 'draft') return record.authorId === caller
  return isTeam(role)
}

export function scheduledView(r: ScheduledPostRecord): ScheduledView {
  return {
    id: r._id,
    circleId: r.circleId,
    author: { openid: r.authorId, ...r.author },
    text: r.text,
    images: r.images,
    tags: extractTags(r.text),
    status: r.status,
    publishAt: r.publishAt ? new Date(r.publishAt).toISOString() : null,
    postId: r.postId,
    failReason: r.failReason,
    updatedAt: new Date(r.updatedAt).toISOString(),
  }
}

/** The instants a Shanghai month spans: [start, end). month is yyyymm. */
export function monthSpan(month: string): { start: Date; end: Date } {
  const year = Number(month.slice(0, 4))
  const m = Number(month.slice(4, 6))
  if (!/^\d{6}$/.test(month) || m < 1 || m > 12) throw new DomainError('invalid_argument', undefined, 'month')
  // midnight in Shanghai of the first of this month and of the next (Date.UTC rolls 13 into January)
  const offsetMs = SHANGHAI_OFFSET_MINUTES * 60_000
  return { start: new Date(Date.UTC(year, m - 1, 1) - offsetMs), end: new Date(Date.UTC(year, m, 1) - offsetMs) }
}

export const monthOf = (now: Date): string => inShanghai(now).format('YYYYMM')

/** The Shanghai day (YYYY-MM-DD) of an instant. */
export const calendarDayOf = (instant: Date | string): string => inShanghai(instant).format('YYYY-MM-DD')

/**
 * The calendar of a month: every day, with its scheduled posts (in publishing order) and how many
 * posts the circle published that day (`published`: day → count, computed by the database).
 */
export function calendarOf(
  month: string,
  scheduled: ScheduledPostRecord[],
  published: Record<string, number>,
): CalendarView {
  const { start, end } = monthSpan(month)
  const days: CalendarDay[] = []
  for (let t = start.getTime(); t < end.getTime(); t += DAY) {
    const day = calendarDayOf(new Date(t))
    days.push({
      day,
      scheduled: scheduled
        .filter((r) => r.publishAt && calendarDayOf(r.publishAt) === day)
        .sort((a, b) => new Date(a.publishAt!).getTime() - new Date(b.publishAt!).getTime())
        .map(scheduledView),
      publishedCount: published[day] ?? 0,
    })
  }
  return { month, days }
}

/** What the timer tells the author when a scheduled post did not simply go out (held, refused, failed). */
export function scheduleOutcomeNotification(
  r: ScheduledPostRecord,
  outcome: 'held' | 'refused' | 'failed',
  reason: string,
): NewNotification {
  const excerpt = [...r.text].slice(0, 20).join('') || '图片动态'
  const title = { held: '定时动态已提交审核', refused: '定时动态未能发布', failed: '定时动态未能发布' }[outcome]
  const body = {
    held: `「${excerpt}」需要人工审核，通过后会显示在圈子里`,
    refused: `「${excerpt}」未通过内容安全检测，没有发布`,
    failed: `「${excerpt}」没有发布：${reason}`,
  }[outcome]
  return {
    id: `schedule:${r._id}:${outcome}`,
    openid: r.authorId,
    circleId: r.circleId,
    kind: outcome === 'held' ? 'content_held' : outcome === 'refused' ? 'content_removed' : 'system',
    title,
    body,
    link:
      outcome === 'held' && r.postId
        ? `/packageCircle/pages/post/index?id=${r.postId}`
        : `/packageCircle/pages/schedule/index?circleId=${r.circleId}`,
  }
}
