/** The `growth` function's contract: 新人任务 and 邀请里程碑 (issue 13; docs/growth.md). */
import { z } from 'zod'
import type { NewcomerTaskKey, Reward } from '../growth'
import { GROWTH_LIMITS as G } from '../limits'
import { chars, id, tag } from './base'

export const reward = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('coupon'), amountFen: z.number().int().min(100).max(100_000) }),
  z.strictObject({ kind: z.literal('points'), points: z.number().int().min(1).max(G.maxRewardPoints) }),
  z.strictObject({ kind: z.literal('perk'), perkId: id }),
  z.strictObject({ kind: z.literal('month') }),
])

export const growthInputs = {
  /** The caller's newcomer checklist, progress read from the records (and the team's settings). */
  newcomer: z.strictObject({ circleId: id }),
  /** The owner sets the checklist. */
  saveNewcomer: z.strictObject({
    circleId: id,
    enabled: z.boolean(),
    introTag: tag.nullable(),
    checkin: z.boolean(),
    guide: z.strictObject({ title: chars(1, G.guideTitleChars), body: chars(1, G.guideBodyChars) }).nullable(),
    perkId: id.nullable(),
    reward: reward.nullable(),
  }),
  /** 我已读完 on the 新人指南. */
  readGuide: z.strictObject({ circleId: id }),
  /** The checklist's reward, once every task is done (checked again on the server). */
  claimNewcomer: z.strictObject({ circleId: id }),
  /** The caller's paying invitees and the circle's milestones. */
  milestones: z.strictObject({ circleId: id }),
  saveMilestones: z.strictObject({
    circleId: id,
    milestones: z
      .array(z.strictObject({ invitees: z.number().int().min(1).max(G.maxMilestoneInvitees), reward }))
      .max(G.milestones),
  }),
  claimMilestone: z.strictObject({ circleId: id, invitees: z.number().int().min(1).max(G.maxMilestoneInvitees) }),
} as const

export interface RewardView {
  reward: Reward
  /** e.g. 20.00 元优惠券, 100 积分, 权益「…」, 30 天会员 */
  text: string
}

export interface NewcomerView {
  enabled: boolean
  /** Show the card: enabled, a member, and the reward not given yet. */
  show: boolean
  tasks: { key: NewcomerTaskKey; title: string; done: boolean }[]
  introTag: string | null
  guide: { title: string; body: string } | null
  perkId: string | null
  reward: RewardView | null
  rewarded: boolean
  /** Settings as saved, for the team's form. */
  canManage: boolean
  checkin: boolean
}

export interface MilestonesView {
  /** Paying members the caller brought in who still count (not refunded, not themselves). */
  count: number
  milestones: { invitees: number; reward: RewardView; reached: boolean; claimed: boolean }[]
  canManage: boolean
}

export interface GrowthOutputs {
  newcomer: NewcomerView
  saveNewcomer: NewcomerView
  readGuide: NewcomerView
  claimNewcomer: NewcomerView & { given: RewardView | null }
  milestones: MilestonesView
  saveMilestones: MilestonesView
  claimMilestone: MilestonesView
}
