/**
 * Events (活动报名, docs/features.md §8; docs/events.md): the rules, as data in and data out.
 *
 * Seats: `event.seatsTaken` counts the signups that hold a seat — `confirmed` ones and `held` ones
 * (a paid signup waiting for its payment). It changes only with `_.inc` in the transaction that
 * writes the signup whose seat it counts, after reading the event in that same transaction, so
 * concurrent signups for the last seats serialize on the event document and never overbook.
 *
 * Signup states (one document per person per event, `${eventId}:${openid}`):
 *   free event:  → confirmed | waitlisted
 *   paid event:  → held (order pending, 30 min) → confirmed (paid) | expired (order closed unpaid)
 *   waitlisted   → confirmed (free) | held with 24 h to pay (paid), when a seat frees, FIFO
 *   held/confirmed/waitlisted → cancelled (by the person; confirmed only before the cancel deadline)
 *   cancelled / expired → signing up again starts a new round at the back of the queue
 */
import type { UserSnapshot } from './records'
import { DomainError } from './errors'
import { inShanghai } from './time'
import { EVENT_LIMITS } from './limits'

const HOUR_MS = 3600_000

export type EventAudience = 'members' | 'open'
export type EventPlace = { kind: 'offline'; address: string } | { kind: 'online'; link: string }
export type FormFieldKind = 'text' | 'choice'

export interface FormField {
  id: string
  label: string
  kind: FormFieldKind
  /** Choices of a single-choice field (empty for text). */
  options: string[]
  required: boolean
}

/** What a signup asks: the name and the phone (each asked and then required, or not asked) and custom fields. */
export interface SignupForm {
  name: boolean
  phone: boolean
  fields: FormField[]
}

/** What the owner sets (created and edited as a whole). */
export interface EventFields {
  title: string
  description: string
  startAt: Date
  endAt: Date
  place: EventPlace
  capacity: number
  /** 0: free. The price of new orders; an order keeps the price it was made at. */
  priceFen: number
  audience: EventAudience
  form: SignupForm
  signupDeadline: Date
  cancelDeadline: Date
  /** Of the ticket price, refunded on a cancellation before the cancel deadline (0–100). */
  refundPct: number
  waitlist: boolean
}

export interface EventRecord extends EventFields {
  _id: string
  circleId: string
  /** Confirmed + held signups (see the file header). */
  seatsTaken: number
  waitlistCount: number
  checkedInCount: number
  /**
   * A seat was freed while people were waiting: set in the transaction that freed it, cleared by
   * the fill that promotes them. The `promote` timer finds events to fill by this flag, so a crash
   * between the freeing and the promotion is healed.
   */
  fillPending: boolean
  createdBy: string
  createdAt: Date
  updatedAt: Date
}

export type SignupStatus = 'held' | 'confirmed' | 'waitlisted' | 'cancelled' | 'expired'

export interface SignupAnswers {
  name: string
  phone: string
  /** By form field id. */
  fields: Record<string, string>
}

export interface SignupRecord {
  _id: string // `${eventId}:${openid}`
  eventId: string
  circleId: string
  openid: string
  user: UserSnapshot
  answers: SignupAnswers
  status: SignupStatus
  /** How many times this person signed up (a new round after a cancellation or an expiry). */
  round: number
  /** The order paying for the held seat (the latest one), null for free events. */
  orderId: string | null
  /** Until when a held seat waits for its payment. */
  payBy: Date | null
  promotedAt: Date | null
  paidFen: number
  paidAt: Date | null
  refundFen: number
  cancelledAt: Date | null
  checkedInAt: Date | null
  checkedInBy: string | null
  /** The queue position: the time of this round's signup (the waitlist is FIFO by it, then _id). */
  createdAt: Date
  updatedAt: Date
}

export const signupId = (eventId: string, openid: string) => `${eventId}:${openid}`
export const eventIdOfSignup = (id: string) => id.slice(0, id.indexOf(':'))

