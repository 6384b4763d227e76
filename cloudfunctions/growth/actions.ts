/** The `growth` function's actions (contract: core/contracts/growth.ts; rules: core/growth.ts). */
import { accessAt } from '../core/access'
import { assertPasses } from '../core/content'
import type { ActionName, OutputOf, ParsedInput } from '../core/contract'
import type { MilestonesView, NewcomerView, RewardView } from '../core/contracts/growth'
import { DomainError } from '../core/errors'
import {
  DEFAULT_NEWCOMER,
  NEWCOMER_TASK_LABELS,
  decideMilestone,
  decideNewcomerReward,
  milestoneRewardId,
  newcomerProgress,
  payingInvitees,
  rewardText,
  validateMilestones,
  validateNewcomer,
  type GrowthSettingsRecord,
  type NewcomerFacts,
  type Reward,
} from '../core/growth'
import { assertCan, can } from '../core/permissions'
import type { CircleRecord } from '../core/records'
import { checkContent } from '../runtime/contentSecurity'
import type { ActionContext } from '../runtime/handler'
import { notify } from '../runtime/notifications'
import { circles, memberships } from '../runtime/repos/circles'
import {
  growthFacts,
  growthSettings,
  milestoneRewards,
  newcomers,
  type RewardGrantRecord,
} from '../runtime/repos/growth'
import { perks } from '../runtime/repos/perks'
import { grantReward } from '../runtime/rewards'

type In<A extends ActionName<'growth'>> = ParsedInput<'growth', A>
type Out<A extends ActionName<'growth'>> = Promise<OutputOf<'growth', A>>

async function accessIn(circleId: string, ctx: ActionContext) {
  const [circle, membership] = await Promise.all([
    circles.get(circleId),
    ctx.caller ? memberships.get(circleId, ctx.caller) : Promise.resolve(null),
  ])
  if (!circle) throw new DomainError('not_found', undefined, 'circleId')
  return { circle, membership, access: accessAt(membership, circle, ctx.now) }
}

async function settingsFor(circleId: string): Promise<GrowthSettingsRecord> {
  return (
    (await growthSettings.get(circleId)) ?? {
      _id: circleId,
      circleId,
      newcomer: DEFAULT_NEWCOMER,
      milestones: [],
      updatedBy: '',
      updatedAt: new Date(0),
    }
  )
}

async function rewardView(reward: Reward): Promise<RewardView> {
  const perk = reward.kind === 'perk' ? await perks.get(reward.perkId) : null
  return { reward, text: rewardText(reward, perk?.title) }
}

/** A reward the team configures: a perk of this circle, a free month only where membership is sold by the term. */
async function assertRewardFits(reward: Reward | null, circle: CircleRecord): Promise<void> {
  if (!reward) return
  if (reward.kind === 'perk') {
    const perk = await perks.get(reward.perkId)
    if (!perk || perk.circleId !== circle._id || perk.status !== 'active')
      throw new DomainError('not_found', undefined, 'perkId')
  }
  if (reward.kind === 'month' && !circle.pricing?.entry) throw new DomainError('growth_month_needs_paid')
}

// ---------- newcomer tasks ----------

async function factsOf(circleId: string, openid: string, s: GrowthSettingsRecord['newcomer']) {
  const [introPosted, checkinDays, record, perkClaim] = await Promise.all([
    s.introTag ? growthFacts.postedWithTag(circleId, openid, s.introTag) : Promise.resolve(false),
    s.checkin ? growthFacts.checkinDays(circleId, openid, 1) : Promise.resolve(0),
    newcomers.get(circleId, openid),
    s.perkId ? perks.claim(s.perkId, openid) : Promise.resolve(null),
  ])
  const facts: NewcomerFacts = {
    introPosted,
    checkedIn: checkinDays > 0,
    guideRead: !!record?.guideReadAt,
    perkClaimed: !!perkClaim,
  }
  return { facts, record }
}

