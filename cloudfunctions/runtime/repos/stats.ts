/**
 * statsDaily, statsLive, visits, and the reads the owner's numbers make of other features' records
 * (docs/stats.md). Every read names its index (schema.ts) and pages ≤ 1000 by (key, _id).
 */
import { decodeCursor, pageOf } from '../../core/cursor'
import type { Journal } from '../../core/money/ledger'
import type { OrderRecord } from '../../core/money'
import type { MembershipRecord } from '../../core/records'
import type { DayFigures, Segment, VisitKind } from '../../core/stats'
import { cmd, db, getById, getMany, insertOnce, isDuplicateKey, rowsOf, totalOf } from '../db'

export const READ_PAGE = 1000

const MEMBERSHIPS = 'memberships'
const ALL_MEMBERSHIP_STATUSES = ['active', 'expired', 'left', 'removed']
const CONTENT_STATUSES = ['published', 'held', 'deleted']

/** What the nightly run keeps per circle and day (`circleId:yyyymmdd`). */
export interface StatsDailyRecord {
  _id: string
  circleId: string
  day: string
  figures: DayFigures
  /** Segment counts after the day's classification. */
  segments: Record<Segment, number>
  computedAt: Date
}

/** The landing counters of a day, `_.inc`-ed as visitors come (`circleId:yyyymmdd`). */
export interface StatsLiveRecord {
  _id: string
  circleId: string
  day: string
  views: Record<string, number>
  taps: Record<string, number>
}

export interface VisitRecord {
  _id: string
  circleId: string
  day: string
  kind: VisitKind
  openid: string
  channel: string
  at: Date
}

type Row = { _id: string } & Record<string, unknown>

/**
 * Every record matching `where` with `field` in [from, to), ascending by (field, _id), at most
 * `maxPages` reads of 1000. `complete` is false when more were left.
 */
export async function rangeRows<T extends Row>(
  collection: string,
  where: Record<string, unknown>,
  field: string,
  range: { from: Date | string; to: Date | string },
  opts: { maxPages?: number; fields?: Record<string, true> } = {},
): Promise<{ rows: T[]; complete: boolean }> {
  const _ = cmd()
  const rows: T[] = []
  let after: { v: unknown; i: string } | null = null
  for (let page = 0; page < (opts.maxPages ?? Infinity); page++) {
    const base = { ...where, [field]: _.gte(range.from).and(_.lt(range.to)) }
    const query: object = after
      ? _.and([base, _.or([{ [field]: _.gt(after.v) }, { [field]: after.v, _id: _.gt(after.i) }])])
      : base
    let q: ReturnType<ReturnType<ReturnType<typeof db>['collection']>['limit']> = db()
      .collection(collection)
      .where(query)
      .orderBy(field, 'asc')
      .orderBy('_id', 'asc')
      .limit(READ_PAGE)
    if (opts.fields) q = q.field({ ...opts.fields, [field]: true })
    const got: T[] = rowsOf<T>(await q.get())
    rows.push(...got)
    if (got.length < READ_PAGE) return { rows, complete: true }
    const last: T = got[got.length - 1]
    after = { v: last[field], i: last._id }
  }
  return { rows, complete: false }
}

const count = async (collection: string, where: Record<string, unknown>) =>
  totalOf(await db().collection(collection).where(where).count())

