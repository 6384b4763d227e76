/**
 * 抽奖 with 助力, verifiably fair (docs/growth.md "The draw procedure"). Pure rules: the hash is
 * passed in (the runtime gives Node's SHA-256), so anyone can run the same code — or their own —
 * over the revealed seed and the published entry list and get the same winners.
 */
import { DomainError } from './errors'
import { LOTTERY_LIMITS } from './limits'

/** SHA-256 of some bytes (Node's `crypto` in the runtime; an independent one in the tests). */
export type Sha256 = (bytes: Uint8Array) => Uint8Array

export type LotteryPrize =
  | { kind: 'coupon'; title: string; stock: number; amountFen: number }
  | { kind: 'physical'; title: string; stock: number }
  /** Points added to the winner's total through the points ledger. */
  | { kind: 'points'; title: string; stock: number; points: number }
  /** A claim of one of the circle's perks, made for the winner. */
  | { kind: 'perk'; title: string; stock: number; perkId: string }

/** Who may enter besides being an active member (absent on older lotteries: no conditions). */
export interface LotteryConditions {
  /** Distinct days with a check-in in any of the circle's challenges (0: none asked). */
  minCheckinDays: number
  /** Points deducted once at entry (0: free). */
  pointsCost: number
}

export const NO_CONDITIONS: LotteryConditions = { minCheckinDays: 0, pointsCost: 0 }
export const conditionsOf = (l: Pick<LotteryRecord, 'conditions'>): LotteryConditions => l.conditions ?? NO_CONDITIONS

/** Why a member may not enter (besides the lottery being closed or entered), or null. */
export function entryBlock(
  c: LotteryConditions,
  facts: { checkinDays: number; points: number },
): 'lottery_checkin_days' | 'lottery_points_short' | null {
  if (facts.checkinDays < c.minCheckinDays) return 'lottery_checkin_days'
  if (facts.points < c.pointsCost) return 'lottery_points_short'
  return null
}

/** The points event of an entry's cost: one per person per lottery, so a retry never deducts twice. */
export const entryCostEventId = (circleId: string, lotteryId: string, openid: string) =>
  `${circleId}:lottery_entry:${lotteryId}:${openid}`

export type LotteryStatus = 'open' | 'drawn' | 'delivered'

export interface LotteryWinner {
  openid: string
  nickname: string
  /** Index into the lottery's prizes. */
  prize: number
  /** Physical prizes: the address the winner gave, and when the team shipped it. */
  address: { name: string; phone: string; address: string } | null
  shippedAt: Date | null
}

export interface LotteryRecord {
  _id: string
  circleId: string
  title: string
  prizes: LotteryPrize[]
  helpCap: number
  /** Absent on lotteries made before entry conditions: none. */
  conditions?: LotteryConditions
  drawAt: Date
  /** hex SHA-256 of the seed's bytes, shown from creation. */
  commitment: string
  /** 64 hex characters; secret until the draw (never sent to the app before). */
  seed: string
  status: LotteryStatus
  entryCount: number
  winners: LotteryWinner[]
  drawnAt: Date | null
  createdBy: string
  createdAt: Date
  updatedAt: Date
}

/** _id = `${lotteryId}:${openid}`: one entry per person per lottery. */
export interface LotteryEntryRecord {
  _id: string
  lotteryId: string
  openid: string
  nickname: string
  /** Distinct helpers counted (never more than the lottery's cap). */
  helps: number
  helpers: string[]
  /** Points deducted at entry (absent: none). */
  paidPoints?: number
  createdAt: Date
  updatedAt: Date
}

/** _id = `${lotteryId}:${helper}`: a person helps once per lottery, whoever they help. */
export interface LotteryHelpRecord {
  _id: string
  lotteryId: string
  helper: string
  helpee: string
  at: Date
}

export const entryId = (lotteryId: string, openid: string) => `${lotteryId}:${openid}`
export const helpId = (lotteryId: string, helper: string) => `${lotteryId}:${helper}`

export const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
export function fromHex(hex: string): Uint8Array {
  if (!/^([0-9a-f]{2})*$/.test(hex)) throw new Error('not lowercase hex')
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i += 1) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return out
}

/** The commitment published when the lottery opens: hex SHA-256 of the seed's 32 bytes. */
export function commitmentOf(seedHex: string, sha256: Sha256): string {
  return toHex(sha256(fromHex(seedHex)))
}

/** Chances of one entry: 1 for entering, plus one per counted 助力. */
export function chancesOf(entry: { helps: number }, helpCap: number): number {
  return 1 + Math.min(entry.helps, helpCap)
}

/** The prize slots in draw order: each prize line repeated `stock` times, in the order listed. */
export function prizeSlots(prizes: LotteryPrize[]): number[] {
  return prizes.flatMap((p, i) => Array.from({ length: p.stock }, () => i))
}

export interface DrawEntry {
  openid: string
  chances: number
}

/** Code-unit order of openids (they are ASCII), the order the entry list is published in. */
export const byOpenid = (a: DrawEntry, b: DrawEntry) => (a.openid < b.openid ? -1 : a.openid > b.openid ? 1 : 0)