async function newcomerView(circleId: string, ctx: ActionContext, canManage: boolean, isMember: boolean) {
  const settings = (await settingsFor(circleId)).newcomer
  const { facts, record } = ctx.caller
    ? await factsOf(circleId, ctx.openid, settings)
    : { facts: { introPosted: false, checkedIn: false, guideRead: false, perkClaimed: false }, record: null }
  const view: NewcomerView = {
    enabled: settings.enabled,
    show: settings.enabled && isMember && !record?.rewardedAt,
    tasks: newcomerProgress(settings, facts).map((t) => ({ ...t, title: NEWCOMER_TASK_LABELS[t.key] })),
    introTag: settings.introTag,
    guide: settings.guide,
    perkId: settings.perkId,
    reward: settings.reward ? await rewardView(settings.reward) : null,
    rewarded: !!record?.rewardedAt,
    canManage,
    checkin: settings.checkin,
  }
  return { view, facts, record, settings }
}

export async function newcomer(input: In<'newcomer'>, ctx: ActionContext): Out<'newcomer'> {
  const { access } = await accessIn(input.circleId, ctx)
  assertCan(access.readRole, 'circle.read')
  return (await newcomerView(input.circleId, ctx, can(access.role, 'growth.manage'), access.role !== null)).view
}

export async function saveNewcomer(input: In<'saveNewcomer'>, ctx: ActionContext): Out<'saveNewcomer'> {
  const { circle, access } = await accessIn(input.circleId, ctx)
  assertCan(access.role, 'growth.manage')
  const next = validateNewcomer({
    enabled: input.enabled,
    introTag: input.introTag,
    checkin: input.checkin,
    guide: input.guide,
    perkId: input.perkId,
    reward: input.reward,
  })
  if (next.perkId) {
    const perk = await perks.get(next.perkId)
    if (!perk || perk.circleId !== circle._id) throw new DomainError('not_found', undefined, 'perkId')
  }
  await assertRewardFits(next.reward, circle)
  const texts = [next.introTag ?? '', next.guide?.title ?? '', next.guide?.body ?? ''].filter(Boolean)
  if (texts.length) assertPasses(await checkContent({ openid: ctx.openid, scene: 'circle', texts, images: [] }))
  const current = await settingsFor(circle._id)
  await growthSettings.put({ ...current, newcomer: next, updatedBy: ctx.openid, updatedAt: ctx.now })
  return (await newcomerView(circle._id, ctx, true, true)).view
}

export async function readGuide(input: In<'readGuide'>, ctx: ActionContext): Out<'readGuide'> {
  const { access } = await accessIn(input.circleId, ctx)
  assertCan(access.role, 'growth.join')
  const settings = (await settingsFor(input.circleId)).newcomer
  if (!settings.guide) throw new DomainError('growth_not_enabled')
  await newcomers.markOnce(input.circleId, ctx.openid, 'guideReadAt', ctx.now)
  return (await newcomerView(input.circleId, ctx, can(access.role, 'growth.manage'), true)).view
}

/**
 * The checklist's reward: progress decided again from the records, the reward given under the
 * cause `newcomer:${circleId}:${openid}` (once, whatever the retries), then the member's record
 * marked rewarded so the card goes away.
 */
export async function claimNewcomer(input: In<'claimNewcomer'>, ctx: ActionContext): Out<'claimNewcomer'> {
  const { circle, access } = await accessIn(input.circleId, ctx)
  assertCan(access.role, 'growth.join')
  const { facts, record, settings } = await newcomerView(circle._id, ctx, false, true)
  const reward = decideNewcomerReward(settings, facts, record)
  const cause = `newcomer:${circle._id}:${ctx.openid}`
  let given: RewardView | null = null
  if (reward) {
    const { grant, fresh } = await grantReward({
      cause,
      circleId: circle._id,
      openid: ctx.openid,
      reward,
      reason: 'newcomer',
      title: `「${circle.name}」新人奖励`,
      createdBy: circle.ownerId,
      now: ctx.now,
    })
    if (fresh) given = await rewardView(grant.reward)
    if (fresh) await notifyReward(cause, circle, ctx.openid, '新人任务完成', grant, ctx.now)
  }
  await newcomers.markOnce(circle._id, ctx.openid, 'rewardedAt', ctx.now)
  const view = (await newcomerView(circle._id, ctx, can(access.role, 'growth.manage'), true)).view
  return { ...view, given }
}

