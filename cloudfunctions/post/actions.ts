/** Post, comment and like actions: load, apply a core rule, save. The rules are in core/post.ts. */
import { assertOpen, roleAt } from '../core/circle'
import type { ActionName, OutputOf, ParsedInput } from '../core/contract'
import { DomainError } from '../core/errors'
import { LIMITS } from '../core/limits'
import { assertCan } from '../core/permissions'
import {
  assertCanRemove,
  assertVisible,
  canVisitorRead,
  newPost,
  nextPinnedIds,
  nextPreviewIds,
  replyThread,
} from '../core/post'
import type { CommentRecord, PostRecord } from '../core/records'
import { likeId } from '../core/records'
import { commentView, feedPageView, postView } from '../core/views'
import { cmd, transaction } from '../runtime/db'
import type { ActionContext } from '../runtime/handler'
import { newId } from '../runtime/ids'
import { circles } from '../runtime/repos/circles'
import { comments as commentRepo, likes, posts } from '../runtime/repos/posts'
import { accessIn, roleIn } from '../runtime/session'
import { access } from '../runtime/repos/access'
import { notifyComment, notifyPostMentions } from '../runtime/notifications'
import { assertMayPublish, contentRemovedNotice } from '../core/moderation'
import { notify } from '../runtime/notifications'
import { deleteComment, deletePost } from '../runtime/repos/moderation'
import * as content from './content'
import { normaliseFiles, publishStatus } from '../core/content'
import { checkContent } from '../runtime/contentSecurity'
import { awardPoints } from '../runtime/points'

type In<A extends ActionName<'post'>> = ParsedInput<'post', A>
type Out<A extends ActionName<'post'>> = Promise<OutputOf<'post', A>>

async function loadPost(postId: string): Promise<PostRecord> {
  const post = await posts.get(postId)
  assertVisible(post)
  return post
}

/**
 * A post, the caller's role in its circle, and the circle when the action writes: one aggregate
 * (runtime/repos/access.ts) instead of a read each.
 */
async function postForWrite(postId: string, ctx: ActionContext) {
  const found = await access.post(postId, ctx.openid)
  const post = found?.post ?? null
  assertVisible(post)
  if (!found?.circle) throw new DomainError('not_found', undefined, 'circleId')
  return { post, role: roleAt(found.membership, ctx.now), membership: found.membership, circle: found.circle }
}

export async function create(input: In<'create'>, ctx: ActionContext): Out<'create'> {
  const [{ role, membership }, circle] = await Promise.all([
    roleIn(input.circleId, ctx.openid, ctx.now),
    circles.require(input.circleId),
  ])
  assertCan(role, 'post.create')
  assertOpen(circle)
  assertMayPublish({ access: { role }, membership, circle, now: ctx.now })
  // content security: risky refused, review held for the team (docs/content-security.md)
  const files = normaliseFiles(input.files)
  const verdict = await checkContent({
    openid: ctx.openid,
    scene: 'post',
    texts: [input.text, ...files.map((f) => f.name)],
    images: input.images,
  })
  const gate = publishStatus(verdict, ctx.now)
  const held = gate.status === 'held' ? gate.review : undefined
  const post = newPost({
    id: newId(ctx.now),
    circle,
    author: membership!,
    text: input.text,
    images: input.images,
    files,
    held,
    now: ctx.now,
  })
  await posts.add(post)
  if (post.status === 'published') {
    await notifyPostMentions(post, ctx.now)
    await awardPoints([{ circleId: post.circleId, openid: post.authorId, reason: 'post', refId: post._id }], ctx.now)
  }
  return postView(post, false)
}

export async function list(input: In<'list'>, ctx: ActionContext): Out<'list'> {
  const { readRole: role } = await accessIn(input.circleId, ctx.openid, ctx.now)
  assertCan(role, 'circle.read')
  const page = await posts.feed({ ...input, viewer: ctx.openid, limit: LIMITS.pageSize })
  return feedPageView(page.rows, page.nextCursor, role)
}

