/** posts, comments and likes: every query the post actions make, with the index it uses. */
import type { FeedTab } from '../../core/contract'
import { type CursorKey, decodeCursor, pageOf } from '../../core/cursor'
import type { CommentRecord, LikeRecord, PostRecord } from '../../core/records'
import { likeId } from '../../core/records'
import { cmd, db, getById, getMany, insertOnce, listOf, oldestFirst, type Patch, type Tx } from '../db'
import { withoutId } from './users'

const POSTS = 'posts'
const COMMENTS = 'comments'
const LIKES = 'likes'

type Source = Tx | ReturnType<typeof db>

export type FeedRow = PostRecord & { liked: boolean }

export const posts = {
  get: (id: string, source: Source = db()) => getById<PostRecord>(source, POSTS, id),

  getMany: (ids: string[]) => getMany<PostRecord>(POSTS, ids),

  async add(post: PostRecord): Promise<void> {
    await db().collection(POSTS).add({ data: post })
  },

  async update(id: string, patch: Patch<PostRecord>, tx?: Tx): Promise<void> {
    await (tx ?? db())
      .collection(POSTS)
      .doc(id)
      .update({ data: withoutId(patch) })
  },

  /**
   * One page of a circle's feed with the viewer's likes, in ONE database call: an aggregate that
   * sorts by the tab's index and looks up the viewer's like of each post.
   * Latest puts pinned posts first (pinRank), so its cursor carries the pin rank too.
   */
  async feed(args: { circleId: string; tab: FeedTab; tag?: string; cursor?: string; viewer: string; limit: number }) {
    // pipeline() and expr() exist in the SDK but are missing from its typings.
    const _ = cmd() as ReturnType<typeof cmd> & { expr(e: unknown): object }
    const $ = _.aggregate as typeof _.aggregate & {
      pipeline(): { match(q: object): { project(p: object): { done(): object } } }
    }
    const pinned = args.tab === 'latest'
    const after = decodeCursor(args.cursor, pinned ? ['p', 'c', 'i'] : ['c', 'i'])
    const where: Record<string, unknown> = { circleId: args.circleId, status: 'published' }
    if (args.tab === 'featured') where.featured = true
    if (args.tab === 'owner') where.fromOwner = true
    if (args.tab === 'tag') where.tags = args.tag
    const conditions: unknown[] = [where]
    if (after) {
      const c = new Date(after.c)
      const i = String(after.i)
      conditions.push(
        pinned
          ? _.or([
              { pinRank: _.lt(Number(after.p)) },
              { pinRank: Number(after.p), createdAt: _.lt(c) },
              { pinRank: Number(after.p), createdAt: c, _id: _.lt(i) },
            ])
          : _.or([{ createdAt: _.lt(c) }, { createdAt: c, _id: _.lt(i) }]),
      )
    }
    const sort: Record<string, 1 | -1> = pinned ? { pinRank: -1, createdAt: -1, _id: -1 } : { createdAt: -1, _id: -1 }
    const res = await db()
      .collection(POSTS)
      .aggregate()
      .match(conditions.length === 1 ? where : _.and(conditions))
      .sort(sort)
      .limit(args.limit + 1)
      .lookup({
        from: LIKES,
        let: { postId: '$_id' },
        pipeline: $.pipeline()
          .match(_.expr($.and([$.eq(['$postId', '$$postId']), $.eq(['$openid', args.viewer])])))
          .project({ _id: 1 })
          .done(),
        as: 'myLikes',
      })
      .end()
    const rows = listOf<PostRecord & { myLikes: unknown[] }>(res).map(({ myLikes, ...post }) => ({
      ...post,
      liked: myLikes.length > 0,
    }))
    return pageOf<FeedRow>(rows, args.limit, (p): CursorKey =>
      pinned
        ? { p: p.pinRank, c: new Date(p.createdAt).getTime(), i: p._id }
        : { c: new Date(p.createdAt).getTime(), i: p._id },
    )
  },
}

export const likes = {
  get: (postId: string, openid: string, source: Source = db()) =>
    getById<LikeRecord>(source, LIKES, likeId(postId, openid)),

  async put(like: LikeRecord, tx: Tx): Promise<void> {
    await tx
      .collection(LIKES)
      .doc(like._id)
      .set({ data: withoutId(like) })
  },

  async remove(id: string, tx: Tx): Promise<void> {
    await tx.collection(LIKES).doc(id).remove()
  },

  /** Inserts a like under its deterministic id: false when it is there already (one call, no read). */
  add: (like: LikeRecord): Promise<boolean> => insertOnce(LIKES, like),

  /** Removes a like: false when there was none (one call, no read). */
  async delete(id: string): Promise<boolean> {
    const res = (await db().collection(LIKES).doc(id).remove()) as { stats?: { removed?: number } }
    return (res.stats?.removed ?? 0) > 0
  },
}

export const comments = {
  get: (id: string, source: Source = db()) => getById<CommentRecord>(source, COMMENTS, id),

  async add(comment: CommentRecord): Promise<void> {
    await db()
      .collection(COMMENTS)
      .add({ data: { _id: comment._id, ...withoutId(comment) } })
  },

  async put(comment: CommentRecord, tx: Tx): Promise<void> {
    await tx
      .collection(COMMENTS)
      .doc(comment._id)
      .set({ data: withoutId(comment) })
  },

  async update(id: string, patch: Patch<CommentRecord>, tx: Tx): Promise<void> {
    await tx
      .collection(COMMENTS)
      .doc(id)
      .update({ data: withoutId(patch) })
  },

  /** A post's comments, oldest first (index post_status_createdAt); replies come in the same stream. */
  ofPost: (args: { postId: string; cursor?: string; limit: number }) =>
    oldestFirst<CommentRecord>(COMMENTS, { postId: args.postId, status: 'published' }, args.cursor, args.limit),
}
