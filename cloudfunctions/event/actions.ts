/** Event actions (docs/events.md): load, apply a core rule (core/event.ts), save. */
import { randomBytes } from 'crypto'
import { accessAt, type Access } from '../core/access'
import { assertOpen } from '../core/circle'
import type { ActionName, OutputOf, ParsedInput } from '../core/contract'
import {
  assertCanPay,
  decideCancel,
  decideCheckIn,
  decideSignUp,
  editEvent,
  eventIdOfSignup,
  isPaid,
  newEvent,
  signupId,
  signupsCsv,
  validateAnswers,
  type EventFields,
  type EventRecord,
  type SignupRecord,
} from '../core/event'
import { DomainError } from '../core/errors'
import { EVENT_LIMITS, LIMITS } from '../core/limits'
import {
  DEFAULT_SPLIT_RULES,
  decideTicketRefund,
  newOrder,
  newOrderId,
  type OrderRecord,
  type SettlementSnapshot,
} from '../core/money'
import { settlementFor } from '../runtime/merchants'
import { can, assertCan } from '../core/permissions'
import type { CircleRecord } from '../core/records'
import { checkContent } from '../runtime/contentSecurity'
import { cmd, getMany, transaction } from '../runtime/db'
import type { ActionContext } from '../runtime/handler'
import { newId } from '../runtime/ids'
import { payments } from '../runtime/payments'
import { bookRefund } from '../runtime/refunds'
import { dispatchOutbox } from '../runtime/outbox'
import { circles, memberships } from '../runtime/repos/circles'
import { EVENTS, events, signups } from '../runtime/repos/events'
import { orders } from '../runtime/repos/money'
import { users } from '../runtime/repos/users'
import { profileOf } from '../runtime/session'
import { fillSeats, ticketCode, verifyTicketCode } from '../runtime/tickets'
import { prepayTicket, settleTicketOrder } from './orders'
import { ticketQr } from './qr'
import { eventCard, eventDetail, mySignup, signupRow, ticketView } from './views'

type In<A extends ActionName<'event'>> = ParsedInput<'event', A>
type Out<A extends ActionName<'event'>> = Promise<OutputOf<'event', A>>

async function loadEvent(eventId: string): Promise<EventRecord> {
  const event = await events.get(eventId)
  if (!event) throw new DomainError('not_found', undefined, 'eventId')
  return event
}

/** The circle and what the caller may reach in it now (core/access.ts, to the second). */
async function accessTo(
  circleId: string,
  caller: string | null,
  now: Date,
): Promise<{ circle: CircleRecord; access: Access }> {
  const [circle, membership] = await Promise.all([
    circles.get(circleId),
    caller ? memberships.get(circleId, caller) : Promise.resolve(null),
  ])
  if (!circle) throw new DomainError('not_found', undefined, 'circleId')
  return { circle, access: accessAt(membership, circle, now) }
}

/** Members-only events are for members (reading also in the grace days); open ones for anyone signed in. */
function assertCanSee(event: EventRecord, access: Access) {
  if (event.audience === 'members' && !access.readRole) throw new DomainError('not_member')
}

function canSignUpTo(event: EventRecord, circle: CircleRecord, access: Access): boolean {
  if (circle.status === 'closed') return false
  return event.audience === 'open' || can(access.role, 'event.signUp')
}

async function detailFor(
  event: EventRecord,
  ctx: ActionContext,
  known?: { circle: CircleRecord; access: Access; signup?: SignupRecord | null },
) {
  const { circle, access } = known ?? (await accessTo(event.circleId, ctx.caller, ctx.now))
  const signup =
    known?.signup !== undefined ? known.signup : ctx.caller ? await signups.get(event._id, ctx.caller) : null
  const ahead = signup?.status === 'waitlisted' ? await signups.waitlistAhead(signup) : null
  return eventDetail(event, {
    circleName: circle.name,
    me: signup ? mySignup(event, signup, ctx.now, ahead) : null,
    canManage: can(access.role, 'event.manage'),
    canSignUp: canSignUpTo(event, circle, access),
    now: ctx.now,
  })
}

// ---------- reading ----------

export async function list(input: In<'list'>, ctx: ActionContext): Out<'list'> {
  const { access } = await accessTo(input.circleId, ctx.caller, ctx.now)
  const page = await events.ofCircle({
    circleId: input.circleId,
    when: input.when,
    openOnly: !access.readRole,
    now: ctx.now,
    cursor: input.cursor,
    limit: LIMITS.pageSize,
  })
  return { items: page.rows.map((e) => eventCard(e, ctx.now)), nextCursor: page.nextCursor }
}