export const isPaid = (event: Pick<EventRecord, 'priceFen'>) => event.priceFen > 0
export const isActive = (status: SignupStatus) => status === 'held' || status === 'confirmed' || status === 'waitlisted'
export const seatsLeft = (event: Pick<EventRecord, 'capacity' | 'seatsTaken'>) =>
  Math.max(0, event.capacity - event.seatsTaken)

/** open: signups taken; closed: past the signup deadline; started / ended: by the clock. */
export type EventPhase = 'open' | 'closed' | 'started' | 'ended'

export function eventPhase(event: Pick<EventRecord, 'signupDeadline' | 'startAt' | 'endAt'>, now: Date): EventPhase {
  const t = now.getTime()
  if (t >= new Date(event.endAt).getTime()) return 'ended'
  if (t >= new Date(event.startAt).getTime()) return 'started'
  if (t >= new Date(event.signupDeadline).getTime()) return 'closed'
  return 'open'
}

// ---------- creating and editing ----------

const bad = (param: string): never => {
  throw new DomainError('invalid_argument', undefined, param)
}

/** The times and the form must make sense together (the schema checked each alone). */
export function assertEventFields(f: EventFields): void {
  const start = f.startAt.getTime()
  if (f.endAt.getTime() <= start) bad('endAt')
  if (f.signupDeadline.getTime() > start) bad('signupDeadline')
  if (f.cancelDeadline.getTime() > start) bad('cancelDeadline')
  const ids = new Set<string>()
  f.form.fields.forEach((field, i) => {
    if (ids.has(field.id)) bad(`form.fields.${i}.id`)
    ids.add(field.id)
    if (field.kind === 'choice') {
      if (field.options.length < 2 || new Set(field.options).size !== field.options.length)
        bad(`form.fields.${i}.options`)
    } else if (field.options.length > 0) bad(`form.fields.${i}.options`)
  })
}

export function newEvent(
  f: EventFields,
  args: { id: string; circleId: string; createdBy: string; now: Date },
): EventRecord {
  assertEventFields(f)
  if (f.startAt.getTime() <= args.now.getTime()) bad('startAt')
  return {
    _id: args.id,
    circleId: args.circleId,
    ...f,
    form: normalizeForm(f.form),
    seatsTaken: 0,
    waitlistCount: 0,
    checkedInCount: 0,
    fillPending: false,
    createdBy: args.createdBy,
    createdAt: args.now,
    updatedAt: args.now,
  }
}

/**
 * An edit keeps what signups rely on: the capacity never drops below the seats taken, the price
 * is fixed once anyone signed up (orders and refunds are priced from it), and an ended event is
 * history. Everything else may change; answers already given stay as they were.
 */
export function editEvent(event: EventRecord, f: EventFields, now: Date): EventRecord {
  if (now.getTime() >= new Date(event.endAt).getTime()) throw new DomainError('event_ended')
  assertEventFields(f)
  if (f.capacity < event.seatsTaken) throw new DomainError('event_capacity_too_small', undefined, 'capacity')
  if (f.priceFen !== event.priceFen && event.seatsTaken + event.waitlistCount > 0)
    throw new DomainError('event_price_locked', undefined, 'priceFen')
  const next: EventRecord = { ...event, ...f, form: normalizeForm(f.form), updatedAt: now }
  // More seats (or the waitlist switched on/off) may let people in: the fill looks.
  if (next.capacity > event.capacity && event.waitlistCount > 0) next.fillPending = true
  return next
}

function normalizeForm(form: SignupForm): SignupForm {
  return {
    name: form.name,
    phone: form.phone,
    fields: form.fields.map((f) => ({
      id: f.id,
      label: f.label,
      kind: f.kind,
      options: f.kind === 'choice' ? [...f.options] : [],
      required: f.required,
    })),
  }
}

// ---------- signing up ----------

const PHONE = /^1[3-9]\d{9}$/

/**
 * The answers checked against the event's form on the server: required fields present, a choice
 * one of its options, no field the form does not have. A bad field is `invalid_argument` naming it.
 */
