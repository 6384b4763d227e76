/** What the database holds (one interface per collection). Instants are Dates (UTC). */
import type { CircleStatus, CircleType, EntryMode, Role } from './vocabulary'
import type { EntryPricing, PassPricing, SplitRules } from './money'
import type { CircleSettings } from './settings'
import type { MemberActivity, Segment } from './stats'

export interface UserSnapshot {
  nickname: string
  avatarUrl: string
}

export interface UserRecord extends UserSnapshot {
  _id: string // openid
  createdAt: Date
  updatedAt: Date
}

export interface CircleRecord {
  _id: string
  name: string
  intro: string
  coverUrl: string
  avatarUrl: string
  type: CircleType
  audience: string
  coreValue: string
  rules: string
  welcome: string
  announcement: string
  tags: string[]
  allowPreview: boolean
  entryMode: EntryMode
  status: CircleStatus
  ownerId: string
  owner: UserSnapshot
  memberCount: number
  /** Guests (嘉宾) now, ≤ 50: moved with _.inc in the transaction that changes a role (absent: 0). */
  guestCount?: number
  /** At most 3, newest pin first; kept here so the limit holds under concurrent pins. */
  pinnedPostIds: string[]
  /** At most 5 精华 posts a visitor may read before joining. */
  previewPostIds: string[]
  /** What a paid circle sells (absent: nothing on sale yet). */
  pricing?: { entry: EntryPricing | null; pass: PassPricing | null }
  /** How its income is split (absent: the defaults). */
  splitRules?: SplitRules
  /** Owner-configurable rules of the circle's life (absent parts: the defaults in core/settings.ts). */
  settings?: CircleSettings
  /** Search terms of the name and tags (docs/search.md; 发现 search); absent until written or back-filled. */
  terms?: string[]
  createdAt: Date
  updatedAt: Date
  closedAt: Date | null
}

/**
 * `active`: has (or had, until expiresAt) access; `expired` is written by the expiry timer only
 * for tidiness (access never waits for it); `left` by the member; `removed` by the team
 * (blacklisting is a separate record, so it survives a removal).
 */
export type MembershipStatus = 'active' | 'expired' | 'left' | 'removed'

/** How someone came in: shown per member (渠道) and used for referral commission. */
export interface MembershipSource {
  kind: 'owner' | 'free' | 'approval' | 'paid' | 'trial' | 'comp' | 'pass' | 'gift' | 'guest'
  /** The inviter whose link or poster brought them (never themselves). */
  inviterId: string | null
  /** The invite's channel tag (渠道), e.g. 公众号. */
  channel: string | null
}

/** A mute on one member: until a time, or for good (until null). */
export interface MuteRecord {
  until: Date | null
  by: string
  at: Date
}

export interface MembershipRecord {
  _id: string // `${circleId}:${openid}`
  circleId: string
  openid: string
  role: Role
  status: MembershipStatus
  user: UserSnapshot
  joinedAt: Date
  /** null: no end (free circles, the owner). Access is computed from this at request time. */
  expiresAt: Date | null
  updatedAt: Date
  /** Absent on memberships made before issue 4: read as { kind: 'free', inviterId: null, channel: null }. */
  source?: MembershipSource
  mute?: MuteRecord | null
  /** The honor title shown beside the member's name (granted, or reached by points); absent: none. */
  title?: string | null
  /** Reminder keys already sent for the current term (`${expiresAt ms}:${daysBefore}`), so each goes once. */
  remindersSent?: string[]
  /** The term end the last reminder or expiry notice was about (the owner's 已续费 list: due then, later now). */
  dueAt?: Date | null
  /** Activity days, kept by the nightly stats run from the day's records (docs/stats.md); absent: none yet. */
  activity?: MemberActivity
  /** The segment the nightly run put the member in; absent: not classified yet (counts as potential). */
  segment?: Segment
  /** The owner's own tags and note on the member (never shown to anyone else). */
  crm?: { tags: string[]; note: string }
}

/** `held`: content security answered `review`; only the author and the team see it until approved. */
export type ContentStatus = 'published' | 'deleted' | 'held'

/** A file attached to a post (docs/features.md §5). `noDownload`: members may preview it, never save it. */
export interface PostFileRecord {
  fileId: string
  name: string
  sizeBytes: number
  noDownload: boolean
}

/** Why content was held, and how the team decided (docs/content-security.md). */
export interface ContentReview {
  heldAt: Date
  decidedAt: Date | null
  decidedBy: string | null
  /** The rejection reason shown to the author. */
  reason: string | null
}

export interface PostRecord {
  _id: string
  circleId: string
  authorId: string
  /** title: the honor title the author carried when writing (absent: none). */
  author: UserSnapshot & { role: Role; title?: string | null }
  fromOwner: boolean
  text: string
  images: string[]
  /** Absent on posts made before files existed: none. */
  files?: PostFileRecord[]
  tags: string[]
  status: ContentStatus
  /** Present when content security held the post. */
  review?: ContentReview
  /** 0 when not pinned, else the pin time in ms: the feed sorts by it first. */
  pinRank: number
  featured: boolean
  featuredAt: Date | null
  inPreview: boolean
  likeCount: number
  commentCount: number
  createdAt: Date
  updatedAt: Date
  deletedAt: Date | null
  deletedBy: string | null
  /** Why the team deleted it (shown to its author); absent when the author deleted it. */
  deletionReason?: string | null
  // ---- search and files (docs/search.md): written with the post; absent on older posts until the back-fill timer reaches them
  /** Search index terms of the text (core/search.ts searchTerms). */
  terms?: string[]
  /** Whether it has attachments (the 文件 tab's index). */
  hasFiles?: boolean
}

export interface CommentRecord {
  _id: string
  postId: string
  circleId: string
  authorId: string
  /** title: the honor title the author carried when writing (absent: none). */
  author: UserSnapshot & { role: Role; title?: string | null }
  text: string
  parentId: string | null
  replyTo: (UserSnapshot & { openid: string }) | null
  status: ContentStatus
  /** Present when content security held the comment. */
  review?: ContentReview
  createdAt: Date
  deletedAt: Date | null
  deletedBy: string | null
  /** Why the team deleted it (shown to its author); absent when the author deleted it. */
  deletionReason?: string | null
}

export interface LikeRecord {
  _id: string // `${postId}:${openid}`
  postId: string
  circleId: string
  openid: string
  createdAt: Date
}

export const membershipId = (circleId: string, openid: string) => `${circleId}:${openid}`
export const likeId = (postId: string, openid: string) => `${postId}:${openid}`
