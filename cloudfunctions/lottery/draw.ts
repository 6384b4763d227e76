/**
 * Timer `draw` (docs/growth.md): draws each open lottery whose time has come, once — the winners
 * follow from the committed seed and the whole entry list, written with the revealed seed in one
 * transaction that only an `open` lottery passes — then delivers the prizes of drawn lotteries
 * (coupons issued under deterministic codes, winners notified under deterministic ids, so a second
 * run or a crash between the two steps delivers each prize exactly once).
 */
import { createHash } from 'crypto'
import { personalCoupon } from '../core/coupons'
import { assignPrizes, chancesOf, drawWinners, prizeSlots, type DrawEntry, type LotteryRecord } from '../core/lottery'
import { transaction } from '../runtime/db'
import type { ActionContext } from '../runtime/handler'
import { notify } from '../runtime/notifications'
import { coupons } from '../runtime/repos/coupons'
import { lotteries, lotteryEntries } from '../runtime/repos/lotteries'
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

async function deliver(l: LotteryRecord, now: Date): Promise<void> {
  for (const w of l.winners) {
    const prize = l.prizes[w.prize]
    if (prize.kind === 'coupon') {
      const code = prizeCouponCode(l._id, w.openid)
      await coupons.addOnce(
        personalCoupon({
          circleId: l.circleId,
          code,
          title: `「${l.title}」中奖券`.slice(0, 40),
          holder: w.openid,
          amountFen: prize.amountFen,
          days: COUPON_DAYS,
          createdBy: l.createdBy,
          now,
        }),
      )
    }
  }
  await notify(
    l.winners.map((w) => {
      const prize = l.prizes[w.prize]
      const body =
        prize.kind === 'coupon'
          ? `你在「${l.title}」中抽中了「${prize.title}」：${(prize.amountFen / 100).toFixed(2)} 元优惠券，券码 ${prizeCouponCode(l._id, w.openid)}，${COUPON_DAYS} 天内可用。`
          : `你在「${l.title}」中抽中了「${prize.title}」，请打开抽奖页填写收货地址。`
      return {
        id: `lottery_won:${l._id}:${w.openid}`,
        openid: w.openid,
        circleId: l.circleId,
        kind: 'lottery_won' as const,
        title: '恭喜中奖',
        body,
        link: null,
      }
    }),
    now,
  )
  await lotteries.update(l._id, { status: 'delivered', updatedAt: now })
}
