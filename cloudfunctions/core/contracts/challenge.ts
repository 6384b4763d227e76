/** The `challenge` function's contract: 打卡挑战与押金（issue 5）. */
import { z } from 'zod'
import type { PayParams, SaleView } from './shop'
import type { Page } from '../vocabulary'
import type { CalendarDayState, ChallengePhase, ChallengeReward, DepositState } from '../challenge'
import { chars, clockTime, cursor, dayKey, fileId, id } from './base'
import { CHALLENGE_LIMITS as L } from '../limits'

const reward = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('points'), points: z.number().int().min(1).max(L.maxRewardPoints) }),
  z.strictObject({ kind: z.literal('title'), title: chars(1, L.honorTitleChars) }),
  z.strictObject({ kind: z.literal('coupon'), amountFen: z.number().int().min(100).max(100_000) }),
])

const content = {
  text: chars(0, L.textChars),
  images: z.array(fileId).max(L.images).default([]),
}

export const challengeInputs = {
  create: z.strictObject({
    circleId: id,
    title: chars(1, L.titleChars),
    rules: chars(0, L.rulesChars).default(''),
    startDay: dayKey,
    days: z.number().int().min(1).max(L.maxDays),
    requiredDays: z.number().int().min(1).max(L.maxDays),
    windowStart: clockTime.default('00:00'),
    windowEnd: clockTime.default('23:59'),
    minWords: z.number().int().min(0).max(L.maxMinWords).default(0),
    photoRequired: z.boolean().default(false),
    makeupQuota: z.number().int().min(0).max(L.maxMakeups).default(0),
    reward: reward.default({ kind: 'none' }),
    /** 0: no deposit; otherwise 1–1000 元. */
    depositFen: z.number().int().min(0).max(L.maxDepositFen).default(0),
  }),
  list: z.strictObject({ circleId: id, cursor }),
  get: z.strictObject({ challengeId: id }),
  /** Free challenge: joins at once. Deposit challenge: opens the cashier (wxpay); paying joins. */
  enroll: z.strictObject({ challengeId: id }),
  checkIn: z.strictObject({ challengeId: id, ...content }),
  /** 补卡 for a missed day (YYYY-MM-DD) of the challenge before today, within the quota. */
  makeUp: z.strictObject({ challengeId: id, day: dayKey, ...content }),
  leaderboard: z.strictObject({ challengeId: id, by: z.enum(['total', 'streak']) }),
} as const

export interface ChallengeCard {
  id: string
  circleId: string
  title: string
  /** YYYY-MM-DD, Asia/Shanghai. */
  startDay: string
  endDay: string
  days: number
  requiredDays: number
  depositFen: number
  reward: ChallengeReward
  phase: ChallengePhase
  participantCount: number
  /** Whether this device may see the deposit priced and pay it (iOS takes no deposits: payments.md). */
  depositSale: SaleView
}

export interface ChallengeView extends ChallengeCard {
  rules: string
  windowStart: string
  windowEnd: string
  minWords: number
  photoRequired: boolean
  makeupQuota: number
  completedCount: number
  /** Check-ins today (Asia/Shanghai). */
  todayCount: number
  /** Today, YYYY-MM-DD in Asia/Shanghai (the server's day, not the phone's). */
  today: string
  inWindowNow: boolean
  settled: boolean
  /** The caller may create challenges in this circle. */
  canManage: boolean
}

export interface ChallengeProgress {
  total: number
  /** 连续: the run ending today (or yesterday while today is open); make-up days count. */
  streak: number
  bestStreak: number
  makeupsLeft: number
  checkedToday: boolean
  calendar: { day: string; state: CalendarDayState }[]
  completedAt: string | null
  rewarded: boolean
  /** A coupon reward recorded but not issued yet. */
  rewardPending: boolean
  /** The personal coupon code a coupon reward issued (null: none). */
  rewardCoupon: string | null
  honorTitle: string | null
  deposit: { amountFen: number; state: DepositState } | null
}

export interface ChallengeDetail {
  challenge: ChallengeView
  /** null: not enrolled. */
  me: ChallengeProgress | null
}

export interface CheckinView {
  id: string
  /** YYYY-MM-DD */
  day: string
  text: string
  images: string[]
  makeup: boolean
  createdAt: string
}

export interface CheckinResult {
  checkin: CheckinView
  /** false: the day was already checked in; this is the first check-in, unchanged. */
  firstTime: boolean
  completedNow: boolean
  detail: ChallengeDetail
}

export interface EnrollResult {
  /** Joined now (free challenge); false while a deposit waits to be paid. */
  enrolled: boolean
  detail: ChallengeDetail
  /** The deposit order and how to pay it (null for a free challenge). */
  orderId: string | null
  pay: PayParams | null
}

export interface LeaderRow {
  rank: number
  openid: string
  nickname: string
  avatarUrl: string
  total: number
  bestStreak: number
  honorTitle: string | null
  completed: boolean
}

export interface Leaderboard {
  by: 'total' | 'streak'
  items: LeaderRow[]
}

export interface ChallengeOutputs {
  create: ChallengeView
  list: Page<ChallengeCard> & { canManage: boolean }
  get: ChallengeDetail
  enroll: EnrollResult
  checkIn: CheckinResult
  makeUp: CheckinResult
  leaderboard: Leaderboard
}
