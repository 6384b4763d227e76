/** The `challenge` function's actions (contract: core/contracts/challenge.ts; rules: core/challenge.ts). */
import { createHash, randomBytes } from 'crypto'
import { shanghaiDayKey } from '../core/time'
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
  type CheckinInput,
  type ParticipantRecord,
} from '../core/challenge'
import type { ActionName, OutputOf, ParsedInput } from '../core/contract'
import { DomainError } from '../core/errors'
import { DEFAULT_SPLIT_RULES, assertDepositHoldFits, newOrder, newOrderId } from '../core/money'
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
import { ownerCanSell, settlementFor, settlementMode } from '../runtime/merchants'
import { payments } from '../runtime/payments'
import { cashierFor } from '../runtime/checkout'
import { awardPoints, type PointAward } from '../runtime/points'
import { challenges, checkins, dayCounts, participants } from '../runtime/repos/challenges'
import { access } from '../runtime/repos/access'
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
  if (record.depositFen > 0) {
    // 平台收付通: deposits are paid into the owner's own sub-merchant (docs/payments.md), so it must
    // be ready, and the challenge must end before WeChat unfreezes what it holds.
    assertDepositHoldFits(record.endsAt, ctx.now, settlementMode())
    if (!(await ownerCanSell(circle.ownerId))) throw new DomainError('merchant_setup_required', undefined, 'depositFen')
  }
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
  // 平台收付通: into the owner's sub-merchant, frozen until the challenge ends (never the platform's own account).
  const settlement = await settlementFor(circle, channel.name, ctx.openid)
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
    settlement,
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

/**
 * A check-in or a make-up: once per person per day, whoever taps how often (the id decides).
 * 5 database calls whatever the circle's size (docs/performance.md): one aggregate reads the
 * challenge, circle, membership, participant and today's counter; then the check-in's insert
 * under its deterministic id, the participant's check-in fields written only if its `total` is
 * still the one read (a compare-and-set: two taps, or a tap and a make-up, never both count), the
 * day's counter by `_.inc`, and the points event. No transaction: the insert decides "first",
 * the compare-and-set decides "counted once"; a retry after a crash between the two finds the
 * check-in there, the participant without the day, and completes it.
 */
async function record(challengeId: string, input: CheckinInput, ctx: ActionContext): Out<'checkIn'> {
  const today = shanghaiDayKey(ctx.now)
  const found = await access.challenge(challengeId, ctx.openid, today)
  if (!found) throw new DomainError('not_found', undefined, 'challengeId')
  const { challenge, membership } = found
  if (!found.circle) throw new DomainError('not_found', undefined, 'circleId')
  const circle = found.circle
  const acc = accessAt(membership, circle, ctx.now)
  assertCan(acc.role, 'challenge.join')
  const canManage = can(acc.role, 'challenge.manage')
  let before = found.participant
  const { day, makeup } = dayToCheckIn(challenge, before, input, ctx.now)
  const id = checkinId(challenge._id, ctx.openid, day)
  let todayCount = found.dayCount?.count ?? 0
  const repeated = async (p: ParticipantRecord | null) => {
    const first = await checkins.get(id)
    if (!first) throw new DomainError('conflict')
    return {
      checkin: checkinView(first),
      firstTime: false,
      completedNow: false,
      detail: await detailOf(challenge, p, ctx.now, canManage, ctx.device, todayCount),
    }
  }
  // A repeated tap answers the first check-in and changes nothing.
  if (before?.days.includes(day)) return repeated(before)
  if (circle.status !== 'active') throw new DomainError('circle_closed')
  assertMayPublish({ access: acc, membership, circle, now: ctx.now })
  const verdict = await checkContent({
    openid: ctx.openid,
    scene: 'checkin',
    texts: input.text ? [input.text] : [],
    images: input.images,
  })
  if (verdict === 'risky') throw new DomainError('content_risky')

  const decide = (p: ParticipantRecord) => {
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
    return { ...decision, participant: reward.participant, grant: reward.grant }
  }
  let decision = decide(before!)
  // false: this day's check-in was written by another tap (or an attempt that stopped half-way)
  const inserted = await checkins.add(decision.checkin)
  let counted = await participants.checkedIn(before!, decision.participant)
  for (let attempt = 0; !counted && attempt < 3; attempt++) {
    // another check-in of this person came first: read again, and stop if it was this day's
    before = await participants.get(challenge._id, ctx.openid)
    if (!before) throw new DomainError('challenge_not_enrolled')
    if (before.days.includes(day)) return repeated(before)
    decision = decide(before)
    counted = await participants.checkedIn(before, decision.participant)
  }
  if (!counted) throw new DomainError('conflict')
  await dayCounts.add(challenge._id, day, day === today ? !!found.dayCount : null)
  if (day === today) todayCount += 1
  if (decision.completedNow)
    await challenges.update(challenge._id, { completedCount: cmd().inc(1), updatedAt: ctx.now })
  const done = {
    // a half-finished earlier attempt wrote the check-in: it is the one that counts
    checkin: inserted ? decision.checkin : ((await checkins.get(id)) ?? decision.checkin),
    participant: decision.participant,
    firstTime: true,
    completedNow: decision.completedNow,
    grant: decision.grant,
  }

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
    detail: await detailOf(fresh, participant, ctx.now, canManage, ctx.device, todayCount),
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
