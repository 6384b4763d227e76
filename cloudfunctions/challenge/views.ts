/** What the app sees of challenges, participants and check-ins. */
import {
  calendarOf,
  currentStreak,
  inWindow,
  phaseAt,
  toIsoDay,
  type ChallengeRecord,
  type CheckinRecord,
  type ParticipantRecord,
} from '../core/challenge'
import type { ChallengeCard, ChallengeDetail, ChallengeProgress, CheckinView } from '../core/contracts/challenge'
import { shanghaiDayKey } from '../core/time'
import { dayCounts } from '../runtime/repos/challenges'
import { orders } from '../runtime/repos/money'
import { saleView } from '../runtime/sale'
import type { Platform } from '../core/contract'

const DAY_MS = 86_400_000

/** `device`: whether it may see the deposit priced and pay it (iOS takes no deposits: docs/payments.md). */
export function challengeCard(c: ChallengeRecord, now: Date, device?: Platform): ChallengeCard {
  return {
    id: c._id,
    circleId: c.circleId,
    title: c.title,
    startDay: c.startDay,
    endDay: toIsoDay(shanghaiDayKey(new Date(c.endsAt).getTime() - DAY_MS)),
    days: c.days,
    requiredDays: c.requiredDays,
    depositFen: c.depositFen,
    reward: c.reward,
    phase: phaseAt(c, now),
    participantCount: c.participantCount,
    depositSale: saleView('deposit', device),
  }
}

export function checkinView(c: CheckinRecord): CheckinView {
  return {
    id: c._id,
    day: toIsoDay(c.day),
    text: c.text,
    images: c.images,
    makeup: c.makeup,
    createdAt: new Date(c.createdAt).toISOString(),
  }
}

async function progressOf(c: ChallengeRecord, p: ParticipantRecord, now: Date): Promise<ChallengeProgress> {
  const today = shanghaiDayKey(now)
  let deposit = p.deposit ? { amountFen: p.deposit.amountFen, state: p.deposit.state } : null
  // A refund is 'refunding' on the participant until the channel confirms it on the order.
  if (deposit && p.deposit && deposit.state === 'refunding') {
    const order = await orders.get(p.deposit.orderId)
    if (order?.status === 'refunded') deposit = { ...deposit, state: 'refunded' }
  }
  return {
    total: p.total,
    streak: currentStreak(p.days, today),
    bestStreak: p.bestStreak,
    makeupsLeft: Math.max(0, c.makeupQuota - p.makeupDays.length),
    checkedToday: p.days.includes(today),
    calendar: calendarOf(c, p, now),
    completedAt: p.completedAt ? new Date(p.completedAt).toISOString() : null,
    rewarded: p.rewarded,
    rewardPending: p.rewardPending,
    rewardCoupon: p.rewardCoupon ?? null,
    honorTitle: p.honorTitle,
    deposit,
  }
}

export async function detailOf(
  c: ChallengeRecord,
  p: ParticipantRecord | null,
  now: Date,
  canManage: boolean,
  device?: Platform,
  /** Today's check-ins when the caller has just read them (saves the read). */
  knownTodayCount?: number,
): Promise<ChallengeDetail> {
  const today = shanghaiDayKey(now)
  const [todayCount, me] = await Promise.all([
    knownTodayCount ?? dayCounts.get(c._id, today),
    p ? progressOf(c, p, now) : Promise.resolve(null),
  ])
  return {
    challenge: {
      ...challengeCard(c, now, device),
      rules: c.rules,
      windowStart: c.windowStart,
      windowEnd: c.windowEnd,
      minWords: c.minWords,
      photoRequired: c.photoRequired,
      makeupQuota: c.makeupQuota,
      completedCount: c.completedCount,
      todayCount,
      today: toIsoDay(today),
      inWindowNow: inWindow(c, now),
      settled: c.status === 'settled',
      canManage,
    },
    me,
  }
}