/**
 * The draw (docs/growth.md): the byte stream SHA-256(seed ‖ uint32be(0)) ‖ SHA-256(seed ‖
 * uint32be(1)) ‖ …; for each winner, 8 bytes as an unsigned big-endian integer x, redrawn while
 * x ≥ ⌊2⁶⁴ / T⌋·T (T: chances left), r = x mod T; the winner is the first entry, in openid order,
 * whose running sum of chances exceeds r; it leaves the pool. Returns winners in draw order.
 */
// BigInt() calls rather than `1n` literals: the app bundle (which imports this file's limits) is
// held to ES2017 syntax.
const TWO_TO_64 = BigInt(2) ** BigInt(64)

export function drawWinners(seedHex: string, entries: DrawEntry[], count: number, sha256: Sha256): string[] {
  const seed = fromHex(seedHex)
  const pool = [...entries].sort(byOpenid)
  let block = 0
  let buffer: number[] = []
  const nextBytes = (n: number) => {
    while (buffer.length < n) {
      const input = new Uint8Array(seed.length + 4)
      input.set(seed)
      new DataView(input.buffer).setUint32(seed.length, block)
      block += 1
      buffer = buffer.concat(Array.from(sha256(input)))
    }
    return buffer.splice(0, n)
  }
  const winners: string[] = []
  while (winners.length < count && pool.length > 0) {
    const total = BigInt(pool.reduce((s, e) => s + e.chances, 0))
    const limit = (TWO_TO_64 / total) * total
    let x: bigint
    do x = nextBytes(8).reduce((acc, b) => (acc << BigInt(8)) | BigInt(b), BigInt(0))
    while (x >= limit)
    const r = x % total
    let sum = BigInt(0)
    const index = pool.findIndex((e) => (sum += BigInt(e.chances)) > r)
    winners.push(pool[index].openid)
    pool.splice(index, 1)
  }
  return winners
}

/** Anyone's check of a revealed lottery: the seed matches the commitment and gives these winners. */
export function verifyDraw(args: {
  seed: string
  commitment: string
  entries: DrawEntry[]
  slots: number
  winners: string[]
  sha256: Sha256
}): { seedMatches: boolean; winnersMatch: boolean } {
  if (!/^[0-9a-f]{64}$/.test(args.seed)) return { seedMatches: false, winnersMatch: false }
  const seedMatches = commitmentOf(args.seed, args.sha256) === args.commitment
  const again = drawWinners(args.seed, args.entries, args.slots, args.sha256)
  return {
    seedMatches,
    winnersMatch: again.length === args.winners.length && again.every((w, i) => w === args.winners[i]),
  }
}

export function newLottery(args: {
  id: string
  circleId: string
  title: string
  prizes: LotteryPrize[]
  helpCap: number
  conditions?: LotteryConditions
  drawAt: Date
  seed: string
  sha256: Sha256
  createdBy: string
  now: Date
}): LotteryRecord {
  const lead = args.drawAt.getTime() - args.now.getTime()
  if (lead < LOTTERY_LIMITS.minLeadMs || lead > LOTTERY_LIMITS.maxLeadMs)
    throw new DomainError('lottery_draw_time', undefined, 'drawAt')
  if (prizeSlots(args.prizes).length > LOTTERY_LIMITS.maxWinners)
    throw new DomainError('lottery_too_many_prizes', undefined, 'prizes')
  return {
    _id: args.id,
    circleId: args.circleId,
    title: args.title,
    prizes: args.prizes,
    helpCap: args.helpCap,
    conditions: args.conditions ?? NO_CONDITIONS,
    drawAt: args.drawAt,
    commitment: commitmentOf(args.seed, args.sha256),
    seed: args.seed,
    status: 'open',
    entryCount: 0,
    winners: [],
    drawnAt: null,
    createdBy: args.createdBy,
    createdAt: args.now,
    updatedAt: args.now,
  }
}

/** Entering and helping close at the draw time (the timer may run a little later). */
export function assertOpen(lottery: LotteryRecord, now: Date): void {
  if (lottery.status !== 'open' || now.getTime() >= lottery.drawAt.getTime()) throw new DomainError('lottery_closed')
}

/**
 * One 助力 decided on the helpee's entry (inside the transaction that writes it): no self-help,
 * a repeat by the same helper changes nothing, the cap refuses the rest.
 */
export function decideHelp(
  lottery: LotteryRecord,
  entry: LotteryEntryRecord,
  helper: string,
  now: Date,
): { entry: LotteryEntryRecord; counted: boolean } {
  if (helper === entry.openid) throw new DomainError('lottery_self_help')
  if (entry.helpers.includes(helper)) return { entry, counted: false }
  if (entry.helps >= lottery.helpCap) throw new DomainError('lottery_help_full')
  return {
    entry: { ...entry, helps: entry.helps + 1, helpers: [...entry.helpers, helper], updatedAt: now },
    counted: true,
  }
}

/** The winners with their prizes: the k-th drawn takes the k-th prize slot. */
export function assignPrizes(
  prizes: LotteryPrize[],
  drawn: string[],
  nicknameOf: (openid: string) => string,
): LotteryWinner[] {
  const slots = prizeSlots(prizes)
  return drawn.map((openid, k) => ({
    openid,
    nickname: nicknameOf(openid),
    prize: slots[k],
    address: null,
    shippedAt: null,
  }))
}