export function validateAnswers(
  form: SignupForm,
  input: { contactName?: string; contactPhone?: string; answers: Record<string, string> },
): SignupAnswers {
  const name = (input.contactName ?? '').trim()
  const phone = (input.contactPhone ?? '').trim()
  if (form.name) {
    if (!name || [...name].length > EVENT_LIMITS.contactNameChars) bad('contactName')
  } else if (name) bad('contactName')
  if (form.phone) {
    if (!PHONE.test(phone)) bad('contactPhone')
  } else if (phone) bad('contactPhone')
  const known = new Map(form.fields.map((f) => [f.id, f]))
  for (const key of Object.keys(input.answers)) if (!known.has(key)) bad(`answers.${key}`)
  const fields: Record<string, string> = {}
  for (const f of form.fields) {
    const value = (input.answers[f.id] ?? '').trim()
    if (!value) {
      if (f.required) bad(`answers.${f.id}`)
      continue
    }
    if (f.kind === 'choice' && !f.options.includes(value)) bad(`answers.${f.id}`)
    if ([...value].length > EVENT_LIMITS.answerChars) bad(`answers.${f.id}`)
    fields[f.id] = value
  }
  return { name: form.name ? name : '', phone: form.phone ? phone : '', fields }
}

export interface SignUpDecision {
  signup: SignupRecord
  /** Counter changes on the event, applied with `_.inc` in the same transaction. */
  seatDelta: number
  waitlistDelta: number
}

/**
 * A signup, decided against the event as read inside the transaction. A seat if one is left
 * (held until paid when the event is paid, with the order's 30 minutes as `payBy`), else the
 * waitlist when it is on, else `event_full`.
 */
export function decideSignUp(args: {
  event: EventRecord
  existing: SignupRecord | null
  openid: string
  user: UserSnapshot
  answers: SignupAnswers
  /** The order made for a held seat of a paid event (its id and when it closes). */
  order: { id: string; expiresAt: Date } | null
  now: Date
}): SignUpDecision {
  const { event, existing, now } = args
  if (eventPhase(event, now) !== 'open') throw new DomainError('event_signup_closed')
  if (existing && isActive(existing.status)) throw new DomainError('event_already_signed_up')
  const base: SignupRecord = {
    _id: signupId(event._id, args.openid),
    eventId: event._id,
    circleId: event.circleId,
    openid: args.openid,
    user: { nickname: args.user.nickname, avatarUrl: args.user.avatarUrl },
    answers: args.answers,
    status: 'confirmed',
    round: (existing?.round ?? 0) + 1,
    orderId: null,
    payBy: null,
    promotedAt: null,
    paidFen: 0,
    paidAt: null,
    refundFen: 0,
    cancelledAt: null,
    checkedInAt: null,
    checkedInBy: null,
    createdAt: now,
    updatedAt: now,
  }
  if (seatsLeft(event) > 0) {
    if (!isPaid(event)) return { signup: base, seatDelta: 1, waitlistDelta: 0 }
    if (!args.order) throw new Error('a paid seat needs its order')
    return {
      signup: { ...base, status: 'held', orderId: args.order.id, payBy: args.order.expiresAt },
      seatDelta: 1,
      waitlistDelta: 0,
    }
  }
  if (!event.waitlist) throw new DomainError('event_full')
  return { signup: { ...base, status: 'waitlisted' }, seatDelta: 0, waitlistDelta: 1 }
}

// ---------- paying ----------

/** The payment arrived for the order holding this seat: the ticket is valid. Anything else: null (nothing to do). */
export function decideTicketPaid(
  signup: SignupRecord | null,
  order: { _id: string; amountFen: number },
  paidAt: Date,
): SignupRecord | null {
  if (!signup || signup.status !== 'held' || signup.orderId !== order._id) return null
  return { ...signup, status: 'confirmed', paidFen: order.amountFen, paidAt, payBy: null, updatedAt: paidAt }
}

