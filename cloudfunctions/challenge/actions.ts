/** The `challenge` function's actions (contract: core/contracts/challenge.ts; rules: core/challenge.ts). */
import { createHash, randomBytes } from 'crypto'
import { accessAt, type Access } from '../core/access'
import {
  assertCanEnroll,
  checkinId,
  dayToCheckIn,
  decideCheckin,
  decideReward,
  newChallenge,
  newParticipant,
  type ChallengeRecord,
  type ChallengeReward,
  type CheckinInput,
  type ParticipantRecord,
} from '../core/challenge'
import type { ActionName, OutputOf, ParsedInput } from '../core/contract'
import { DomainError } from '../core/errors'
import { DEFAULT_SPLIT_RULES, newOrder, newOrderId } from '../core/money'
import { assertMayPublish } from '../core/moderation'
import { assertCan, can } from '../core/permissions'
import type { CircleRecord, MembershipRecord } from '../core/records'
import { checkContent } from '../runtime/contentSecurity'
import { cmd, transaction } from '../runtime/db'
import { notify } from '../runtime/notifications'
import { coupons } from '../runtime/repos/coupons'
import { personalCoupon } from '../core/coupons'
import type { ActionContext } from '../runtime/handler'
import { newId } from '../runtime/ids'
import { payments } from '../runtime/payments'
import { cashierFor } from '../runtime/checkout'
import { awardPoints, type PointAward } from '../runtime/points'
import { challenges, checkins, dayCounts, participants } from '../runtime/repos/challenges'
import { circles, memberships } from '../runtime/repos/circles'
import { orders } from '../runtime/repos/money'
import { users } from '../runtime/repos/users'
import { profileOf } from '../runtime/session'
import { settleDeposit } from './deposits'
import { challengeCard, checkinView, detailOf } from './views'
import { CHALLENGE_LIMITS } from '../core/limits'

type In<A extends ActionName<'challenge'>> = ParsedInput<'challenge', A>
type Out<A extends ActionName<'challenge'>> = Promise<OutputOf<'challenge', A>>

interface Where {
  circle: CircleRecord
  membership: MembershipRecord | null
  access: Access
}

async function whereIs(circleId: string, ctx: ActionContext): Promise<Where> {
  const [circle, membership] = await Promise.all([
    circles.get(circleId),
    ctx.caller ? memberships.get(circleId, ctx.caller) : Promise.resolve(null),
  ])
  if (!circle) throw new DomainError('not_found', undefined, 'circleId')
  return { circle, membership, access: accessAt(membership, circle, ctx.now) }
}

async function loadChallenge(challengeId: string, ctx: ActionContext): Promise<{ challenge: ChallengeRecord } & Where> {
  const challenge = await challenges.get(challengeId)
  if (!challenge) throw new DomainError('not_found', undefined, 'challengeId')
  return { challenge, ...(await whereIs(challenge.circleId, ctx)) }
}

export async function create(input: In<'create'>, ctx: ActionContext): Out<'create'> {
  const { circle, access } = await whereIs(input.circleId, ctx)
  assertCan(access.role, 'challenge.manage')
  if (circle.status !== 'active') throw new DomainError('circle_closed')
  const { circleId, ...draft } = input
  const record = newChallenge({ id: newId(ctx.now), circleId, createdBy: ctx.openid, draft, now: ctx.now })
  await challenges.put(record)
  return (await detailOf(record, null, ctx.now, true, ctx.device)).challenge
}

export async function list(input: In<'list'>, ctx: ActionContext): Out<'list'> {
  const { access } = await whereIs(input.circleId, ctx)
  assertCan(access.readRole, 'circle.read')
  const page = await challenges.ofCircle({ circleId: input.circleId, cursor: input.cursor, limit: 20 })
  return {
    items: page.rows.map((c) => challengeCard(c, ctx.now, ctx.device)),
    nextCursor: page.nextCursor,
    canManage: can(access.role, 'challenge.manage'),
  }
}

export async function get(input: In<'get'>, ctx: ActionContext): Out<'get'> {
  const { challenge, access } = await loadChallenge(input.challengeId, ctx)
  assertCan(access.readRole, 'circle.read')
  const me = await participants.get(challenge._id, ctx.openid)
  return detailOf(challenge, me, ctx.now, can(access.role, 'challenge.manage'), ctx.device)
}

