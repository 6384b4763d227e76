/** blacklist and reports: every query the moderate function makes, with the index it uses. */
import type { ReportRecord } from '../../core/moderation'
import { BLACKLIST, type BlacklistRecord } from '../blacklist'
import { nextPinnedIds } from '../../core/post'
import type { CommentRecord, PostRecord } from '../../core/records'
import { cmd, db, getById, newestFirst, rowsOf, transaction, type Tx } from '../db'
import { circles } from './circles'
import { comments as commentRepo, posts } from './posts'
import { withoutId } from './users'

const REPORTS = 'reports'

type Source = Tx | ReturnType<typeof db>

export const blacklist = {
  get: (id: string, source: Source = db()) => getById<BlacklistRecord>(source, BLACKLIST, id),
  async put(record: BlacklistRecord, tx: Tx): Promise<void> {
    await tx
      .collection(BLACKLIST)
      .doc(record._id)
      .set({ data: withoutId(record) })
  },
  async remove(id: string, tx: Tx): Promise<void> {
    await tx.collection(BLACKLIST).doc(id).remove()
  },
  /** A circle's blacklist, newest first (index circle_createdAt). */
  ofCircle: (circleId: string, cursor: string | undefined, limit: number) =>
    newestFirst<BlacklistRecord>(BLACKLIST, { circleId }, cursor, limit),
}

export const reports = {
  get: (id: string, source: Source = db()) => getById<ReportRecord>(source, REPORTS, id),
  async put(record: ReportRecord, tx: Tx): Promise<void> {
    await tx
      .collection(REPORTS)
      .doc(record._id)
      .set({ data: withoutId(record) })
  },
  /** Open reports, or the handled ones (index circle_status_createdAt). */
  ofCircle(circleId: string, status: 'open' | 'closed', cursor: string | undefined, limit: number) {
    const _ = cmd()
    const where = { circleId, status: status === 'open' ? 'open' : _.in(['removed', 'dismissed']) }
    return newestFirst<ReportRecord>(REPORTS, where, cursor, limit)
  },
  /** The other open reports of the same content (index target_status); at most 1000. */
  async openOfTarget(targetId: string): Promise<ReportRecord[]> {
    const res = await db().collection(REPORTS).where({ targetId, status: 'open' }).limit(1000).get()
    return rowsOf<ReportRecord>(res)
  },
  async close(
    ids: string[],
    patch: Pick<ReportRecord, 'status' | 'resolvedAt' | 'resolvedBy' | 'resolution'>,
  ): Promise<void> {
    if (ids.length === 0) return
    const _ = cmd()
    await db()
      .collection(REPORTS)
      .where({ _id: _.in(ids), status: 'open' })
      .update({ data: patch })
  },
}

/**
 * Deletes a post for good from the circle's views (its pin and preview slots too, in the same
 * transaction). `reason` is kept when the team deletes someone else's post. Returns false when it
 * was already gone.
 */
export async function deletePost(post: PostRecord, by: string, reason: string | null, now: Date): Promise<boolean> {
  const deleted: Partial<PostRecord> = {
    status: 'deleted',
    pinRank: 0,
    inPreview: false,
    deletedAt: now,
    deletedBy: by,
    deletionReason: reason,
    updatedAt: now,
  }
  return transaction(async (tx) => {
    const fresh = await posts.get(post._id, tx)
    // published, or held for review (its author withdrawing it)
    if (!fresh || (fresh.status !== 'published' && fresh.status !== 'held')) return false
    if (fresh.pinRank !== 0 || fresh.inPreview) {
      const circle = await circles.get(post.circleId, tx)
      if (circle) {
        await circles.update(
          circle._id,
          {
            pinnedPostIds: nextPinnedIds(circle.pinnedPostIds, post._id, false),
            previewPostIds: circle.previewPostIds.filter((id) => id !== post._id),
            updatedAt: now,
          },
          tx,
        )
      }
    }
    await posts.update(post._id, deleted, tx)
    return true
  })
}

/** Deletes a comment and moves its post's count with it. Returns false when it was already gone. */
export async function deleteComment(
  comment: CommentRecord,
  by: string,
  reason: string | null,
  now: Date,
): Promise<boolean> {
  const _ = cmd()
  return transaction(async (tx) => {
    const fresh = await commentRepo.get(comment._id, tx)
    if (!fresh || fresh.status !== 'published') return false
    await commentRepo.update(
      comment._id,
      { status: 'deleted', deletedAt: now, deletedBy: by, deletionReason: reason },
      tx,
    )
    await posts.update(comment.postId, { commentCount: _.inc(-1) }, tx)
    return true
  })
}
