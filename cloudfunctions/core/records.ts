/** What the database holds (one interface per collection). Instants are Dates (UTC). */
import type { CircleStatus, CircleType, EntryMode, Role } from './contract'
import type { EntryPricing, PassPricing, SplitRules } from './money'
import type { CircleSettings } from './settings'

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
  /** Reminder keys already sent for the current term (`${expiresAt ms}:${daysBefore}`), so each goes once. */
  remindersSent?: string[]
}

export type ContentStatus = 'published' | 'deleted'

export interface PostRecord {
  _id: string
  circleId: string
  authorId: string
  author: UserSnapshot & { role: Role }
  fromOwner: boolean
  text: string
  images: string[]
  tags: string[]
  status: ContentStatus
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
}

export interface CommentRecord {
  _id: string
  postId: string
  circleId: string
  authorId: string
  author: UserSnapshot & { role: Role }
  text: string
  parentId: string | null
  replyTo: (UserSnapshot & { openid: string }) | null
  status: ContentStatus
  createdAt: Date
  deletedAt: Date | null
  deletedBy: string | null
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
