/**
 * Check-in challenges (打卡挑战, docs/features.md §6): pure rules. A "day" is an Asia/Shanghai calendar
 * day (core/time.ts), whatever the server's zone; days are keyed yyyymmdd. Every rule takes `now`.
 *
 * A participant's days live on their own document (a challenge lasts at most MAX_DAYS days), so
 * the calendar, the total and the streaks are derived from one read, and the leaderboards sort on
 * fields kept on that document (total, bestStreak) — their cost never depends on how many joined.
 */
import { DomainError } from './errors'
import { inShanghai, shanghaiDayKey } from './time'
import { CHALLENGE_LIMITS } from './limits'

export type ChallengeReward =
  | { kind: 'none' }
  | { kind: 'points'; points: number }
  | { kind: 'title'; title: string }
  | { kind: 'coupon'; amountFen: number }

export type ChallengeStatus = 'open' | 'settled'
export type ChallengePhase = 'upcoming' | 'ongoing' | 'ended'

/** What the owner sets when creating a challenge. */
export interface ChallengeDraft {
  title: string
  rules: string
  /** First day, YYYY-MM-DD in Asia/Shanghai. */
  startDay: string
  /** Length in days. */
  days: number
  requiredDays: number
  /** Daily window, HH:mm Asia/Shanghai, start < end; the end minute is inside the window. */
  windowStart: string
  windowEnd: string
  minWords: number
  photoRequired: boolean
  makeupQuota: number
  reward: ChallengeReward
  /** 0: no deposit. */
  depositFen: number
}

export interface ChallengeRecord extends ChallengeDraft {
  _id: string
  circleId: string
  /** Shanghai midnight after the last day: when the settle timer may close it. */
  endsAt: Date
  status: ChallengeStatus
  participantCount: number
  completedCount: number
  createdBy: string
  createdAt: Date
  updatedAt: Date
  settledAt: Date | null
}

/**
 * A deposit: none (free challenge) → held (paid, a liability to the member) → refunding →
 * refunded (completed), or held → forfeited (not completed when the challenge ended).
 */
export type DepositState = 'held' | 'refunding' | 'refunded' | 'forfeited'

export interface ParticipantRecord {
  _id: string // `${challengeId}:${openid}`
  challengeId: string
  circleId: string
  openid: string
  nickname: string
  avatarUrl: string
  /** The days checked in (yyyymmdd, ascending), make-ups included. */
  days: string[]
  makeupDays: string[]
  total: number
  /** The longest run of consecutive days (make-up days count): the streak leaderboard's key. */
  bestStreak: number
  lastCheckinAt: Date | null
  completedAt: Date | null
  /** The completion reward was granted (once). */
  rewarded: boolean
  /** An honor-title reward, shown beside the name. */
  honorTitle: string | null
  /** Kept for records written before coupon rewards were issued; always false now. */
  rewardPending: boolean
  /** The personal coupon code a coupon reward issued (absent: none). */
  rewardCoupon?: string | null
  deposit: { amountFen: number; orderId: string; state: DepositState } | null
  /** The settle timer has dealt with this participant (refund / forfeit / nothing). */
  settled: boolean
  joinedAt: Date
  updatedAt: Date
}

export type CheckinStatus = 'published' | 'review'

export interface CheckinRecord {
  _id: string // `${challengeId}:${openid}:${yyyymmdd}`
  challengeId: string
  circleId: string
  openid: string
  day: string
  text: string
  images: string[]
  makeup: boolean
  status: CheckinStatus
  createdAt: Date
}

export const participantId = (challengeId: string, openid: string) => `${challengeId}:${openid}`
export const checkinId = (challengeId: string, openid: string, day: string) => `${challengeId}:${openid}:${day}`
export const dayCountId = (challengeId: string, day: string) => `${challengeId}:${day}`

// ---------- days ----------

const DAY_MS = 86_400_000

/** YYYY-MM-DD → yyyymmdd. */
export const toDayKey = (isoDay: string) => isoDay.replace(/-/g, '')
/** yyyymmdd → YYYY-MM-DD. */
export const toIsoDay = (key: string) => `${key.slice(0, 4)}-${key.slice(4, 6)}-${key.slice(6, 8)}`

/** The instant a Shanghai day begins. */
export function dayStart(isoDay: string): Date {
  const d = new Date(`${isoDay}T00:00:00+08:00`)
  // JavaScript rolls 2026-02-30 over to March: a day that does not exist is refused.
  if (Number.isNaN(d.getTime()) || shanghaiDayKey(d) !== toDayKey(isoDay))
    throw new DomainError('invalid_argument', undefined, 'startDay')
  return d
}

/** The challenge's days in order, as yyyymmdd. */
export function challengeDays(c: Pick<ChallengeRecord, 'startDay' | 'days'>): string[] {
  const start = dayStart(c.startDay).getTime()
  return Array.from({ length: c.days }, (_, i) => shanghaiDayKey(start + i * DAY_MS))
}

