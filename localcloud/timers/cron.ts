/**
 * CloudBase timer triggers: 7-field cron (second minute hour day month week year), interpreted in
 * UTC+8 whatever the machine's zone (China has no daylight saving, so a fixed offset is exact).
 * Day-of-week 0 = Sunday (or SUN–SAT); when both day-of-month and day-of-week are restricted the
 * two are OR-ed, as CloudBase documents.
 */
const SHANGHAI_OFFSET_MS = 8 * 3600_000

interface FieldRule {
  name: string
  min: number
  max: number
  names?: string[]
}

const FIELDS: FieldRule[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  },
  { name: 'week', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
  { name: 'year', min: 1970, max: 2099 },
]

export interface CronSchedule {
  source: string
  seconds: Set<number>
  minutes: Set<number>
  hours: Set<number>
  days: Set<number>
  months: Set<number>
  weekdays: Set<number>
  years: Set<number>
  dayRestricted: boolean
  weekRestricted: boolean
}

export class CronError extends Error {
  constructor(expression: string, reason: string) {
    super(`invalid cron "${expression}": ${reason}`)
    this.name = 'CronError'
  }
}

function parseValue(raw: string, rule: FieldRule, expression: string): number {
  const upper = raw.toUpperCase()
  const named = rule.names?.indexOf(upper) ?? -1
  const offset = rule.name === 'month' ? 1 : 0
  const value = named >= 0 ? named + offset : /^\d+$/.test(raw) ? Number(raw) : NaN
  if (!Number.isInteger(value) || value < rule.min || value > rule.max) {
    throw new CronError(expression, `${rule.name} value "${raw}" is outside ${rule.min}-${rule.max}`)
  }
  return value
}

function parseField(text: string, rule: FieldRule, expression: string): { values: Set<number>; restricted: boolean } {
  const values = new Set<number>()
  const restricted = text !== '*'
  for (const part of text.split(',')) {
    if (part === '') throw new CronError(expression, `empty list item in ${rule.name}`)
    const [rangeText, stepText, extra] = part.split('/')
    if (extra !== undefined) throw new CronError(expression, `bad step in ${rule.name}: "${part}"`)
    let step = 1
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) < 1) {
        throw new CronError(expression, `bad step in ${rule.name}: "${part}"`)
      }
      step = Number(stepText)
    }
    let from: number
    let to: number
    if (rangeText === '*') {
      from = rule.min
      to = rule.max
    } else if (rangeText.includes('-')) {
      const [a, b] = rangeText.split('-')
      from = parseValue(a, rule, expression)
      to = parseValue(b, rule, expression)
      if (to < from) throw new CronError(expression, `range ${rangeText} runs backwards in ${rule.name}`)
    } else {
      from = parseValue(rangeText, rule, expression)
      // "1/10": from 1, every 10, to the end of the field
      to = stepText !== undefined ? rule.max : from
    }
    for (let v = from; v <= to; v += step) values.add(v)
  }
  return { values, restricted }
}

export function parseCron(expression: string): CronSchedule {
  const parts = expression.trim().split(/\s+/)
  if (parts.length !== 7) {
    throw new CronError(expression, `expected 7 fields (second minute hour day month week year), got ${parts.length}`)
  }
  const parsed = parts.map((p, i) => parseField(p, FIELDS[i], expression))
  return {
    source: expression,
    seconds: parsed[0].values,
    minutes: parsed[1].values,
    hours: parsed[2].values,
    days: parsed[3].values,
    months: parsed[4].values,
    weekdays: parsed[5].values,
    years: parsed[6].values,
    dayRestricted: parsed[3].restricted,
    weekRestricted: parsed[5].restricted,
  }
}

function dayMatches(s: CronSchedule, day: number, weekday: number): boolean {
  if (s.dayRestricted && s.weekRestricted) return s.days.has(day) || s.weekdays.has(weekday)
  if (s.dayRestricted) return s.days.has(day)
  if (s.weekRestricted) return s.weekdays.has(weekday)
  return true
}

function firstAtLeast(values: Set<number>, from: number, max: number): number | null {
  for (let v = from; v <= max; v++) if (values.has(v)) return v
  return null
}

/**
 * The first instant strictly after `after` at which the schedule fires, or null when it never
 * fires again (the year field ran out). Works on Shanghai wall-clock fields of a shifted UTC date.
 */
export function nextFireTime(schedule: CronSchedule, after: Date): Date | null {
  // wall clock in Shanghai, as the UTC fields of a shifted Date; whole seconds only
  const start = Math.floor((after.getTime() + SHANGHAI_OFFSET_MS) / 1000) * 1000 + 1000
  const t = new Date(start)
  let year = t.getUTCFullYear()
  let month = t.getUTCMonth() + 1
  let day = t.getUTCDate()
  let hour = t.getUTCHours()
  let minute = t.getUTCMinutes()
  let second = t.getUTCSeconds()

  while (year <= 2099) {
    if (!schedule.years.has(year)) {
      year++
      month = 1
      day = 1
      hour = minute = second = 0
      continue
    }
    if (!schedule.months.has(month)) {
      month++
      day = 1
      hour = minute = second = 0
      if (month > 12) {
        month = 1
        year++
      }
      continue
    }
    const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate()
    if (day > daysInMonth) {
      month++
      day = 1
      hour = minute = second = 0
      if (month > 12) {
        month = 1
        year++
      }
      continue
    }
    const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay()
    if (!dayMatches(schedule, day, weekday)) {
      day++
      hour = minute = second = 0
      continue
    }
    const h = firstAtLeast(schedule.hours, hour, 23)
    if (h === null) {
      day++
      hour = minute = second = 0
      continue
    }
    if (h !== hour) {
      hour = h
      minute = second = 0
    }
    const m = firstAtLeast(schedule.minutes, minute, 59)
    if (m === null) {
      hour++
      minute = second = 0
      if (hour > 23) {
        day++
        hour = 0
      }
      continue
    }
    if (m !== minute) {
      minute = m
      second = 0
    }
    const s = firstAtLeast(schedule.seconds, second, 59)
    if (s === null) {
      minute++
      second = 0
      if (minute > 59) {
        hour++
        minute = 0
        if (hour > 23) {
          day++
          hour = 0
        }
      }
      continue
    }
    return new Date(Date.UTC(year, month - 1, day, hour, minute, s) - SHANGHAI_OFFSET_MS)
  }
  return null
}

/** Every fire time in (from, to], oldest first, at most `limit` of them. */
export function fireTimesBetween(schedule: CronSchedule, from: Date, to: Date, limit = Infinity): Date[] {
  const times: Date[] = []
  let cursor = from
  while (times.length < limit) {
    const next = nextFireTime(schedule, cursor)
    if (!next || next.getTime() > to.getTime()) break
    times.push(next)
    cursor = next
  }
  return times
}
