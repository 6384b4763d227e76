/** Words of the growth pages. */
import type { LotteryPrizeView } from '@core/contracts/lottery'
import type { LotteryStatus } from '@core/lottery'
import { inShanghai } from '@core/time'

export const STATUS_TEXT: Record<LotteryStatus, string> = { open: '进行中', drawn: '已开奖', delivered: '已开奖' }

export const prizeText = (p: LotteryPrizeView) =>
  p.kind === 'coupon' && p.amountFen !== null
    ? `${p.title}（${(p.amountFen / 100).toFixed(2)} 元券）× ${p.stock}`
    : `${p.title} × ${p.stock}`

/** A draw time in Beijing time, e.g. 12月8日 20:00. */
export const drawAtText = (iso: string) => inShanghai(new Date(iso).getTime()).format('M月D日 HH:mm')
