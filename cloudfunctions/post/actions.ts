/** Post, comment and like actions: load, apply a core rule, save. The rules are in core/post.ts. */
import { assertOpen } from '../core/circle'
import type { ActionName, OutputOf, ParsedInput } from '../core/contract'
import { DomainError } from '../core/errors'
import { LIMITS } from '../core/limits'
import { assertCan } from '../core/permissions'
import { assertCanRemove, assertVisible, canVisitorRead, newPost, nextPinnedIds, nextPreviewIds, replyThread } from '../core/post'
import type { CommentRecord, LikeRecord, PostRecord } from '../core/records'
import { likeId } from '../core/records'
import { commentView, feedPageView, postView } from '../core/views'
import { cmd, transaction } from '../runtime/db'
import type { ActionContext } from '../runtime/handler'
import { newId } from '../runtime/ids'
import { circles } from '../runtime/repos/circles'
import { comments as commentRepo, likes, posts } from '../runtime/repos/posts'
import { roleIn } from '../runtime/session'

type In<A extends ActionName<'post'>> = ParsedInput<'post', A>
type Out<A extends ActionName<'post'>> = Promise<OutputOf<'post', A>>

async function loadPost(postId: string): Promise<PostRecord> {
  const post = await posts.get(postId)
  assertVisible(post)
  return post
}

async function loadCircle(circleId: string) {
  const circle = await circles.get(circleId)
  if (!circle) throw new DomainError('not_found', undefined, 'circleId')
  return circle
}

/** A post, the caller's role in its circle, and the circle when the action writes. */
async function postForWrite(postId: string, ctx: ActionContext) {
  const post = await loadPost(postId)
  const [{ role, membership }, circle] = await Promise.all([roleIn(post.circleId, ctx.openid, ctx.now), loadCircle(post.circleId)])
  return { post, role, membership, circle }
}

export async function create(input: In<'create'>, ctx: ActionContext): Out<'create'> {
  const [{ role, membership }, circle] = await Promise.all([roleIn(input.circleId, ctx.openid, ctx.now), loadCircle(input.circleId)])
  assertCan(role, 'post.create')
  assertOpen(circle)
  const post = newPost({ id: newId(ctx.now), circle, author: membership!, text: input.text, images: input.images, now: ctx.now })
  await posts.add(post)
  return postView(post, false)
}

export async function list(input: In<'list'>, ctx: ActionContext): Out<'list'> {
  const { role } = await roleIn(input.circleId, ctx.openid, ctx.now)
  assertCan(role, 'circle.read')
  const page = await posts.feed({ ...input, viewer: ctx.openid, limit: LIMITS.pageSize })
  return feedPageView(page.rows, page.nextCursor, role)
}

export async function get(input: In<'get'>, ctx: ActionContext): Out<'get'> {
  const post = await loadPost(input.postId)
  const { role } = await roleIn(post.circleId, ctx.caller, ctx.now)
  if (role) {
    const like = await likes.get(post._id, ctx.openid)
    return postView(post, !!like)
  }
  const circle = await loadCircle(post.circleId)
  if (!canVisitorRead(circle, post)) throw new DomainError(ctx.caller ? 'not_member' : 'unauthenticated')
  return postView(post, false)
}

export async function remove(input: In<'remove'>, ctx: ActionContext): Out<'remove'> {
  const post = await loadPost(input.postId)
  const { role } = await roleIn(post.circleId, ctx.openid, ctx.now)
  assertCanRemove(role, ctx.openid, post.authorId, 'post.removeAny')
  const deleted: Partial<PostRecord> = { status: 'deleted', pinRank: 0, inPreview: false, deletedAt: ctx.now, deletedBy: ctx.openid, updatedAt: ctx.now }
  if (post.pinRank === 0 && !post.inPreview) {
    await posts.update(post._id, deleted)
  } else {
    // A pinned or previewed post also leaves the circle's lists, in the same transaction.
    await transaction(async (tx) => {
      const circle = await circles.get(post.circleId, tx)
      if (circle) {
        await circles.update(
          circle._id,
          {
            pinnedPostIds: nextPinnedIds(circle.pinnedPostIds, post._id, false),
            previewPostIds: circle.previewPostIds.filter((id) => id !== post._id),
            updatedAt: ctx.now,
          },
          tx,
        )
      }
      await posts.update(post._id, deleted, tx)
    })
  }
  return { removed: true }
}

export async function pin(input: In<'pin'>, ctx: ActionContext): Out<'pin'> {
  const { post, role, circle } = await postForWrite(input.postId, ctx)
  assertCan(role, 'post.pin')
  assertOpen(circle)
  const pinRank = input.pinned ? post.pinRank || ctx.now.getTime() : 0
  await transaction(async (tx) => {
    // Read the circle inside the transaction: two admins pinning at once cannot make four pins.
    const fresh = await circles.get(post.circleId, tx)
    if (!fresh) throw new DomainError('not_found', undefined, 'circleId')
    await circles.update(fresh._id, { pinnedPostIds: nextPinnedIds(fresh.pinnedPostIds, post._id, input.pinned), updatedAt: ctx.now }, tx)
    await posts.update(post._id, { pinRank, updatedAt: ctx.now }, tx)
  })
  const like = await likes.get(post._id, ctx.openid)
  return postView({ ...post, pinRank }, !!like)
}

