/** Post and comment rules (docs/features.md §4–§5): tags, pin (≤ 3), 精华, preview (≤ 5), deletion. */
import type { Role } from './vocabulary'
import { DomainError } from './errors'
import { LIMITS } from './limits'
import { can } from './permissions'
import { searchTerms } from './search'
import type {
  CircleRecord,
  CommentRecord,
  ContentReview,
  MembershipRecord,
  PostFileRecord,
  PostRecord,
} from './records'

/**
 * #tags in a post: `#读书` ended by a space, punctuation or the end, or Weibo-style `#读书#`.
 * Unique, in order of appearance, at most LIMITS.postTags.
 */
export function extractTags(text: string): string[] {
  const found: string[] = []
  const re = /#([^\s#，。！？、；：,.!?;:()（）【】[\]"'“”‘’]{1,30})/g
  for (const m of text.matchAll(re)) {
    const tag = m[1]
    if ([...tag].length > LIMITS.tagChars) continue
    if (!found.includes(tag)) found.push(tag)
    if (found.length === LIMITS.postTags) break
  }
  return found
}

export function newPost(args: {
  id: string
  circle: CircleRecord
  author: MembershipRecord
  text: string
  images: string[]
  /** Attachments (core/content.ts normaliseFiles). */
  files?: PostFileRecord[]
  /** Content security answered `review`: the post waits for the team (core/content.ts publishStatus). */
  held?: ContentReview
  now: Date
}): PostRecord {
  const { id, circle, author, text, images, now } = args
  return {
    _id: id,
    circleId: circle._id,
    authorId: author.openid,
    author: { ...author.user, role: author.role, title: author.title ?? null },
    fromOwner: author.openid === circle.ownerId,
    text,
    images,
    files: args.files ?? [],
    tags: extractTags(text),
    status: args.held ? 'held' : 'published',
    ...(args.held ? { review: args.held } : {}),
    pinRank: 0,
    featured: false,
    featuredAt: null,
    inPreview: false,
    likeCount: 0,
    commentCount: 0,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
    deletedBy: null,
    // search and the 文件 tab read these through their indexes (docs/search.md)
    terms: searchTerms(text),
    hasFiles: (args.files ?? []).length > 0,
  }
}

export function assertVisible(post: PostRecord | null): asserts post is PostRecord {
  if (!post || post.status !== 'published') throw new DomainError('not_found', undefined, 'postId')
}

/** A visitor may read a post only when the owner put it in the circle's preview. */
export function canVisitorRead(circle: CircleRecord, post: PostRecord): boolean {
  return circle.allowPreview && circle.previewPostIds.includes(post._id)
}

/** The author deletes their own; owner and admins delete anyone's. */
export function assertCanRemove(
  role: Role | null,
  callerId: string,
  authorId: string,
  anyPermission: 'post.removeAny' | 'comment.removeAny',
): void {
  if (role === null) throw new DomainError('not_member')
  if (callerId === authorId || can(role, anyPermission)) return
  throw new DomainError('forbidden')
}

/** New pinned list (newest first) after pinning or unpinning; refuses a fourth pin. */
export function nextPinnedIds(current: string[], postId: string, pinned: boolean): string[] {
  const without = current.filter((id) => id !== postId)
  if (!pinned) return without
  if (current.includes(postId)) return current
  if (without.length >= LIMITS.pinnedPosts) throw new DomainError('pin_limit_reached')
  return [postId, ...without]
}

/** New preview list after adding or removing a post; only 精华 posts, at most LIMITS.previewPosts. */
export function nextPreviewIds(current: string[], post: PostRecord, inPreview: boolean): string[] {
  const without = current.filter((id) => id !== post._id)
  if (!inPreview) return without
  if (!post.featured) throw new DomainError('not_featured')
  if (current.includes(post._id)) return current
  if (without.length >= LIMITS.previewPosts) throw new DomainError('preview_limit_reached')
  return [...without, post._id]
}

/**
 * Replies are one level deep, as WeChat users expect: replying to a reply stays in the top-level
 * comment's thread and names the person replied to ("回复 @x").
 */
export function replyThread(
  target: CommentRecord | null,
  postId: string,
): { parentId: string; replyTo: NonNullable<CommentRecord['replyTo']> } {
  if (!target || target.status !== 'published' || target.postId !== postId) {
    throw new DomainError('not_found', undefined, 'parentId')
  }
  return {
    parentId: target.parentId ?? target._id,
    replyTo: { openid: target.authorId, nickname: target.author.nickname, avatarUrl: target.author.avatarUrl },
  }
}
