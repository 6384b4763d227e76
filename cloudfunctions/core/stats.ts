/**
 * The owner's numbers (docs/stats.md): a day's figures computed from the raw records of that day,
 * figures over a period added up from days, member segments by rules the owner tunes, and the CSV
 * rows of the exports. Pure: days and clocks come in as arguments.
 */
import { DomainError } from './errors'
import type { Entry } from './money/accounts'
import { BUYER_PAYMENTS, CHANNEL_FEE, PLATFORM_FEE, REFUNDS } from './money/accounts'
import { inShanghai, shanghaiDayKey } from './time'
import { CRM_LIMITS, SEGMENT_RULE_LIMITS } from './limits'

const DAY_MS = 86_400_000

// ---------- days (Asia/Shanghai, yyyymmdd) ----------

/** [start, end) of a Shanghai day given as yyyymmdd. */
export function dayRange(day: string): { from: Date; to: Date } {
  if (!/^\d{8}$/.test(day)) throw new Error(`bad day ${day}`)
  const from = new Date(`${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}T00:00:00+08:00`)
  return { from, to: new Date(from.getTime() + DAY_MS) }
}

/** The day `n` days after `day` (negative: before). */
export function addDays(day: string, n: number): string {
  return shanghaiDayKey(dayRange(day).from.getTime() + n * DAY_MS)
}

/** The last `n` days ending with `lastDay`, oldest first. */
export function daysEnding(lastDay: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => addDays(lastDay, i - n + 1))
}

export const dayLabel = (day: string) => `${day.slice(4, 6)}-${day.slice(6, 8)}`

// ---------- a day's figures ----------

/** The 渠道 of a visit or an order with none: came straight to the page. */
export const DIRECT_CHANNEL = '直接访问'
/** Funnel channels kept apart per day; the rest are added up as 其他. */
export const MAX_CHANNELS = 20
export const OTHER_CHANNEL = '其他'

export interface FunnelRow {
  channel: string
  views: number
  taps: number
  orders: number
  paid: number
}

export interface IncomeRow {
  kind: string
  grossFen: number
  refundFen: number
  feeFen: number
  /** What stays with the circle's people (owner, partners, referrers): gross − refunds − fees. */
  netFen: number
}

export interface ChallengeDay {
  challengeId: string
  title: string
  checkins: number
  participants: number
}

/** What one day holds. Counts are of records created that day (Shanghai), as of the aggregation. */
export interface DayFigures {
  day: string
  members: { new: number; renewed: number; expired: number; left: number }
  /** Distinct members who posted, commented, liked or checked in. */
  active: number
  content: { posts: number; featured: number; comments: number; likes: number; checkins: number }
  challenges: ChallengeDay[]
  /** Questions answered that day and their minutes from payment (or asking) to answer. */
  qa: { answered: number; unanswered: number; answerMinutes: number[] }
  /** views/taps come from the landing counters; orders/paid from the day's orders. */
  funnel: FunnelRow[]
  income: IncomeRow[]
}

export const emptyDay = (day: string): DayFigures => ({
  day,
  members: { new: 0, renewed: 0, expired: 0, left: 0 },
  active: 0,
  content: { posts: 0, featured: 0, comments: 0, likes: 0, checkins: 0 },
  challenges: [],
  qa: { answered: 0, unanswered: 0, answerMinutes: [] },
  funnel: [],
  income: [],
})

/** Answer times kept per day: enough for a median, bounded in size. */
export const MAX_ANSWER_SAMPLES = 500

export const channelOf = (c: string | null | undefined) => (c && c.trim() ? c.trim() : DIRECT_CHANNEL)

/** Minutes from the moment a question could be answered (paid, or asked when free) to its answer. */
export function answerMinutes(q: {
  createdAt: Date | string
  paidAt: Date | string | null
  answeredAt: Date | string | null
}): number | null {
  if (!q.answeredAt) return null
  const from = new Date(q.paidAt ?? q.createdAt).getTime()
  return Math.max(0, Math.round((new Date(q.answeredAt).getTime() - from) / 60_000))
}

/** A journal touching a circle's account, reduced to one income row (null when it is not income). */
export function incomeOfJournal(j: { kind: string; entries: Entry[] }, productKind: string): IncomeRow | null {
  if (j.kind !== 'payment' && j.kind !== 'refund') return null
  const sum = (account: string) => j.entries.filter((e) => e.account === account).reduce((s, e) => s + e.amountFen, 0)
  const grossFen = 0 - sum(BUYER_PAYMENTS) || 0
  const refundFen = sum(REFUNDS)
  const feeFen = sum(PLATFORM_FEE) + sum(CHANNEL_FEE)
  return { kind: productKind, grossFen, refundFen, feeFen, netFen: grossFen - refundFen - feeFen }
}