export async function get(input: In<'get'>, ctx: ActionContext): Out<'get'> {
  const removed = await posts.get(input.postId)
  // Its author opening a post the team deleted sees why (「该内容已被删除：原因」).
  if (
    removed &&
    removed.status === 'deleted' &&
    ctx.caller === removed.authorId &&
    typeof removed.deletionReason === 'string'
  ) {
    return { ...postView(removed, false), removedReason: removed.deletionReason || '未说明原因' }
  }
  if (removed?.status === 'held') return heldPostView(removed, ctx)
  const post = await loadPost(input.postId)
  const { readRole: role } = await accessIn(post.circleId, ctx.caller, ctx.now)
  if (role) {
    const like = await likes.get(post._id, ctx.openid)
    return postView(post, !!like)
  }
  const circle = await circles.require(post.circleId)
  if (!canVisitorRead(circle, post)) throw new DomainError(ctx.caller ? 'not_member' : 'unauthenticated')
  return postView(post, false)
}

export async function remove(input: In<'remove'>, ctx: ActionContext): Out<'remove'> {
  const post = await posts.get(input.postId)
  // Its author may withdraw a post while it waits for review; the team decides held posts in the queue.
  if (!(post?.status === 'held' && post.authorId === ctx.openid)) assertVisible(post)
  const { role } = await roleIn(post.circleId, ctx.openid, ctx.now)
  assertCanRemove(role, ctx.openid, post.authorId, 'post.removeAny')
  // The team deleting someone else's post: the reason is kept and the author told (moderation).
  const byTeam = ctx.openid !== post.authorId
  const reason = byTeam ? (input.reason ?? '') : null
  const done = await deletePost(post, ctx.openid, reason, ctx.now)
  if (done && byTeam) await notify([contentRemovedNotice({ kind: 'post', record: post }, reason ?? '')], ctx.now)
  return { removed: true }
}

export async function pin(input: In<'pin'>, ctx: ActionContext): Out<'pin'> {
  const { post, role, circle } = await postForWrite(input.postId, ctx)
  assertCan(role, 'post.pin')
  assertOpen(circle)
  const pinRank = input.pinned ? post.pinRank || ctx.now.getTime() : 0
  await transaction(async (tx) => {
    // Read the circle inside the transaction: two admins pinning at once cannot make four pins.
    const fresh = await circles.require(post.circleId, tx)
    await circles.update(
      fresh._id,
      { pinnedPostIds: nextPinnedIds(fresh.pinnedPostIds, post._id, input.pinned), updatedAt: ctx.now },
      tx,
    )
    await posts.update(post._id, { pinRank, updatedAt: ctx.now }, tx)
  })
  const like = await likes.get(post._id, ctx.openid)
  return postView({ ...post, pinRank }, !!like)
}

export async function feature(input: In<'feature'>, ctx: ActionContext): Out<'feature'> {
  const { post, role, circle } = await postForWrite(input.postId, ctx)
  assertCan(role, 'post.feature')
  assertOpen(circle)
  const patch: Partial<PostRecord> = {
    featured: input.featured,
    featuredAt: input.featured ? ctx.now : null,
    updatedAt: ctx.now,
  }
  if (!input.featured && post.inPreview) {
    // Only 精华 may be previewed: un-featuring also takes the post out of the preview.
    patch.inPreview = false
    await transaction(async (tx) => {
      const fresh = await circles.get(post.circleId, tx)
      if (fresh)
        await circles.update(
          fresh._id,
          { previewPostIds: nextPreviewIds(fresh.previewPostIds, post, false), updatedAt: ctx.now },
          tx,
        )
      await posts.update(post._id, patch, tx)
    })
  } else {
    await posts.update(post._id, patch)
  }
  // 精华 earns its author points once (un-featuring keeps them; featuring again adds none)
  if (input.featured)
    await awardPoints(
      [{ circleId: post.circleId, openid: post.authorId, reason: 'featured', refId: post._id }],
      ctx.now,
    )
  const like = await likes.get(post._id, ctx.openid)
  return postView({ ...post, ...patch }, !!like)
}

