/**
 * A day's figures from the raw records of that day, and the nightly run (timer `aggregate`) that
 * keeps them per circle in `statsDaily`, records each member's activity and puts every member in
 * a segment (docs/stats.md). Nothing here is written by the actions being counted: a post, a like
 * or a check-in costs no extra database call for the numbers.
 */
import { ownerAccount } from '../core/money/accounts'
import { PRODUCT_LABELS } from '../core/money/ledger'
import type { CircleRecord } from '../core/records'
import { settingsOf } from '../core/settings'
import {
  addDays,
  addIncome,
  answerMinutes,
  capChannels,
  channelOf,
  classify,
  dailyId,
  dayRange,
  type DayFigures,
  emptyDay,
  type FunnelRow,
  incomeOfJournal,
  MAX_ANSWER_SAMPLES,
  type Segment,
} from '../core/stats'
import { shanghaiDayKey } from '../core/time'
import type { ActionContext } from '../runtime/handler'
import { dayRecords, memberStats, statsDaily, statsJob, statsLive } from '../runtime/repos/stats'
import { ACTIVITY_DAYS_KEPT } from '../core/limits'

const PAID = new Set(['paid', 'refunded', 'partially_refunded'])

export interface DayResult {
  figures: DayFigures
  /** Members active that day, and those who checked in. */
  activeIds: string[]
  checkinIds: string[]
  /** Every source was read to its end (false: today's live read stopped at its page limit). */
  complete: boolean
}

/**
 * The figures of `day` for a circle, from its records in [from, to) (`to` is now for today).
 * `maxPages` bounds each source's reads (today's live dashboard: 1 page each).
 */
export async function computeDay(
  circle: Pick<CircleRecord, '_id'>,
  day: string,
  opts: { to?: Date; maxPages?: number } = {},
): Promise<DayResult> {
  const circleId = circle._id
  const full = dayRange(day)
  const r = { from: full.from, to: opts.to && opts.to < full.to ? opts.to : full.to }
  const mp = opts.maxPages
  const [posts, featured, comments, likes, checkins, members, orders, questions, journals, challenges, live] =
    await Promise.all([
      dayRecords.posts(circleId, r, mp),
      dayRecords.featured(circleId, r),
      dayRecords.comments(circleId, r, mp),
      dayRecords.likes(circleId, r, mp),
      dayRecords.checkins(circleId, r, mp),
      dayRecords.members(circleId, r),
      dayRecords.orders(circleId, r, mp),
      dayRecords.questions(circleId, r, mp),
      dayRecords.journals(ownerAccount(circleId), r, mp),
      dayRecords.challenges(circleId),
      statsLive.get(dailyId(circleId, day)),
    ])
  const f = emptyDay(day)
  f.content.posts = posts.rows.filter((p) => p.status !== 'deleted').length
  f.content.featured = featured
  f.content.comments = comments.rows.filter((c) => c.status !== 'deleted').length
  f.content.likes = likes.rows.length
  f.content.checkins = checkins.rows.length

  const active = new Set<string>()
  for (const p of posts.rows) active.add(p.authorId)
  for (const c of comments.rows) active.add(c.authorId)
  for (const l of likes.rows) active.add(l.openid)
  const checkedIn = new Set<string>()
  for (const c of checkins.rows) {
    active.add(c.openid)
    checkedIn.add(c.openid)
  }
  f.active = active.size

  // check-in rate: each challenge running that day, its check-ins over its participants
  const perChallenge = new Map<string, number>()
  for (const c of checkins.rows) perChallenge.set(c.challengeId, (perChallenge.get(c.challengeId) ?? 0) + 1)
  for (const ch of challenges) {
    const lastDay = addDays(ch.startDay.replace(/-/g, ''), ch.days - 1)
    const running = ch.startDay.replace(/-/g, '') <= day && day <= lastDay
    if (!running && !perChallenge.has(ch._id)) continue
    f.challenges.push({
      challengeId: ch._id,
      title: ch.title,
      checkins: perChallenge.get(ch._id) ?? 0,
      participants: ch.participantCount,
    })
  }

  // orders: made that day (the funnel's orders) and paid that day (paid, renewals) by 渠道
  const funnel = new Map<string, FunnelRow>()
  const row = (channel: string) => {
    const key = channelOf(channel)
    const cur = funnel.get(key) ?? { channel: key, views: 0, taps: 0, orders: 0, paid: 0 }
    funnel.set(key, cur)
    return cur
  }
  for (const o of orders.rows) {
    const created = new Date(o.createdAt)
    if (created >= r.from && created < r.to && o.product.kind === 'entry') row(o.inviteChannel ?? '').orders += 1
    const paidAt = o.paidAt ? new Date(o.paidAt) : null
    if (paidAt && paidAt >= r.from && paidAt < r.to && PAID.has(o.status) && !o.paidAfterClose) {
      if (o.product.kind === 'entry') {
        if (o.renewalTier) f.members.renewed += 1
        else row(o.inviteChannel ?? '').paid += 1
      }
    }
  }
  for (const [field, n] of Object.entries(live?.views ?? {})) row(field).views += n
  for (const [field, n] of Object.entries(live?.taps ?? {})) row(field).taps += n
  f.funnel = capChannels([...funnel.values()])

  f.members.new = members.joined
  f.members.left = members.left
  f.members.expired = members.expired

  f.qa.answered = questions.answered.rows.length
  f.qa.unanswered = questions.unanswered
  f.qa.answerMinutes = questions.answered.rows
    .map((q) => answerMinutes(q))
    .filter((m): m is number => m !== null)
    .slice(0, MAX_ANSWER_SAMPLES)

  // income: what reached the circle's account, by product (its order tells the product)
  const orderIds = [...new Set(journals.rows.map((j) => j.orderId).filter((id): id is string => !!id))]
  const kinds = new Map<string, string>()
  for (const o of orders.rows) kinds.set(o._id, o.product.kind)
  const missing = orderIds.filter((id) => !kinds.has(id))
  for (let i = 0; i < missing.length; i += 1000)
    for (const o of await dayRecords.ordersById(missing.slice(i, i + 1000))) kinds.set(o._id, o.product.kind)
  for (const j of journals.rows) {
    const kind = (j.orderId && kinds.get(j.orderId)) || 'other'
    const line = incomeOfJournal(j, PRODUCT_LABELS[kind as keyof typeof PRODUCT_LABELS] ?? '其他')
    if (line) f.income = addIncome(f.income, [line])
  }

  const complete = [posts, comments, likes, checkins, orders, questions.answered, journals].every((s) => s.complete)
  return { figures: f, activeIds: [...active], checkinIds: [...checkedIn], complete }
}

