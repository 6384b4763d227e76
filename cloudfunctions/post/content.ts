/**
 * The post function's content-security and protection actions (docs/content-security.md):
 * the team's review queue of held posts and comments, its decisions, and opening attachments.
 * The rules are in core/content.ts.
 */
import { awardPoints } from '../runtime/points'
import type { ActionName, HeldItem, OutputOf, ParsedInput, PostView } from '../core/contract'
import { canDownload, canSeeHeld, previewType, fileKind, reviewNotification, reviewPatch } from '../core/content'
import { DomainError } from '../core/errors'
import { CONTENT_LIMITS, LIMITS } from '../core/limits'
import { assertCan } from '../core/permissions'
import { canVisitorRead } from '../core/post'
import type { CommentRecord, PostRecord } from '../core/records'
import { fileViews, postView } from '../core/views'
import type { ActionContext } from '../runtime/handler'
import { notify, notifyComment, notifyPostMentions } from '../runtime/notifications'
import { circles } from '../runtime/repos/circles'
import { decideComment, decidePost, heldPage } from '../runtime/repos/content'
import { comments as commentRepo, posts } from '../runtime/repos/posts'
import { fileUrlFor } from '../runtime/security/files'
import { accessIn } from '../runtime/session'

type In<A extends ActionName<'post'>> = ParsedInput<'post', A>
type Out<A extends ActionName<'post'>> = Promise<OutputOf<'post', A>>

const iso = (d: Date | string) => new Date(d).toISOString()

/** post.get of a held post: its author (「审核中」) and the team see it; anyone else: not found. */
export async function heldPostView(post: PostRecord, ctx: ActionContext): Promise<PostView> {
  const { readRole } = await accessIn(post.circleId, ctx.caller, ctx.now)
  if (!canSeeHeld(readRole, ctx.caller, post.authorId)) throw new DomainError('not_found', undefined, 'postId')
  return postView(post, false)
}

function heldItem(r: PostRecord | CommentRecord, kind: 'post' | 'comment'): HeldItem {
  const post = kind === 'post' ? (r as PostRecord) : null
  return {
    kind,
    id: r._id,
    postId: post ? post._id : (r as CommentRecord).postId,
    circleId: r.circleId,
    author: { openid: r.authorId, ...r.author },
    text: r.text,
    images: post?.images ?? [],
    files: fileViews(post?.files),
    createdAt: iso(r.createdAt),
    heldAt: iso(r.review?.heldAt ?? r.createdAt),
  }
}

export async function held(input: In<'held'>, ctx: ActionContext): Out<'held'> {
  const { role } = await accessIn(input.circleId, ctx.openid, ctx.now)
  assertCan(role, 'post.removeAny')
  const page = await heldPage<PostRecord | CommentRecord>({
    collection: input.kind === 'post' ? 'posts' : 'comments',
    circleId: input.circleId,
    cursor: input.cursor,
    limit: LIMITS.pageSize,
  })
  return { items: page.rows.map((r) => heldItem(r, input.kind)), nextCursor: page.nextCursor }
}

export async function review(input: In<'review'>, ctx: ActionContext): Out<'review'> {
  const target: PostRecord | CommentRecord | null = input.commentId
    ? await commentRepo.get(input.commentId)
    : await posts.get(input.postId)
  if (!target || (input.commentId && (target as CommentRecord).postId !== input.postId)) {
    throw new DomainError('not_found', undefined, input.commentId ? 'commentId' : 'postId')
  }
  const { role } = await accessIn(target.circleId, ctx.openid, ctx.now)
  assertCan(role, 'post.removeAny')
  if (target.status !== 'held') throw new DomainError('not_held')
  const decide = (fresh: PostRecord | CommentRecord) =>
    reviewPatch({
      review: fresh.review,
      status: fresh.status,
      approve: input.approve,
      reason: input.reason,
      by: ctx.openid,
      now: ctx.now,
    })
  const kind = input.commentId ? 'comment' : 'post'
  const decided = input.commentId
    ? await decideComment(target._id, decide)
    : await decidePost(target._id, decide, ctx.now)
  if (!decided) throw new DomainError('not_found', undefined, kind === 'comment' ? 'commentId' : 'postId')
  // effects after commit: the author is told; approved content now notifies as a fresh one would
  await notify(
    [
      reviewNotification({
        kind,
        id: decided._id,
        postId: input.postId,
        circleId: decided.circleId,
        authorId: decided.authorId,
        approve: input.approve,
        reason: decided.review?.reason ?? null,
        excerpt: decided.text,
      }),
    ],
    ctx.now,
  )
  if (input.approve) {
    if (kind === 'post') {
      await notifyPostMentions(decided as PostRecord, ctx.now)
      await awardPoints(
        [{ circleId: decided.circleId, openid: decided.authorId, reason: 'post', refId: decided._id }],
        ctx.now,
      )
    } else {
      const post = await posts.get(input.postId)
      if (post) await notifyComment(post, decided as CommentRecord, ctx.now)
    }
  }
  return { kind, id: decided._id, status: decided.status === 'published' ? 'published' : 'deleted' }
}

export async function openFile(input: In<'openFile'>, ctx: ActionContext): Out<'openFile'> {
  const post = await posts.get(input.postId)
  if (!post || post.status === 'deleted') throw new DomainError('not_found', undefined, 'postId')
  const { readRole } = await accessIn(post.circleId, ctx.caller, ctx.now)
  if (post.status === 'held') {
    if (!canSeeHeld(readRole, ctx.caller, post.authorId)) throw new DomainError('not_found', undefined, 'postId')
  } else if (!readRole) {
    const circle = await circles.get(post.circleId)
    if (!circle || !canVisitorRead(circle, post)) throw new DomainError(ctx.caller ? 'not_member' : 'unauthenticated')
  }
  const file = post.files?.[input.index]
  if (!file) throw new DomainError('file_not_found', undefined, 'fileIndex')
  const url = await fileUrlFor(file.fileId, CONTENT_LIMITS.fileUrlSeconds)
  if (!url) throw new DomainError('file_not_found', undefined, 'fileIndex')
  return {
    url,
    name: file.name,
    kind: fileKind(file.name),
    previewType: previewType(file.name),
    noDownload: file.noDownload,
    mayDownload: canDownload(file, ctx.caller, post.authorId),
    sizeBytes: file.sizeBytes,
    expiresInSec: CONTENT_LIMITS.fileUrlSeconds,
  }
}