export async function get(input: In<'get'>, ctx: ActionContext): Out<'get'> {
  const event = await loadEvent(input.eventId)
  const { circle, access } = await accessTo(event.circleId, ctx.openid, ctx.now)
  assertCanSee(event, access)
  return detailFor(event, ctx, { circle, access })
}

export async function mine(input: In<'mine'>, ctx: ActionContext): Out<'mine'> {
  const page = await signups.ofUser({ openid: ctx.openid, cursor: input.cursor, limit: LIMITS.pageSize })
  const byId = new Map(
    (await getMany<EventRecord>(EVENTS, [...new Set(page.rows.map((s) => s.eventId))])).map((e) => [e._id, e]),
  )
  const items = page.rows.flatMap((s) => {
    const event = byId.get(s.eventId)
    return event ? [{ ...mySignup(event, s, ctx.now), event: eventCard(event, ctx.now) }] : []
  })
  return { items, nextCursor: page.nextCursor }
}

// ---------- the team: create and edit ----------

function fieldsOf(input: In<'save'>): EventFields {
  const startAt = new Date(input.startAt)
  const signupDeadline = input.signupDeadline ? new Date(input.signupDeadline) : startAt
  return {
    title: input.title,
    description: input.description,
    startAt,
    endAt: new Date(input.endAt),
    place:
      input.place.kind === 'offline'
        ? { kind: 'offline', address: input.place.address }
        : { kind: 'online', link: input.place.link },
    capacity: input.capacity,
    priceFen: input.priceFen,
    audience: input.audience,
    form: input.form,
    signupDeadline,
    cancelDeadline: input.cancelDeadline ? new Date(input.cancelDeadline) : signupDeadline,
    refundPct: input.refundPct,
    waitlist: input.waitlist,
  }
}

export async function save(input: In<'save'>, ctx: ActionContext): Out<'save'> {
  const { circle, access } = await accessTo(input.circleId, ctx.openid, ctx.now)
  assertCan(access.role, 'event.manage')
  assertOpen(circle)
  const fields = fieldsOf(input)
  // Validate before the content check, so a bad form costs no call to WeChat.
  const existing = input.eventId ? await events.get(input.eventId) : null
  if (input.eventId && (!existing || existing.circleId !== circle._id))
    throw new DomainError('not_found', undefined, 'eventId')
  if (existing) editEvent(existing, fields, ctx.now)
  else newEvent(fields, { id: 'check', circleId: circle._id, createdBy: ctx.openid, now: ctx.now })
  const texts = [
    fields.title,
    fields.description,
    fields.place.kind === 'offline' ? fields.place.address : '',
    ...fields.form.fields.flatMap((f) => [f.label, ...f.options]),
  ]
  // The team publishes its own events: `review` would hold them for themselves, so only `risky` refuses.
  if ((await checkContent({ openid: ctx.openid, scene: 'event', texts, images: [] })) === 'risky')
    throw new DomainError('content_risky')

  const saved = await transaction(async (tx) => {
    if (!input.eventId) {
      const event = newEvent(fields, { id: newId(ctx.now), circleId: circle._id, createdBy: ctx.openid, now: ctx.now })
      await events.put(event, tx)
      return event
    }
    const current = await events.get(input.eventId, tx)
    if (!current) throw new DomainError('not_found', undefined, 'eventId')
    const next = editEvent(current, fields, ctx.now)
    // Counters stay as the transaction read them; only the fields the team edits are written.
    const {
      _id,
      seatsTaken: _s,
      waitlistCount: _w,
      checkedInCount: _c,
      createdAt: _a,
      createdBy: _b,
      circleId: _ci,
      ...patch
    } = next
    // Objects are replaced whole (a plain object would be merged field by field: an old address would stay beside a new link).
    await events.update(_id, { ...patch, place: cmd().set(next.place), form: cmd().set(next.form) }, tx)
    return next
  })
  if (saved.fillPending) await fillSeats(saved._id, ctx.now)
  return detailFor((await events.get(saved._id)) ?? saved, ctx, {
    circle,
    access,
    signup: await signups.get(saved._id, ctx.openid),
  })
}

// ---------- signing up, paying, cancelling ----------

/** A seat's order: the event's price, split by the circle's rules. */
function ticketOrder(args: {
  id: string
  buyer: string
  circle: CircleRecord
  event: Pick<EventRecord, 'title' | 'priceFen'>
  signupId: string
  channel: OrderRecord['channel']
  settlement: SettlementSnapshot | null
  now: Date
}): OrderRecord {
  const { circle, event } = args
  return newOrder({
    id: args.id,
    buyer: args.buyer,
    circleId: circle._id,
    circleName: circle.name,
    product: { kind: 'ticket', id: args.signupId, title: `${event.title} · 门票` },
    priceBreakdown: { baseFen: event.priceFen, discountFen: 0 },
    splitRules: circle.splitRules ?? DEFAULT_SPLIT_RULES,
    channel: args.channel,
    settlement: args.settlement,
    now: args.now,
  })
}