/** The raw records of a circle's day (or of today so far) that the figures are made of. */
export const dayRecords = {
  /** index posts.circle_status_createdAt */
  posts: (circleId: string, r: { from: Date; to: Date }, maxPages?: number) =>
    rangeRows<Row & { authorId: string; status: string }>(
      'posts',
      { circleId, status: cmd().in(CONTENT_STATUSES) },
      'createdAt',
      r,
      { maxPages, fields: { authorId: true, status: true } },
    ),
  /** index posts.circle_featuredAt */
  featured: (circleId: string, r: { from: Date; to: Date }) =>
    count('posts', { circleId, featured: true, featuredAt: cmd().gte(r.from).and(cmd().lt(r.to)) }),
  /** index comments.circle_status_createdAt */
  comments: (circleId: string, r: { from: Date; to: Date }, maxPages?: number) =>
    rangeRows<Row & { authorId: string; status: string }>(
      'comments',
      { circleId, status: cmd().in(CONTENT_STATUSES) },
      'createdAt',
      r,
      { maxPages, fields: { authorId: true, status: true } },
    ),
  /** index likes.circle_createdAt */
  likes: (circleId: string, r: { from: Date; to: Date }, maxPages?: number) =>
    rangeRows<Row & { openid: string }>('likes', { circleId }, 'createdAt', r, { maxPages, fields: { openid: true } }),
  /** index checkins.circle_createdAt: check-ins made that day (a make-up counts on the day it is made). */
  checkins: (circleId: string, r: { from: Date; to: Date }, maxPages?: number) =>
    rangeRows<Row & { openid: string; challengeId: string }>('checkins', { circleId }, 'createdAt', r, {
      maxPages,
      fields: { openid: true, challengeId: true },
    }),
  /** index memberships.circle_status_joinedAt / circle_status_updatedAt / circle_expiresAt */
  async members(circleId: string, r: { from: Date; to: Date }) {
    const _ = cmd()
    const within = _.gte(r.from).and(_.lt(r.to))
    const [joined, left, expired] = await Promise.all([
      count(MEMBERSHIPS, { circleId, status: _.in(ALL_MEMBERSHIP_STATUSES), joinedAt: within, role: _.neq('owner') }),
      count(MEMBERSHIPS, { circleId, status: _.in(['left', 'removed']), updatedAt: within }),
      count(MEMBERSHIPS, { circleId, status: _.in(['active', 'expired']), expiresAt: within }),
    ])
    return { joined, left, expired }
  },
  /** index orders.circle_createdAt: orders made from the day before (paid that day) to the day's end. */
  orders: (circleId: string, r: { from: Date; to: Date }, maxPages?: number) =>
    rangeRows<OrderRecord & Row>(
      'orders',
      { circleId },
      'createdAt',
      { from: new Date(r.from.getTime() - 86_400_000), to: r.to },
      { maxPages },
    ),
  /** index questions.circle_answeredAt / circle_closedAt */
  async questions(circleId: string, r: { from: Date; to: Date }, maxPages?: number) {
    const _ = cmd()
    const [answered, unanswered] = await Promise.all([
      rangeRows<Row & { createdAt: Date; paidAt: Date | null; answeredAt: Date }>(
        'questions',
        { circleId },
        'answeredAt',
        r,
        {
          maxPages,
          fields: { createdAt: true, paidAt: true },
        },
      ),
      count('questions', { circleId, status: _.in(['declined', 'expired']), closedAt: _.gte(r.from).and(_.lt(r.to)) }),
    ])
    return { answered, unanswered }
  },
  /** index journals.accounts_postedAt: what reached the circle's account that day. */
  journals: (account: string, r: { from: Date; to: Date }, maxPages?: number) =>
    rangeRows<Journal & Row>('journals', { accounts: account }, 'postedAt', r, { maxPages }),
  /** The circle's challenges (index challenges.circle_createdAt), newest 100: the open ones are among them. */
  async challenges(circleId: string) {
    const res = await db().collection('challenges').where({ circleId }).orderBy('createdAt', 'desc').limit(100).get()
    return rowsOf<{
      _id: string
      title: string
      startDay: string
      days: number
      participantCount: number
      endsAt: Date
      createdAt: Date
    }>(res)
  },
  ordersById: (ids: string[]) => getMany<OrderRecord>('orders', ids),
}

