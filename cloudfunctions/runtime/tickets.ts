/**
 * Tickets (docs/events.md): the signed code a ticket's QR carries, and the seat bookkeeping the
 * money code calls into — a paid order confirms its held seat (fulfil.ts), a closed unpaid order
 * gives it back (finance/reconcile.ts), a full refund by the team voids the ticket (refunds.ts) —
 * plus the waitlist fill that hands freed seats on, FIFO.
 *
 * The code is `${signupId}.${signature}`, signature = HMAC-SHA256(secret, "ticket:v1:" + signupId),
 * base64url, 128 bits. Nothing else is in it: whether a ticket is valid is read from the signup
 * at the door, so a cancelled ticket's old screenshot verifies but is `ticket_void`.
 */
import { createHmac, timingSafeEqual } from 'crypto'
import {
  decideHoldExpiry,
  decidePromotion,
  decideTicketPaid,
  decideTicketVoided,
  isPaid,
  seatsLeft,
  type EventRecord,
  type SignupRecord,
} from '../core/event'
import { DomainError } from '../core/errors'
import type { OrderRecord } from '../core/money'
import type { NewNotification } from '../core/notifications'
import { inShanghai } from '../core/time'
import { cmd, transaction, type Tx } from './db'
import { notify } from './notifications'
import { isLocalCloud } from './payment/config'
import { events, signups } from './repos/events'
import { orders } from './repos/money'

// ---------- signing ----------

/** Only for the local cloud and tests; production refuses to sign without QZ_TICKET_SECRET. */
const LOCAL_TICKET_SECRET = 'quanzi-local-ticket-secret-not-for-production'

function ticketSecret(env: Record<string, string | undefined> = process.env): string {
  const secret = env.QZ_TICKET_SECRET
  if (secret) return secret
  if (isLocalCloud(env) || env.NODE_ENV === 'test') return LOCAL_TICKET_SECRET
  throw new Error('QZ_TICKET_SECRET is not configured: tickets cannot be signed')
}

const signatureOf = (id: string, secret: string) =>
  createHmac('sha256', secret).update(`ticket:v1:${id}`).digest('base64url').slice(0, 22)

export function ticketCode(signupId: string, env?: Record<string, string | undefined>): string {
  return `${signupId}.${signatureOf(signupId, ticketSecret(env))}`
}

/** The signup id a genuine code names; `ticket_invalid` for anything forged, altered or malformed. */
export function verifyTicketCode(code: string, env?: Record<string, string | undefined>): string {
  const dot = code.lastIndexOf('.')
  const id = dot > 0 ? code.slice(0, dot) : ''
  if (!id || !id.includes(':')) throw new DomainError('ticket_invalid', undefined, 'code')
  const given = Buffer.from(code.slice(dot + 1))
  const expected = Buffer.from(signatureOf(id, ticketSecret(env)))
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new DomainError('ticket_invalid', undefined, 'code')
  return id
}

// ---------- money hooks ----------

/** In the transaction that marks a ticket order paid (fulfil.ts): its held seat becomes a ticket. */
export async function fulfilTicket(tx: Tx, order: OrderRecord, now: Date): Promise<void> {
  const signup = await signups.byId(order.product.id, tx)
  const next = decideTicketPaid(signup, order, now)
  if (next) {
    await signups.put(next, tx)
    return
  }
  // Cannot happen by the rules (a seat is released only once its order is closed, and a payment
  // on a closed order is refunded, never fulfilled); logged loudly if it ever does.
  console.error(
    JSON.stringify({
      level: 'error',
      fn: 'fulfilTicket',
      orderId: order._id,
      signup: signup?._id ?? null,
      status: signup?.status ?? null,
    }),
  )
}

/** In the transaction of a full refund by the team (refunds.ts): the ticket is void, its seat frees. */
export async function voidTicket(tx: Tx, order: OrderRecord, now: Date): Promise<void> {
  const signup = await signups.byId(order.product.id, tx)
  const next = decideTicketVoided(signup, order._id, now)
  if (!next) return
  const event = await events.get(next.eventId, tx)
  await signups.put(next, tx)
  if (event) await freeSeat(tx, event, now)
}

/** The seat counter goes down; when people wait, the fill is flagged (and run after commit). */
async function freeSeat(tx: Tx, event: EventRecord, now: Date, waitlistDelta = 0) {
  const _ = cmd()
  const patch: Record<string, unknown> = { seatsTaken: _.inc(-1), updatedAt: now }
  if (waitlistDelta) patch.waitlistCount = _.inc(waitlistDelta)
  if (event.waitlistCount + waitlistDelta > 0) patch.fillPending = true
  await events.update(event._id, patch, tx)
}

