/**
 * groupOffers, groups: every query of 拼团 (group function, runtime/groups.ts), with the index it
 * uses (runtime/schema.ts, section group).
 */
import type { GroupOfferRecord, GroupRecord, GroupStatus } from '../../core/group'
import { decodeCursor, pageOf } from '../../core/cursor'
import { cmd, db, getById, newestFirst, rowsOf, type Patch, type Tx } from '../db'
import { withoutId } from './users'

const OFFERS = 'groupOffers'
const GROUPS = 'groups'

type Source = Tx | ReturnType<typeof db>

export const groupOffers = {
  get: (id: string, source: Source = db()) => getById<GroupOfferRecord>(source, OFFERS, id),

  async put(o: GroupOfferRecord, tx?: Tx): Promise<void> {
    await (tx ?? db())
      .collection(OFFERS)
      .doc(o._id)
      .set({ data: withoutId(o) })
  },

  async update(id: string, patch: Patch<GroupOfferRecord>, tx?: Tx): Promise<void> {
    await (tx ?? db())
      .collection(OFFERS)
      .doc(id)
      .update({ data: withoutId(patch) })
  },

  /** A circle's offers in one status, newest first (index circle_status_createdAt). */
  ofCircle: (args: { circleId: string; status: 'open' | 'closed'; cursor?: string; limit: number }) =>
    newestFirst<GroupOfferRecord>(OFFERS, { circleId: args.circleId, status: args.status }, args.cursor, args.limit),
}

export const groups = {
  get: (id: string, source: Source = db()) => getById<GroupRecord>(source, GROUPS, id),

  async put(g: GroupRecord, tx?: Tx): Promise<void> {
    await (tx ?? db())
      .collection(GROUPS)
      .doc(g._id)
      .set({ data: withoutId(g) })
  },

  /** An offer's groups still forming, the ones closest to their deadline first (index offer_status_deadline). */
  async forming(offerId: string, now: Date, limit: number): Promise<GroupRecord[]> {
    const _ = cmd()
    const res = await db()
      .collection(GROUPS)
      .where({ offerId, status: 'forming', deadline: _.gt(now), seats: _.gt(0) })
      .orderBy('deadline', 'asc')
      .limit(limit)
      .get()
    return rowsOf<GroupRecord>(res)
  },

  /** The groups a person paid into in a circle, newest first (index circle_memberIds_createdAt, multikey). */
  ofMember: (args: { circleId: string; openid: string; cursor?: string; limit: number }) =>
    newestFirst<GroupRecord>(GROUPS, { circleId: args.circleId, memberIds: args.openid }, args.cursor, args.limit),

  /**
   * The timer's work in one status, by deadline from a cursor (index status_deadline_id): forming
   * groups whose deadline passed, and completing / refunding ones left half done.
   */
  async inStatus(status: GroupStatus, args: { before?: Date; cursor?: string; limit: number }) {
    const _ = cmd()
    const after = decodeCursor(args.cursor, ['d', 'i'])
    const where: Record<string, unknown> = { status }
    if (args.before) where.deadline = _.lte(args.before)
    const query = after
      ? _.and([
          where,
          _.or([{ deadline: _.gt(new Date(after.d)) }, { deadline: new Date(after.d), _id: _.gt(String(after.i)) }]),
        ])
      : where
    const res = await db()
      .collection(GROUPS)
      .where(query)
      .orderBy('deadline', 'asc')
      .orderBy('_id', 'asc')
      .limit(args.limit + 1)
      .get()
    return pageOf(rowsOf<GroupRecord>(res), args.limit, (g) => ({ d: new Date(g.deadline).getTime(), i: g._id }))
  },
}
