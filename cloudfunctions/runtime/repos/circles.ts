/** circles and memberships: every query the circle actions make, with the index it uses. */
import { DomainError } from '../../core/errors'
import type { CircleType } from '../../core/contract'
import { decodeCursor, pageOf } from '../../core/cursor'
import type { CircleRecord, MembershipRecord, UserSnapshot } from '../../core/records'
import { membershipId } from '../../core/records'
import { cmd, db, getById, getMany, listOf, newestFirst, rowsOf, totalOf, type Patch, type Tx } from '../db'
import { withoutId } from './users'

const CIRCLES = 'circles'
const MEMBERSHIPS = 'memberships'

export const circles = {
  get: (id: string, source: Tx | ReturnType<typeof db> = db()) => getById<CircleRecord>(source, CIRCLES, id),

  /** The circle, or not_found (on circleId) when there is none: what every action that names a circle starts with. */
  async require(id: string, source: Tx | ReturnType<typeof db> = db()): Promise<CircleRecord> {
    const circle = await circles.get(id, source)
    if (!circle) throw new DomainError('not_found', undefined, 'circleId')
    return circle
  },

  getMany: (ids: string[]) => getMany<CircleRecord>(CIRCLES, ids),

  async update(id: string, patch: Patch<CircleRecord>, tx?: Tx): Promise<void> {
    await (tx ?? db())
      .collection(CIRCLES)
      .doc(id)
      .update({ data: withoutId(patch) })
  },

  /** Circles' member counts by id after a cursor (the recount timer pages through all circles). */
  async countsAfter(after: string | null, limit: number): Promise<Pick<CircleRecord, '_id' | 'memberCount'>[]> {
    const _ = cmd()
    const res = await db()
      .collection(CIRCLES)
      .where(after ? { _id: _.gt(after) } : {})
      .orderBy('_id', 'asc')
      .limit(limit)
      .field({ memberCount: true })
      .get()
    return rowsOf<Pick<CircleRecord, '_id' | 'memberCount'>>(res)
  },

  /** Active circles, newest first (index status_createdAt / status_type_createdAt). */
  async discover(args: { type?: CircleType; cursor?: string; limit: number }) {
    const where: Record<string, unknown> = { status: 'active' }
    if (args.type) where.type = args.type
    return newestFirst<CircleRecord>(CIRCLES, where, args.cursor, args.limit)
  },

  /**
   * Counts for the circle page in ONE database call: the circle's published posts (index
   * circle_status_…) grouped into all, the last 7 days and 精华 (before: three counts).
   */
  async stats(circleId: string, since: Date) {
    const $ = cmd().aggregate
    const res = await db()
      .collection('posts')
      .aggregate()
      .match({ circleId, status: 'published' })
      .group({
        _id: null,
        all: $.sum(1),
        recent: $.sum($.cond({ if: $.gte(['$createdAt', since]), then: 1, else: 0 })),
        featured: $.sum($.cond({ if: $.eq(['$featured', true]), then: 1, else: 0 })),
      })
      .end()
    const [row] = listOf<{ all: number; recent: number; featured: number }>(res)
    return { postCount: row?.all ?? 0, postsLast7Days: row?.recent ?? 0, featuredCount: row?.featured ?? 0 }
  },
}