/** Classifies every active member of a circle for `day`, writing only the changes. Returns the counts. */
export async function classifyMembers(circle: CircleRecord, day: string): Promise<Record<Segment, number>> {
  const rules = settingsOf(circle).segments
  const counts: Record<Segment, number> = { core: 0, potential: 0, silent: 0 }
  let after: { j: number; i: string } | null = null
  for (;;) {
    const page = await memberStats.activePage(circle._id, after)
    const changed: Record<Segment, string[]> = { core: [], potential: [], silent: [] }
    for (const m of page) {
      const s = classify(m, rules, day)
      // the owner is in no segment's count (nobody wins the owner back), though classified alike
      if (m.role !== 'owner') counts[s] += 1
      if (m.segment !== s) changed[s].push(m._id)
    }
    for (const s of Object.keys(changed) as Segment[])
      if (changed[s].length) await memberStats.setSegment(changed[s], s)
    if (page.length < 1000) return counts
    const last = page[page.length - 1]
    after = { j: new Date(last.joinedAt).getTime(), i: last._id }
  }
}

/** One circle's finished day: figures, members' activity, segments, the daily document. */
export async function aggregateCircleDay(circle: CircleRecord, day: string, now: Date): Promise<DayFigures> {
  const result = await computeDay(circle, day)
  await memberStats.recordActivity(circle._id, result.activeIds, day, 'days', ACTIVITY_DAYS_KEPT)
  await memberStats.recordActivity(circle._id, result.checkinIds, day, 'checkinDays', ACTIVITY_DAYS_KEPT)
  const segments = await classifyMembers(circle, day)
  await statsDaily.put({
    _id: dailyId(circle._id, day),
    circleId: circle._id,
    day,
    figures: result.figures,
    segments,
    computedAt: now,
  })
  return result.figures
}

/** Circles per step of a run; a run stops taking new steps after its time budget. */
export const AGGREGATE_BATCH = 20
const RUN_BUDGET_MS = 40_000
/** A run that fell behind catches up at most this many days back. */
const CATCH_UP_DAYS = 7

/**
 * The `aggregate` timer (every 10 minutes): works through the circles for the oldest finished day
 * not done yet, from a cursor in `jobs`, and moves on to the next day when all are done. Once
 * yesterday is done a run costs one read.
 */
export async function runAggregate(
  ctx: ActionContext,
  opts: { budgetMs?: number; batch?: number; maxCircles?: number } = {},
) {
  const started = Date.now()
  const yesterday = addDays(shanghaiDayKey(ctx.now), -1)
  const state = await statsJob.get()
  let day = state?.day ?? yesterday
  let cursor = state?.cursor ?? null
  if (day < addDays(yesterday, -(CATCH_UP_DAYS - 1))) day = addDays(yesterday, -(CATCH_UP_DAYS - 1))
  // a clock moved back (the local cloud's): start again from yesterday rather than wait for the future
  if (day > addDays(yesterday, 1)) {
    day = yesterday
    cursor = null
  }
  const done = { circles: 0, days: [] as string[] }
  const budget = opts.budgetMs ?? RUN_BUDGET_MS
  const size = opts.batch ?? AGGREGATE_BATCH
  const inBudget = () => Date.now() - started < budget && done.circles < (opts.maxCircles ?? Infinity)
  while (day <= yesterday && inBudget()) {
    const batch = await statsJob.circlesAfter(cursor, size)
    let stopped = false
    for (const circle of batch) {
      // each circle is checked against the budget: a large one can take seconds
      if (!inBudget()) {
        stopped = true
        break
      }
      // a circle made after the day, or closed before it, has nothing to count
      const closedBefore = circle.status === 'closed' && !!circle.closedAt && shanghaiDayKey(circle.closedAt) < day
      if (shanghaiDayKey(circle.createdAt) <= day && !closedBefore) await aggregateCircleDay(circle, day, ctx.now)
      cursor = circle._id
      done.circles += 1
    }
    if (!stopped && batch.length < size) {
      done.days.push(day)
      day = addDays(day, 1)
      cursor = null
    }
    await statsJob.put({ day, cursor, updatedAt: ctx.now })
  }
  return done
}
