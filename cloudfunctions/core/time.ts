/**
 * Calendar rules use Asia/Shanghai whatever the machine's zone. China has had no daylight saving
 * since 1991, so a fixed +08:00 offset is exact, and it needs no Intl time-zone data (which the
 * mini-program's JS engines do not all have).
 */
import dayjs from 'dayjs'
import utc from 'dayjs/plugin/utc'

dayjs.extend(utc)

export const SHANGHAI_OFFSET_MINUTES = 8 * 60

export function inShanghai(instant: Date | string | number) {
  return dayjs(instant).utcOffset(SHANGHAI_OFFSET_MINUTES)
}

/** The Shanghai calendar day of an instant, as yyyymmdd (the key of a day in ids). */
export function shanghaiDayKey(instant: Date | string | number): string {
  return inShanghai(instant).format('YYYYMMDD')
}

/** 刚刚 / N分钟前 / 今天 HH:mm / 昨天 HH:mm / MM-DD / YYYY-MM-DD: how WeChat shows times. */
export function formatRelative(instant: Date | string | number, now: Date | string | number = Date.now()): string {
  const t = inShanghai(instant)
  const n = inShanghai(now)
  const seconds = n.diff(t, 'second')
  if (seconds < 60) return '刚刚'
  if (seconds < 3600) return `${Math.floor(seconds / 60)}分钟前`
  if (t.format('YYYYMMDD') === n.format('YYYYMMDD')) return `今天 ${t.format('HH:mm')}`
  if (t.format('YYYYMMDD') === n.subtract(1, 'day').format('YYYYMMDD')) return `昨天 ${t.format('HH:mm')}`
  if (t.year() === n.year()) return t.format('MM-DD')
  return t.format('YYYY-MM-DD')
}

/** A date as a person reads it in China: 2026年11月23日. */
export function formatDate(instant: Date | string | number): string {
  return inShanghai(instant).format('YYYY年M月D日')
}
