/** Records → what the API answers. Pure; dates leave as ISO strings. */
import type {
  CircleCard,
  CircleDetail,
  CircleProfile,
  CommentView,
  FeedPage,
  MemberView,
  MembershipView,
  PostView,
  Role,
  UserView,
} from './contract'
import type { CircleRecord, CommentRecord, MembershipRecord, PostRecord, UserRecord } from './records'

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
  }
}

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
    createdAt: iso(c.createdAt),
    closedAt: c.closedAt ? iso(c.closedAt) : null,
  }
}

/** The editable profile of a circle (what circle.update takes), from what the API answers. */
export function profileOfDetail(c: CircleDetail): CircleProfile {
  const { name, intro, coverUrl, avatarUrl, type, audience, coreValue, rules, welcome, announcement, tags, allowPreview } = c
  return { name, intro, coverUrl, avatarUrl, type, audience, coreValue, rules, welcome, announcement, tags, allowPreview }
}

export function membershipView(m: MembershipRecord): MembershipView {
  return { circleId: m.circleId, role: m.role, joinedAt: iso(m.joinedAt), expiresAt: m.expiresAt ? iso(m.expiresAt) : null }
}

export function memberView(m: MembershipRecord): MemberView {
  return { openid: m.openid, nickname: m.user.nickname, avatarUrl: m.user.avatarUrl, role: m.role, joinedAt: iso(m.joinedAt) }
}

export function postView(p: PostRecord, liked: boolean): PostView {
  return {
    id: p._id,
    circleId: p.circleId,
    author: { openid: p.authorId, ...p.author },
    text: p.text,
    images: p.images,
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
export function feedPageView(rows: (PostRecord & { liked: boolean })[], nextCursor: string | null, viewerRole: Role): FeedPage {
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
  }
}