/** A held seat may get a new order while its time to pay lasts (a promoted person's 24 h). */
export function assertCanPay(signup: SignupRecord | null, now: Date): SignupRecord {
  if (!signup || signup.status !== 'held') throw new DomainError('event_not_signed_up')
  if (!signup.payBy || now.getTime() >= new Date(signup.payBy).getTime())
    throw new DomainError('event_payment_window_passed')
  return signup
}

/**
 * A held seat whose time to pay ran out and whose order is not (or no longer) pending gives its
 * seat back. While an order is pending, the seat waits for it (paid, or closed after 30 min).
 */
export function decideHoldExpiry(
  signup: SignupRecord | null,
  orderStatus: string | null,
  now: Date,
): SignupRecord | null {
  if (!signup || signup.status !== 'held' || !signup.payBy) return null
  if (now.getTime() < new Date(signup.payBy).getTime()) return null
  if (orderStatus === 'pending' || orderStatus === 'paid') return null
  return { ...signup, status: 'expired', payBy: null, updatedAt: now }
}

// ---------- the waitlist ----------

/** The first waitlisted person moves up: confirmed at once (free) or held with 24 h to pay (not past the start). */
export function decidePromotion(event: EventRecord, signup: SignupRecord, now: Date): SignupRecord | null {
  if (signup.status !== 'waitlisted' || seatsLeft(event) < 1) return null
  if (now.getTime() >= new Date(event.startAt).getTime()) return null
  if (!isPaid(event)) return { ...signup, status: 'confirmed', promotedAt: now, updatedAt: now }
  const payBy = new Date(
    Math.min(now.getTime() + EVENT_LIMITS.promotedPayHours * HOUR_MS, new Date(event.startAt).getTime()),
  )
  return { ...signup, status: 'held', orderId: null, payBy, promotedAt: now, updatedAt: now }
}

// ---------- cancelling ----------

/** Integer fen, rounded down: what a cancellation before the deadline gives back. */
export function refundFenFor(paidFen: number, refundPct: number): number {
  if (!Number.isSafeInteger(paidFen) || paidFen < 0) throw new Error(`bad paidFen ${paidFen}`)
  if (!Number.isInteger(refundPct) || refundPct < 0 || refundPct > 100) throw new Error(`bad refundPct ${refundPct}`)
  return Math.floor((paidFen * refundPct) / 100)
}

export interface CancelDecision {
  signup: SignupRecord
  seatDelta: number
  waitlistDelta: number
  /** To refund through the original payment (0: none). */
  refundFen: number
}

/**
 * The person cancels. Waitlisted or not yet paid: any time. Confirmed: only before the
 * cancellation deadline (strictly before; at the deadline it is closed), with the event's refund
 * percentage of what they paid; after it, and once checked in, a ticket cannot be cancelled.
 */
export function decideCancel(event: EventRecord, signup: SignupRecord | null, now: Date): CancelDecision {
  if (!signup || !isActive(signup.status)) throw new DomainError('event_not_signed_up')
  const cancelled = (s: SignupRecord): SignupRecord => ({
    ...s,
    status: 'cancelled',
    payBy: null,
    cancelledAt: now,
    updatedAt: now,
  })
  if (signup.status === 'waitlisted')
    return { signup: cancelled(signup), seatDelta: 0, waitlistDelta: -1, refundFen: 0 }
  if (signup.status === 'held') return { signup: cancelled(signup), seatDelta: -1, waitlistDelta: 0, refundFen: 0 }
  if (signup.checkedInAt) throw new DomainError('event_checked_in')
  if (now.getTime() >= new Date(event.cancelDeadline).getTime()) throw new DomainError('event_cancel_closed')
  const refundFen = refundFenFor(signup.paidFen, event.refundPct)
  return { signup: { ...cancelled(signup), refundFen }, seatDelta: -1, waitlistDelta: 0, refundFen }
}

