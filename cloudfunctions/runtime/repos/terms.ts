/**
 * Membership term queries of the timers and the owner's expiring list (term function), with the
 * index each uses (runtime/schema.ts, memberships): status_expiresAt, circle_expiresAt, circle_dueAt.
 */
import { decodeCursor, pageOf } from '../../core/cursor'
import type { MembershipRecord } from '../../core/records'
import { cmd, db, getById, rowsOf, totalOf } from '../db'

const MEMBERSHIPS = 'memberships'
const JOBS = 'jobs'

/** Where a paged timer job stands: the sort key of the last membership it finished. */
export interface TermJobState {
  _id: string
  /** `expiresAt` ms and `_id` of the last membership done; null: start from the beginning. */
  cursor: { e: number; i: string } | null
  /** Passes that reached the end, and when the last one did. */
  passes: number
  finishedAt: Date | null
  updatedAt: Date
}

const afterKey = (where: Record<string, unknown>, after: { e: number; i: string } | null) => {
  if (!after) return where
  const _ = cmd()
  return _.and([
    where,
    _.or([{ expiresAt: _.gt(new Date(after.e)) }, { expiresAt: new Date(after.e), _id: _.gt(after.i) }]),
  ])
}

export const termJobs = {
  get: (name: string) => getById<TermJobState>(db(), JOBS, name),
  async put(state: TermJobState): Promise<void> {
    const { _id, ...rest } = state
    await db().collection(JOBS).doc(_id).set({ data: rest })
  },
}

export const terms = {
  /** Active memberships whose term ended at or before `now`, oldest end first (index status_expiresAt). */
  async dueForExpiry(now: Date, after: { e: number; i: string } | null, limit: number): Promise<MembershipRecord[]> {
    const _ = cmd()
    const res = await db()
      .collection(MEMBERSHIPS)
      .where(afterKey({ status: 'active', expiresAt: _.lte(now) }, after))
      .orderBy('expiresAt', 'asc')
      .orderBy('_id', 'asc')
      .limit(limit)
      .get()
    return rowsOf<MembershipRecord>(res)
  },

  /**
   * Marks these memberships expired in one where-update. The filter repeats the rule, so one
   * renewed since it was read (a later expiresAt, or status changed) is left alone.
   */
  async markExpired(ids: string[], now: Date): Promise<number> {
    if (ids.length === 0) return 0
    const _ = cmd()
    const res = (await db()
      .collection(MEMBERSHIPS)
      .where({ _id: _.in(ids), status: 'active', expiresAt: _.lte(now) })
      .update({ data: { status: 'expired', updatedAt: now } })) as { stats?: { updated?: number } }
    return res.stats?.updated ?? 0
  },

  /** Active memberships ending within (now, until], soonest first (index status_expiresAt). */
  async endingBetween(
    now: Date,
    until: Date,
    after: { e: number; i: string } | null,
    limit: number,
  ): Promise<MembershipRecord[]> {
    const _ = cmd()
    const res = await db()
      .collection(MEMBERSHIPS)
      .where(afterKey({ status: 'active', expiresAt: _.gt(now).and(_.lte(until)) }, after))
      .orderBy('expiresAt', 'asc')
      .orderBy('_id', 'asc')
      .limit(limit)
      .get()
    return rowsOf<MembershipRecord>(res)
  },

  /** Records a reminder unless the term changed since it was read (keys carry the term's end anyway). */
  async recordReminder(m: MembershipRecord, keys: string[], now: Date): Promise<void> {
    await db()
      .collection(MEMBERSHIPS)
      .where({ _id: m._id, expiresAt: m.expiresAt })
      .update({
        data: { remindersSent: [...(m.remindersSent ?? []), ...keys].slice(-12), dueAt: m.expiresAt, updatedAt: now },
      })
  },

  /** 未续费: a circle's active or lapsed members whose term ends in [from, to], soonest first (index circle_expiresAt). */
  async pending(args: { circleId: string; from: Date; to: Date; cursor?: string; limit: number }) {
    const _ = cmd()
    const after = decodeCursor(args.cursor, ['e', 'i'])
    const where = {
      circleId: args.circleId,
      status: _.in(['active', 'expired']),
      expiresAt: _.gte(args.from).and(_.lte(args.to)),
    }
    const res = await db()
      .collection(MEMBERSHIPS)
      .where(afterKey(where, after ? { e: Number(after.e), i: String(after.i) } : null))
      .orderBy('expiresAt', 'asc')
      .orderBy('_id', 'asc')
      .limit(args.limit + 1)
      .get()
    return pageOf(rowsOf<MembershipRecord>(res), args.limit, (m) => ({ e: new Date(m.expiresAt!).getTime(), i: m._id }))
  },

  /** 已续费: a circle's members due in [from, to] whose term now ends after `to` (index circle_dueAt). */
  async renewed(args: { circleId: string; from: Date; to: Date; cursor?: string; limit: number }) {
    const _ = cmd()
    const after = decodeCursor(args.cursor, ['d', 'i'])
    const where = {
      circleId: args.circleId,
      status: 'active',
      dueAt: _.gte(args.from).and(_.lte(args.to)),
      expiresAt: _.gt(args.to),
    }
    const query = after
      ? _.and([
          where,
          _.or([{ dueAt: _.gt(new Date(after.d)) }, { dueAt: new Date(after.d), _id: _.gt(String(after.i)) }]),
        ])
      : where
    const res = await db()
      .collection(MEMBERSHIPS)
      .where(query)
      .orderBy('dueAt', 'asc')
      .orderBy('_id', 'asc')
      .limit(args.limit + 1)
      .get()
    return pageOf(rowsOf<MembershipRecord>(res), args.limit, (m) => ({ d: new Date(m.dueAt!).getTime(), i: m._id }))
  },

  async counts(args: { circleId: string; from: Date; to: Date }) {
    const _ = cmd()
    const col = db().collection(MEMBERSHIPS)
    const [pending, renewed] = await Promise.all([
      col
        .where({
          circleId: args.circleId,
          status: _.in(['active', 'expired']),
          expiresAt: _.gte(args.from).and(_.lte(args.to)),
        })
        .count(),
      col
        .where({
          circleId: args.circleId,
          status: 'active',
          dueAt: _.gte(args.from).and(_.lte(args.to)),
          expiresAt: _.gt(args.to),
        })
        .count(),
    ])
    return { pending: totalOf(pending), renewed: totalOf(renewed) }
  },
}
