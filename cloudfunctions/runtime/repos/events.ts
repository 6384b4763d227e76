/** events and eventSignups: every query the event actions and timers make, with the index it uses. */
import { decodeCursor, pageOf } from '../../core/cursor'
import type { EventRecord, SignupRecord, SignupStatus } from '../../core/event'
import { signupId } from '../../core/event'
import { cmd, db, getById, newestFirst, oldestFirst, rowsOf, totalOf, type Patch, type Tx } from '../db'
import { withoutId } from './users'

export const EVENTS = 'events'
export const SIGNUPS = 'eventSignups'

type Source = Tx | ReturnType<typeof db>

export const events = {
  get: (id: string, source: Source = db()) => getById<EventRecord>(source, EVENTS, id),

  async put(event: EventRecord, tx: Tx): Promise<void> {
    await tx
      .collection(EVENTS)
      .doc(event._id)
      .set({ data: withoutId(event) })
  },

  async update(id: string, patch: Patch<EventRecord>, tx?: Tx): Promise<void> {
    await (tx ?? db())
      .collection(EVENTS)
      .doc(id)
      .update({ data: withoutId(patch) })
  },

  /**
   * A circle's events by start time (index circle_startAt): upcoming (not ended, soonest first)
   * or past (ended, latest first); visitors see open events only.
   */
  async ofCircle(args: {
    circleId: string
    when: 'upcoming' | 'past'
    openOnly: boolean
    now: Date
    cursor?: string
    limit: number
  }) {
    const _ = cmd()
    const after = decodeCursor(args.cursor, ['s', 'i'])
    const upcoming = args.when === 'upcoming'
    const where: Record<string, unknown> = {
      circleId: args.circleId,
      endAt: upcoming ? _.gt(args.now) : _.lte(args.now),
    }
    if (args.openOnly) where.audience = 'open'
    const cmp = upcoming ? _.gt : _.lt
    const query = after
      ? _.and([
          where,
          _.or([{ startAt: cmp(new Date(after.s)) }, { startAt: new Date(after.s), _id: cmp(String(after.i)) }]),
        ])
      : where
    const dir = upcoming ? 'asc' : 'desc'
    const res = await db()
      .collection(EVENTS)
      .where(query)
      .orderBy('startAt', dir)
      .orderBy('_id', dir)
      .limit(args.limit + 1)
      .get()
    return pageOf(rowsOf<EventRecord>(res), args.limit, (e) => ({ s: new Date(e.startAt).getTime(), i: e._id }))
  },

  /** Events whose freed seats wait for the waitlist to move (index fillPending_updatedAt). */
  async toFill(limit: number): Promise<EventRecord[]> {
    const res = await db()
      .collection(EVENTS)
      .where({ fillPending: true })
      .orderBy('updatedAt', 'asc')
      .limit(limit)
      .get()
    return rowsOf<EventRecord>(res)
  },
}

export const signups = {
  get: (eventId: string, openid: string, source: Source = db()) =>
    getById<SignupRecord>(source, SIGNUPS, signupId(eventId, openid)),
  byId: (id: string, source: Source = db()) => getById<SignupRecord>(source, SIGNUPS, id),

  async put(signup: SignupRecord, tx: Tx): Promise<void> {
    await tx
      .collection(SIGNUPS)
      .doc(signup._id)
      .set({ data: withoutId(signup) })
  },

  /** In queue order (createdAt, _id), optionally one status (index event_status_createdAt / event_createdAt). */
  ofEvent(args: { eventId: string; status?: SignupStatus; cursor?: string; limit: number }) {
    const where: Record<string, unknown> = { eventId: args.eventId }
    if (args.status) where.status = args.status
    return oldestFirst<SignupRecord>(SIGNUPS, where, args.cursor, args.limit)
  },

  /** The first `limit` on the waitlist, FIFO (index event_status_createdAt). */
  async waitlistHead(eventId: string, limit: number): Promise<SignupRecord[]> {
    const res = await db()
      .collection(SIGNUPS)
      .where({ eventId, status: 'waitlisted' })
      .orderBy('createdAt', 'asc')
      .orderBy('_id', 'asc')
      .limit(limit)
      .get()
    return rowsOf<SignupRecord>(res)
  },

  /** How many wait ahead of this signup (index event_status_createdAt). */
  async waitlistAhead(s: SignupRecord): Promise<number> {
    const _ = cmd()
    const res = await db()
      .collection(SIGNUPS)
      .where(
        _.and([
          { eventId: s.eventId, status: 'waitlisted' },
          _.or([{ createdAt: _.lt(s.createdAt) }, { createdAt: s.createdAt, _id: _.lt(s._id) }]),
        ]),
      )
      .count()
    return totalOf(res)
  },

  /** A person's signups, newest first (index openid_createdAt). */
  async ofUser(args: { openid: string; cursor?: string; limit: number }) {
    const where = { openid: args.openid }
    return newestFirst<SignupRecord>(SIGNUPS, where, args.cursor, args.limit)
  },

  /** Held seats whose time to pay ran out, oldest first, from (payBy, _id) on (index status_payBy). */
  async holdsDue(now: Date, after: { payBy: Date; id: string } | null, limit: number): Promise<SignupRecord[]> {
    const _ = cmd()
    const where: Record<string, unknown> = { status: 'held', payBy: _.lte(now) }
    const query = after
      ? _.and([where, _.or([{ payBy: _.gt(after.payBy) }, { payBy: after.payBy, _id: _.gt(after.id) }])])
      : where
    const res = await db()
      .collection(SIGNUPS)
      .where(query)
      .orderBy('payBy', 'asc')
      .orderBy('_id', 'asc')
      .limit(limit)
      .get()
    return rowsOf<SignupRecord>(res)
  },
}
