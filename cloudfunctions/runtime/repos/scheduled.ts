/** Scheduled posts and drafts (core/schedule.ts): every query, with the index it uses. */
import { decodeCursor, pageOf } from '../../core/cursor'
import type { PostRecord } from '../../core/records'
import type { ScheduledPostRecord } from '../../core/schedule'
import { cmd, db, getById, listOf, rowsOf, transaction, type Patch, type Tx } from '../db'
import { withoutId } from './users'

const SCHEDULED = 'scheduledPosts'

type Source = Tx | ReturnType<typeof db>

export const scheduled = {
  get: (id: string, source: Source = db()) => getById<ScheduledPostRecord>(source, SCHEDULED, id),

  async put(r: ScheduledPostRecord): Promise<void> {
    await db()
      .collection(SCHEDULED)
      .doc(r._id)
      .set({ data: withoutId(r) })
  },

  async update(id: string, patch: Patch<ScheduledPostRecord>, tx?: Tx): Promise<void> {
    await (tx ?? db())
      .collection(SCHEDULED)
      .doc(id)
      .update({ data: withoutId(patch) })
  },

  async remove(id: string): Promise<void> {
    await db().collection(SCHEDULED).doc(id).remove()
  },

  /** The caller's drafts in a circle, last edited first (index circle_author_status_updatedAt). */
  async drafts(args: { circleId: string; authorId: string; cursor?: string; limit: number }) {
    const _ = cmd()
    const after = decodeCursor(args.cursor, ['u', 'i'])
    const where = { circleId: args.circleId, authorId: args.authorId, status: 'draft' }
    const query = after
      ? _.and([
          where,
          _.or([{ updatedAt: _.lt(new Date(after.u)) }, { updatedAt: new Date(after.u), _id: _.lt(String(after.i)) }]),
        ])
      : where
    const res = await db()
      .collection(SCHEDULED)
      .where(query)
      .orderBy('updatedAt', 'desc')
      .orderBy('_id', 'desc')
      .limit(args.limit + 1)
      .get()
    return pageOf(rowsOf<ScheduledPostRecord>(res), args.limit, (r) => ({
      u: new Date(r.updatedAt).getTime(),
      i: r._id,
    }))
  },

  /** A circle's posts waiting to go out, soonest first (index circle_status_publishAt). */
  async waiting(args: { circleId: string; cursor?: string; limit: number }) {
    const _ = cmd()
    const after = decodeCursor(args.cursor, ['p', 'i'])
    const where = { circleId: args.circleId, status: 'scheduled' }
    const query = after
      ? _.and([
          where,
          _.or([{ publishAt: _.gt(new Date(after.p)) }, { publishAt: new Date(after.p), _id: _.gt(String(after.i)) }]),
        ])
      : where
    const res = await db()
      .collection(SCHEDULED)
      .where(query)
      .orderBy('publishAt', 'asc')
      .orderBy('_id', 'asc')
      .limit(args.limit + 1)
      .get()
    return pageOf(rowsOf<ScheduledPostRecord>(res), args.limit, (r) => ({
      p: new Date(r.publishAt!).getTime(),
      i: r._id,
    }))
  },

  /** Posts due now, oldest first (index status_publishAt): the timer's batch. */
  async due(now: Date, limit: number): Promise<ScheduledPostRecord[]> {
    const _ = cmd()
    const res = await db()
      .collection(SCHEDULED)
      .where({ status: 'scheduled', publishAt: _.lte(now) })
      .orderBy('publishAt', 'asc')
      .orderBy('_id', 'asc')
      .limit(limit)
      .get()
    return rowsOf<ScheduledPostRecord>(res)
  },

  /** A circle's scheduled (not draft) records of a month (index circle_publishAt); ≤ 1000 (14 days of schedule at most ahead). */
  async inMonth(circleId: string, start: Date, end: Date): Promise<ScheduledPostRecord[]> {
    const _ = cmd()
    const res = await db()
      .collection(SCHEDULED)
      .where({ circleId, publishAt: _.gte(start).and(_.lt(end)), status: _.neq('draft') })
      .orderBy('publishAt', 'asc')
      .limit(1000)
      .get()
    return rowsOf<ScheduledPostRecord>(res)
  },

  /**
   * Publishes once: in one transaction on the scheduled record, writes the post (its id derived
   * from the record) only if the record is still waiting. Two timer runs racing: the second
   * commit conflicts, its retry reads the record published and writes nothing. Answers whether
   * this run published it.
   */
  async publish(id: string, post: PostRecord, outcome: 'published' | 'held', now: Date): Promise<boolean> {
    return transaction(async (tx) => {
      const fresh = await getById<ScheduledPostRecord>(tx, SCHEDULED, id)
      if (!fresh || fresh.status !== 'scheduled') return false
      await tx
        .collection('posts')
        .doc(post._id)
        .set({ data: withoutId(post) })
      await tx
        .collection(SCHEDULED)
        .doc(id)
        .update({ data: { status: outcome, postId: post._id, publishedAt: now, updatedAt: now } })
      return true
    })
  },

  /** Marks a waiting record refused or failed (once: only while it is still waiting). */
  async settle(id: string, status: 'refused' | 'failed', reason: string, now: Date): Promise<boolean> {
    return transaction(async (tx) => {
      const fresh = await getById<ScheduledPostRecord>(tx, SCHEDULED, id)
      if (!fresh || fresh.status !== 'scheduled') return false
      await tx
        .collection(SCHEDULED)
        .doc(id)
        .update({ data: { status, failReason: reason, updatedAt: now } })
      return true
    })
  },
}

/** Posts a circle published per Shanghai day in [start, end): one aggregate over circle_status_createdAt. */
export async function publishedPerDay(circleId: string, start: Date, end: Date): Promise<Record<string, number>> {
  const _ = cmd()
  const $ = _.aggregate
  const res = await db()
    .collection('posts')
    .aggregate()
    .match({ circleId, status: 'published', createdAt: _.gte(start).and(_.lt(end)) })
    .project({ day: $.dateToString({ date: '$createdAt', format: '%Y-%m-%d', timezone: '+08:00' }) })
    .group({ _id: '$day', count: $.sum(1) })
    .end()
  const out: Record<string, number> = {}
  for (const row of listOf<{ _id: string; count: number }>(res)) out[row._id] = row.count
  return out
}
