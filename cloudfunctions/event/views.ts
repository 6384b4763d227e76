/** Events and signups as the API answers them (dates leave as ISO strings). */
import type { EventCard, EventDetail, MySignup, SignupRow, TicketView } from '../core/contracts/event'
import { cancelPreview, eventPhase, seatsLeft, type EventRecord, type SignupRecord } from '../core/event'

const iso = (d: Date | string) => new Date(d).toISOString()
const isoOrNull = (d: Date | string | null | undefined) => (d ? iso(d) : null)

/** An online event's link is for its confirmed attendees and the team; others see that it is online. */
const placeFor = (e: EventRecord, showLink: boolean) =>
  e.place.kind === 'online' && !showLink ? { kind: 'online' as const, link: '' } : e.place

export function eventCard(e: EventRecord, now: Date, showLink = false): EventCard {
  return {
    id: e._id,
    circleId: e.circleId,
    title: e.title,
    startAt: iso(e.startAt),
    endAt: iso(e.endAt),
    place: placeFor(e, showLink),
    capacity: e.capacity,
    priceFen: e.priceFen,
    audience: e.audience,
    seatsLeft: seatsLeft(e),
    waitlistCount: e.waitlistCount,
    waitlist: e.waitlist,
    phase: eventPhase(e, now),
  }
}

export function mySignup(e: EventRecord, s: SignupRecord, now: Date, waitlistAhead: number | null = null): MySignup {
  return {
    eventId: s.eventId,
    status: s.status,
    payBy: isoOrNull(s.payBy),
    orderId: s.orderId,
    paidFen: s.paidFen,
    refundFen: s.refundFen,
    createdAt: iso(s.createdAt),
    promotedAt: isoOrNull(s.promotedAt),
    checkedInAt: isoOrNull(s.checkedInAt),
    waitlistAhead: s.status === 'waitlisted' ? waitlistAhead : null,
    cancelRefundFen: cancelPreview(e, s, now)?.refundFen ?? null,
  }
}

export function eventDetail(
  e: EventRecord,
  args: { circleName: string; me: MySignup | null; canManage: boolean; canSignUp: boolean; now: Date },
): EventDetail {
  return {
    ...eventCard(e, args.now, args.canManage || args.me?.status === 'confirmed'),
    circleName: args.circleName,
    description: e.description,
    form: e.form,
    signupDeadline: iso(e.signupDeadline),
    cancelDeadline: iso(e.cancelDeadline),
    refundPct: e.refundPct,
    seatsTaken: e.seatsTaken,
    checkedInCount: e.checkedInCount,
    me: args.me,
    canManage: args.canManage,
    canSignUp: args.canSignUp,
  }
}

export function signupRow(e: Pick<EventRecord, 'form'>, s: SignupRecord): SignupRow {
  return {
    id: s._id,
    openid: s.openid,
    nickname: s.user.nickname,
    avatarUrl: s.user.avatarUrl,
    name: s.answers.name,
    phone: s.answers.phone,
    answers: e.form.fields
      .filter((f) => s.answers.fields[f.id] !== undefined)
      .map((f) => ({ label: f.label, value: s.answers.fields[f.id] })),
    status: s.status,
    paidFen: s.paidFen,
    refundFen: s.refundFen,
    createdAt: iso(s.createdAt),
    checkedInAt: isoOrNull(s.checkedInAt),
  }
}

export function ticketView(e: EventRecord, s: SignupRecord, code: string, qrDataUrl: string): TicketView {
  return {
    eventId: e._id,
    title: e.title,
    startAt: iso(e.startAt),
    endAt: iso(e.endAt),
    place: placeFor(e, s.status === 'confirmed'),
    status: s.status,
    name: s.answers.name || s.user.nickname,
    code,
    qrDataUrl,
    checkedInAt: isoOrNull(s.checkedInAt),
  }
}
