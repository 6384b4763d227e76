/**
 * Search and the 文件 tab (docs/search.md): every query with the index it uses. A keyword query
 * walks the multikey index on `terms` for its first term and filters the others (`_.all`); the
 * caller verifies the keyword on the page's rows (core/search.ts matches).
 */
import type { CircleType } from '../../core/contract'
import { decodeCursor, pageOf } from '../../core/cursor'
import type { CircleRecord, PostRecord } from '../../core/records'
import { cmd, db, getById, rowsOf } from '../db'

/** Newest first on (createdAt, _id) after a cursor, without the (long) terms array. */
async function newestPage<T extends { _id: string; createdAt: Date }>(
  collection: string,
  where: Record<string, unknown>,
  cursor: string | undefined,
  limit: number,
) {
  const _ = cmd()
  const after = decodeCursor(cursor, ['c', 'i'])
  const query = after
    ? _.and([
        where,
        _.or([{ createdAt: _.lt(new Date(after.c)) }, { createdAt: new Date(after.c), _id: _.lt(String(after.i)) }]),
      ])
    : where
  const res = await db()
    .collection(collection)
    .where(query)
    .orderBy('createdAt', 'desc')
    .orderBy('_id', 'desc')
    .limit(limit + 1)
    .field({ terms: false })
    .get()
  return pageOf(rowsOf<T>(res), limit, (r) => ({ c: new Date(r.createdAt).getTime(), i: r._id }))
}

export const postSearch = {
  /**
   * A circle's published posts having every term (index search_terms), and/or a tag (feed_tag),
   * and/or by an author (search_author). Held and deleted posts are outside the status condition.
   */
  find(args: { circleId: string; terms: string[]; tag?: string; authorId?: string; cursor?: string; limit: number }) {
    const _ = cmd()
    const where: Record<string, unknown> = { circleId: args.circleId, status: 'published' }
    if (args.terms.length > 0) where.terms = _.all(args.terms)
    if (args.tag) where.tags = args.tag
    if (args.authorId) where.authorId = args.authorId
    return newestPage<PostRecord>('posts', where, args.cursor, args.limit)
  },

  /** A circle's published posts with attachments, newest first (index files). */
  withFiles(args: { circleId: string; cursor?: string; limit: number }) {
    return newestPage<PostRecord>(
      'posts',
      { circleId: args.circleId, status: 'published', hasFiles: true },
      args.cursor,
      args.limit,
    )
  },

  /** Active circles whose name and tags have every term (index status_terms_createdAt). */
  circles(args: { terms: string[]; type?: CircleType; cursor?: string; limit: number }) {
    const where: Record<string, unknown> = { status: 'active', terms: cmd().all(args.terms) }
    if (args.type) where.type = args.type
    return newestPage<CircleRecord>('circles', where, args.cursor, args.limit)
  },
}

export interface BackfillState {
  _id: string
  cursor: string | null
  done: boolean
  updatedAt: Date
}

/** The back-fill job's place (jobs collection) and one page of a collection by _id after it. */
export const backfill = {
  state: (name: string) => getById<BackfillState>(db(), 'jobs', name),

  async save(state: BackfillState): Promise<void> {
    const { _id, ...rest } = state
    await db().collection('jobs').doc(_id).set({ data: rest })
  },

  async page<T extends { _id: string }>(
    collection: string,
    after: string | null,
    limit: number,
    fields: Record<string, true>,
  ): Promise<T[]> {
    const where = after ? { _id: cmd().gt(after) } : {}
    const res = await db().collection(collection).where(where).orderBy('_id', 'asc').limit(limit).field(fields).get()
    return rowsOf<T>(res)
  },

  async setFields(collection: string, id: string, data: Record<string, unknown>): Promise<void> {
    await db().collection(collection).doc(id).update({ data })
  },
}