export const statsDaily = {
  /** A circle's days in [firstDay, lastDay] (index statsDaily.circle_day). */
  async range(circleId: string, firstDay: string, lastDay: string): Promise<StatsDailyRecord[]> {
    const _ = cmd()
    const res = await db()
      .collection('statsDaily')
      .where({ circleId, day: _.gte(firstDay).and(_.lte(lastDay)) })
      .orderBy('day', 'asc')
      .limit(100)
      .get()
    return rowsOf<StatsDailyRecord>(res)
  },
  /** The newest finished day of a circle (index statsDaily.circle_day). */
  async latest(circleId: string): Promise<StatsDailyRecord | null> {
    const res = await db().collection('statsDaily').where({ circleId }).orderBy('day', 'desc').limit(1).get()
    return rowsOf<StatsDailyRecord>(res)[0] ?? null
  },
  async put(r: StatsDailyRecord): Promise<void> {
    const { _id, ...rest } = r
    await db().collection('statsDaily').doc(_id).set({ data: rest })
  },
}

export const statsLive = {
  get: (id: string) => getById<StatsLiveRecord>(db(), 'statsLive', id),
  /**
   * A visitor's first view (or tap) of the day: the visit is written under its id (a repeat is a
   * duplicate and counts nothing), then the day's counter moves by one. 2 calls; 3 on the day's
   * first visit (the counter document is made).
   */
  async countVisit(v: VisitRecord, field: string): Promise<boolean> {
    if (!(await insertOnce('visits', v))) return false
    const id = `${v.circleId}:${v.day}`
    const path = `${v.kind === 'view' ? 'views' : 'taps'}.${field}`
    for (let attempt = 0; attempt < 3; attempt++) {
      const res = (await db()
        .collection('statsLive')
        .doc(id)
        .update({ data: { [path]: cmd().inc(1) } })) as { stats?: { updated?: number } }
      if ((res.stats?.updated ?? 0) > 0) return true
      try {
        await db()
          .collection('statsLive')
          .add({
            data: {
              _id: id,
              circleId: v.circleId,
              day: v.day,
              views: {},
              taps: {},
              [path.split('.')[0]]: { [field]: 1 },
            },
          })
        return true
      } catch (error) {
        if (!isDuplicateKey(error)) throw error
      }
    }
    return true
  },
}

