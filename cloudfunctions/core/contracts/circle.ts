/** The `circle` function's contract: create, edit, discover, join and leave circles; members and roles. */
import { z } from 'zod'
import type { CircleProfile } from '../circle'
import { LIMITS } from '../limits'
import type { EntryPriceTag } from '../money/pricing'
import { CIRCLE_TYPES, ENTRY_MODES } from '../vocabulary'
import type { CircleStatus, CircleType, EntryMode, MembershipState, Page, Role, UserView } from '../vocabulary'
import { chars, cursor, fileId, id, tag } from './base'
import { inviteCodeInput, type ApplicationBrief } from './member'
import { keyword, type FeedPage, type PostView } from './post'
import type { SaleView } from './shop'

/** What an owner fills in to open a circle; `circle.update` takes the same fields, each optional. */
const circleCreate = z.strictObject({
  name: chars(LIMITS.circleNameMin, LIMITS.circleNameMax),
  type: z.enum(CIRCLE_TYPES),
  entryMode: z.enum(ENTRY_MODES),
  intro: chars(0, LIMITS.introChars).optional(),
  coverUrl: fileId.or(z.literal('')).optional(),
  avatarUrl: fileId.or(z.literal('')).optional(),
  audience: chars(0, LIMITS.shortTextChars).optional(),
  coreValue: chars(0, LIMITS.shortTextChars).optional(),
  rules: chars(0, LIMITS.rulesChars).optional(),
  welcome: chars(0, LIMITS.welcomeChars).optional(),
  announcement: chars(0, LIMITS.announcementChars).optional(),
  tags: z.array(tag).max(LIMITS.circleTags).optional(),
  allowPreview: z.boolean().optional(),
})

export const circleInputs = {
  create: circleCreate,
  /**
   * The create fields, each optional, except the entry mode (fixed once the circle exists); plus the
   * circle and its image watermark (circle.settings.protection.watermark: the viewer's nickname over images).
   */
  update: circleCreate.omit({ entryMode: true }).partial().extend({ circleId: id, watermark: z.boolean().optional() }),
  close: z.strictObject({ circleId: id }),
  /** q: circles whose name or a tag contains it (docs/search.md). */
  discover: z.strictObject({ cursor, type: z.enum(CIRCLE_TYPES).optional(), q: keyword.optional() }),
  get: z.strictObject({ circleId: id }),
  /** inviteCode: the invite link the visitor came through (unknown codes are ignored). */
  join: z.strictObject({ circleId: id, inviteCode: inviteCodeInput.optional() }),
  leave: z.strictObject({ circleId: id }),
  mine: z.strictObject({ cursor }),
  members: z.strictObject({ circleId: id, cursor }),
  setRole: z.strictObject({ circleId: id, openid: id, role: z.enum(['partner', 'admin', 'guest', 'member']) }),
}

export interface CircleCard {
  id: string
  name: string
  intro: string
  avatarUrl: string
  coverUrl: string
  type: CircleType
  entryMode: EntryMode
  status: CircleStatus
  memberCount: number
  owner: UserView
  tags: string[]
  /** What entry costs (paid, or approval + paid); null when joining is free. */
  entryPrice: EntryPriceTag | null
}

export interface CircleDetail extends CircleProfile {
  id: string
  entryMode: EntryMode
  status: CircleStatus
  memberCount: number
  owner: UserView
  previewPostIds: string[]
  createdAt: string
  closedAt: string | null
  /** What entry costs (paid, or approval + paid); null when joining is free. */
  entryPrice: EntryPriceTag | null
}

export interface MembershipView {
  circleId: string
  role: Role
  joinedAt: string
  /** null: no end (free circles, the owner). */
  expiresAt: string | null
  /** Computed at request time (core/access.ts): active; grace (read only until graceEndsAt); expired (the renewal page). */
  state: MembershipState
  graceEndsAt: string | null
}

export interface CircleStats {
  memberCount: number
  postCount: number
  postsLast7Days: number
  featuredCount: number
}

export interface CirclePage {
  circle: CircleDetail
  stats: CircleStats
  /** Owner-chosen 精华 posts a visitor may read before joining (empty when preview is off). */
  previewPosts: PostView[]
  me: MembershipView | null
  /** Approval circles: the caller's own application (status, reject reason, pay-by), null when none. */
  application: ApplicationBrief | null
  /** Content protection the app applies (watermark with the viewer's nickname over images). */
  protection: { watermark: boolean }
  /**
   * For members, the first page of the 最新 tab, so opening a circle is one round trip
   * (the same page `post.list` answers). null for visitors.
   */
  feed: FeedPage | null
  /** Whether this device may buy entry and see its price (paid and approval circles). */
  entrySale: SaleView
}

export interface MyCircle extends CircleCard {
  role: Role
  joinedAt: string
}

export interface MemberView extends UserView {
  role: Role
  joinedAt: string
  /** For the team only (member.viewChannels); absent for others. */
  team?: {
    /** How they came in (渠道): the source kind, the invite's channel tag and the inviter. */
    source: { kind: string; channel: string | null; inviter: UserView | null }
    /** A mute holding now (until null: for good), else null. */
    mute: { until: string | null } | null
    expiresAt: string | null
  }
}

export interface JoinResult {
  membership: MembershipView
  welcome: string
}

export interface CircleOutputs {
  create: CircleDetail
  update: CircleDetail
  close: CircleDetail
  discover: Page<CircleCard>
  get: CirclePage
  join: JoinResult
  leave: { left: true }
  mine: Page<MyCircle>
  members: Page<MemberView>
  setRole: MemberView
}
