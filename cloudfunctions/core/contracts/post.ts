/**
 * The `post` function's contract: posts, comments, likes, the review queue and attachments; search,
 * the 文件 tab, scheduled posts and the calendar (issue 12 items 3–5; docs/search.md).
 */
import { z } from 'zod'
import type { FileKind, PreviewType } from '../content'
import { CONTENT_LIMITS, LIMITS, SEARCH_LIMITS } from '../limits'
import { FEED_TABS } from '../vocabulary'
import type { Page, Role, UserView } from '../vocabulary'
import { chars, cursor, fileId, id, instant, tag } from './base'

/** One attachment as the app sends it after uploading (post.create). */
const postFileInput = z.strictObject({
  fileId,
  name: chars(1, CONTENT_LIMITS.fileNameChars),
  sizeBytes: z.number().int().min(0).max(CONTENT_LIMITS.fileBytes),
  noDownload: z.boolean().default(false),
})

/** A search keyword: trimmed, ≤ 30 characters (it needs two adjacent letters or characters: search_keyword_too_short). */
export const keyword = chars(1, SEARCH_LIMITS.keywordChars)

const postSearchInputs = {
  /** A circle's posts by keyword, tag and/or author, newest first; at least one of them. */
  search: z.strictObject({ circleId: id, q: keyword.optional(), tag: tag.optional(), authorId: id.optional(), cursor }),
  /** The 文件 tab: the circle's attachments, newest post first. */
  files: z.strictObject({ circleId: id, cursor }),
}

const scheduleInputs = {
  /**
   * Saves a draft (publishAt null) or a post to publish at a minute up to 14 days ahead; with
   * scheduledId, edits one of the caller's own drafts or scheduled posts not yet published.
   */
  schedule: z
    .strictObject({
      circleId: id,
      scheduledId: id.optional(),
      text: chars(0, LIMITS.postChars),
      images: z.array(fileId).max(LIMITS.postImages).default([]),
      publishAt: instant.nullable(),
    })
    .refine((p) => p.text.length > 0 || p.images.length > 0, {
      message: 'a post needs text or an image',
      path: ['text'],
    }),
  /** The caller's drafts (kind drafts) or the team's scheduled posts (kind scheduled, soonest first). */
  scheduled: z.strictObject({ circleId: id, kind: z.enum(['drafts', 'scheduled']).default('scheduled'), cursor }),
  /** Deletes one of the caller's drafts or scheduled posts not yet published. */
  unschedule: z.strictObject({ scheduledId: id }),
  /** The content calendar of a month (yyyymm, Asia/Shanghai; default this month): scheduled and published posts per day. */
  calendar: z.strictObject({
    circleId: id,
    month: z
      .string()
      .regex(/^\d{6}$/)
      .optional(),
  }),
}

/** A search hit: the post and where the keyword is in its text ([start, end) UTF-16 offsets). */
export interface SearchHit extends PostView {
  highlights: [number, number][]
}

/** One attachment in the 文件 tab. Never a file id: post.openFile answers a short-lived URL, preview-only for 禁止下载. */
export interface CircleFileItem {
  postId: string
  index: number
  name: string
  sizeBytes: number
  kind: FileKind
  noDownload: boolean
  createdAt: string
  author: PostAuthor
}

/**
 * draft: only its author sees it; scheduled: the team sees it, the timer publishes it at publishAt;
 * published / held: the timer wrote the post (held: content security asked for review);
 * refused: content security refused it; failed: its author could no longer publish (see failReason).
 */
export type ScheduledStatus = 'draft' | 'scheduled' | 'published' | 'held' | 'refused' | 'failed'

export interface ScheduledView {
  id: string
  circleId: string
  author: PostAuthor
  text: string
  images: string[]
  tags: string[]
  status: ScheduledStatus
  publishAt: string | null
  /** The post it became (published / held). */
  postId: string | null
  failReason: string | null
  updatedAt: string
}

export interface CalendarDay {
  /** YYYY-MM-DD in Asia/Shanghai. */
  day: string
  /** Scheduled posts of the day (still to publish, or already published / held / refused / failed by the timer). */
  scheduled: ScheduledView[]
  /** Posts published in the circle that day (every post, scheduled or not). */
  publishedCount: number
}

export interface CalendarView {
  month: string
  days: CalendarDay[]
}

export interface PostSearchOutputs {
  search: Page<SearchHit>
  files: Page<CircleFileItem>
  schedule: ScheduledView
  scheduled: Page<ScheduledView>
  unschedule: { removed: true }
  calendar: CalendarView
}