export function addIncome(rows: IncomeRow[], more: IncomeRow[]): IncomeRow[] {
  const byKind = new Map(rows.map((r) => [r.kind, { ...r }]))
  for (const r of more) {
    const cur = byKind.get(r.kind)
    if (!cur) byKind.set(r.kind, { ...r })
    else {
      cur.grossFen += r.grossFen
      cur.refundFen += r.refundFen
      cur.feeFen += r.feeFen
      cur.netFen += r.netFen
    }
  }
  return [...byKind.values()].sort((a, b) => b.netFen - a.netFen || a.kind.localeCompare(b.kind))
}

export function addFunnel(rows: FunnelRow[], more: FunnelRow[]): FunnelRow[] {
  const byChannel = new Map(rows.map((r) => [r.channel, { ...r }]))
  for (const r of more) {
    const cur = byChannel.get(r.channel) ?? { channel: r.channel, views: 0, taps: 0, orders: 0, paid: 0 }
    cur.views += r.views
    cur.taps += r.taps
    cur.orders += r.orders
    cur.paid += r.paid
    byChannel.set(r.channel, cur)
  }
  return [...byChannel.values()].sort(
    (a, b) => b.views - a.views || b.paid - a.paid || a.channel.localeCompare(b.channel),
  )
}

/** At most MAX_CHANNELS channels; the smallest are added up as 其他. */
export function capChannels(rows: FunnelRow[]): FunnelRow[] {
  const sorted = addFunnel([], rows)
  if (sorted.length <= MAX_CHANNELS) return sorted
  const rest = sorted.slice(MAX_CHANNELS - 1).map((r) => ({ ...r, channel: OTHER_CHANNEL }))
  return addFunnel(sorted.slice(0, MAX_CHANNELS - 1), rest)
}

export function median(xs: number[]): number | null {
  if (xs.length === 0) return null
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid] : Math.round((s[mid - 1] + s[mid]) / 2)
}

/** A rate in basis points (0–10000), or null when there is nothing to divide by. */
export const rateBps = (part: number, whole: number): number | null =>
  whole > 0 ? Math.round((part * 10_000) / whole) : null

export interface ChallengeRate {
  challengeId: string
  title: string
  checkins: number
  /** Participant-days: participants summed over the days of the period. */
  possible: number
  rateBps: number | null
}

/** Period totals added up from its days (the dashboard's 7 d / 30 d, and today on its own). */
export interface PeriodFigures {
  members: { new: number; renewed: number; expired: number; left: number; net: number }
  /** Distinct members active on the average day of the period, and on its busiest day. */
  active: { averagePerDay: number; peak: number }
  content: { posts: number; featured: number; comments: number; likes: number; checkins: number }
  challenges: ChallengeRate[]
  qa: { answered: number; unanswered: number; answerRateBps: number | null; medianAnswerMinutes: number | null }
  funnel: FunnelRow[]
  income: IncomeRow[]
}

export function sumDays(days: DayFigures[]): PeriodFigures {
  const members = { new: 0, renewed: 0, expired: 0, left: 0, net: 0 }
  const content = { posts: 0, featured: 0, comments: 0, likes: 0, checkins: 0 }
  const challenges = new Map<string, ChallengeRate>()
  let answered = 0
  let unanswered = 0
  const minutes: number[] = []
  let funnel: FunnelRow[] = []
  let income: IncomeRow[] = []
  let activeSum = 0
  let peak = 0
  for (const d of days) {
    members.new += d.members.new
    members.renewed += d.members.renewed
    members.expired += d.members.expired
    members.left += d.members.left
    for (const k of Object.keys(content) as (keyof typeof content)[]) content[k] += d.content[k]
    for (const c of d.challenges) {
      const cur = challenges.get(c.challengeId) ?? {
        challengeId: c.challengeId,
        title: c.title,
        checkins: 0,
        possible: 0,
        rateBps: null,
      }
      cur.checkins += c.checkins
      cur.possible += c.participants
      challenges.set(c.challengeId, cur)
    }
    answered += d.qa.answered
    unanswered += d.qa.unanswered
    minutes.push(...d.qa.answerMinutes)
    funnel = addFunnel(funnel, d.funnel)
    income = addIncome(income, d.income)
    activeSum += d.active
    peak = Math.max(peak, d.active)
  }
  members.net = members.new - members.left - members.expired
  return {
    members,
    active: { averagePerDay: days.length ? Math.round(activeSum / days.length) : 0, peak },
    content,
    challenges: [...challenges.values()].map((c) => ({ ...c, rateBps: rateBps(c.checkins, c.possible) })),
    qa: {
      answered,
      unanswered,
      answerRateBps: rateBps(answered, answered + unanswered),
      medianAnswerMinutes: median(minutes),
    },
    funnel: capChannels(funnel),
    income,
  }
}

// ---------- landing counters ----------

export type VisitKind = 'view' | 'tap'

/** One visitor's view (or join tap) of a circle's landing page on a day: counted once. */
export const visitId = (circleId: string, day: string, kind: VisitKind, openid: string) =>
  `${circleId}:${day}:${kind}:${openid}`
