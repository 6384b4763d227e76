/** applications: every query the entry actions and the expiry timer make, with the index each uses. */
import { decodeCursor, pageOf } from '../../core/cursor'
import { applicationId, type ApplicationRecord } from '../../core/entry'
import type { MembershipRecord } from '../../core/records'
import { cmd, db, getById, rowsOf, type Tx } from '../db'
import { withoutId } from './users'

export const APPLICATIONS = 'applications'
const DAY_MS = 86_400_000

export const applications = {
  get: (circleId: string, openid: string, source: Tx | ReturnType<typeof db> = db()) =>
    getById<ApplicationRecord>(source, APPLICATIONS, applicationId(circleId, openid)),

  async put(app: ApplicationRecord, tx: Tx): Promise<void> {
    await tx
      .collection(APPLICATIONS)
      .doc(app._id)
      .set({ data: withoutId(app) })
  },

  /**
   * The review queue (index circle_status_createdAt). Pending: oldest first, only those submitted
   * within the last 7 days (older ones have lapsed, whatever the stored status says). Decided:
   * newest first.
   */
  async ofCircle(args: {
    circleId: string
    status: 'pending' | 'approved' | 'rejected'
    now: Date
    cursor?: string
    limit: number
  }) {
    const _ = cmd()
    const after = decodeCursor(args.cursor, ['c', 'i'])
    const pending = args.status === 'pending'
    const where: Record<string, unknown> = { circleId: args.circleId, status: args.status }
    const since = new Date(args.now.getTime() - 7 * DAY_MS)
    const conditions: object[] = [where]
    if (pending) conditions.push({ createdAt: _.gt(since) })
    if (after) {
      const c = new Date(after.c)
      const i = String(after.i)
      conditions.push(
        pending
          ? _.or([{ createdAt: _.gt(c) }, { createdAt: c, _id: _.gt(i) }])
          : _.or([{ createdAt: _.lt(c) }, { createdAt: c, _id: _.lt(i) }]),
      )
    }
    const dir = pending ? 'asc' : 'desc'
    const res = await db()
      .collection(APPLICATIONS)
      .where(conditions.length === 1 ? where : _.and(conditions))
      .orderBy('createdAt', dir)
      .orderBy('_id', dir)
      .limit(args.limit + 1)
      .get()
    return pageOf(rowsOf<ApplicationRecord>(res), args.limit, (a) => ({ c: new Date(a.createdAt).getTime(), i: a._id }))
  },

  /** Pending applications whose 7 days are over, by when they lapsed (index status_expiresAt). */
  async lapsed(args: {
    now: Date
    after: { e: number; i: string } | null
    limit: number
  }): Promise<Pick<ApplicationRecord, '_id' | 'expiresAt'>[]> {
    const _ = cmd()
    const base = { status: 'pending', expiresAt: _.lte(args.now) }
    const query = args.after
      ? _.and([
          base,
          _.or([
            { expiresAt: _.gt(new Date(args.after.e)) },
            { expiresAt: new Date(args.after.e), _id: _.gt(args.after.i) },
          ]),
        ])
      : base
    const res = await db()
      .collection(APPLICATIONS)
      .where(query)
      .field({ _id: true, expiresAt: true })
      .orderBy('expiresAt', 'asc')
      .orderBy('_id', 'asc')
      .limit(args.limit)
      .get()
    return rowsOf<Pick<ApplicationRecord, '_id' | 'expiresAt'>>(res)
  },

  /**
   * Approved applications whose pay window closes in (from, to], by payBy (index status_payBy):
   * whom the pay-window reminder may concern. Cursor `after` = the last row's (payBy, _id).
   */
  async payWindowClosing(args: {
    from: Date
    to: Date
    after: { p: number; i: string } | null
    limit: number
  }): Promise<ApplicationRecord[]> {
    const _ = cmd()
    const base = { status: 'approved', payBy: _.gt(args.from).and(_.lte(args.to)) }
    const query = args.after
      ? _.and([
          base,
          _.or([{ payBy: _.gt(new Date(args.after.p)) }, { payBy: new Date(args.after.p), _id: _.gt(args.after.i) }]),
        ])
      : base
    const res = await db()
      .collection(APPLICATIONS)
      .where(query)
      .orderBy('payBy', 'asc')
      .orderBy('_id', 'asc')
      .limit(args.limit)
      .get()
    return rowsOf<ApplicationRecord>(res)
  },

  /** Records that this round's reminder went out; guarded by round and status so a fresh round is never touched. */
  async markPayReminded(app: Pick<ApplicationRecord, '_id' | 'round'>, now: Date): Promise<void> {
    await db()
      .collection(APPLICATIONS)
      .where({ _id: app._id, round: app.round, status: 'approved' })
      .update({ data: { payRemindedRound: app.round, updatedAt: now } })
  },

  /** Marks a page of lapsed applications expired; one where-update, guarded so a fresh round is never touched. */
  async markExpired(ids: string[], now: Date): Promise<number> {
    if (ids.length === 0) return 0
    const _ = cmd()
    const res = (await db()
      .collection(APPLICATIONS)
      .where({ _id: _.in(ids), status: 'pending', expiresAt: _.lte(now) })
      .update({ data: { status: 'expired', updatedAt: now } })) as { stats?: { updated?: number } }
    return res.stats?.updated ?? 0
  },
}

/** comps: `_id` = `${circleId}:${requestId}`, one record per complimentary grant (its idempotency key). */
const COMPS = 'comps'

export interface CompRecord {
  _id: string // `${circleId}:${requestId}`
  circleId: string
  openid: string
  days: number
  by: string
  expiresAt: Date
  createdAt: Date
}

export const comps = {
  get: (id: string, tx: Tx) => getById<CompRecord>(tx, COMPS, id),
  async put(comp: CompRecord, tx: Tx): Promise<void> {
    await tx
      .collection(COMPS)
      .doc(comp._id)
      .set({ data: withoutId(comp) })
  },
}

/**
 * People who are or were members of a circle (not removed), newest first (index
 * circle_status_joinedAt): whom the team may give a complimentary membership.
 */
export async function knownMembers(args: { circleId: string; cursor?: string; limit: number }) {
  const _ = cmd()
  const after = decodeCursor(args.cursor, ['j', 'i'])
  const where = { circleId: args.circleId, status: _.in(['active', 'expired', 'left']) }
  const query = after
    ? _.and([
        where,
        _.or([{ joinedAt: _.lt(new Date(after.j)) }, { joinedAt: new Date(after.j), _id: _.lt(String(after.i)) }]),
      ])
    : where
  const res = await db()
    .collection('memberships')
    .where(query)
    .orderBy('joinedAt', 'desc')
    .orderBy('_id', 'desc')
    .limit(args.limit + 1)
    .get()
  return pageOf(rowsOf<MembershipRecord>(res), args.limit, (m) => ({ j: new Date(m.joinedAt).getTime(), i: m._id }))
}
