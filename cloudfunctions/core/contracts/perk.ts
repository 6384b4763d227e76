/** The `perk` function's contract: 会员权益、积分、荣誉称号 (issue 5 items 6, 7). */
import { z } from 'zod'
import type { Page, UserView } from '../vocabulary'
import type { PerkEligibility, PerkKind } from '../perks'
import type { PointReason } from '../settings'
import { chars, cursor, id } from './base'

const eligibility = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('all') }),
  z.strictObject({ kind: z.literal('tenure'), minDays: z.number().int().min(1).max(3650) }),
  z.strictObject({ kind: z.literal('pass') }),
])
const weight = z.number().int().min(0).max(100)

export const perkInputs = {
  /** The circle's perks, with the caller's claim on each. */
  list: z.strictObject({ circleId: id }),
  /** Creates (no perkId) or edits a perk; `codes` are added to a codes perk's pool. */
  save: z
    .strictObject({
      circleId: id,
      perkId: id.optional(),
      title: chars(2, 30),
      description: chars(0, 500).default(''),
      kind: z.enum(['codes', 'link', 'offline', 'course']),
      link: z.string().trim().url().max(500).or(z.literal('')).default(''),
      courseId: id.nullable().default(null),
      eligibility,
      stock: z.number().int().min(1).max(100_000).nullable().default(null),
      codes: z.array(z.string().trim().min(1).max(64)).max(1000).default([]),
    })
    .refine((p) => p.kind !== 'link' || p.link !== '', { message: 'a link perk needs a link', path: ['link'] })
    .refine((p) => p.kind !== 'course' || !!p.courseId, {
      message: 'a course perk needs a course',
      path: ['courseId'],
    }),
  archive: z.strictObject({ perkId: id }),
  claim: z.strictObject({ perkId: id }),
  /** Who claimed a perk (the owner's view), newest first. */
  claims: z.strictObject({ perkId: id, cursor }),
  /** The monthly points leaderboard (month: yyyymm in Asia/Shanghai; default this month) and the caller's own figures. */
  leaderboard: z.strictObject({
    circleId: id,
    month: z
      .string()
      .regex(/^\d{6}$/)
      .optional(),
  }),
  pointsSettings: z.strictObject({ circleId: id }),
  setPointsSettings: z.strictObject({
    circleId: id,
    weights: z.strictObject({ post: weight, featured: weight, answer: weight, checkin: weight, invite: weight }),
    titles: z.array(z.strictObject({ name: chars(1, 8), minPoints: z.number().int().min(1).max(1_000_000) })).max(10),
  }),
  /** The owner grants a member a title (null takes it back; the threshold title shows again). */
  grantTitle: z.strictObject({ circleId: id, openid: id, title: chars(1, 8).nullable() }),
} as const

export interface PerkView {
  id: string
  circleId: string
  title: string
  description: string
  kind: PerkKind
  eligibility: PerkEligibility
  /** e.g. 入圈满 30 天可领 */
  eligibilityText: string
  stock: number | null
  claimedCount: number
  /** null: unlimited. */
  remaining: number | null
  status: 'active' | 'archived'
  /** Whether the caller may claim now, and why not (an error code from the table). */
  claimable: boolean
  blockedBy: string | null
  /** The caller's claim, with what it gave them. */
  claim: PerkClaimView | null
  courseId: string | null
}

export interface PerkClaimView {
  perkId: string
  claimedAt: string
  /** codes: the redeem code; offline: the code to show on site. */
  code: string | null
  /** link perks: the link. */
  link: string | null
  courseId: string | null
}

export interface PerkClaimRow {
  user: UserView
  code: string | null
  claimedAt: string
}

export interface LeaderboardRow {
  rank: number
  user: UserView
  points: number
  title: string | null
}

export interface Leaderboard {
  circleId: string
  month: string
  items: LeaderboardRow[]
  me: { monthPoints: number; totalPoints: number; rank: number | null; title: string | null } | null
  canGrant: boolean
}

export interface PointsSettingsView {
  circleId: string
  weights: Record<PointReason, number>
  titles: { name: string; minPoints: number }[]
}

export interface PerkOutputs {
  list: PerkView[]
  save: PerkView
  archive: PerkView
  claim: PerkView
  claims: Page<PerkClaimRow>
  leaderboard: Leaderboard
  pointsSettings: PointsSettingsView
  setPointsSettings: PointsSettingsView
  grantTitle: { openid: string; title: string | null }
}