export const dailyId = (circleId: string, day: string) => `${circleId}:${day}`

/** A channel as a field name of the day's counters (no dots or dollar signs in a field name). */
export const channelField = (channel: string) => channel.replace(/[.$\s]/g, '_').slice(0, 40)

// ---------- segments ----------

export type Segment = 'core' | 'potential' | 'silent'
export type SegmentFilter = Segment | 'expiring'
export const SEGMENT_LABELS: Record<SegmentFilter, string> = {
  core: '核心成员',
  potential: '潜力成员',
  silent: '沉默成员',
  expiring: '即将到期',
}

/**
 * The owner's rules (circle settings `segments`):
 * - core: active on ≥ coreMinDays of the last windowDays, or a check-in streak of ≥ coreStreakDays,
 *   and a member for ≥ coreMinTenureDays;
 * - silent: no activity in the last silentDays, and a member for at least as long;
 * - potential: everyone else (new members, occasional ones);
 * - expiring soon: a term that ends within expiringDays (any of the above as well).
 */
export interface SegmentRules {
  windowDays: number
  coreMinDays: number
  coreStreakDays: number
  coreMinTenureDays: number
  silentDays: number
  expiringDays: number
}

export const DEFAULT_SEGMENT_RULES: SegmentRules = {
  windowDays: 30,
  coreMinDays: 8,
  coreStreakDays: 7,
  coreMinTenureDays: 0,
  silentDays: 14,
  expiringDays: 7,
}

export function validateSegmentRules(rules: SegmentRules): SegmentRules {
  for (const [k, [min, max]] of Object.entries(
    SEGMENT_RULE_LIMITS satisfies Record<keyof SegmentRules, readonly [number, number]>,
  ) as [keyof SegmentRules, readonly [number, number]][]) {
    const v = rules[k]
    if (!Number.isInteger(v) || v < min || v > max) throw new DomainError('invalid_argument', undefined, k)
  }
  if (rules.coreMinDays > rules.windowDays) throw new DomainError('invalid_argument', undefined, 'coreMinDays')
  return { ...rules }
}

/** A member's activity as the nightly run keeps it on the membership (days ascending, ≤ 60 each). */
export interface MemberActivity {
  lastDay: string | null
  /** Days with any activity (posted, commented, liked, checked in). */
  days: string[]
  /** Days with a check-in. */
  checkinDays: string[]
  /** The last day recorded in checkinDays (the run's guard against counting a day twice). */
  lastCheckinDay?: string | null
}

/** Consecutive days ending on `today` or the day before (a streak is not broken before the day ends). */
export function streakOf(days: string[], today: string): number {
  const set = new Set(days)
  let day = set.has(today) ? today : addDays(today, -1)
  let n = 0
  while (set.has(day)) {
    n += 1
    day = addDays(day, -1)
  }
  return n
}

/** Whole days between joining and `today` (both Shanghai days). */
export function tenureDays(joinedAt: Date | string, today: string): number {
  return Math.round((dayRange(today).from.getTime() - dayRange(shanghaiDayKey(joinedAt)).from.getTime()) / DAY_MS)
}

/**
 * The segment of a member on `today` (the last finished day when the nightly run classifies):
 * boundaries are inclusive (exactly coreMinDays active days is core; exactly silentDays without
 * activity is silent).
 */
export function classify(
  m: { joinedAt: Date | string; activity?: MemberActivity | null },
  rules: SegmentRules,
  today: string,
): Segment {
  const a = m.activity ?? { lastDay: null, days: [], checkinDays: [] }
  const tenure = tenureDays(m.joinedAt, today)
  const windowStart = addDays(today, -(rules.windowDays - 1))
  const activeInWindow = a.days.filter((d) => d >= windowStart && d <= today).length
  const streak = streakOf(a.checkinDays, today)
  if (tenure >= rules.coreMinTenureDays && (activeInWindow >= rules.coreMinDays || streak >= rules.coreStreakDays))
    return 'core'
  const quietSince = a.lastDay ?? shanghaiDayKey(m.joinedAt)
  const quietDays = tenureDaysBetween(quietSince, today)
  if (tenure >= rules.silentDays && quietDays >= rules.silentDays) return 'silent'
  return 'potential'
}

const tenureDaysBetween = (from: string, to: string) =>
  Math.round((dayRange(to).from.getTime() - dayRange(from).from.getTime()) / DAY_MS)

// ---------- owner's tags and notes ----------

export function normalizeTags(tags: string[]): string[] {
  const out = [...new Set(tags.map((t) => t.trim()).filter(Boolean))]
  if (out.length > CRM_LIMITS.tags) throw new DomainError('invalid_argument', undefined, 'tags')
  return out
}

// ---------- win-back ----------

/** One win-back coupon per member per calendar month (Shanghai): the id of a campaign month. */
export const winBackMonth = (now: Date) => inShanghai(now).format('YYYYMM')