/**
 * A held seat whose time to pay ran out gives its seat back, unless its order is still pending
 * (it waits for that order to be paid or closed). Idempotent; called when an unpaid ticket order
 * closes and by the `promote` timer. Then the waitlist moves.
 */
export async function releaseHold(signupId: string, now: Date): Promise<boolean> {
  const released = await transaction(async (tx) => {
    const signup = await signups.byId(signupId, tx)
    const order = signup?.orderId ? await orders.get(signup.orderId, tx) : null
    const next = decideHoldExpiry(signup, order?.status ?? null, now)
    if (!next) return null
    const event = await events.get(next.eventId, tx)
    await signups.put(next, tx)
    if (event) await freeSeat(tx, event, now)
    return next
  })
  if (!released) return false
  await fillSeats(released.eventId, now)
  return true
}

/** finance/reconcile.ts closed an unpaid order: a ticket order gives its seat back if its time ran out. */
export async function onTicketOrderClosed(order: OrderRecord, now: Date): Promise<void> {
  if (order.product.kind !== 'ticket') return
  await releaseHold(order.product.id, now)
}

// ---------- the waitlist ----------

const eventUrl = (eventId: string) => `/packageEvent/pages/detail/index?id=${eventId}`

function promotedNotice(event: EventRecord, s: SignupRecord): NewNotification {
  const paid = isPaid(event)
  return {
    id: `event_promoted:${s._id}:${s.round}`,
    openid: s.openid,
    circleId: event.circleId,
    kind: 'event_promoted',
    title: paid ? '候补成功，请尽快支付' : '候补成功，你已获得名额',
    body: paid
      ? `「${event.title}」有名额空出，已为你保留。请在 ${inShanghai(s.payBy!).format('M月D日 HH:mm')} 前完成支付，逾期名额将让给下一位。`
      : `「${event.title}」有名额空出，你已从候补转为正式报名。`,
    link: eventUrl(event._id),
  }
}

/**
 * Hands free seats to the waitlist, first come first served, one transaction per person (the
 * event and the signup read inside it, so it never overbooks and never promotes twice). Clears
 * the event's fillPending when nothing more can move. Notifies after each commit.
 */
export async function fillSeats(eventId: string, now: Date): Promise<number> {
  const _ = cmd()
  let promoted = 0
  for (let guard = 0; guard < 200; guard++) {
    const [head] = await signups.waitlistHead(eventId, 1)
    const step = await transaction(async (tx) => {
      const event = await events.get(eventId, tx)
      if (!event) return { done: true as const, notice: null }
      const signup = head ? await signups.byId(head._id, tx) : null
      const next = signup ? decidePromotion(event, signup, now) : null
      if (!next) {
        // Nothing (more) to do now: no seat, nobody waiting, or the event started.
        const stuck = !signup || seatsLeft(event) < 1 || now.getTime() >= new Date(event.startAt).getTime()
        if (stuck && event.fillPending) await events.update(event._id, { fillPending: false }, tx)
        return stuck ? { done: true as const, notice: null } : { done: false as const, notice: null }
      }
      await signups.put(next, tx)
      await events.update(event._id, { seatsTaken: _.inc(1), waitlistCount: _.inc(-1), updatedAt: now }, tx)
      return { done: false as const, notice: promotedNotice(event, next) }
    })
    if (step.notice) {
      promoted += 1
      await notify([step.notice], now)
    }
    if (step.done) break
  }
  return promoted
}

/**
 * The `promote` timer: held seats whose time to pay ran out (in pages, from a cursor within the
 * run) — an order still pending past its 30 minutes is first settled with the channel by
 * `settleOrder` (reconciliation normally closes it; this heals one it cannot) — then events
 * flagged to fill.
 */
export async function promoteDue(
  now: Date,
  settleOrder: (orderId: string, now: Date) => Promise<unknown>,
): Promise<{ released: number; filled: number }> {
  let released = 0
  let after: { payBy: Date; id: string } | null = null
  for (let page = 0; page < 10; page++) {
    const due = await signups.holdsDue(now, after, 50)
    for (const s of due) {
      try {
        if (s.orderId) await settleOrder(s.orderId, now)
        if (await releaseHold(s._id, now)) released += 1
      } catch (e) {
        // One the channel cannot answer for must not stop the others; the next run retries it.
        console.error(
          JSON.stringify({ level: 'error', job: 'promote', signup: s._id, error: String((e as Error)?.message ?? e) }),
        )
      }
    }
    if (due.length < 50) break
    const last = due[due.length - 1]
    after = { payBy: new Date(last.payBy!), id: last._id }
  }
  let filled = 0
  for (const event of await events.toFill(50)) filled += await fillSeats(event._id, now)
  return { released, filled }
}
