/** Records → what the API answers. Pure; dates leave as ISO strings. */
import type { CircleProfile } from './circle'
import type { CircleCard, CircleDetail, MemberView, MembershipView } from './contracts/circle'
import type { CommentView, PostFileView } from './contracts/post'
import type { FeedPage, PostView } from './contracts/post'
import type { Role, UserView } from './vocabulary'
import type { CircleRecord, CommentRecord, MembershipRecord, PostFileRecord, PostRecord, UserRecord } from './records'
import { fileKind } from './content'
import { entryPriceTag } from './money/pricing'

const iso = (d: Date | string) => new Date(d).toISOString()

export function userView(u: UserRecord): UserView {
  return { openid: u._id, nickname: u.nickname, avatarUrl: u.avatarUrl }
}

export function circleCard(c: CircleRecord): CircleCard {
  return {
    id: c._id,
    name: c.name,
    intro: [...c.intro].slice(0, 80).join(''),
    avatarUrl: c.avatarUrl,
    coverUrl: c.coverUrl,
    type: c.type,
    entryMode: c.entryMode,
    status: c.status,
    memberCount: c.memberCount,
    owner: { openid: c.ownerId, ...c.owner },
    tags: c.tags,
    entryPrice: entryPriceOf(c),
  }
}

/** Free circles show no price even if an old price is still stored. */
const entryPriceOf = (c: CircleRecord) => (c.entryMode === 'free' ? null : entryPriceTag(c.pricing?.entry))

export function circleDetail(c: CircleRecord): CircleDetail {
  return {
    id: c._id,
    name: c.name,
    intro: c.intro,
    coverUrl: c.coverUrl,
    avatarUrl: c.avatarUrl,
    type: c.type,
    audience: c.audience,
    coreValue: c.coreValue,
    rules: c.rules,
    welcome: c.welcome,
    announcement: c.announcement,
    tags: c.tags,
    allowPreview: c.allowPreview,
    entryMode: c.entryMode,
    status: c.status,
    memberCount: c.memberCount,
    owner: { openid: c.ownerId, ...c.owner },
    previewPostIds: c.previewPostIds,
    entryPrice: entryPriceOf(c),
    createdAt: iso(c.createdAt),
    closedAt: c.closedAt ? iso(c.closedAt) : null,
  }
}

/** The editable profile of a circle (what circle.update takes), from what the API answers. */
export function profileOfDetail(c: CircleDetail): CircleProfile {
  const {
    name,
    intro,
    coverUrl,
    avatarUrl,
    type,
    audience,
    coreValue,
    rules,
    welcome,
    announcement,
    tags,
    allowPreview,
  } = c
  return {
    name,
    intro,
    coverUrl,
    avatarUrl,
    type,
    audience,
    coreValue,
    rules,
    welcome,
    announcement,
    tags,
    allowPreview,
  }
}

/** `access` from core/access.ts (absent: a membership just granted, so active). */
export function membershipView(
  m: MembershipRecord,
  access?: { state: string; graceEndsAt: Date | null },
): MembershipView {
  const state = access?.state === 'grace' || access?.state === 'expired' ? access.state : 'active'
  return {
    circleId: m.circleId,
    role: m.role,
    joinedAt: iso(m.joinedAt),
    expiresAt: m.expiresAt ? iso(m.expiresAt) : null,
    state,
    graceEndsAt: access?.graceEndsAt ? iso(access.graceEndsAt) : null,
  }
}

export function memberView(m: MembershipRecord): MemberView {
  return {
    openid: m.openid,
    nickname: m.user.nickname,
    avatarUrl: m.user.avatarUrl,
    role: m.role,
    joinedAt: iso(m.joinedAt),
  }
}

/** Attachments without their file ids (post.openFile hands out short-lived URLs). */
export function fileViews(files: PostFileRecord[] | undefined): PostFileView[] {
  return (files ?? []).map((f, index) => ({
    index,
    name: f.name,
    sizeBytes: f.sizeBytes,
    kind: fileKind(f.name),
    noDownload: f.noDownload,
  }))
}

export function postView(p: PostRecord, liked: boolean): PostView {
  return {
    id: p._id,
    circleId: p.circleId,
    author: { openid: p.authorId, ...p.author },
    text: p.text,
    images: p.images,
    files: fileViews(p.files),
    status: p.status === 'held' ? 'held' : 'published',
    tags: p.tags,
    createdAt: iso(p.createdAt),
    likeCount: p.likeCount,
    commentCount: p.commentCount,
    liked,
    pinned: p.pinRank > 0,
    featured: p.featured,
    inPreview: p.inPreview,
  }
}

/** A page of the feed, each post with whether the viewer liked it. */
export function feedPageView(
  rows: (PostRecord & { liked: boolean })[],
  nextCursor: string | null,
  viewerRole: Role,
): FeedPage {
  return { items: rows.map((p) => postView(p, p.liked)), nextCursor, viewerRole }
}

export function commentView(c: CommentRecord): CommentView {
  return {
    id: c._id,
    postId: c.postId,
    author: { openid: c.authorId, ...c.author },
    text: c.text,
    parentId: c.parentId,
    replyTo: c.replyTo,
    createdAt: iso(c.createdAt),
    ...(c.status === 'held' ? { held: true as const } : {}),
  }
}