/** What cancelling now would give back, for the button's text; null when it cannot be cancelled. */
export function cancelPreview(
  event: EventRecord,
  signup: SignupRecord | null,
  now: Date,
): { refundFen: number } | null {
  try {
    return { refundFen: decideCancel(event, signup, now).refundFen }
  } catch (e) {
    if (e instanceof DomainError) return null
    throw e
  }
}

/** The order of a ticket was refunded in full by the team: the ticket is void and its seat frees. */
export function decideTicketVoided(signup: SignupRecord | null, orderId: string, now: Date): SignupRecord | null {
  if (!signup || signup.status !== 'confirmed' || signup.orderId !== orderId || signup.checkedInAt) return null
  return { ...signup, status: 'cancelled', cancelledAt: now, updatedAt: now }
}

// ---------- at the door (核销) ----------

export type CheckInOutcome = 'checked_in' | 'already_checked_in'

/**
 * A ticket whose signature verified, for this event: checked in once. A second scan changes
 * nothing and answers `already_checked_in` with the first time. Only a confirmed ticket gets in.
 */
export function decideCheckIn(
  event: EventRecord,
  signup: SignupRecord | null,
  staff: string,
  now: Date,
): { outcome: CheckInOutcome; signup: SignupRecord } {
  if (!signup) throw new DomainError('ticket_void')
  if (signup.eventId !== event._id) throw new DomainError('ticket_wrong_event')
  if (signup.checkedInAt) return { outcome: 'already_checked_in', signup }
  if (signup.status !== 'confirmed') throw new DomainError('ticket_void')
  if (now.getTime() >= new Date(event.endAt).getTime() + EVENT_LIMITS.checkInGraceHours * HOUR_MS)
    throw new DomainError('event_ended')
  return { outcome: 'checked_in', signup: { ...signup, checkedInAt: now, checkedInBy: staff, updatedAt: now } }
}

// ---------- CSV (signups export) ----------

/** Excel opens UTF-8 with this mark as UTF-8 (Chinese stays Chinese). */
export const CSV_BOM = '\uFEFF'

/**
 * One cell: quoted when it holds a quote, comma or line break (quotes doubled, RFC 4180). A cell
 * a spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe.
 */
export function csvCell(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value)
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export const csvRow = (cells: (string | number | null | undefined)[]) => cells.map(csvCell).join(',') + '\r\n'

export const SIGNUP_STATUS_TEXT: Record<SignupStatus, string> = {
  held: '待支付',
  confirmed: '已报名',
  waitlisted: '候补中',
  cancelled: '已取消',
  expired: '已过期',
}

const yuanText = (fen: number) => (fen / 100).toFixed(2)
const timeText = (d: Date | string | null) => (d ? inShanghai(d).format('YYYY-MM-DD HH:mm:ss') : '')

export function csvHeader(event: Pick<EventRecord, 'form'>): string {
  const cells = ['报名时间', '昵称']
  if (event.form.name) cells.push('姓名')
  if (event.form.phone) cells.push('手机号')
  for (const f of event.form.fields) cells.push(f.label)
  cells.push('状态', '支付金额(元)', '退款金额(元)', '核销时间')
  return csvRow(cells)
}

export function csvLine(event: Pick<EventRecord, 'form'>, s: SignupRecord): string {
  const cells: (string | number)[] = [timeText(s.createdAt), s.user.nickname]
  if (event.form.name) cells.push(s.answers.name)
  if (event.form.phone) cells.push(s.answers.phone)
  for (const f of event.form.fields) cells.push(s.answers.fields[f.id] ?? '')
  cells.push(SIGNUP_STATUS_TEXT[s.status], yuanText(s.paidFen), yuanText(s.refundFen), timeText(s.checkedInAt))
  return csvRow(cells)
}

/** A page of the export; the first page starts with the BOM and the header row. */
export function signupsCsv(event: Pick<EventRecord, 'form'>, rows: SignupRecord[], first: boolean): string {
  return (first ? CSV_BOM + csvHeader(event) : '') + rows.map((s) => csvLine(event, s)).join('')
}
