/**
 * Timer `draw` (docs/growth.md): draws each open lottery whose time has come, once — the winners
 * follow from the committed seed and the whole entry list, written with the revealed seed in one
 * transaction that only an `open` lottery passes — then delivers the prizes of drawn lotteries
 * (coupons issued under deterministic codes, winners notified under deterministic ids, so a second
 * run or a crash between the two steps delivers each prize exactly once).
 */
import { createHash } from 'crypto'
import type { Reward } from '../core/growth'
import {
  assignPrizes,
  chancesOf,
  drawWinners,
  prizeSlots,
  type DrawEntry,
  type LotteryPrize,
  type LotteryRecord,
} from '../core/lottery'
import { transaction } from '../runtime/db'
import type { ActionContext } from '../runtime/handler'
import { notify } from '../runtime/notifications'
import { lotteries, lotteryEntries } from '../runtime/repos/lotteries'
import { grantReward } from '../runtime/rewards'
import { sha256 } from './actions'

const LOTTERIES_PER_RUN = 5
const ENTRIES_PER_PAGE = 1000
const COUPON_DAYS = 90

export async function draw(ctx: ActionContext) {
  let drawn = 0
  let delivered = 0
  for (const l of await lotteries.due('open', ctx.now, LOTTERIES_PER_RUN)) {
    if (await drawOne(l, ctx.now)) drawn += 1
  }
  for (const l of await lotteries.due('drawn', ctx.now, LOTTERIES_PER_RUN)) {
    await deliver(l, ctx.now)
    delivered += 1
  }
  return { drawn, delivered }
}

/** The whole published entry list, in openid order, a page at a time. */
async function entryList(l: LotteryRecord): Promise<{ entries: DrawEntry[]; nicknames: Map<string, string> }> {
  const entries: DrawEntry[] = []
  const nicknames = new Map<string, string>()
  let cursor: string | undefined
  do {
    const page = await lotteryEntries.page(l._id, cursor, ENTRIES_PER_PAGE)
    for (const e of page.rows) {
      entries.push({ openid: e.openid, chances: chancesOf(e, l.helpCap) })
      nicknames.set(e.openid, e.nickname)
    }
    cursor = page.nextCursor ?? undefined
  } while (cursor)
  return { entries, nicknames }
}

async function drawOne(l: LotteryRecord, now: Date): Promise<boolean> {
  const { entries, nicknames } = await entryList(l)
  const winners = assignPrizes(
    l.prizes,
    drawWinners(l.seed, entries, prizeSlots(l.prizes).length, sha256),
    (o) => nicknames.get(o) ?? '',
  )
  return transaction(async (tx) => {
    const fresh = await lotteries.get(l._id, tx)
    if (!fresh || fresh.status !== 'open') return false
    await lotteries.update(
      l._id,
      { status: 'drawn', winners, entryCount: entries.length, drawnAt: now, updatedAt: now },
      tx,
    )
    return true
  })
}

/** A coupon prize's code: derived from the lottery and the winner, so it is issued once. */
export function prizeCouponCode(lotteryId: string, openid: string): string {
  return 'LT' + createHash('sha256').update(`${lotteryId}:${openid}`).digest('hex').slice(0, 10).toUpperCase()
}

/**
 * Gives each winner their prize through runtime/rewards.ts (cause `lottery:${lotteryId}:${openid}`:
 * coupons under the code above, points through the points ledger, perks as the perk's claim), then
 * notifies each winner once and marks the lottery delivered. Physical prizes wait for the address.
 */
async function deliver(l: LotteryRecord, now: Date): Promise<void> {
  const lines: string[] = []
  for (const w of l.winners) {
    const prize = l.prizes[w.prize]
    const reward: Reward | null =
      prize.kind === 'coupon'
        ? { kind: 'coupon', amountFen: prize.amountFen }
        : prize.kind === 'points'
          ? { kind: 'points', points: prize.points }
          : prize.kind === 'perk'
            ? { kind: 'perk', perkId: prize.perkId }
            : null
    let delivered = true
    if (reward) {
      const { grant } = await grantReward({
        cause: `lottery:${l._id}:${w.openid}`,
        circleId: l.circleId,
        openid: w.openid,
        reward,
        reason: 'lottery',
        title: `「${l.title}」中奖券`,
        createdBy: l.createdBy,
        couponCode: prizeCouponCode(l._id, w.openid),
        now,
      })
      delivered = grant.delivered
    }
    lines.push(wonText(l, w.openid, prize, delivered))
  }
  await notify(
    l.winners.map((w, i) => ({
      id: `lottery_won:${l._id}:${w.openid}`,
      openid: w.openid,
      circleId: l.circleId,
      kind: 'lottery_won' as const,
      title: '恭喜中奖',
      body: lines[i],
      link: `/packageGrowth/pages/lottery/index?id=${l._id}`,
    })),
    now,
  )
  await lotteries.update(l._id, { status: 'delivered', updatedAt: now })
}

function wonText(l: LotteryRecord, openid: string, prize: LotteryPrize, delivered: boolean): string {
  const head = `你在「${l.title}」中抽中了「${prize.title}」`
  if (!delivered) return `${head}，奖品暂时无法自动发放，请联系圈主。`
  if (prize.kind === 'coupon')
    return `${head}：${(prize.amountFen / 100).toFixed(2)} 元优惠券，券码 ${prizeCouponCode(l._id, openid)}，${COUPON_DAYS} 天内可用。`
  if (prize.kind === 'points') return `${head}：${prize.points} 积分，已计入你的积分（约一分钟内到账）。`
  if (prize.kind === 'perk') return `${head}，权益已为你领取，可在「权益」里查看。`
  return `${head}，请打开抽奖页填写收货地址。`
}