export async function feature(input: In<'feature'>, ctx: ActionContext): Out<'feature'> {
  const { post, role, circle } = await postForWrite(input.postId, ctx)
  assertCan(role, 'post.feature')
  assertOpen(circle)
  const patch: Partial<PostRecord> = { featured: input.featured, featuredAt: input.featured ? ctx.now : null, updatedAt: ctx.now }
  if (!input.featured && post.inPreview) {
    // Only 精华 may be previewed: un-featuring also takes the post out of the preview.
    patch.inPreview = false
    await transaction(async (tx) => {
      const fresh = await circles.get(post.circleId, tx)
      if (fresh) await circles.update(fresh._id, { previewPostIds: nextPreviewIds(fresh.previewPostIds, post, false), updatedAt: ctx.now }, tx)
      await posts.update(post._id, patch, tx)
    })
  } else {
    await posts.update(post._id, patch)
  }
  const like = await likes.get(post._id, ctx.openid)
  return postView({ ...post, ...patch }, !!like)
}

export async function setPreview(input: In<'setPreview'>, ctx: ActionContext): Out<'setPreview'> {
  const { post, role, circle } = await postForWrite(input.postId, ctx)
  assertCan(role, 'post.setPreview')
  assertOpen(circle)
  const previewPostIds = await transaction(async (tx) => {
    const fresh = await circles.get(post.circleId, tx)
    if (!fresh) throw new DomainError('not_found', undefined, 'circleId')
    const next = nextPreviewIds(fresh.previewPostIds, post, input.inPreview)
    await circles.update(fresh._id, { previewPostIds: next, updatedAt: ctx.now }, tx)
    await posts.update(post._id, { inPreview: input.inPreview, updatedAt: ctx.now }, tx)
    return next
  })
  return { previewPostIds }
}

export async function like(input: In<'like'>, ctx: ActionContext): Out<'like'> {
  const { post, role, circle } = await postForWrite(input.postId, ctx)
  assertCan(role, 'post.like')
  assertOpen(circle)
  const _ = cmd()
  const id = likeId(post._id, ctx.openid)
  return transaction(async (tx) => {
    // Setting a like is idempotent: liking twice changes nothing, and the count moves with the doc.
    const [existing, fresh] = await Promise.all([likes.get(post._id, ctx.openid, tx), posts.get(post._id, tx)])
    const count = fresh?.likeCount ?? post.likeCount
    if (input.liked === !!existing) return { liked: input.liked, likeCount: count }
    if (input.liked) {
      const record: LikeRecord = { _id: id, postId: post._id, circleId: post.circleId, openid: ctx.openid, createdAt: ctx.now }
      await likes.put(record, tx)
    } else {
      await likes.remove(id, tx)
    }
    const delta = input.liked ? 1 : -1
    await posts.update(post._id, { likeCount: _.inc(delta) }, tx)
    return { liked: input.liked, likeCount: count + delta }
  })
}

export async function comment(input: In<'comment'>, ctx: ActionContext): Out<'comment'> {
  const { post, role, membership, circle } = await postForWrite(input.postId, ctx)
  assertCan(role, 'post.comment')
  assertOpen(circle)
  const thread = input.parentId ? replyThread(await commentRepo.get(input.parentId), post._id) : null
  const record: CommentRecord = {
    _id: newId(ctx.now),
    postId: post._id,
    circleId: post.circleId,
    authorId: ctx.openid,
    author: { ...membership!.user, role },
    text: input.text,
    parentId: thread?.parentId ?? null,
    replyTo: thread?.replyTo ?? null,
    status: 'published',
    createdAt: ctx.now,
    deletedAt: null,
    deletedBy: null,
  }
  const _ = cmd()
  await transaction(async (tx) => {
    await commentRepo.put(record, tx)
    await posts.update(post._id, { commentCount: _.inc(1) }, tx)
  })
  return commentView(record)
}

export async function comments(input: In<'comments'>, ctx: ActionContext): Out<'comments'> {
  const post = await loadPost(input.postId)
  const { role } = await roleIn(post.circleId, ctx.openid, ctx.now)
  assertCan(role, 'circle.read')
  const page = await commentRepo.ofPost({ postId: post._id, cursor: input.cursor, limit: LIMITS.pageSize * 2 })
  return { items: page.rows.map(commentView), nextCursor: page.nextCursor }
}

export async function removeComment(input: In<'removeComment'>, ctx: ActionContext): Out<'removeComment'> {
  const found = await commentRepo.get(input.commentId)
  if (!found || found.status !== 'published') throw new DomainError('not_found', undefined, 'commentId')
  const { role } = await roleIn(found.circleId, ctx.openid, ctx.now)
  assertCanRemove(role, ctx.openid, found.authorId, 'comment.removeAny')
  const _ = cmd()
  await transaction(async (tx) => {
    const fresh = await commentRepo.get(found._id, tx)
    if (!fresh || fresh.status !== 'published') return
    await commentRepo.update(found._id, { status: 'deleted', deletedAt: ctx.now, deletedBy: ctx.openid }, tx)
    await posts.update(found.postId, { commentCount: _.inc(-1) }, tx)
  })
  return { removed: true }
}
