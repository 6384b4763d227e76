/**
 * Growth tools besides the lottery (docs/growth.md): rewards (a coupon, points, a perk or a free
 * month), the newcomer checklist (新人任务) and invite milestones (邀请里程碑). Pure rules: progress is
 * decided here from facts the function reads from the real records, never from the app.
 */
import { DomainError } from './errors'
import { GROWTH_LIMITS } from './limits'

/** What a lottery prize, a completed checklist or a milestone gives. */
export type Reward =
  | { kind: 'coupon'; amountFen: number }
  | { kind: 'points'; points: number }
  | { kind: 'perk'; perkId: string }
  /** A free month (30 days) of membership, paid circles only. */
  | { kind: 'month' }

export function rewardText(r: Reward, perkTitle?: string | null): string {
  if (r.kind === 'coupon') return `${(r.amountFen / 100).toFixed(2)} 元优惠券`
  if (r.kind === 'points') return `${r.points} 积分`
  if (r.kind === 'perk') return perkTitle ? `权益「${perkTitle}」` : '一项会员权益'
  return `${GROWTH_LIMITS.monthDays} 天会员`
}

/** A coupon code from the cause of the reward: issuing it again is a duplicate key. */
export type Hex = (text: string) => string
export const rewardCouponCode = (cause: string, hex: Hex) => 'GR' + hex(cause).slice(0, 10).toUpperCase()

// ---------- newcomer tasks ----------

export type NewcomerTaskKey = 'intro' | 'checkin' | 'guide' | 'perk'

export const NEWCOMER_TASK_LABELS: Record<NewcomerTaskKey, string> = {
  intro: '发一条自我介绍',
  checkin: '完成第一次打卡',
  guide: '阅读新人指南',
  perk: '领取新人权益',
}

export interface NewcomerSettings {
  enabled: boolean
  /** 自我介绍: a post of one's own carrying this #tag; null: not a task. */
  introTag: string | null
  /** The first check-in in any of the circle's challenges. */
  checkin: boolean
  /** 新人指南: shown in the checklist, read when the member taps 我已读完; null: not a task. */
  guide: { title: string; body: string } | null
  /** The welcome perk to claim; null: not a task. */
  perkId: string | null
  reward: Reward | null
}

export interface MilestoneSettings {
  /** Ascending, distinct invitee counts, each with its reward. */
  milestones: { invitees: number; reward: Reward }[]
}

/** _id = circleId: the owner's growth configuration. */
export interface GrowthSettingsRecord {
  _id: string
  circleId: string
  newcomer: NewcomerSettings
  milestones: MilestoneSettings['milestones']
  updatedBy: string
  updatedAt: Date
}

export const DEFAULT_NEWCOMER: NewcomerSettings = {
  enabled: false,
  introTag: null,
  checkin: false,
  guide: null,
  perkId: null,
  reward: null,
}

/** _id = `${circleId}:${openid}`: a member's 已读 mark and the checklist's reward, given once. */
export interface NewcomerRecord {
  _id: string
  circleId: string
  openid: string
  guideReadAt: Date | null
  rewardedAt: Date | null
  updatedAt: Date
}

export const newcomerId = (circleId: string, openid: string) => `${circleId}:${openid}`

/** Facts read from the records (posts, check-ins, the 已读 mark, perk claims). */
export interface NewcomerFacts {
  introPosted: boolean
  checkedIn: boolean
  guideRead: boolean
  perkClaimed: boolean
}

export function newcomerTasks(s: NewcomerSettings): NewcomerTaskKey[] {
  const keys: NewcomerTaskKey[] = []
  if (s.introTag) keys.push('intro')
  if (s.checkin) keys.push('checkin')
  if (s.guide) keys.push('guide')
  if (s.perkId) keys.push('perk')
  return keys
}

export function newcomerProgress(s: NewcomerSettings, facts: NewcomerFacts): { key: NewcomerTaskKey; done: boolean }[] {
  const done: Record<NewcomerTaskKey, boolean> = {
    intro: facts.introPosted,
    checkin: facts.checkedIn,
    guide: facts.guideRead,
    perk: facts.perkClaimed,
  }
  return newcomerTasks(s).map((key) => ({ key, done: done[key] }))
}

/** The owner's checklist: enabled needs at least one task; a reward is optional. */
export function validateNewcomer(s: NewcomerSettings): NewcomerSettings {
  if (s.enabled && newcomerTasks(s).length === 0) throw new DomainError('growth_no_tasks', undefined, 'tasks')
  return s
}

/** The reward for completing the checklist now: refused while a task is open or once given. */
export function decideNewcomerReward(
  s: NewcomerSettings,
  facts: NewcomerFacts,
  record: NewcomerRecord | null,
): Reward | null {
  if (!s.enabled) throw new DomainError('growth_not_enabled')
  if (record?.rewardedAt) throw new DomainError('growth_already_rewarded')
  if (newcomerProgress(s, facts).some((t) => !t.done)) throw new DomainError('growth_tasks_open')
  return s.reward
}

// ---------- invite milestones ----------

/** _id = `${circleId}:${invitees}:${openid}`: a milestone rewards its inviter once. */
export interface MilestoneRewardRecord {
  _id: string
  circleId: string
  openid: string
  invitees: number
  reward: Reward
  /** The invitees counted when it was given. */
  counted: number
  at: Date
}

export const milestoneRewardId = (circleId: string, invitees: number, openid: string) =>
  `${circleId}:${invitees}:${openid}`

export function validateMilestones(ms: MilestoneSettings['milestones']): MilestoneSettings['milestones'] {
  const sorted = [...ms].sort((a, b) => a.invitees - b.invitees)
  if (new Set(sorted.map((m) => m.invitees)).size !== sorted.length)
    throw new DomainError('invalid_argument', undefined, 'milestones')
  return sorted
}

/** An order as the milestone count sees it. */
export interface InviteOrderFact {
  buyer: string
  referrer: string | null
  kind: string
  status: string
  /** Refunds asked for (pending or done): a refund in progress already takes the buyer out. */
  refunds: number
}

/** Products that make their buyer a paying member. */
const MEMBER_PRODUCTS = new Set(['entry', 'pass'])

/**
 * Paying members `inviter` brought in: distinct buyers of a paid entry or pass order naming them as
 * referrer, not themselves, not refunded (any refund asked for, whole or partial, pending or done, takes the order out).
 */
export function payingInvitees(inviter: string, orders: InviteOrderFact[]): number {
  const buyers = new Set<string>()
  for (const o of orders) {
    if (o.referrer !== inviter || o.buyer === inviter) continue
    if (!MEMBER_PRODUCTS.has(o.kind) || o.status !== 'paid' || o.refunds > 0) continue
    buyers.add(o.buyer)
  }
  return buyers.size
}

/** A milestone may be claimed when the current count reaches it and it was not rewarded before. */
export function decideMilestone(
  ms: MilestoneSettings['milestones'],
  invitees: number,
  count: number,
  already: MilestoneRewardRecord | null,
): Reward {
  const m = ms.find((x) => x.invitees === invitees)
  if (!m) throw new DomainError('not_found', undefined, 'invitees')
  if (already) throw new DomainError('growth_already_rewarded')
  if (count < m.invitees) throw new DomainError('growth_milestone_not_reached')
  return m.reward
}
