/** How events read in Chinese: times in Asia/Shanghai whatever the phone's zone, money in 元. */
import type { EventCard, MySignup } from '@core/contracts/event'
import type { EventPlace, SignupStatus } from '@core/event'
import { parsePriceInput, yuanText } from '@core/money/pricing'
import { inShanghai } from '@core/time'

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']

export const dateTimeText = (at: string) => {
  const t = inShanghai(at)
  return `${t.format('M月D日')} ${WEEKDAYS[t.day()]} ${t.format('HH:mm')}`
}

/** 11月30日 周六 14:00–17:00, or both ends in full when it spans days. */
export function timeRangeText(e: Pick<EventCard, 'startAt' | 'endAt'>): string {
  const s = inShanghai(e.startAt)
  const end = inShanghai(e.endAt)
  return s.format('YYYYMMDD') === end.format('YYYYMMDD')
    ? `${dateTimeText(e.startAt)}–${end.format('HH:mm')}`
    : `${dateTimeText(e.startAt)} 至 ${dateTimeText(e.endAt)}`
}

export const placeText = (p: EventPlace) => (p.kind === 'offline' ? p.address : '线上活动')

export const priceText = (fen: number) => (fen > 0 ? `¥${yuanText(fen)}` : '免费')

export const PHASE_TEXT: Record<EventCard['phase'], string> = {
  open: '报名中',
  closed: '报名已截止',
  started: '进行中',
  ended: '已结束',
}

export const STATUS_TEXT: Record<SignupStatus, string> = {
  held: '待支付',
  confirmed: '已报名',
  waitlisted: '候补中',
  cancelled: '已取消',
  expired: '已过期',
}

export function seatsText(e: Pick<EventCard, 'seatsLeft' | 'capacity' | 'waitlistCount' | 'waitlist'>): string {
  if (e.seatsLeft > 0) return `剩余 ${e.seatsLeft} / ${e.capacity} 个名额`
  return e.waitlist ? `名额已满 · ${e.waitlistCount} 人候补` : '名额已满'
}

/** What the person's signup means now, in a sentence. */
export function mySignupText(me: MySignup): string {
  switch (me.status) {
    case 'confirmed':
      return me.checkedInAt
        ? `已于 ${dateTimeText(me.checkedInAt)} 核销入场`
        : me.paidFen > 0
          ? `已报名，已支付 ¥${yuanText(me.paidFen)}`
          : '已报名，活动当天出示门票'
    case 'held':
      return me.payBy ? `名额已为你保留，请在 ${dateTimeText(me.payBy)} 前完成支付` : '名额已为你保留，请尽快支付'
    case 'waitlisted':
      return me.waitlistAhead === 0
        ? '候补中：你是下一位，有名额空出会自动递补'
        : `候补中：前面还有 ${me.waitlistAhead ?? '—'} 人`
    case 'cancelled':
      return me.refundFen > 0 ? `已取消，¥${yuanText(me.refundFen)} 原路退回` : '已取消报名'
    case 'expired':
      return '未在期限内支付，名额已释放'
  }
}

/** "99" / "99.5" / "0.01" → fen; null for anything else (no floats on a money path). */
export function parseYuanToFen(text: string): number | null {
  const r = parsePriceInput(text, { minFen: 0 })
  return r.ok ? r.fen : null
}

export const fenToInput = (fen: number) => (fen > 0 ? yuanText(fen).replace(/,/g, '') : '0')