export function endsAtOf(startDay: string, days: number): Date {
  return new Date(dayStart(startDay).getTime() + days * DAY_MS)
}

export function phaseAt(c: Pick<ChallengeRecord, 'startDay' | 'endsAt'>, now: Date): ChallengePhase {
  if (now.getTime() < dayStart(c.startDay).getTime()) return 'upcoming'
  if (now.getTime() < new Date(c.endsAt).getTime()) return 'ongoing'
  return 'ended'
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

/** Whether `now` is inside the daily window (Shanghai wall clock; the end minute included). */
export function inWindow(c: Pick<ChallengeRecord, 'windowStart' | 'windowEnd'>, now: Date): boolean {
  const t = inShanghai(now)
  const m = t.hour() * 60 + t.minute()
  return m >= minutesOf(c.windowStart) && m <= minutesOf(c.windowEnd)
}

/** "Words" as a Chinese reader counts them: characters, spaces left out. */
export function wordCount(text: string): number {
  return [...text.replace(/\s+/g, '')].length
}

/** Consecutive days: the previous calendar day of a yyyymmdd key. */
function previousDay(key: string): string {
  return shanghaiDayKey(dayStart(toIsoDay(key)).getTime() - DAY_MS)
}

/** The longest run of consecutive days in a set. */
export function bestStreakOf(days: readonly string[]): number {
  const set = new Set(days)
  let best = 0
  for (const d of set) {
    if (set.has(previousDay(d))) continue
    let run = 1
    let cur = d
    for (;;) {
      const next = shanghaiDayKey(dayStart(toIsoDay(cur)).getTime() + DAY_MS)
      if (!set.has(next)) break
      run += 1
      cur = next
    }
    best = Math.max(best, run)
  }
  return best
}

/**
 * The current streak (连续): the run ending today, or yesterday while today is still open
 * (a streak is not broken until a day passes without a check-in).
 */
export function currentStreak(days: readonly string[], today: string): number {
  const set = new Set(days)
  let cur = set.has(today) ? today : previousDay(today)
  let run = 0
  while (set.has(cur)) {
    run += 1
    cur = previousDay(cur)
  }
  return run
}

// ---------- creating ----------

export function newChallenge(args: {
  id: string
  circleId: string
  createdBy: string
  draft: ChallengeDraft
  now: Date
}): ChallengeRecord {
  const { draft, now } = args
  if (draft.requiredDays > draft.days) throw new DomainError('invalid_argument', undefined, 'requiredDays')
  if (minutesOf(draft.windowStart) >= minutesOf(draft.windowEnd))
    throw new DomainError('invalid_argument', undefined, 'windowEnd')
  if (draft.depositFen !== 0 && draft.depositFen < CHALLENGE_LIMITS.minDepositFen)
    throw new DomainError('invalid_argument', undefined, 'depositFen')
  // A challenge can start today at the earliest (Shanghai): a past start would make days nobody could check in.
  if (toDayKey(draft.startDay) < shanghaiDayKey(now))
    throw new DomainError('challenge_start_past', undefined, 'startDay')
  return {
    _id: args.id,
    circleId: args.circleId,
    ...draft,
    reward: { ...draft.reward },
    endsAt: endsAtOf(draft.startDay, draft.days),
    status: 'open',
    participantCount: 0,
    completedCount: 0,
    createdBy: args.createdBy,
    createdAt: now,
    updatedAt: now,
    settledAt: null,
  }
}

// ---------- enrolling ----------

export function assertCanEnroll(c: ChallengeRecord, existing: ParticipantRecord | null, now: Date): void {
  if (existing) throw new DomainError('challenge_already_enrolled')
  if (c.status !== 'open' || phaseAt(c, now) === 'ended') throw new DomainError('challenge_ended')
}

export function newParticipant(args: {
  challenge: ChallengeRecord
  openid: string
  user: { nickname: string; avatarUrl: string }
  deposit: ParticipantRecord['deposit']
  now: Date
}): ParticipantRecord {
  const { challenge, openid, user, now } = args
  return {
    _id: participantId(challenge._id, openid),
    challengeId: challenge._id,
    circleId: challenge.circleId,
    openid,
    nickname: user.nickname,
    avatarUrl: user.avatarUrl,
    days: [],
    makeupDays: [],
    total: 0,
    bestStreak: 0,
    lastCheckinAt: null,
    completedAt: null,
    rewarded: false,
    honorTitle: null,
    rewardPending: false,
    deposit: args.deposit,
    settled: false,
    joinedAt: now,
    updatedAt: now,
  }
}

// ---------- checking in ----------

export interface CheckinInput {
  text: string
  images: string[]
  /** A make-up (补卡) for this YYYY-MM-DD day; absent: today. */
  makeupDay?: string
}

export interface CheckinDecision {
  checkin: CheckinRecord
  participant: ParticipantRecord
  /** This check-in reached the required days: reward (once) and refund the deposit. */
  completedNow: boolean
}

/** Validates the content and the day, without the stored check-in (the transaction decides "already"). */
export function dayToCheckIn(
  c: ChallengeRecord,
  p: ParticipantRecord | null,
  input: CheckinInput,
  now: Date,
): { day: string; makeup: boolean } {
  if (!p) throw new DomainError('challenge_not_enrolled')
  const phase = phaseAt(c, now)
  if (phase === 'upcoming') throw new DomainError('challenge_not_started')
  if (phase === 'ended' || c.status !== 'open') throw new DomainError('challenge_ended')
  if (wordCount(input.text) < c.minWords)
    throw new DomainError('checkin_too_short', `至少写 ${c.minWords} 个字`, 'text')
  if (c.photoRequired && input.images.length === 0) throw new DomainError('checkin_photo_required', undefined, 'images')
  const today = shanghaiDayKey(now)
  if (!input.makeupDay) {
    if (!inWindow(c, now))
      throw new DomainError('checkin_outside_window', `每天 ${c.windowStart}–${c.windowEnd} 可以打卡`)
    return { day: today, makeup: false }
  }
  const day = toDayKey(input.makeupDay)
  if (!challengeDays(c).includes(day) || day >= today) throw new DomainError('makeup_day_invalid', undefined, 'day')
  return { day, makeup: true }
}

/**
 * The check-in itself, given what the transaction read. `existing` set: the same day again — a
 * no-op that answers the first check-in (the id is the idempotency key).
 */
export function decideCheckin(args: {
  challenge: ChallengeRecord
  participant: ParticipantRecord
  day: string
  makeup: boolean
  input: CheckinInput
  status: CheckinStatus
  now: Date
}): CheckinDecision {
  const { challenge: c, participant: p, day, makeup, input, now } = args
  if (p.days.includes(day)) throw new DomainError('already_checked_in_today')
  if (makeup && p.makeupDays.length >= c.makeupQuota) throw new DomainError('makeup_quota_used')
  const days = [...p.days, day].sort()
  const total = days.length
  const completedNow = !p.completedAt && total >= c.requiredDays
  const participant: ParticipantRecord = {
    ...p,
    days,
    makeupDays: makeup ? [...p.makeupDays, day].sort() : p.makeupDays,
    total,
    bestStreak: bestStreakOf(days),
    lastCheckinAt: now,
    completedAt: completedNow ? now : p.completedAt,
    updatedAt: now,
  }
  const checkin: CheckinRecord = {
    _id: checkinId(c._id, p.openid, day),
    challengeId: c._id,
    circleId: c.circleId,
    openid: p.openid,
    day,
    text: input.text,
    images: [...input.images],
    makeup,
    status: args.status,
    createdAt: now,
  }
  return { checkin, participant, completedNow }
}

/** The completion reward, once: what to write on the participant, and what to grant after commit. */
export function decideReward(
  c: ChallengeRecord,
  p: ParticipantRecord,
  couponCode: string,
): { participant: ParticipantRecord; grant: ChallengeReward | null } {
  if (!p.completedAt || p.rewarded) return { participant: p, grant: null }
  const r = c.reward
  const next: ParticipantRecord = { ...p, rewarded: true }
  if (r.kind === 'title') next.honorTitle = r.title
  // a personal coupon with a code derived from the challenge and the member: issued once after commit
  if (r.kind === 'coupon') next.rewardCoupon = couponCode
  return { participant: next, grant: r.kind === 'none' ? null : r }
}

// ---------- settling ----------

/** What the settle timer does with a participant once the challenge ended. */
export function settleOutcome(p: ParticipantRecord): 'refund' | 'forfeit' | 'none' {
  if (p.settled) return 'none'
  if (!p.deposit || p.deposit.state !== 'held') return 'none'
  return p.completedAt ? 'refund' : 'forfeit'
}

/** Days as the calendar shows them: each day's state for this participant today. */
export type CalendarDayState = 'done' | 'makeup' | 'missed' | 'today' | 'future'

export function calendarOf(
  c: Pick<ChallengeRecord, 'startDay' | 'days'>,
  p: Pick<ParticipantRecord, 'days' | 'makeupDays'> | null,
  now: Date,
) {
  const today = shanghaiDayKey(now)
  const done = new Set(p?.days ?? [])
  const made = new Set(p?.makeupDays ?? [])
  return challengeDays(c).map((day) => {
    let state: CalendarDayState
    if (made.has(day)) state = 'makeup'
    else if (done.has(day)) state = 'done'
    else if (day === today) state = 'today'
    else if (day < today) state = 'missed'
    else state = 'future'
    return { day: toIsoDay(day), state }
  })
}