export async function signUp(input: In<'signUp'>, ctx: ActionContext): Out<'signUp'> {
  const event = await loadEvent(input.eventId)
  const { circle, access } = await accessTo(event.circleId, ctx.openid, ctx.now)
  if (event.audience === 'members') assertCan(access.role, 'event.signUp')
  assertOpen(circle)
  validateAnswers(event.form, input)
  const { user, isNew } = await profileOf(ctx.openid, ctx.now)
  const orderId = newOrderId(ctx.now, randomBytes(8).toString('hex'))
  const channel = isPaid(event) ? payments().forSale('ticket', ctx.device).name : null
  // 平台收付通: a ticket's money goes to the owner's sub-merchant, which must be ready.
  const settlement = channel ? await settlementFor(circle, channel, ctx.openid) : null
  const _ = cmd()

  const signed = await transaction(async (tx) => {
    const [current, existing] = await Promise.all([events.get(event._id, tx), signups.get(event._id, ctx.openid, tx)])
    if (!current) throw new DomainError('not_found', undefined, 'eventId')
    const answers = validateAnswers(current.form, input)
    const order: OrderRecord | null =
      isPaid(current) && channel
        ? ticketOrder({
            id: orderId,
            buyer: ctx.openid,
            circle,
            event: current,
            signupId: signupId(current._id, ctx.openid),
            channel,
            settlement,
            now: ctx.now,
          })
        : null
    const d = decideSignUp({
      event: current,
      existing,
      openid: ctx.openid,
      user,
      answers,
      order: order && { id: order._id, expiresAt: order.expiresAt },
      now: ctx.now,
    })
    await signups.put(d.signup, tx)
    if (d.signup.status === 'held' && order) await orders.put(order, tx)
    const patch: Record<string, unknown> = { updatedAt: ctx.now }
    if (d.seatDelta) patch.seatsTaken = _.inc(d.seatDelta)
    if (d.waitlistDelta) patch.waitlistCount = _.inc(d.waitlistDelta)
    await events.update(current._id, patch, tx)
    return { signup: d.signup, order: d.signup.status === 'held' ? order : null }
  })
  if (isNew) await users.create(user)
  if (signed.order) await prepayTicket(signed.order)
  return detailFor((await events.get(event._id)) ?? event, ctx, { circle, access, signup: signed.signup })
}

/** A held seat gets an order to pay (a promoted person's 24 h; the cashier opens with shop.pay). */
export async function pay(input: In<'pay'>, ctx: ActionContext): Out<'pay'> {
  const event = await loadEvent(input.eventId)
  const { circle, access } = await accessTo(event.circleId, ctx.openid, ctx.now)
  const before = assertCanPay(await signups.get(event._id, ctx.openid), ctx.now)
  // An earlier order past its 30 minutes is settled first: paid means done, else closed for good.
  if (await settleTicketOrder(before.orderId, ctx.now, { onlyExpired: true }))
    return detailFor((await events.get(event._id)) ?? event, ctx, { circle, access })
  const orderId = newOrderId(ctx.now, randomBytes(8).toString('hex'))
  const channel = payments().forSale('ticket', ctx.device).name
  const settlement = await settlementFor(circle, channel, ctx.openid)
  const made = await transaction(async (tx) => {
    const current = assertCanPay(await signups.get(event._id, ctx.openid, tx), ctx.now)
    const existing = current.orderId ? await orders.get(current.orderId, tx) : null
    if (existing?.status === 'pending') return { signup: current, order: null }
    const order = ticketOrder({
      id: orderId,
      buyer: ctx.openid,
      circle,
      event,
      signupId: current._id,
      channel,
      settlement,
      now: ctx.now,
    })
    const next: SignupRecord = { ...current, orderId: order._id, updatedAt: ctx.now }
    await orders.put(order, tx)
    await signups.put(next, tx)
    return { signup: next, order }
  })
  if (made.order) await prepayTicket(made.order)
  return detailFor(event, ctx, { circle, access, signup: made.signup })
}

