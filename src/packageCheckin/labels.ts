/** How challenges read in Chinese. */
import type { CalendarDayState, ChallengePhase, ChallengeReward, DepositState } from '@core/challenge'

export const PHASE_TEXT: Record<ChallengePhase, string> = { upcoming: '未开始', ongoing: '进行中', ended: '已结束' }

export const DEPOSIT_STATE_TEXT: Record<DepositState, string> = {
  held: '押金保管中，完成挑战后原路退回',
  refunding: '押金退回中',
  refunded: '押金已原路退回',
  forfeited: '未完成挑战，押金已归圈主',
}

export const DAY_STATE_TEXT: Record<CalendarDayState, string> = {
  done: '已打卡',
  makeup: '已补卡',
  missed: '未打卡',
  today: '今天',
  future: '',
}

export const yuan = (fen: number) => `¥${(fen / 100).toFixed(fen % 100 === 0 ? 0 : 2)}`

export function rewardText(r: ChallengeReward): string {
  if (r.kind === 'points') return `${r.points} 积分`
  if (r.kind === 'title') return `荣誉称号「${r.title}」`
  if (r.kind === 'coupon') return `${yuan(r.amountFen)} 优惠券`
  return '无'
}

/** 12月2日 from 2026-12-02. */
export const dayText = (isoDay: string) => `${Number(isoDay.slice(5, 7))}月${Number(isoDay.slice(8, 10))}日`
/**
 * A calendar cell's label, short enough for a seventh of a phone: the day of the month, with the
 * month only where one starts (the first cell, a 1st): "12/7", "8", … "1/1".
 */
export const calendarDayText = (isoDay: string, first: boolean) => {
  const day = Number(isoDay.slice(8, 10))
  return first || day === 1 ? `${Number(isoDay.slice(5, 7))}/${day}` : String(day)
}
