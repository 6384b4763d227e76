/** The `event` function's contract: 活动报名、票券、核销（issue 5; docs/events.md）. */
import { z } from 'zod'
import type { Page } from '../vocabulary'
import type { CheckInOutcome, EventAudience, EventPhase, EventPlace, SignupForm, SignupStatus } from '../event'
import { chars, cursor, fen, id, instant } from './base'
import { EVENT_LIMITS } from '../limits'

const fieldId = z.string().regex(/^[A-Za-z0-9_-]{1,16}$/)

const place = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('offline'), address: chars(2, EVENT_LIMITS.addressChars) }),
  z.strictObject({
    kind: z.literal('online'),
    link: z
      .string()
      .trim()
      .url()
      .max(500)
      .regex(/^https?:\/\//, 'must be an http(s) link'),
  }),
])

const formField = z.strictObject({
  id: fieldId,
  label: chars(1, EVENT_LIMITS.fieldLabelChars),
  kind: z.enum(['text', 'choice']),
  options: z.array(chars(1, EVENT_LIMITS.optionChars)).max(EVENT_LIMITS.choiceOptions).default([]),
  required: z.boolean().default(false),
})

const form = z.strictObject({
  name: z.boolean().default(true),
  phone: z.boolean().default(true),
  fields: z.array(formField).max(EVENT_LIMITS.formFields).default([]),
})

/** A ticket code as the QR carries it: `${signupId}.${signature}`. */
const ticketCode = z.string().trim().min(1).max(300)

export const eventInputs = {
  /** A circle's events: upcoming (soonest first) or past (latest first). Visitors see open events only. */
  list: z.strictObject({ circleId: id, when: z.enum(['upcoming', 'past']).default('upcoming'), cursor }),
  get: z.strictObject({ eventId: id }),
  /** Creates (no eventId) or edits an event. Times are instants with an offset. */
  save: z.strictObject({
    circleId: id,
    eventId: id.optional(),
    title: chars(EVENT_LIMITS.titleMin, EVENT_LIMITS.titleMax),
    description: chars(0, EVENT_LIMITS.descriptionChars).default(''),
    startAt: instant,
    endAt: instant,
    place,
    capacity: z.number().int().min(1).max(EVENT_LIMITS.capacityMax),
    priceFen: fen,
    audience: z.enum(['members', 'open']).default('members'),
    form: form.default({ name: true, phone: true, fields: [] }),
    /** Default: the start. */
    signupDeadline: instant.optional(),
    /** Default: the signup deadline. */
    cancelDeadline: instant.optional(),
    refundPct: z.number().int().min(0).max(100).default(100),
    waitlist: z.boolean().default(true),
  }),
  /** Signs the caller up; answers are checked against the event's form on the server. */
  signUp: z.strictObject({
    eventId: id,
    contactName: z.string().max(60).optional(),
    contactPhone: z.string().max(20).optional(),
    answers: z
      .record(fieldId, z.string().max(EVENT_LIMITS.answerChars * 2))
      .default({})
      .refine((a) => Object.keys(a).length <= EVENT_LIMITS.formFields, 'too many answers'),
  }),
  /** A held seat (a promoted person's 24 h): a pending order to pay, made if there is none. */
  pay: z.strictObject({ eventId: id }),
  cancel: z.strictObject({ eventId: id }),
  /** The caller's ticket: the signed code and its QR image. */
  ticket: z.strictObject({ eventId: id }),
  /** The caller's signups across circles, newest first. */
  mine: z.strictObject({ cursor }),
  /** The team's list of an event's signups, in signup order. */
  signups: z.strictObject({
    eventId: id,
    status: z.enum(['held', 'confirmed', 'waitlisted', 'cancelled', 'expired']).optional(),
    cursor,
  }),
  /** 核销: the team scans a ticket at the door. */
  checkIn: z.strictObject({ eventId: id, code: ticketCode }),
  /** A page of the signups as CSV text (the first page starts with a BOM and the header). */
  exportSignups: z.strictObject({ eventId: id, cursor }),
} as const

export interface EventCard {
  id: string
  circleId: string
  title: string
  startAt: string
  endAt: string
  place: EventPlace
  capacity: number
  priceFen: number
  audience: EventAudience
  seatsLeft: number
  waitlistCount: number
  waitlist: boolean
  phase: EventPhase
}

export interface MySignup {
  eventId: string
  status: SignupStatus
  /** Held seats: until when to pay. */
  payBy: string | null
  /** The pending order to pay (held seats), or the paid one. */
  orderId: string | null
  paidFen: number
  refundFen: number
  createdAt: string
  promotedAt: string | null
  checkedInAt: string | null
  /** Waitlisted: how many are ahead (0: next in line). */
  waitlistAhead: number | null
  /** What cancelling now would refund; null when it cannot be cancelled now. */
  cancelRefundFen: number | null
}

export interface EventDetail extends EventCard {
  circleName: string
  description: string
  form: SignupForm
  signupDeadline: string
  cancelDeadline: string
  refundPct: number
  seatsTaken: number
  checkedInCount: number
  me: MySignup | null
  /** The caller runs events here (edit, signups, 核销, export). */
  canManage: boolean
  /** The caller may sign up (members-only events need an active membership). */
  canSignUp: boolean
}

export interface MySignupCard extends MySignup {
  event: EventCard
}

export interface SignupRow {
  id: string
  openid: string
  nickname: string
  avatarUrl: string
  name: string
  phone: string
  answers: { label: string; value: string }[]
  status: SignupStatus
  paidFen: number
  refundFen: number
  createdAt: string
  checkedInAt: string | null
}

export interface TicketView {
  eventId: string
  title: string
  startAt: string
  endAt: string
  place: EventPlace
  status: SignupStatus
  name: string
  /** What the QR carries; also typed into the H5 check-in page. */
  code: string
  /** A PNG data URL of the QR code. */
  qrDataUrl: string
  checkedInAt: string | null
}

export interface CheckInResult {
  outcome: CheckInOutcome
  checkedInAt: string
  attendee: SignupRow
}

export interface ExportPage {
  csv: string
  rows: number
  nextCursor: string | null
}

export interface EventOutputs {
  list: Page<EventCard>
  get: EventDetail
  save: EventDetail
  signUp: EventDetail
  pay: EventDetail
  cancel: EventDetail
  ticket: TicketView
  mine: Page<MySignupCard>
  signups: Page<SignupRow>
  checkIn: CheckInResult
  exportSignups: ExportPage
}