export const memberships = {
  get: (circleId: string, openid: string, source: Tx | ReturnType<typeof db> = db()) =>
    getById<MembershipRecord>(source, MEMBERSHIPS, membershipId(circleId, openid)),

  async put(m: MembershipRecord, tx: Tx): Promise<void> {
    await tx
      .collection(MEMBERSHIPS)
      .doc(m._id)
      .set({ data: withoutId(m) })
  },

  /** A user's active memberships, and lapsed ones (which may still read in a grace), newest first (index openid_status_joinedAt). */
  async ofUser(args: { openid: string; cursor?: string; limit: number }) {
    const _ = cmd()
    const after = decodeCursor(args.cursor, ['j', 'i'])
    const where = { openid: args.openid, status: _.in(['active', 'expired']) }
    const query = after
      ? _.and([
          where,
          _.or([{ joinedAt: _.lt(new Date(after.j)) }, { joinedAt: new Date(after.j), _id: _.lt(String(after.i)) }]),
        ])
      : where
    const res = await db()
      .collection(MEMBERSHIPS)
      .where(query)
      .orderBy('joinedAt', 'desc')
      .orderBy('_id', 'desc')
      .limit(args.limit + 1)
      .get()
    return pageOf(rowsOf<MembershipRecord>(res), args.limit, (m) => ({ j: new Date(m.joinedAt).getTime(), i: m._id }))
  },

  /**
   * Who runs a circle day to day (owner, partners, admins): one read on the index
   * circle_status_joinedAt, bounded (a circle's team is a handful of people).
   */
  async team(circleId: string): Promise<MembershipRecord[]> {
    const res = await db()
      .collection(MEMBERSHIPS)
      .where({ circleId, status: 'active', role: cmd().in(['owner', 'partner', 'admin']) })
      .limit(100)
      .get()
    return rowsOf<MembershipRecord>(res)
  },

  /** A circle's active members, newest first (index circle_status_joinedAt). */
  async ofCircle(args: { circleId: string; cursor?: string; limit: number }) {
    const _ = cmd()
    const after = decodeCursor(args.cursor, ['j', 'i'])
    const where = { circleId: args.circleId, status: 'active' }
    const query = after
      ? _.and([
          where,
          _.or([{ joinedAt: _.lt(new Date(after.j)) }, { joinedAt: new Date(after.j), _id: _.lt(String(after.i)) }]),
        ])
      : where
    const res = await db()
      .collection(MEMBERSHIPS)
      .where(query)
      .orderBy('joinedAt', 'desc')
      .orderBy('_id', 'desc')
      .limit(args.limit + 1)
      .get()
    return pageOf(rowsOf<MembershipRecord>(res), args.limit, (m) => ({ j: new Date(m.joinedAt).getTime(), i: m._id }))
  },

  /** Keeps the name and avatar shown beside a user's posts in step with their profile. */
  /** The circles a person owns (active owner memberships; an owner has a handful). */
  async ownedBy(openid: string): Promise<MembershipRecord[]> {
    const res = await db().collection(MEMBERSHIPS).where({ openid, status: 'active', role: 'owner' }).limit(100).get()
    return rowsOf<MembershipRecord>(res)
  },

  /** Active members of a circle by nickname (the @mentions of a post or comment). */
  async byNicknames(circleId: string, nicknames: string[]): Promise<MembershipRecord[]> {
    if (nicknames.length === 0) return []
    const _ = cmd()
    const res = await db()
      .collection(MEMBERSHIPS)
      .where({ circleId, status: 'active', 'user.nickname': _.in(nicknames) })
      .limit(nicknames.length * 2)
      .get()
    return rowsOf<MembershipRecord>(res)
  },

  /** A new end of term, active again (a reward's free month). */
  async extend(id: string, expiresAt: Date, now: Date, tx: Tx): Promise<void> {
    await tx
      .collection(MEMBERSHIPS)
      .doc(id)
      .update({ data: { expiresAt, status: 'active', updatedAt: now } })
  },

  /** The honor title shown beside the member's name (points or a challenge's reward). */
  async setTitle(id: string, title: string | null, tx: Tx): Promise<void> {
    await tx.collection(MEMBERSHIPS).doc(id).update({ data: { title } })
  },

  async refreshUser(openid: string, user: UserSnapshot): Promise<void> {
    await db().collection(MEMBERSHIPS).where({ openid }).update({ data: { user } })
  },

  async countActive(circleId: string): Promise<number> {
    const res = await db().collection(MEMBERSHIPS).where({ circleId, status: 'active' }).count()
    return totalOf(res)
  },
}

export async function createCircle(circle: CircleRecord, owner: MembershipRecord, tx: Tx): Promise<void> {
  await tx
    .collection(CIRCLES)
    .doc(circle._id)
    .set({ data: withoutId(circle) })
  await memberships.put(owner, tx)
}