export const postInputs = {
  create: z
    .strictObject({
      circleId: id,
      text: chars(0, LIMITS.postChars),
      images: z.array(fileId).max(LIMITS.postImages).default([]),
      /** Attachments (≤ 5); noDownload: members may preview, not save (docs/content-security.md). */
      files: z.array(postFileInput).max(CONTENT_LIMITS.postFiles).default([]),
    })
    .refine((p) => p.text.length > 0 || p.images.length > 0 || p.files.length > 0, {
      message: 'a post needs text or an image',
      path: ['text'],
    }),
  list: z
    .strictObject({ circleId: id, tab: z.enum(FEED_TABS).default('latest'), tag: tag.optional(), cursor })
    .refine((p) => p.tab !== 'tag' || !!p.tag, { message: 'tag tab needs a tag', path: ['tag'] }),
  get: z.strictObject({ postId: id }),
  /** `reason`: when the team deletes someone else's post, shown to its author. */
  remove: z.strictObject({ postId: id, reason: chars(0, 100).optional() }),
  pin: z.strictObject({ postId: id, pinned: z.boolean() }),
  feature: z.strictObject({ postId: id, featured: z.boolean() }),
  setPreview: z.strictObject({ postId: id, inPreview: z.boolean() }),
  like: z.strictObject({ postId: id, liked: z.boolean() }),
  comment: z.strictObject({ postId: id, text: chars(1, LIMITS.commentChars), parentId: id.optional() }),
  comments: z.strictObject({ postId: id, cursor }),
  removeComment: z.strictObject({ commentId: id, reason: chars(0, 100).optional() }),
  /** The team's review queue: held posts or held comments of a circle, oldest first. */
  held: z.strictObject({ circleId: id, kind: z.enum(['post', 'comment']).default('post'), cursor }),
  /** Approve (publish) or reject (delete, author told the reason) a held post, or a held comment of it. */
  review: z.strictObject({
    postId: id,
    commentId: id.optional(),
    approve: z.boolean(),
    reason: chars(0, CONTENT_LIMITS.reviewReasonChars).optional(),
  }),
  /** A short-lived URL to open one attachment (index in the post's files). */
  openFile: z.strictObject({
    postId: id,
    index: z
      .number()
      .int()
      .min(0)
      .max(CONTENT_LIMITS.postFiles - 1),
  }),
  // ---- search, the 文件 tab, scheduled posts and the calendar (issue 12; docs/search.md) ----
  ...postSearchInputs,
  ...scheduleInputs,
}

export interface PostAuthor extends UserView {
  role: Role
  /** The honor title (荣誉称号) shown beside the name, as the author carried it when writing. */
  title?: string | null
}

/** An attachment as members see it: never its file id (openFile gives a short-lived URL). */
export interface PostFileView {
  index: number
  name: string
  sizeBytes: number
  kind: FileKind
  noDownload: boolean
}

export interface PostView {
  id: string
  circleId: string
  author: PostAuthor
  text: string
  images: string[]
  files: PostFileView[]
  /** held: waiting for the team's review (only its author and the team see it). */
  status: 'published' | 'held'
  tags: string[]
  createdAt: string
  likeCount: number
  commentCount: number
  liked: boolean
  pinned: boolean
  featured: boolean
  inPreview: boolean
  /** Only to its author, on a post the team deleted: why (「该内容已被删除：原因」). */
  removedReason?: string
}

export interface FeedPage extends Page<PostView> {
  viewerRole: Role
}

export interface CommentView {
  id: string
  postId: string
  author: PostAuthor
  text: string
  /** The top-level comment this replies to; null for a top-level comment. */
  parentId: string | null
  replyTo: UserView | null
  createdAt: string
  /** Present when content security held it: only its author sees it (「审核中」) until the team decides. */
  held?: true
}

/** One item of the review queue (post.held). */
export interface HeldItem {
  kind: 'post' | 'comment'
  id: string
  postId: string
  circleId: string
  author: PostAuthor
  text: string
  images: string[]
  files: PostFileView[]
  createdAt: string
  heldAt: string
}

export interface ReviewResult {
  kind: 'post' | 'comment'
  id: string
  status: 'published' | 'deleted'
}

export interface OpenFileResult {
  /** Short-lived (expiresInSec); for a no-download file only to preview, never offered to save. */
  url: string
  name: string
  kind: FileKind
  /** openDocument's fileType, or null when the mini-program cannot preview the file. */
  previewType: PreviewType | null
  noDownload: boolean
  /** The author, or a file without 禁止下载. */
  mayDownload: boolean
  sizeBytes: number
  expiresInSec: number
}

export interface LikeResult {
  liked: boolean
  likeCount: number
}

export interface PreviewResult {
  previewPostIds: string[]
}

export type PostOutputs = {
  create: PostView
  list: FeedPage
  get: PostView
  remove: { removed: true }
  pin: PostView
  feature: PostView
  setPreview: PreviewResult
  like: LikeResult
  comment: CommentView
  comments: Page<CommentView>
  removeComment: { removed: true }
  held: Page<HeldItem>
  review: ReviewResult
  openFile: OpenFileResult
} & PostSearchOutputs
