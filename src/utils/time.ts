/**
 * Times as WeChat shows them, always in Asia/Shanghai whatever the phone's or machine's zone.
 * A fixed +08:00 offset is exact (no daylight saving since 1991) and needs no Intl zone data,
 * which not every mini-program JS engine has.
 */
import dayjs from 'dayjs'
import utc from 'dayjs/plugin/utc'

dayjs.extend(utc)

const SHANGHAI_OFFSET_MINUTES = 8 * 60

export function inShanghai(instant: Date | string | number) {
  return dayjs(instant).utcOffset(SHANGHAI_OFFSET_MINUTES)
}

/** 刚刚 / N分钟前 / 今天 HH:mm / 昨天 HH:mm / MM-DD / YYYY-MM-DD. */
export function formatPostTime(instant: Date | string | number, now: Date | string | number = Date.now()): string {
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

/** 2025年3月1日 */
export function formatDate(instant: Date | string | number): string {
  return inShanghai(instant).format('YYYY年M月D日')
}
