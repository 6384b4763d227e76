/** What the app sees of a lottery: the seed only once drawn, addresses only to their owner and the team. */
import type { LotteryCard, LotteryView } from '../core/contracts/lottery'
import { chancesOf, conditionsOf, type LotteryEntryRecord, type LotteryRecord } from '../core/lottery'

export function lotteryCard(l: LotteryRecord): LotteryCard {
  return {
    id: l._id,
    circleId: l.circleId,
    title: l.title,
    drawAt: new Date(l.drawAt).toISOString(),
    status: l.status,
    entryCount: l.entryCount,
    prizes: l.prizes.map((p) => ({
      kind: p.kind,
      title: p.title,
      stock: p.stock,
      amountFen: p.kind === 'coupon' ? p.amountFen : null,
      points: p.kind === 'points' ? p.points : null,
      perkId: p.kind === 'perk' ? p.perkId : null,
    })),
    minCheckinDays: conditionsOf(l).minCheckinDays,
    pointsCost: conditionsOf(l).pointsCost,
  }
}

export function lotteryView(
  l: LotteryRecord,
  me: LotteryEntryRecord | null,
  caller: string,
  canManage: boolean,
  blockedBy: string | null = null,
): LotteryView {
  return {
    ...lotteryCard(l),
    helpCap: l.helpCap,
    commitment: l.commitment,
    seed: l.status === 'open' ? null : l.seed,
    winners: l.winners.map((w) => ({
      openid: w.openid,
      nickname: w.nickname,
      prize: w.prize,
      address: canManage || w.openid === caller ? w.address : null,
      hasAddress: !!w.address,
      shipped: !!w.shippedAt,
    })),
    me: me ? { chances: chancesOf(me, l.helpCap), helps: me.helps, paidPoints: me.paidPoints ?? 0 } : null,
    blockedBy: me ? null : blockedBy,
    canManage,
  }
}
