/** Held content (the team's review queue) and review decisions: every query with its index. */
import type { CommentRecord, ContentReview, PostRecord } from '../../core/records'
import { cmd, db, getById, oldestFirst, rowsOf, transaction } from '../db'
import { comments as commentRepo, posts } from './posts'

/** The circle's held posts or comments, oldest first (index circle_status_createdAt on each). */
export async function heldPage<T extends PostRecord | CommentRecord>(args: {
  collection: 'posts' | 'comments'
  circleId: string
  cursor?: string
  limit: number
}) {
  return oldestFirst<T>(args.collection, { circleId: args.circleId, status: 'held' }, args.cursor, args.limit)
}

type Decide<R> = (fresh: R) => {
  status: 'published' | 'deleted'
  review: ContentReview
  deletedAt: Date | null
  deletedBy: string | null
}

/** Applies the team's decision to a held post in one single-document transaction; null when it was not found. */
export async function decidePost(postId: string, decide: Decide<PostRecord>, now: Date): Promise<PostRecord | null> {
  return transaction(async (tx) => {
    const fresh = await posts.get(postId, tx)
    if (!fresh) return null
    const patch = decide(fresh)
    const full = {
      ...patch,
      updatedAt: now,
      ...(patch.status === 'deleted' ? { deletionReason: patch.review.reason } : {}),
    }
    await posts.update(postId, full as Partial<PostRecord>, tx)
    return { ...fresh, ...full } as PostRecord
  })
}

/** Same for a held comment; approving it counts it on its post in the same transaction. */
export async function decideComment(commentId: string, decide: Decide<CommentRecord>): Promise<CommentRecord | null> {
  const _ = cmd()
  return transaction(async (tx) => {
    const fresh = await commentRepo.get(commentId, tx)
    if (!fresh) return null
    const patch = decide(fresh)
    const full = { ...patch, ...(patch.status === 'deleted' ? { deletionReason: patch.review.reason } : {}) }
    await commentRepo.update(commentId, full as Partial<CommentRecord>, tx)
    if (patch.status === 'published') await posts.update(fresh.postId, { commentCount: _.inc(1) }, tx)
    return { ...fresh, ...full } as CommentRecord
  })
}

// ---------- images: the asynchronous check (mediaCheckAsync → wxa_media_check push) ----------

export interface MediaCheckRecord {
  _id: string // WeChat's trace_id
  fileId: string
  openid: string
  scene: string
  submittedAt: Date
  /** Filled by the verdict push. */
  suggest: string | null
  decidedAt: Date | null
}

export const mediaChecks = {
  async put(record: MediaCheckRecord): Promise<void> {
    const { _id, ...data } = record
    await db().collection('mediaChecks').doc(_id).set({ data })
  },
  /** Records a post's submissions in one database call (trace ids are unique per submission). */
  async putMany(records: MediaCheckRecord[]): Promise<void> {
    if (records.length === 0) return
    await db().collection('mediaChecks').add({ data: records })
  },
  get: (traceId: string) => getById<MediaCheckRecord>(db(), 'mediaChecks', traceId),
  async decide(traceId: string, suggest: string, now: Date): Promise<void> {
    await db()
      .collection('mediaChecks')
      .doc(traceId)
      .update({ data: { suggest, decidedAt: now } })
  },
}

/** Posts (published or held) showing an image (index `images`); at most 100 — an image is rarely reused. */
export async function postsShowingImage(fileId: string): Promise<PostRecord[]> {
  const _ = cmd()
  const res = await db()
    .collection('posts')
    .where({ images: fileId, status: _.in(['published', 'held']) })
    .limit(100)
    .get()
  return rowsOf<PostRecord>(res)
}

/** Holds a published post for the team after an image came back `review`; false when it changed meanwhile. */
export async function holdPost(postId: string, now: Date): Promise<boolean> {
  return transaction(async (tx) => {
    const fresh = await posts.get(postId, tx)
    if (!fresh || fresh.status !== 'published') return false
    const review: ContentReview = { heldAt: now, decidedAt: null, decidedBy: null, reason: null }
    await posts.update(postId, { status: 'held', review, updatedAt: now }, tx)
    return true
  })
}
