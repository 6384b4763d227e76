/** The `stats` function's contract: the owner's dashboard, member segments, tags and notes, win-back, CSV exports (issue 12; docs/stats.md). */
import { z } from 'zod'
import type { Page, Role } from '../vocabulary'
import type { ChallengeRate, FunnelRow, IncomeRow, Segment, SegmentFilter, SegmentRules } from '../stats'
import { chars, cursor, id } from './base'
import { CRM_LIMITS, SEGMENT_RULE_LIMITS, WINBACK_LIMITS } from '../limits'

const ruleInt = (k: keyof typeof SEGMENT_RULE_LIMITS) =>
  z.number().int().min(SEGMENT_RULE_LIMITS[k][0]).max(SEGMENT_RULE_LIMITS[k][1])
const segment = z.enum(['core', 'potential', 'silent', 'expiring'])
const channel = z.string().trim().max(20)

export const statsInputs = {
  /** The landing page was seen (`view`) or its join button tapped (`tap`): counted once per visitor per day. */
  track: z.strictObject({ circleId: id, kind: z.enum(['view', 'tap']), channel: channel.nullable().default(null) }),
  /** The dashboard: today (live), or the last 7 / 30 finished days. */
  dashboard: z.strictObject({ circleId: id, period: z.enum(['today', '7d', '30d']) }),
  /** Segment counts and the rules that make them. */
  segments: z.strictObject({ circleId: id }),
  saveRules: z.strictObject({
    circleId: id,
    rules: z.strictObject({
      windowDays: ruleInt('windowDays'),
      coreMinDays: ruleInt('coreMinDays'),
      coreStreakDays: ruleInt('coreStreakDays'),
      coreMinTenureDays: ruleInt('coreMinTenureDays'),
      silentDays: ruleInt('silentDays'),
      expiringDays: ruleInt('expiringDays'),
    }),
  }),
  /** The member list: one filter drives the index (segment, tag, channel, expiry, role or a name prefix). */
  members: z.strictObject({
    circleId: id,
    segment: segment.optional(),
    role: z.enum(['owner', 'partner', 'admin', 'guest', 'member']).optional(),
    tag: chars(1, CRM_LIMITS.tagChars).optional(),
    channel: channel.optional(),
    /** expiring: the term ends within the rules' expiringDays; none: no end date. */
    expiry: z.enum(['expiring', 'none']).optional(),
    q: chars(1, 20).optional(),
    cursor,
  }),
  /** The owner's tags and note on a member (only the owner sees or writes them). */
  tagMember: z.strictObject({
    circleId: id,
    openid: id,
    tags: z.array(chars(1, CRM_LIMITS.tagChars)).max(CRM_LIMITS.tags),
    note: chars(0, CRM_LIMITS.noteChars).default(''),
  }),
  /** A personal coupon for each member of a segment, once per member per month. */
  winBack: z.strictObject({
    circleId: id,
    segment,
    amountFen: z.number().int().min(WINBACK_LIMITS.minFen).max(WINBACK_LIMITS.maxFen),
    days: z.number().int().min(WINBACK_LIMITS.minDays).max(WINBACK_LIMITS.maxDays),
    /** The segment is worked a page at a time: the app calls again with nextCursor until null. */
    cursor,
  }),
  /** A reminder to a segment: in-app, and a subscription message where the member granted one. */
  remind: z.strictObject({ circleId: id, segment, text: chars(2, 60), cursor }),
  /** One page of a CSV export (UTF-8; the first page starts with the BOM and the header). */
  export: z.strictObject({
    circleId: id,
    kind: z.enum(['members', 'orders', 'income', 'checkins']),
    /** checkins: the challenge. */
    challengeId: id.optional(),
    cursor,
  }),
} as const

export interface DaySeriesPoint {
  day: string
  newMembers: number
  active: number
  posts: number
  comments: number
  paid: number
  netFen: number
}

export interface DashboardView {
  period: 'today' | '7d' | '30d'
  /** The days the figures cover (yyyymmdd), oldest first. */
  days: string[]
  members: { new: number; renewed: number; expired: number; left: number; net: number; total: number }
  active: { averagePerDay: number; peak: number }
  content: { posts: number; featured: number; comments: number; likes: number; checkins: number }
  challenges: ChallengeRate[]
  qa: { answered: number; unanswered: number; answerRateBps: number | null; medianAnswerMinutes: number | null }
  funnel: FunnelRow[]
  /** Members due in the period (term ended in it) and those of them who renewed. */
  renewal: { due: number; renewed: number; rateBps: number | null }
  income: IncomeRow[]
  /** The last 30 finished days, for the trend lines. */
  series: DaySeriesPoint[]
  /** Today only: a source held more than one page of records, so a figure is a lower bound. */
  partial: boolean
  /** When the nightly run last finished a day for this circle (null: never yet). */
  computedThrough: string | null
}

export interface SegmentsView {
  rules: SegmentRules
  counts: Record<SegmentFilter, number>
  /** The day the stored segments were computed for (null: not yet: everyone counts as potential). */
  computedFor: string | null
}

export interface MemberRow {
  openid: string
  nickname: string
  avatarUrl: string
  role: Role
  joinedAt: string
  expiresAt: string | null
  segment: Segment
  channel: string | null
  lastActiveDay: string | null
  /** Only the owner gets tags and notes; others get empty ones. */
  tags: string[]
  note: string
}

export interface WinBackResult {
  /** Coupons issued now. */
  issued: number
  /** Members who already had this month's win-back coupon. */
  already: number
  /** Subscription messages sent (the rest were told in-app only). */
  messages: number
  nextCursor: string | null
}

export interface ExportPage {
  csv: string
  rows: number
  nextCursor: string | null
}

export interface StatsOutputs {
  track: { counted: boolean }
  dashboard: DashboardView
  segments: SegmentsView
  saveRules: SegmentsView
  members: Page<MemberRow>
  tagMember: MemberRow
  winBack: WinBackResult
  remind: { notified: number; messages: number; nextCursor: string | null }
  export: ExportPage
}
