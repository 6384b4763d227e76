/** Words of the growth pages. */
import type { LotteryPrizeView } from '@core/contracts/lottery'
import type { LotteryStatus } from '@core/lottery'
import { inShanghai } from '@core/time'

export const STATUS_TEXT: Record<LotteryStatus, string> = { open: '进行中', drawn: '已开奖', delivered: '已开奖' }

export const prizeText = (p: LotteryPrizeView) =>
  p.kind === 'coupon' && p.amountFen !== null
    ? `${p.title}（${(p.amountFen / 100).toFixed(2)} 元券）× ${p.stock}`
    : p.kind === 'points' && p.points !== null
      ? `${p.title}（${p.points} 积分）× ${p.stock}`
      : p.kind === 'perk'
        ? `${p.title}（会员权益）× ${p.stock}`
        : `${p.title} × ${p.stock}`

/** Who may enter besides members, e.g. 打卡满 3 天 · 消耗 20 积分; empty: every member. */
export const conditionsText = (c: { minCheckinDays: number; pointsCost: number }) =>
  [c.minCheckinDays > 0 ? `打卡满 ${c.minCheckinDays} 天` : '', c.pointsCost > 0 ? `参与消耗 ${c.pointsCost} 积分` : '']
    .filter(Boolean)
    .join(' · ')

/** A draw time in Beijing time, e.g. 12月8日 20:00. */
export const drawAtText = (iso: string) => inShanghai(new Date(iso).getTime()).format('M月D日 HH:mm')
