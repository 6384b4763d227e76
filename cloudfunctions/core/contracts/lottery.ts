/** The `lottery` function's contract: 抽奖 with 助力, verifiably fair (issue 13; docs/growth.md). */
import { z } from 'zod'
import type { Page } from '../vocabulary'
import type { LotteryStatus } from '../lottery'
import { chars, cursor, id, instant } from './base'
import { LOTTERY_LIMITS as L } from '../limits'

const prize = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('coupon'),
    title: chars(1, L.prizeTitleChars),
    stock: z.number().int().min(1).max(L.maxStock),
    amountFen: z.number().int().min(100).max(100_000),
  }),
  z.strictObject({
    kind: z.literal('physical'),
    title: chars(1, L.prizeTitleChars),
    stock: z.number().int().min(1).max(L.maxStock),
  }),
  z.strictObject({
    kind: z.literal('points'),
    title: chars(1, L.prizeTitleChars),
    stock: z.number().int().min(1).max(L.maxStock),
    points: z.number().int().min(1).max(L.maxPrizePoints),
  }),
  z.strictObject({
    kind: z.literal('perk'),
    title: chars(1, L.prizeTitleChars),
    stock: z.number().int().min(1).max(L.maxStock),
    perkId: id,
  }),
])

export const lotteryInputs = {
  create: z.strictObject({
    circleId: id,
    title: chars(1, L.titleChars),
    prizes: z.array(prize).min(1).max(L.prizes),
    /** Extra chances one entrant may collect by 助力 (0: no 助力). */
    helpCap: z.number().int().min(0).max(L.maxHelpCap).default(5),
    /** Entry conditions: check-in days in the circle's challenges, a points cost deducted at entry. */
    minCheckinDays: z.number().int().min(0).max(L.maxCheckinDays).default(0),
    pointsCost: z.number().int().min(0).max(L.maxPointsCost).default(0),
    drawAt: instant,
  }),
  list: z.strictObject({ circleId: id, cursor }),
  get: z.strictObject({ lotteryId: id }),
  enter: z.strictObject({ lotteryId: id }),
  /** 助力 for `helpee` (the openid in the shared link); any signed-in person but the helpee. */
  help: z.strictObject({ lotteryId: id, helpee: id }),
  /** The published entry list (openid order, with chances), cursor-paged: the draw's input. */
  entries: z.strictObject({ lotteryId: id, cursor }),
  /** A physical prize's winner gives the shipping address. */
  address: z.strictObject({
    lotteryId: id,
    name: chars(1, 20),
    phone: z.string().regex(/^1\d{10}$/),
    address: chars(5, 120),
  }),
  /** The team marks a winner's physical prize shipped. */
  ship: z.strictObject({ lotteryId: id, openid: id }),
} as const

export interface LotteryPrizeView {
  kind: 'coupon' | 'physical' | 'points' | 'perk'
  title: string
  stock: number
  amountFen: number | null
  points: number | null
  perkId: string | null
}

export interface LotteryWinnerView {
  openid: string
  nickname: string
  prize: number
  /** Only the winner and the team see the address; others see whether it was given. */
  address: { name: string; phone: string; address: string } | null
  hasAddress: boolean
  shipped: boolean
}

export interface LotteryCard {
  id: string
  circleId: string
  title: string
  drawAt: string
  status: LotteryStatus
  entryCount: number
  prizes: LotteryPrizeView[]
  minCheckinDays: number
  pointsCost: number
}

export interface LotteryView extends LotteryCard {
  helpCap: number
  /** hex SHA-256 of the seed, published from the start. */
  commitment: string
  /** The seed, once drawn (null before). */
  seed: string | null
  winners: LotteryWinnerView[]
  /** The caller's entry (null: not entered). */
  me: { chances: number; helps: number; paidPoints: number } | null
  /** Why the caller may not enter now (an error code from the table), or null. */
  blockedBy: string | null
  canManage: boolean
}

export interface LotteryEntryRow {
  openid: string
  chances: number
}

export interface LotteryOutputs {
  create: LotteryView
  list: Page<LotteryCard> & { canManage: boolean }
  get: LotteryView
  enter: LotteryView
  help: { counted: boolean; helps: number }
  entries: Page<LotteryEntryRow>
  address: LotteryView
  ship: LotteryView
}