/** The members' side of the numbers: activity, segments, the owner's tags and notes. */
export const memberStats = {
  /**
   * The members active on `day` get it added to their activity, once: the filter skips members
   * whose summary already has the day, so a re-run changes nothing. One where-update per 500 ids.
   */
  async recordActivity(
    circleId: string,
    openids: string[],
    day: string,
    field: 'days' | 'checkinDays',
    keep: number,
  ): Promise<number> {
    const _ = cmd()
    const guard = field === 'days' ? 'activity.lastDay' : 'activity.lastCheckinDay'
    let calls = 0
    for (let i = 0; i < openids.length; i += 500) {
      const ids = openids.slice(i, i + 500).map((o) => `${circleId}:${o}`)
      await db()
        .collection(MEMBERSHIPS)
        .where({ _id: _.in(ids), [guard]: _.not(_.gte(day)) })
        .update({ data: { [guard]: day, [`activity.${field}`]: _.push({ each: [day], slice: -keep }) } })
      calls += 1
    }
    return calls
  },
  /** A page of a circle's active members by (joinedAt, _id) ascending (index circle_status_joinedAt). */
  async activePage(
    circleId: string,
    after: { j: number; i: string } | null,
    limit = READ_PAGE,
  ): Promise<MembershipRecord[]> {
    const _ = cmd()
    const where = { circleId, status: 'active' }
    const query = after
      ? _.and([
          where,
          _.or([{ joinedAt: _.gt(new Date(after.j)) }, { joinedAt: new Date(after.j), _id: _.gt(after.i) }]),
        ])
      : where
    const res = await db()
      .collection(MEMBERSHIPS)
      .where(query)
      .orderBy('joinedAt', 'asc')
      .orderBy('_id', 'asc')
      .limit(limit)
      .field({
        openid: true,
        circleId: true,
        joinedAt: true,
        activity: true,
        segment: true,
        status: true,
        expiresAt: true,
        role: true,
        user: true,
        source: true,
        crm: true,
      })
      .get()
    return rowsOf<MembershipRecord>(res)
  },
  async setSegment(ids: string[], segment: Segment): Promise<void> {
    const _ = cmd()
    for (let i = 0; i < ids.length; i += 500) {
      await db()
        .collection(MEMBERSHIPS)
        .where({ _id: _.in(ids.slice(i, i + 500)) })
        .update({ data: { segment } })
    }
  },
  /** Counts per segment, the owner left out (index circle_status_segment_joinedAt; unclassified members count as potential). */
  async counts(circleId: string, expiring: { from: Date; to: Date }) {
    const _ = cmd()
    const [core, silent, all, soon] = await Promise.all([
      count(MEMBERSHIPS, { circleId, status: 'active', segment: 'core', role: _.neq('owner') }),
      count(MEMBERSHIPS, { circleId, status: 'active', segment: 'silent', role: _.neq('owner') }),
      count(MEMBERSHIPS, { circleId, status: 'active', role: _.neq('owner') }),
      count(MEMBERSHIPS, {
        circleId,
        status: 'active',
        role: _.neq('owner'),
        expiresAt: _.gte(expiring.from).and(_.lte(expiring.to)),
      }),
    ])
    return { core, silent, potential: all - core - silent, expiring: soon, total: all }
  },
  /**
   * One page of the member list, newest joiners first. The filter picks the index: segment →
   * circle_status_segment_joinedAt, tag → circle_tags_joinedAt, channel → circle_channel_joinedAt,
   * role → circle_status_role_joinedAt, a name prefix → circle_nickname; expiring → circle_expiresAt
   * (soonest first).
   */
  async list(args: {
    circleId: string
    where: Record<string, unknown>
    order: 'joined' | 'expires'
    cursor?: string
    limit: number
  }) {
    const _ = cmd()
    if (args.order === 'expires') {
      const after = decodeCursor(args.cursor, ['e', 'i'])
      const query = after
        ? _.and([
            args.where,
            _.or([
              { expiresAt: _.gt(new Date(after.e)) },
              { expiresAt: new Date(after.e), _id: _.gt(String(after.i)) },
            ]),
          ])
        : args.where
      const res = await db()
        .collection(MEMBERSHIPS)
        .where(query)
        .orderBy('expiresAt', 'asc')
        .orderBy('_id', 'asc')
        .limit(args.limit + 1)
        .get()
      return pageOf(rowsOf<MembershipRecord>(res), args.limit, (m) => ({
        e: new Date(m.expiresAt!).getTime(),
        i: m._id,
      }))
    }
    const after = decodeCursor(args.cursor, ['j', 'i'])
    const query = after
      ? _.and([
          args.where,
          _.or([{ joinedAt: _.lt(new Date(after.j)) }, { joinedAt: new Date(after.j), _id: _.lt(String(after.i)) }]),
        ])
      : args.where
    const res = await db()
      .collection(MEMBERSHIPS)
      .where(query)
      .orderBy('joinedAt', 'desc')
      .orderBy('_id', 'desc')
      .limit(args.limit + 1)
      .get()
    return pageOf(rowsOf<MembershipRecord>(res), args.limit, (m) => ({ j: new Date(m.joinedAt).getTime(), i: m._id }))
  },
  async setCrm(id: string, crm: { tags: string[]; note: string }): Promise<void> {
    await db()
      .collection(MEMBERSHIPS)
      .doc(id)
      .update({ data: { crm: cmd().set(crm) } })
  },
}

/** Where the nightly run is: the day it works on and the next circle. */
export interface StatsJobState {
  _id: string
  day: string
  cursor: string | null
  updatedAt: Date
}

export const statsJob = {
  get: () => getById<StatsJobState>(db(), 'jobs', 'statsAggregate'),
  async put(s: Omit<StatsJobState, '_id'>): Promise<void> {
    await db().collection('jobs').doc('statsAggregate').set({ data: s })
  },
  /** The next circles after `cursor` by _id (50 per run step). */
  async circlesAfter(cursor: string | null, limit: number) {
    const _ = cmd()
    const res = await db()
      .collection('circles')
      .where(cursor ? { _id: _.gt(cursor) } : {})
      .orderBy('_id', 'asc')
      .limit(limit)
      .get()
    return rowsOf<import('../../core/records').CircleRecord>(res)
  },
}
