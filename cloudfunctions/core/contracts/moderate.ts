/** The `moderate` function's contract: 禁言、全员禁言、休息时段、移除、黑名单、举报队列（issue 4）. */
import { z } from 'zod'
import { chars, clockTime, cursor, id } from './base'
import type { Page, UserView } from '../vocabulary'

const MUTE_DURATIONS = ['1h', '1d', '7d', 'forever'] as const
const REPORT_REASONS = ['spam', 'abuse', 'porn', 'illegal', 'fraud', 'other'] as const
const member = { circleId: id, openid: id }

export const moderateInputs = {
  /** Mute one member for 1 h / 1 day / 7 days / for good (team, downwards only). */
  mute: z.strictObject({ ...member, duration: z.enum(MUTE_DURATIONS) }),
  unmute: z.strictObject(member),
  /** The circle's moderation settings (team). */
  settings: z.strictObject({ circleId: id }),
  setSettings: z.strictObject({
    circleId: id,
    muteAll: z.boolean(),
    quietHours: z.strictObject({ start: clockTime, end: clockTime }).nullable(),
    newMemberMuteDays: z.number().int().min(0).max(30),
  }),
  /** Whether the caller may publish in the circle now, and if not why and until when. */
  myStatus: z.strictObject({ circleId: id }),
  /** What removing this member with a refund would give back (owner). */
  refundQuote: z.strictObject(member),
  /** Remove a member; `refund` (owner only) gives back the unused part of their latest term. */
  remove: z.strictObject({ ...member, refund: z.boolean().default(false), reason: chars(0, 100).default('') }),
  /** Remove (if a member) and bar from ever joining again. */
  blacklist: z.strictObject({ ...member, reason: chars(0, 100).default('') }),
  unblacklist: z.strictObject(member),
  blacklisted: z.strictObject({ circleId: id, cursor }),
  /** A member reports a post or a comment. */
  report: z.strictObject({
    kind: z.enum(['post', 'comment']),
    targetId: id,
    reason: z.enum(REPORT_REASONS),
    note: chars(0, 200).default(''),
  }),
  /** The team's queue: open reports, newest first (or the handled ones). */
  reports: z.strictObject({ circleId: id, status: z.enum(['open', 'closed']).default('open'), cursor }),
  /** Delete the reported content with a reason shown to its author, or dismiss the report. */
  resolveReport: z
    .strictObject({
      reportId: z.string().min(1).max(200),
      decision: z.enum(['remove', 'dismiss']),
      reason: chars(0, 100).default(''),
    })
    .refine((r) => r.decision !== 'remove' || r.reason.length > 0, {
      message: 'a removal needs a reason',
      path: ['reason'],
    }),
} as const

export type MuteDurationName = (typeof MUTE_DURATIONS)[number]
export type ReportReasonName = (typeof REPORT_REASONS)[number]

export interface ModerationSettingsView {
  circleId: string
  muteAll: boolean
  quietHours: { start: string; end: string } | null
  newMemberMuteDays: number
}

export interface PublishStatusView {
  /** True when the caller may publish now. */
  canPublish: boolean
  block: {
    code: 'muted' | 'circle_muted' | 'quiet_hours' | 'new_member_muted'
    until: string | null
    message: string
  } | null
}

export interface MuteView {
  openid: string
  /** null: muted for good. */
  until: string | null
  muted: boolean
}

export interface RemoveResult {
  removed: true
  refundFen: number
  orderId: string | null
}

export interface RefundQuoteView {
  refundFen: number
  orderId: string | null
  paidFen: number
  termEndsAt: string | null
}

export interface BlacklistEntryView {
  openid: string
  nickname: string
  avatarUrl: string
  reason: string
  by: string
  createdAt: string
}

export interface ReportView {
  id: string
  circleId: string
  kind: 'post' | 'comment'
  targetId: string
  postId: string
  excerpt: string
  author: UserView
  reporter: UserView
  reason: ReportReasonName
  reasonLabel: string
  note: string
  status: 'open' | 'removed' | 'dismissed'
  createdAt: string
  resolution: string | null
}

export interface ModerateOutputs {
  mute: MuteView
  unmute: MuteView
  settings: ModerationSettingsView
  setSettings: ModerationSettingsView
  myStatus: PublishStatusView
  refundQuote: RefundQuoteView
  remove: RemoveResult
  blacklist: { blacklisted: true }
  unblacklist: { blacklisted: false }
  blacklisted: Page<BlacklistEntryView>
  report: ReportView
  reports: Page<ReportView>
  resolveReport: ReportView
}
