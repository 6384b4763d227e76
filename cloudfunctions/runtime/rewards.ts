/**
 * Giving a reward (a lottery prize, a completed newcomer checklist, an invite milestone) exactly
 * once (docs/growth.md "Rewards"). Every grant has a cause (e.g. `lottery:${id}:${openid}`); one
 * transaction writes the grant record `rewardGrants/${cause}` together with what it gives — a
 * personal coupon under a code derived from the cause, a points event with a fixed amount (applied
 * by the points timer like any other), the perk's claim, or 30 more days on the membership — so a
 * retry, or two runs at once, give it once. The body is free of effects; the caller notifies.
 */
import { createHash } from 'crypto'
import { personalCoupon } from '../core/coupons'
import { DomainError } from '../core/errors'
import { rewardCouponCode, type Reward } from '../core/growth'
import { GROWTH_LIMITS } from '../core/limits'
import { decideClaim } from '../core/perks'
import { monthKey } from '../core/points'
import { transaction, type Tx } from './db'
import { memberships } from './repos/circles'
import { coupons } from './repos/coupons'
import { rewardGrants, type RewardGrantRecord } from './repos/growth'
import { entitlements } from './repos/money'
import { perks, points, type PointEventRecord } from './repos/perks'

export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex')

/** Why a points reward was given: its event's reason (refId is the cause). */
export type RewardReason = 'lottery' | 'newcomer' | 'milestone'

export async function grantReward(args: {
  cause: string
  circleId: string
  openid: string
  reward: Reward
  reason: RewardReason
  /** Coupon title, e.g. 「年终抽奖」中奖券 */
  title: string
  /** Who the coupon is from (the lottery's creator, the circle's owner). */
  createdBy: string
  /** A coupon code other than the default one from the cause (the lottery's earlier codes). */
  couponCode?: string
  now: Date
}): Promise<{ grant: RewardGrantRecord; fresh: boolean }> {
  const { cause, circleId, openid, reward, now } = args
  return transaction(async (tx) => {
    const earlier = await rewardGrants.get(cause, tx)
    if (earlier) return { grant: earlier, fresh: false }
    let delivered = true
    let couponCode: string | null = null
    if (reward.kind === 'coupon') {
      couponCode = args.couponCode ?? rewardCouponCode(cause, sha256Hex)
      const coupon = personalCoupon({
        circleId,
        code: couponCode,
        title: args.title.slice(0, 40),
        holder: openid,
        amountFen: reward.amountFen,
        days: GROWTH_LIMITS.couponDays,
        createdBy: args.createdBy,
        now,
      })
      if (!(await coupons.get(coupon._id, tx))) await coupons.put(coupon, tx)
    } else if (reward.kind === 'points') {
      const event: PointEventRecord = {
        _id: `${circleId}:${args.reason}:${cause}:${openid}`,
        circleId,
        openid,
        reason: args.reason,
        refId: cause,
        points: reward.points,
        month: monthKey(now),
        at: now,
        applied: false,
      }
      if (!(await points.event(event._id, tx))) await points.putEvent(event, tx)
    } else if (reward.kind === 'perk') {
      delivered = await grantPerk(tx, reward.perkId, circleId, openid, cause, now)
    } else {
      delivered = await addMonth(tx, circleId, openid, now)
    }
    const grant: RewardGrantRecord = { _id: cause, circleId, openid, reward, delivered, couponCode, at: now }
    await rewardGrants.put(grant, tx)
    return { grant, fresh: true }
  })
}

/** The perk's claim for the winner (no eligibility check: the reward is the permission). */
async function grantPerk(tx: Tx, perkId: string, circleId: string, openid: string, cause: string, now: Date) {
  const perk = await perks.get(perkId, tx)
  if (!perk || perk.circleId !== circleId) return false
  if (await perks.claim(perkId, openid, tx)) return true
  const membership = await memberships.get(circleId, openid, tx)
  const poolCode =
    perk.kind === 'codes' && perk.claimedCount < (perk.stock ?? 0)
      ? ((await perks.code(perkId, perk.claimedCount, tx))?.code ?? null)
      : null
  try {
    const decided = decideClaim({
      perk,
      existing: null,
      openid,
      user: membership?.user ?? { nickname: '', avatarUrl: '' },
      poolCode,
      offlineCode: sha256Hex(`offline:${cause}`).slice(0, 8).toUpperCase(),
      now,
    })
    await perks.putClaim(decided.claim, tx)
    await perks.put({ ...perk, claimedCount: decided.claimedCount, updatedAt: now }, tx)
    if (perk.kind === 'course' && perk.courseId && !(await entitlements.get(perk.courseId, openid, tx))) {
      await entitlements.put(
        {
          _id: `${perk.courseId}:${openid}`,
          courseId: perk.courseId,
          openid,
          orderId: `perk:${decided.claim._id}`,
          grantedAt: now,
        },
        tx,
      )
    }
    return true
  } catch (error) {
    if (error instanceof DomainError) return false
    throw error
  }
}

/** 30 more days from the later of now and the current end (a membership without an end gains nothing). */
async function addMonth(tx: Tx, circleId: string, openid: string, now: Date) {
  const m = await memberships.get(circleId, openid, tx)
  if (!m || !m.expiresAt || (m.status !== 'active' && m.status !== 'expired')) return false
  const from = Math.max(now.getTime(), new Date(m.expiresAt).getTime())
  const expiresAt = new Date(from + GROWTH_LIMITS.monthDays * 86_400_000)
  await memberships.extend(m._id, expiresAt, now, tx)
  return true
}
