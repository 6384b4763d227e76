/** perks, their code pools and claims; points events, totals and monthly figures. */
import { decodeCursor, pageOf } from '../../core/cursor'
import type { PerkClaimRecord, PerkCodeRecord, PerkRecord } from '../../core/perks'
import type { MembershipRecord } from '../../core/records'
import { perkClaimId, perkCodeId } from '../../core/perks'
import { cmd, db, getById, getMany, rowsOf, totalOf, type Tx } from '../db'
import { withoutId } from './users'

type Source = Tx | ReturnType<typeof db>

export interface PointTotalRecord {
  _id: string // `${circleId}:${openid}`
  circleId: string
  openid: string
  total: number
  /** A title the owner granted (wins over threshold titles); null: none. */
  grantedTitle: string | null
  updatedAt: Date
}

export interface PointMonthRecord {
  _id: string // `${circleId}:${month}:${openid}`
  circleId: string
  month: string
  openid: string
  points: number
  updatedAt: Date
}

export interface PointEventRecord {
  _id: string // core/points.ts pointEventId
  circleId: string
  openid: string
  reason: string
  refId: string
  /** A fixed amount, or null for the circle's weight (resolved, and written here, when applied). */
  points: number | null
  /** The Shanghai month it was earned in (yyyymm). */
  month: string
  at: Date
  /** Added to the total and the month yet (runtime/points.ts applyPoints). */
  applied: boolean
}

export const pointTotalId = (circleId: string, openid: string) => `${circleId}:${openid}`
export const pointMonthId = (circleId: string, month: string, openid: string) => `${circleId}:${month}:${openid}`

async function put<T extends { _id: string }>(collection: string, doc: T, tx: Tx): Promise<void> {
  await tx
    .collection(collection)
    .doc(doc._id)
    .set({ data: withoutId(doc) })
}

export const perks = {
  get: (id: string, source: Source = db()) => getById<PerkRecord>(source, 'perks', id),
  put: (p: PerkRecord, tx: Tx) => put('perks', p, tx),

  /** A circle's perks, newest first (index circle_createdAt; a circle keeps a handful). */
  async ofCircle(circleId: string): Promise<PerkRecord[]> {
    const res = await db().collection('perks').where({ circleId }).orderBy('createdAt', 'desc').limit(100).get()
    return rowsOf<PerkRecord>(res)
  },

  code: (perkId: string, index: number, source: Source) =>
    getById<PerkCodeRecord>(source, 'perkCodes', perkCodeId(perkId, index)),

  /** Adds codes to a pool from `start` on (ids are positions: a code is written once). */
  async addCodes(perkId: string, start: number, codes: string[], tx: Tx): Promise<void> {
    for (const [i, code] of codes.entries()) {
      await put<PerkCodeRecord>('perkCodes', { _id: perkCodeId(perkId, start + i), perkId, index: start + i, code }, tx)
    }
  },

  claim: (perkId: string, openid: string, source: Source = db()) =>
    getById<PerkClaimRecord>(source, 'perkClaims', perkClaimId(perkId, openid)),
  putClaim: (c: PerkClaimRecord, tx: Tx) => put('perkClaims', c, tx),

  /** The caller's claims on the given perks (one read). */
  claimsOf: (perkIds: string[], openid: string) =>
    getMany<PerkClaimRecord>(
      'perkClaims',
      perkIds.map((p) => perkClaimId(p, openid)),
    ),

  /** A perk's claims, newest first (index perk_claimedAt). */
  async claims(args: { perkId: string; cursor?: string; limit: number }) {
    const _ = cmd()
    const after = decodeCursor(args.cursor, ['t', 'i'])
    const where = { perkId: args.perkId }
    const query = after
      ? _.and([
          where,
          _.or([{ claimedAt: _.lt(new Date(after.t)) }, { claimedAt: new Date(after.t), _id: _.lt(String(after.i)) }]),
        ])
      : where
    const res = await db()
      .collection('perkClaims')
      .where(query)
      .orderBy('claimedAt', 'desc')
      .orderBy('_id', 'desc')
      .limit(args.limit + 1)
      .get()
    return pageOf(rowsOf<PerkClaimRecord>(res), args.limit, (c) => ({ t: new Date(c.claimedAt).getTime(), i: c._id }))
  },
}

export const points = {
  total: (circleId: string, openid: string, source: Source = db()) =>
    getById<PointTotalRecord>(source, 'pointTotals', pointTotalId(circleId, openid)),
  putTotal: (t: PointTotalRecord, tx: Tx) => put('pointTotals', t, tx),
  month: (circleId: string, month: string, openid: string, source: Source = db()) =>
    getById<PointMonthRecord>(source, 'pointMonths', pointMonthId(circleId, month, openid)),
  putMonth: (m: PointMonthRecord, tx: Tx) => put('pointMonths', m, tx),

  event: (id: string, source: Source = db()) => getById<PointEventRecord>(source, 'pointEvents', id),
  /** Writes an event in a transaction (a reward, or a cost already applied with the total). */
  async putEvent(event: PointEventRecord, tx: Tx): Promise<void> {
    await tx
      .collection('pointEvents')
      .doc(event._id)
      .set({ data: withoutId(event) })
  },
  /** Adds an event; a duplicate id (the same cause again) fails with a duplicate key. */
  async addEvent(event: PointEventRecord): Promise<void> {
    await db()
      .collection('pointEvents')
      .add({ data: { _id: event._id, ...withoutId(event) } })
  },
  /** Unapplied events up to now, oldest first (index applied_at). */
  async unapplied(now: Date, limit: number): Promise<PointEventRecord[]> {
    const res = await db()
      .collection('pointEvents')
      .where({ applied: false, at: cmd().lte(now) })
      .orderBy('at', 'asc')
      .orderBy('_id', 'asc')
      .limit(limit)
      .get()
    return rowsOf<PointEventRecord>(res)
  },
  async markApplied(id: string, points: number, tx: Tx): Promise<void> {
    await tx
      .collection('pointEvents')
      .doc(id)
      .update({ data: { applied: true, points } })
  },

  /** The month's top earners (index circle_month_points): one read, whatever the circle's size. */
  async top(circleId: string, month: string, limit: number): Promise<PointMonthRecord[]> {
    const res = await db()
      .collection('pointMonths')
      .where({ circleId, month, points: cmd().gt(0) })
      .orderBy('points', 'desc')
      .orderBy('_id', 'asc')
      .limit(limit)
      .get()
    return rowsOf<PointMonthRecord>(res)
  },

  /** How many earned more than `points` this month: the caller's rank is this + 1. */
  async countAbove(circleId: string, month: string, pts: number): Promise<number> {
    return totalOf(
      await db()
        .collection('pointMonths')
        .where({ circleId, month, points: cmd().gt(pts) })
        .count(),
    )
  },
}

/**
 * Whether a member holds an annual pass of the circle: they came in with one (bought or a
 * redeemed gift), or a paid pass order of theirs exists (one read over their own orders).
 */
export async function holdsPass(
  openid: string,
  circleId: string,
  membership: Pick<MembershipRecord, 'source'>,
): Promise<boolean> {
  const kind = membership.source?.kind
  if (kind === 'pass' || kind === 'gift') return true
  const res = await db()
    .collection('orders')
    .where({ buyer: openid, circleId, 'product.kind': 'pass', status: 'paid' })
    .limit(1)
    .get()
  return rowsOf(res).length > 0
}