export async function enroll(input: In<'enroll'>, ctx: ActionContext): Out<'enroll'> {
  const { challenge, circle, access } = await loadChallenge(input.challengeId, ctx)
  assertCan(access.role, 'challenge.join')
  if (circle.status !== 'active') throw new DomainError('circle_closed')
  const canManage = can(access.role, 'challenge.manage')
  assertCanEnroll(challenge, await participants.get(challenge._id, ctx.openid), ctx.now)
  const { user, isNew } = await profileOf(ctx.openid, ctx.now)
  if (challenge.depositFen === 0) {
    const joined = await transaction(async (tx) => {
      const c = await challenges.get(challenge._id, tx)
      if (!c) throw new DomainError('not_found', undefined, 'challengeId')
      assertCanEnroll(c, await participants.get(c._id, ctx.openid, tx), ctx.now)
      const p = newParticipant({ challenge: c, openid: ctx.openid, user, deposit: null, now: ctx.now })
      await participants.put(p, tx)
      await challenges.update(c._id, { participantCount: cmd().inc(1), updatedAt: ctx.now }, tx)
      return p
    })
    if (isNew) await ensureProfile(user)
    const fresh = (await challenges.get(challenge._id)) ?? challenge
    return {
      enrolled: true,
      detail: await detailOf(fresh, joined, ctx.now, canManage, ctx.device),
      orderId: null,
      pay: null,
    }
  }
  // The owner's own deposit would only move money from one pocket to the other.
  if (access.role === 'owner') throw new DomainError('product_unavailable')
  // iOS takes no deposits (payment/channels.ts): the app names its device with every call
  const channel = payments().forSale('deposit', ctx.device)
  const rules = circle.splitRules ?? DEFAULT_SPLIT_RULES
  const record = newOrder({
    id: newOrderId(ctx.now, randomBytes(8).toString('hex')),
    buyer: ctx.openid,
    circleId: circle._id,
    circleName: circle.name,
    product: { kind: 'deposit', id: challenge._id, title: `${challenge.title} · 押金`.slice(0, 60) },
    priceBreakdown: { baseFen: challenge.depositFen, discountFen: 0 },
    // A deposit is refunded or forfeited whole to the owner: nobody else earns a share of it, and
    // nothing is frozen for 分账.
    splitRules: { ...rules, referrerBps: 0, partners: [] },
    channel: channel.name,
    now: ctx.now,
  })
  await orders.add(record)
  if (isNew) await ensureProfile(user)
  return {
    enrolled: false,
    detail: await detailOf(challenge, null, ctx.now, canManage, ctx.device),
    orderId: record._id,
    pay: await cashierFor(record, ctx.now),
  }
}

/** A first-time caller's profile is saved once the action succeeded (a refusal writes nothing). */
async function ensureProfile(user: Awaited<ReturnType<typeof profileOf>>['user']) {
  await users.create(user).catch(() => undefined)
}

export async function checkIn(input: In<'checkIn'>, ctx: ActionContext): Out<'checkIn'> {
  return record(input.challengeId, { text: input.text, images: input.images }, ctx)
}

export async function makeUp(input: In<'makeUp'>, ctx: ActionContext): Out<'makeUp'> {
  return record(input.challengeId, { text: input.text, images: input.images, makeupDay: input.day }, ctx)
}