async function notifyReward(
  cause: string,
  circle: CircleRecord,
  openid: string,
  title: string,
  grant: RewardGrantRecord,
  now: Date,
) {
  const what = (await rewardView(grant.reward)).text
  const body = grant.delivered
    ? `你在「${circle.name}」获得了${what}${grant.couponCode ? `，券码 ${grant.couponCode}` : ''}。`
    : `你在「${circle.name}」获得了${what}，但暂时无法自动发放，请联系圈主。`
  await notify(
    [{ id: `reward:${cause}`, openid, circleId: circle._id, kind: 'growth_reward', title, body, link: null }],
    now,
  )
}

// ---------- invite milestones ----------

async function milestonesView(circleId: string, ctx: ActionContext, canManage: boolean): Promise<MilestonesView> {
  const settings = await settingsFor(circleId)
  const count = ctx.caller ? payingInvitees(ctx.openid, await growthFacts.referredOrders(circleId, ctx.openid)) : 0
  const claimed = new Set(
    (
      await milestoneRewards.getMany(
        settings.milestones.map((m) => milestoneRewardId(circleId, m.invitees, ctx.openid)),
      )
    ).map((r) => r.invitees),
  )
  return {
    count,
    milestones: await Promise.all(
      settings.milestones.map(async (m) => ({
        invitees: m.invitees,
        reward: await rewardView(m.reward),
        reached: count >= m.invitees,
        claimed: claimed.has(m.invitees),
      })),
    ),
    canManage,
  }
}

export async function milestones(input: In<'milestones'>, ctx: ActionContext): Out<'milestones'> {
  const { access } = await accessIn(input.circleId, ctx)
  assertCan(access.readRole, 'circle.read')
  return milestonesView(input.circleId, ctx, can(access.role, 'growth.manage'))
}

export async function saveMilestones(input: In<'saveMilestones'>, ctx: ActionContext): Out<'saveMilestones'> {
  const { circle, access } = await accessIn(input.circleId, ctx)
  assertCan(access.role, 'growth.manage')
  const list = validateMilestones(input.milestones)
  for (const m of list) await assertRewardFits(m.reward, circle)
  const current = await settingsFor(circle._id)
  await growthSettings.put({ ...current, milestones: list, updatedBy: ctx.openid, updatedAt: ctx.now })
  return milestonesView(circle._id, ctx, true)
}

/**
 * A milestone's reward: the paying invitees counted now (refunded ones and oneself left out) must
 * reach it; the milestone record `${circleId}:${invitees}:${openid}` and the reward's cause make it
 * once. A refund after the reward takes nothing back; the refunded invitee only stops counting.
 */
export async function claimMilestone(input: In<'claimMilestone'>, ctx: ActionContext): Out<'claimMilestone'> {
  const { circle, access } = await accessIn(input.circleId, ctx)
  assertCan(access.role, 'growth.join')
  const settings = await settingsFor(circle._id)
  const count = payingInvitees(ctx.openid, await growthFacts.referredOrders(circle._id, ctx.openid))
  const id = milestoneRewardId(circle._id, input.invitees, ctx.openid)
  const reward = decideMilestone(settings.milestones, input.invitees, count, await milestoneRewards.get(id))
  // the reward first (once by its cause), then the record that shows it claimed: a crash between
  // the two leaves the milestone claimable, and claiming it again gives nothing twice
  const cause = `milestone:${id}`
  const { grant, fresh } = await grantReward({
    cause,
    circleId: circle._id,
    openid: ctx.openid,
    reward,
    reason: 'milestone',
    title: `「${circle.name}」邀请奖励`,
    createdBy: circle.ownerId,
    now: ctx.now,
  })
  if (fresh) {
    await milestoneRewards.put({
      _id: id,
      circleId: circle._id,
      openid: ctx.openid,
      invitees: input.invitees,
      reward: grant.reward,
      counted: count,
      at: ctx.now,
    })
    await notifyReward(cause, circle, ctx.openid, '邀请奖励到账', grant, ctx.now)
  } else if (!(await milestoneRewards.get(id))) {
    await milestoneRewards.put({
      _id: id,
      circleId: circle._id,
      openid: ctx.openid,
      invitees: input.invitees,
      reward: grant.reward,
      counted: count,
      at: grant.at,
    })
  }
  return milestonesView(circle._id, ctx, can(access.role, 'growth.manage'))
}