export async function setPreview(input: In<'setPreview'>, ctx: ActionContext): Out<'setPreview'> {
  const { post, role, circle } = await postForWrite(input.postId, ctx)
  assertCan(role, 'post.setPreview')
  assertOpen(circle)
  const previewPostIds = await transaction(async (tx) => {
    const fresh = await circles.require(post.circleId, tx)
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
  // The like's id is the post and the person, so the insert (or the removal) itself says whether
  // the state changed: only then does the count move, by _.inc. Liking twice changes nothing, and
  // concurrent likes count exactly; 3 database calls, no transaction (docs/performance.md).
  const id = likeId(post._id, ctx.openid)
  const changed = input.liked
    ? await likes.add({ _id: id, postId: post._id, circleId: post.circleId, openid: ctx.openid, createdAt: ctx.now })
    : await likes.delete(id)
  if (!changed) return { liked: input.liked, likeCount: post.likeCount }
  const delta = input.liked ? 1 : -1
  await posts.update(post._id, { likeCount: cmd().inc(delta) })
  return { liked: input.liked, likeCount: Math.max(0, post.likeCount + delta) }
}

export async function comment(input: In<'comment'>, ctx: ActionContext): Out<'comment'> {
  const { post, role, membership, circle } = await postForWrite(input.postId, ctx)
  assertCan(role, 'post.comment')
  assertOpen(circle)
  assertMayPublish({ access: { role }, membership, circle, now: ctx.now })
  const thread = input.parentId ? replyThread(await commentRepo.get(input.parentId), post._id) : null
  const gate = publishStatus(
    await checkContent({ openid: ctx.openid, scene: 'comment', texts: [input.text], images: [] }),
    ctx.now,
  )
  const record: CommentRecord = {
    _id: newId(ctx.now),
    postId: post._id,
    circleId: post.circleId,
    authorId: ctx.openid,
    author: { ...membership!.user, role, title: membership!.title ?? null },
    text: input.text,
    parentId: thread?.parentId ?? null,
    replyTo: thread?.replyTo ?? null,
    ...gate,
    createdAt: ctx.now,
    deletedAt: null,
    deletedBy: null,
  }
  // A new id each call: the insert cannot be a duplicate, so the count follows it by _.inc without a
  // transaction (a held comment is counted when the team approves it; docs/performance.md).
  await commentRepo.add(record)
  if (record.status === 'published') {
    await posts.update(post._id, { commentCount: cmd().inc(1) })
    await notifyComment(post, record, ctx.now)
  }
  return commentView(record)
}

export async function comments(input: In<'comments'>, ctx: ActionContext): Out<'comments'> {
  const post = await loadPost(input.postId)
  const { readRole: role } = await accessIn(post.circleId, ctx.openid, ctx.now)
  assertCan(role, 'circle.read')
  const page = await commentRepo.ofPost({ postId: post._id, cursor: input.cursor, limit: LIMITS.pageSize * 2 })
  return { items: page.rows.map(commentView), nextCursor: page.nextCursor }
}

export async function removeComment(input: In<'removeComment'>, ctx: ActionContext): Out<'removeComment'> {
  const found = await commentRepo.get(input.commentId)
  if (!found || found.status !== 'published') throw new DomainError('not_found', undefined, 'commentId')
  const { role } = await roleIn(found.circleId, ctx.openid, ctx.now)
  assertCanRemove(role, ctx.openid, found.authorId, 'comment.removeAny')
  const byTeam = ctx.openid !== found.authorId
  const reason = byTeam ? (input.reason ?? '') : null
  const done = await deleteComment(found, ctx.openid, reason, ctx.now)
  if (done && byTeam) await notify([contentRemovedNotice({ kind: 'comment', record: found }, reason ?? '')], ctx.now)
  return { removed: true }
}

// ---- content: held content (review queue) and attachments; the bodies are in ./content.ts ----
const heldPostView = content.heldPostView
export const held = content.held
export const review = content.review
export const openFile = content.openFile
// (end content)

// ---- posts: search, the 文件 tab, scheduled posts and the calendar (./search.ts, ./schedule.ts) ----
export { search, files } from './search'
export { schedule, scheduled, unschedule, calendar } from './schedule'
// (end posts)