/** A check-in or a make-up: once per person per day, whoever taps how often (the id decides). */
async function record(challengeId: string, input: CheckinInput, ctx: ActionContext): Out<'checkIn'> {
  const { challenge, circle, membership, access } = await loadChallenge(challengeId, ctx)
  assertCan(access.role, 'challenge.join')
  const canManage = can(access.role, 'challenge.manage')
  const before = await participants.get(challenge._id, ctx.openid)
  const { day, makeup } = dayToCheckIn(challenge, before, input, ctx.now)
  const id = checkinId(challenge._id, ctx.openid, day)
  const first = await checkins.get(id)
  // A repeated tap answers the first check-in and changes nothing.
  if (first)
    return {
      checkin: checkinView(first),
      firstTime: false,
      completedNow: false,
      detail: await detailOf(challenge, before, ctx.now, canManage, ctx.device),
    }
  if (circle.status !== 'active') throw new DomainError('circle_closed')
  assertMayPublish({ access, membership, circle, now: ctx.now })
  const verdict = await checkContent({
    openid: ctx.openid,
    scene: 'checkin',
    texts: input.text ? [input.text] : [],
    images: input.images,
  })
  if (verdict === 'risky') throw new DomainError('content_risky')

  const done = await transaction(async (tx) => {
    const p = await participants.get(challenge._id, ctx.openid, tx)
    if (!p) throw new DomainError('challenge_not_enrolled')
    const existing = await checkins.get(id, tx)
    if (existing)
      return {
        checkin: existing,
        participant: p,
        firstTime: false,
        completedNow: false,
        grant: null as ChallengeReward | null,
      }
    const decision = decideCheckin({
      challenge,
      participant: p,
      day,
      makeup,
      input,
      status: verdict === 'review' ? 'review' : 'published',
      now: ctx.now,
    })
    const reward = decideReward(challenge, decision.participant, rewardCouponCode(challenge._id, ctx.openid))
    await checkins.put(decision.checkin, tx)
    await participants.put(reward.participant, tx)
    await dayCounts.increment(challenge._id, day, tx)
    if (decision.completedNow)
      await challenges.update(challenge._id, { completedCount: cmd().inc(1), updatedAt: ctx.now }, tx)
    return {
      checkin: decision.checkin,
      participant: reward.participant,
      firstTime: true,
      completedNow: decision.completedNow,
      grant: reward.grant,
    }
  })

  let participant: ParticipantRecord = done.participant
  if (done.firstTime) {
    const awards: PointAward[] = [
      { circleId: challenge.circleId, openid: ctx.openid, reason: 'checkin', refId: done.checkin._id },
    ]
    // The completion reward in points: once, keyed by the challenge (awardPoints is idempotent by refId).
    if (done.grant?.kind === 'points')
      awards.push({
        circleId: challenge.circleId,
        openid: ctx.openid,
        reason: 'checkin',
        refId: `complete:${challenge._id}`,
        points: done.grant.points,
      })
    await awardPoints(awards, ctx.now)
  }
  if (done.grant?.kind === 'coupon' && done.participant.rewardCoupon) {
    await issueRewardCoupon(challenge, ctx.openid, done.participant.rewardCoupon, done.grant.amountFen, ctx.now)
  }
  if (done.completedNow && participant.deposit?.state === 'held') {
    // Completed: the deposit goes back through the original payment now (the settle timer is the safety net).
    const settled = await settleDeposit(challenge, ctx.openid, ctx.now, { final: false })
    if (settled) participant = settled
  }
  const fresh = done.completedNow ? ((await challenges.get(challenge._id)) ?? challenge) : challenge
  return {
    checkin: checkinView(done.checkin),
    firstTime: done.firstTime,
    completedNow: done.completedNow,
    detail: await detailOf(fresh, participant, ctx.now, canManage, ctx.device),
  }
}

export async function leaderboard(input: In<'leaderboard'>, ctx: ActionContext): Out<'leaderboard'> {
  const { challenge, access } = await loadChallenge(input.challengeId, ctx)
  assertCan(access.readRole, 'circle.read')
  const rows = await participants.top(challenge._id, input.by, CHALLENGE_LIMITS.leaderboardSize)
  return {
    by: input.by,
    items: rows.map((p, i) => ({
      rank: i + 1,
      openid: p.openid,
      nickname: p.nickname,
      avatarUrl: p.avatarUrl,
      total: p.total,
      bestStreak: p.bestStreak,
      honorTitle: p.honorTitle,
      completed: !!p.completedAt,
    })),
  }
}

/** A completion coupon's code: derived from the challenge and the member, so it is issued once. */
export function rewardCouponCode(challengeId: string, openid: string): string {
  return 'CK' + createHash('sha256').update(`${challengeId}:${openid}`).digest('hex').slice(0, 10).toUpperCase()
}

const REWARD_COUPON_DAYS = 90

/**
 * Issues a completion coupon (after the check-in committed): a personal, unlisted, fixed-amount
 * coupon only this member may use, once, on entry, renewal or a course, for 90 days. The code is
 * its id, so a retry is a duplicate and changes nothing; the member is told the code.
 */
async function issueRewardCoupon(
  challenge: ChallengeRecord,
  openid: string,
  code: string,
  amountFen: number,
  now: Date,
): Promise<void> {
  await coupons.addOnce(
    personalCoupon({
      circleId: challenge.circleId,
      code,
      title: `「${challenge.title}」完成奖励`,
      holder: openid,
      amountFen,
      days: REWARD_COUPON_DAYS,
      createdBy: challenge.createdBy,
      now,
    }),
  )
  await notify(
    [
      {
        id: `challenge_coupon:${challenge._id}:${openid}`,
        openid,
        circleId: challenge.circleId,
        kind: 'challenge_completed',
        title: '挑战完成，奖励已发放',
        body: `你完成了「${challenge.title}」，获得 ${(amountFen / 100).toFixed(2)} 元优惠券，券码 ${code}，90 天内续费、入圈或买课时可用。`,
        link: null,
      },
    ],
    now,
  )
}
