/**
 * Content security and protection rules (issue 4 items 8–9, docs/content-security.md): what a
 * verdict does, who sees held content, how the team's decision changes it, and the rules of
 * file attachments (「禁止下载」).
 */
import type { Role } from './vocabulary'
import { DomainError } from './errors'
import type { NewNotification } from './notifications'
import { can } from './permissions'
import type { ContentReview, PostFileRecord } from './records'
import { CONTENT_LIMITS } from './limits'

/** The answer of the content-security port (runtime/contentSecurity.ts). */
export type Verdict = 'pass' | 'review' | 'risky'

/** risky → refused (nothing written); review → held for the team; pass → shown. */
export function publishStatus(
  verdict: Verdict,
  now: Date,
): { status: 'published' } | { status: 'held'; review: ContentReview } {
  if (verdict === 'risky') throw new DomainError('content_risky')
  if (verdict === 'review')
    return { status: 'held', review: { heldAt: now, decidedAt: null, decidedBy: null, reason: null } }
  return { status: 'published' }
}

/** For text that is never held (nicknames, circle names): review and risky both refuse. */
export function assertPasses(verdict: Verdict): void {
  if (verdict !== 'pass') throw new DomainError('content_risky')
}

/** Held content is seen by its author (「审核中」) and by the team that reviews it. */
export function canSeeHeld(role: Role | null, viewerId: string | null, authorId: string): boolean {
  return viewerId === authorId || (role !== null && can(role, 'post.removeAny'))
}

/** The team's decision on held content: approve publishes it, reject deletes it with a reason. */
export function reviewPatch(args: {
  review: ContentReview | undefined
  status: string
  approve: boolean
  reason: string | undefined
  by: string
  now: Date
}): { status: 'published' | 'deleted'; review: ContentReview; deletedAt: Date | null; deletedBy: string | null } {
  if (args.status !== 'held') throw new DomainError('not_held')
  const reason = args.approve ? null : args.reason?.trim() || '内容不符合圈子规范'
  const review: ContentReview = {
    heldAt: args.review?.heldAt ?? args.now,
    decidedAt: args.now,
    decidedBy: args.by,
    reason,
  }
  return args.approve
    ? { status: 'published', review, deletedAt: null, deletedBy: null }
    : { status: 'deleted', review, deletedAt: args.now, deletedBy: args.by }
}

/** What the author is told about the decision (in-app notification, sent after commit). */
export function reviewNotification(args: {
  kind: 'post' | 'comment'
  id: string
  postId: string
  circleId: string
  authorId: string
  approve: boolean
  reason: string | null
  excerpt: string
}): NewNotification {
  const what = args.kind === 'post' ? '帖子' : '评论'
  const excerpt = [...args.excerpt].slice(0, 20).join('')
  return {
    id: `review:${args.kind}:${args.id}`,
    openid: args.authorId,
    circleId: args.circleId,
    kind: args.approve ? 'system' : 'content_removed',
    title: args.approve ? `你的${what}已通过审核` : `你的${what}未通过审核`,
    body: args.approve ? `「${excerpt}」已发布` : `「${excerpt}」未通过审核：${args.reason ?? ''}`,
    link: args.approve ? `/packageCircle/pages/post/index?id=${args.postId}` : null,
  }
}

// ---------- images (asynchronous check) ----------

/** Scenes whose content can wait for the team (review → held); the rest refuse on review. */
export const HOLDING_SCENES: ReadonlySet<string> = new Set([
  'post',
  'comment',
  'question',
  'answer',
  'checkin',
  'event',
])

/**
 * Whether images are submitted to the asynchronous check: only when the content will be written
 * (pass, or review in a scene that holds), so a refused action writes nothing.
 */
export function submitsImages(verdict: Verdict, scene: string): boolean {
  return verdict === 'pass' || (verdict === 'review' && HOLDING_SCENES.has(scene))
}

/**
 * What a later image verdict (the wxa_media_check push) does to a post showing the image:
 * risky removes it, review holds a published post for the team, pass changes nothing.
 */
export function imageVerdictAction(suggest: string, postStatus: string): 'remove' | 'hold' | 'none' {
  if (postStatus === 'deleted') return 'none'
  if (suggest === 'risky') return 'remove'
  if (suggest === 'review' && postStatus === 'published') return 'hold'
  return 'none'
}

export const IMAGE_RISKY_REASON = '图片未通过内容安全检测'

/** The author is told their post was taken down for an image. */
export function imageRemovedNotification(post: {
  _id: string
  circleId: string
  authorId: string
  text: string
}): NewNotification {
  const excerpt = [...post.text].slice(0, 20).join('')
  return {
    id: `image_removed:${post._id}`,
    openid: post.authorId,
    circleId: post.circleId,
    kind: 'content_removed',
    title: '你的帖子已被删除',
    body: `你发布的帖子${excerpt ? `「${excerpt}」` : ''}中的图片未通过内容安全检测，帖子已删除`,
    link: null,
  }
}

// ---------- files ----------

export type FileKind = 'pdf' | 'doc' | 'xls' | 'ppt' | 'txt' | 'image' | 'zip' | 'other'

/** Extensions Taro.openDocument can preview (weapp): doc, docx, xls, xlsx, ppt, pptx, pdf. */
const PREVIEWABLE = ['doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'pdf'] as const
export type PreviewType = (typeof PREVIEWABLE)[number]

export function extensionOf(name: string): string {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(name)
  return m ? m[1].toLowerCase() : ''
}

export function fileKind(name: string): FileKind {
  const ext = extensionOf(name)
  if (ext === 'pdf') return 'pdf'
  if (ext === 'doc' || ext === 'docx') return 'doc'
  if (ext === 'xls' || ext === 'xlsx' || ext === 'csv') return 'xls'
  if (ext === 'ppt' || ext === 'pptx') return 'ppt'
  if (ext === 'txt' || ext === 'md') return 'txt'
  if (['png', 'jpg', 'jpeg', 'gif', 'webp'].includes(ext)) return 'image'
  if (['zip', 'rar', '7z'].includes(ext)) return 'zip'
  return 'other'
}

/** The fileType for openDocument, or null when the mini-program cannot preview it. */
export function previewType(name: string): PreviewType | null {
  const ext = extensionOf(name)
  return (PREVIEWABLE as readonly string[]).includes(ext) ? (ext as PreviewType) : null
}

/** Checks a post's files: at most CONTENT_LIMITS.postFiles, no file twice. */
export function normaliseFiles(files: PostFileRecord[]): PostFileRecord[] {
  if (files.length > CONTENT_LIMITS.postFiles) throw new DomainError('invalid_argument', undefined, 'files')
  const seen = new Set<string>()
  for (const f of files) {
    if (seen.has(f.fileId)) throw new DomainError('invalid_argument', undefined, 'files')
    seen.add(f.fileId)
    // a no-download file must be previewable in the mini-program, or nobody but its author could open it
    if (f.noDownload && !previewType(f.name.trim())) throw new DomainError('file_not_previewable', undefined, 'files')
  }
  return files.map((f) => ({ fileId: f.fileId, name: f.name.trim(), sizeBytes: f.sizeBytes, noDownload: f.noDownload }))
}

/**
 * Whether the viewer may save a file: the author always; others only when it is not 「禁止下载」.
 * A no-download file is still opened for preview (a short-lived URL the app opens without a save
 * menu) — see docs/content-security.md for what that does and does not stop.
 */
export function canDownload(file: PostFileRecord, viewerId: string | null, authorId: string): boolean {
  return viewerId === authorId || !file.noDownload
}