export async function cancel(input: In<'cancel'>, ctx: ActionContext): Out<'cancel'> {
  const event = await loadEvent(input.eventId)
  const pre = await signups.get(event._id, ctx.openid)
  // Giving up a seat still being paid for: the order is settled with the channel first.
  if (pre?.status === 'held') await settleTicketOrder(pre.orderId, ctx.now, { onlyExpired: false })
  const _ = cmd()
  const outboxIds: string[] = []
  const result = await transaction(async (tx) => {
    outboxIds.length = 0
    const [current, signup] = await Promise.all([events.get(event._id, tx), signups.get(event._id, ctx.openid, tx)])
    if (!current) throw new DomainError('not_found', undefined, 'eventId')
    const d = decideCancel(current, signup, ctx.now)
    if (d.refundFen > 0) {
      const order = signup?.orderId ? await orders.get(signup.orderId, tx) : null
      if (!order) throw new Error(`signup ${signup?._id}: paid without an order`)
      const { order: next, refund } = decideTicketRefund(order, {
        amountFen: d.refundFen,
        reason: '取消活动报名',
        now: ctx.now,
      })
      outboxIds.push(await bookRefund(tx, order, refund, ctx.now))
      await orders.put(next, tx)
    }
    await signups.put(d.signup, tx)
    const patch: Record<string, unknown> = { updatedAt: ctx.now }
    if (d.seatDelta) patch.seatsTaken = _.inc(d.seatDelta)
    if (d.waitlistDelta) patch.waitlistCount = _.inc(d.waitlistDelta)
    if (d.seatDelta < 0 && current.waitlistCount > 0) patch.fillPending = true
    await events.update(current._id, patch, tx)
    return { signup: d.signup, seatFreed: d.seatDelta < 0 }
  })
  if (outboxIds.length) await dispatchOutbox(ctx.now, { only: outboxIds })
  if (result.seatFreed) await fillSeats(event._id, ctx.now)
  return detailFor((await events.get(event._id)) ?? event, ctx, {
    ...(await accessTo(event.circleId, ctx.openid, ctx.now)),
    signup: result.signup,
  })
}

export async function ticket(input: In<'ticket'>, ctx: ActionContext): Out<'ticket'> {
  const event = await loadEvent(input.eventId)
  const signup = await signups.get(event._id, ctx.openid)
  if (!signup) throw new DomainError('event_not_signed_up')
  if (signup.status !== 'confirmed') throw new DomainError('ticket_void')
  const code = ticketCode(signup._id)
  return ticketView(event, signup, code, await ticketQr(code))
}

// ---------- the team: signups, 核销, export ----------

async function teamEvent(eventId: string, ctx: ActionContext, permission: 'event.manage' | 'event.checkIn') {
  const event = await loadEvent(eventId)
  const { access } = await accessTo(event.circleId, ctx.openid, ctx.now)
  assertCan(access.role, permission)
  return event
}

async function signups_(input: In<'signups'>, ctx: ActionContext): Out<'signups'> {
  const event = await teamEvent(input.eventId, ctx, 'event.manage')
  const page = await signups.ofEvent({
    eventId: event._id,
    status: input.status,
    cursor: input.cursor,
    limit: LIMITS.pageSize,
  })
  return { items: page.rows.map((s) => signupRow(event, s)), nextCursor: page.nextCursor }
}

export async function checkIn(input: In<'checkIn'>, ctx: ActionContext): Out<'checkIn'> {
  const event = await teamEvent(input.eventId, ctx, 'event.checkIn')
  const id = verifyTicketCode(input.code)
  if (eventIdOfSignup(id) !== event._id) throw new DomainError('ticket_wrong_event')
  const _ = cmd()
  const { outcome, signup } = await transaction(async (tx) => {
    const [current, found] = await Promise.all([events.get(event._id, tx), signups.byId(id, tx)])
    if (!current) throw new DomainError('not_found', undefined, 'eventId')
    const d = decideCheckIn(current, found, ctx.openid, ctx.now)
    if (d.outcome === 'checked_in') {
      await signups.put(d.signup, tx)
      await events.update(current._id, { checkedInCount: _.inc(1) }, tx)
    }
    return d
  })
  return { outcome, checkedInAt: new Date(signup.checkedInAt!).toISOString(), attendee: signupRow(event, signup) }
}

export async function exportSignups(input: In<'exportSignups'>, ctx: ActionContext): Out<'exportSignups'> {
  const event = await teamEvent(input.eventId, ctx, 'event.manage')
  const page = await signups.ofEvent({ eventId: event._id, cursor: input.cursor, limit: EVENT_LIMITS.exportPageRows })
  return { csv: signupsCsv(event, page.rows, !input.cursor), rows: page.rows.length, nextCursor: page.nextCursor }
}

export { signups_ as signups }
