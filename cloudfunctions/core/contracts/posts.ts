/**
 * The post function's search, 文件 tab and scheduled-post actions (issue 12 items 3–5;
 * docs/search.md). Spread into `inputs.post` and `Outputs['post']` in core/contract.ts.
 */
import { z } from 'zod'
import type { FileKind } from '../content'
import type { Page, PostAuthor, PostView } from '../contract'
import { LIMITS } from '../limits'
import { SEARCH_LIMITS } from '../search'
import { chars, cursor, fileId, id, instant, tag } from './base'

/** A search keyword: trimmed, ≤ 30 characters (it needs two adjacent letters or characters: search_keyword_too_short). */
export const keyword = chars(1, SEARCH_LIMITS.keywordChars)

export const postSearchInputs = {
  /** A circle's posts by keyword, tag and/or author, newest first; at least one of them. */
  search: z.strictObject({ circleId: id, q: keyword.optional(), tag: tag.optional(), authorId: id.optional(), cursor }),
  /** The 文件 tab: the circle's attachments, newest post first. */
  files: z.strictObject({ circleId: id, cursor }),
}

export const scheduleInputs = {
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
