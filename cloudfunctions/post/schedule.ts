/**
 * Scheduled posts, drafts and the content calendar (core/schedule.ts; docs/search.md), and the
 * `publishScheduled` timer that publishes each at its minute through the same content checks a
 * post gets when written by hand.
 */
import { assertOpen } from '../core/circle'
import { publishStatus } from '../core/content'
import type { ActionName, OutputOf, ParsedInput, Role } from '../core/contract'
import type { CircleRecord, MembershipRecord } from '../core/records'
import { DomainError, messageFor } from '../core/errors'
import { LIMITS } from '../core/limits'
import { blockMessage, publishBlock } from '../core/moderation'
import { assertCan, can } from '../core/permissions'
import { newPost } from '../core/post'
import {
  assertEditable,
  calendarOf,
  canSeeScheduled,
  monthOf,
  monthSpan,
  publishMinute,
  SCHEDULE_LIMITS,
  scheduledPostId,
  scheduledView,
  scheduleOutcomeNotification,
  type ScheduledPostRecord,
} from '../core/schedule'
import { checkContent } from '../runtime/contentSecurity'
import type { ActionContext } from '../runtime/handler'
import { newId } from '../runtime/ids'
import { notify, notifyPostMentions } from '../runtime/notifications'
import { awardPoints } from '../runtime/points'
import { circles } from '../runtime/repos/circles'
import { publishedPerDay, scheduled as scheduledRepo } from '../runtime/repos/scheduled'
import { accessIn, roleIn } from '../runtime/session'

type In<A extends ActionName<'post'>> = ParsedInput<'post', A>
type Out<A extends ActionName<'post'>> = Promise<OutputOf<'post', A>>

export async function schedule(input: In<'schedule'>, ctx: ActionContext): Out<'schedule'> {
  const [{ role, membership }, circle, existing] = await Promise.all([
    roleIn(input.circleId, ctx.openid, ctx.now),
    circles.get(input.circleId),
    input.scheduledId ? scheduledRepo.get(input.scheduledId) : null,
  ])
  if (!circle) throw new DomainError('not_found', undefined, 'circleId')
  assertCan(role, 'post.schedule')
  assertOpen(circle)
  if (input.scheduledId) {
    assertEditable(existing, ctx.openid)
    if (existing.circleId !== input.circleId) throw new DomainError('not_found', undefined, 'scheduledId')
  }
  const publishAt = publishMinute(input.publishAt, ctx.now)
  const record: ScheduledPostRecord = {
    _id: existing?._id ?? newId(ctx.now),
    circleId: circle._id,
    authorId: ctx.openid,
    author: { ...membership!.user, role, title: membership!.title ?? null },
    text: input.text,
    images: input.images,
    status: publishAt ? 'scheduled' : 'draft',
    publishAt,
    postId: null,
    failReason: null,
    createdAt: existing?.createdAt ?? ctx.now,
    updatedAt: ctx.now,
    publishedAt: null,
  }
  await scheduledRepo.put(record)
  return scheduledView(record)
}

export async function scheduled(input: In<'scheduled'>, ctx: ActionContext): Out<'scheduled'> {
  const { role } = await accessIn(input.circleId, ctx.openid, ctx.now)
  assertCan(role, 'post.schedule')
  const page =
    input.kind === 'drafts'
      ? await scheduledRepo.drafts({
          circleId: input.circleId,
          authorId: ctx.openid,
          cursor: input.cursor,
          limit: LIMITS.pageSize,
        })
      : await scheduledRepo.waiting({ circleId: input.circleId, cursor: input.cursor, limit: LIMITS.pageSize })
  return {
    items: page.rows.filter((r) => canSeeScheduled(r, ctx.openid, role)).map(scheduledView),
    nextCursor: page.nextCursor,
  }
}

export async function unschedule(input: In<'unschedule'>, ctx: ActionContext): Out<'unschedule'> {
  const record = await scheduledRepo.get(input.scheduledId)
  assertEditable(record, ctx.openid)
  const { role } = await roleIn(record.circleId, ctx.openid, ctx.now)
  assertCan(role, 'post.schedule')
  await scheduledRepo.remove(record._id)
  return { removed: true }
}

export async function calendar(input: In<'calendar'>, ctx: ActionContext): Out<'calendar'> {
  const { role } = await accessIn(input.circleId, ctx.openid, ctx.now)
  assertCan(role, 'post.schedule')
  const month = input.month ?? monthOf(ctx.now)
  const { start, end } = monthSpan(month)
  const [records, published] = await Promise.all([
    scheduledRepo.inMonth(input.circleId, start, end),
    publishedPerDay(input.circleId, start, end),
  ])
  return calendarOf(month, records, published)
}

// ---------- the timer ----------

/** Why the author can no longer publish it now, or null. */
function blockedReason(args: {
  circle: CircleRecord | null
  role: Role | null
  membership: MembershipRecord | null
  now: Date
}): string | null {
  const { circle, role, membership, now } = args
  if (!circle || circle.status !== 'active') return messageFor('circle_closed')
  if (!can(role, 'post.schedule')) return '你已不在圈子的管理团队中'
  const block = publishBlock({ access: { role }, membership, circle, now })
  return block ? blockMessage(block) : null
}

async function publishOne(
  r: ScheduledPostRecord,
  now: Date,
): Promise<'published' | 'held' | 'refused' | 'failed' | 'skipped'> {
  const [{ role, membership }, circle] = await Promise.all([
    roleIn(r.circleId, r.authorId, now),
    circles.get(r.circleId),
  ])
  const reason = blockedReason({ circle, role, membership, now })
  if (reason || !circle || !membership) {
    const why = reason ?? messageFor('not_member')
    if (!(await scheduledRepo.settle(r._id, 'failed', why, now))) return 'skipped'
    await notify([scheduleOutcomeNotification(r, 'failed', why)], now)
    return 'failed'
  }
  // The same checks as post.create (docs/content-security.md): risky refused, review held.
  const verdict = await checkContent({ openid: r.authorId, scene: 'post', texts: [r.text], images: r.images })
  if (verdict === 'risky') {
    if (!(await scheduledRepo.settle(r._id, 'refused', messageFor('content_risky'), now))) return 'skipped'
    await notify([scheduleOutcomeNotification(r, 'refused', '')], now)
    return 'refused'
  }
  const gate = publishStatus(verdict, now)
  const held = gate.status === 'held' ? gate.review : undefined
  const post = newPost({
    id: scheduledPostId(r._id),
    circle,
    author: membership,
    text: r.text,
    images: r.images,
    files: [],
    held,
    now,
  })
  const outcome = post.status === 'held' ? 'held' : 'published'
  if (!(await scheduledRepo.publish(r._id, post, outcome, now))) return 'skipped'
  // effects after commit, as post.create has them
  if (outcome === 'held') {
    await notify([scheduleOutcomeNotification({ ...r, postId: post._id }, 'held', '')], now)
  } else {
    await notifyPostMentions(post, now)
    await awardPoints([{ circleId: post.circleId, openid: post.authorId, reason: 'post', refId: post._id }], now)
  }
  return outcome
}

/** Publishes the posts due now, oldest first, a batch per run (the next run takes the rest). */
export async function publishScheduled(ctx: ActionContext) {
  const due = await scheduledRepo.due(ctx.now, SCHEDULE_LIMITS.publishBatch)
  const counts = { published: 0, held: 0, refused: 0, failed: 0, skipped: 0 }
  for (const r of due) counts[await publishOne(r, ctx.now)] += 1
  return { due: due.length, ...counts }
}
