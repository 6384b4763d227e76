/**
 * The API contract between the app and the cloud functions, defined once.
 * Inputs are zod schemas (the functions validate with them at the boundary); outputs are types.
 * The app imports this file with `import type` only, so zod never reaches the app bundle.
 */
import { z } from 'zod'
import { LIMITS } from './limits'

// ---------- shared pieces ----------

/** Length in characters as a person counts them (code points, so an emoji is one). */
const chars = (min: number, max: number) =>
  z
    .string()
    .trim()
    .refine((s) => [...s].length >= min && [...s].length <= max, {
      message: `length must be ${min}-${max} characters`,
    })

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_:.-]+$/)
const fileId = z.string().max(512).regex(/^cloud:\/\/[^\s]+$/, 'must be a cloud:// file id')
const cursor = z.string().max(512).optional()
const tag = chars(1, LIMITS.tagChars).refine((s) => !/[\s#]/.test(s), 'no spaces or # in a tag')

export const CIRCLE_TYPES = ['interest', 'product', 'knowledge', 'resource'] as const
export const ENTRY_MODES = ['free', 'approval', 'paid'] as const
export const ROLES = ['owner', 'admin', 'member'] as const
export const FEED_TABS = ['latest', 'featured', 'owner', 'tag'] as const

export type CircleType = (typeof CIRCLE_TYPES)[number]
export type EntryMode = (typeof ENTRY_MODES)[number]
export type Role = (typeof ROLES)[number]
export type FeedTab = (typeof FEED_TABS)[number]
export type CircleStatus = 'active' | 'closed'

// ---------- inputs, by function and action ----------

const circleProfile = {
  name: chars(LIMITS.circleNameMin, LIMITS.circleNameMax),
  intro: chars(0, LIMITS.introChars),
  coverUrl: fileId.or(z.literal('')),
  avatarUrl: fileId.or(z.literal('')),
  type: z.enum(CIRCLE_TYPES),
  audience: chars(0, LIMITS.shortTextChars),
  coreValue: chars(0, LIMITS.shortTextChars),
  rules: chars(0, LIMITS.rulesChars),
  welcome: chars(0, LIMITS.welcomeChars),
  announcement: chars(0, LIMITS.announcementChars),
  tags: z.array(tag).max(LIMITS.circleTags),
  allowPreview: z.boolean(),
}

export const inputs = {
  user: {
    login: z.strictObject({}),
    updateProfile: z.strictObject({
      nickname: chars(1, LIMITS.nicknameChars).optional(),
      avatarUrl: fileId.or(z.literal('')).optional(),
    }),
  },
  circle: {
    create: z.strictObject({
      name: circleProfile.name,
      type: circleProfile.type,
      entryMode: z.enum(ENTRY_MODES),
      intro: circleProfile.intro.optional(),
      coverUrl: circleProfile.coverUrl.optional(),
      avatarUrl: circleProfile.avatarUrl.optional(),
      audience: circleProfile.audience.optional(),
      coreValue: circleProfile.coreValue.optional(),
      rules: circleProfile.rules.optional(),
      welcome: circleProfile.welcome.optional(),
      announcement: circleProfile.announcement.optional(),
      tags: circleProfile.tags.optional(),
      allowPreview: circleProfile.allowPreview.optional(),
    }),
    update: z.strictObject({
      circleId: id,
      name: circleProfile.name.optional(),
      type: circleProfile.type.optional(),
      intro: circleProfile.intro.optional(),
      coverUrl: circleProfile.coverUrl.optional(),
      avatarUrl: circleProfile.avatarUrl.optional(),
      audience: circleProfile.audience.optional(),
      coreValue: circleProfile.coreValue.optional(),
      rules: circleProfile.rules.optional(),
      welcome: circleProfile.welcome.optional(),
      announcement: circleProfile.announcement.optional(),
      tags: circleProfile.tags.optional(),
      allowPreview: circleProfile.allowPreview.optional(),
    }),
    close: z.strictObject({ circleId: id }),
    discover: z.strictObject({ cursor, type: z.enum(CIRCLE_TYPES).optional() }),
    get: z.strictObject({ circleId: id }),
    join: z.strictObject({ circleId: id }),
    leave: z.strictObject({ circleId: id }),
    mine: z.strictObject({ cursor }),
    members: z.strictObject({ circleId: id, cursor }),
    setRole: z.strictObject({ circleId: id, openid: id, role: z.enum(['admin', 'member']) }),
  },
  post: {
    create: z
      .strictObject({
        circleId: id,
        text: chars(0, LIMITS.postChars),
        images: z.array(fileId).max(LIMITS.postImages).default([]),
      })
      .refine((p) => p.text.length > 0 || p.images.length > 0, {
        message: 'a post needs text or an image',
        path: ['text'],
      }),
    list: z
      .strictObject({ circleId: id, tab: z.enum(FEED_TABS).default('latest'), tag: tag.optional(), cursor })
      .refine((p) => p.tab !== 'tag' || !!p.tag, { message: 'tag tab needs a tag', path: ['tag'] }),
    get: z.strictObject({ postId: id }),
    remove: z.strictObject({ postId: id }),
    pin: z.strictObject({ postId: id, pinned: z.boolean() }),
    feature: z.strictObject({ postId: id, featured: z.boolean() }),
    setPreview: z.strictObject({ postId: id, inPreview: z.boolean() }),
    like: z.strictObject({ postId: id, liked: z.boolean() }),
    comment: z.strictObject({ postId: id, text: chars(1, LIMITS.commentChars), parentId: id.optional() }),
    comments: z.strictObject({ postId: id, cursor }),
    removeComment: z.strictObject({ commentId: id }),
  },
} as const

export type Inputs = typeof inputs
export type FunctionName = keyof Inputs
export type ActionName<F extends FunctionName> = keyof Inputs[F] & string
/** What the app sends (defaults may be left out). */
export type InputOf<F extends FunctionName, A extends ActionName<F>> = z.input<Inputs[F][A]>
/** What an action receives after validation. */
export type ParsedInput<F extends FunctionName, A extends ActionName<F>> = z.output<Inputs[F][A]>

// ---------- outputs ----------

export interface Page<T> {
  items: T[]
  /** Opaque; pass back to get the next page. null when there is no more. */
  nextCursor: string | null
}

export interface UserView {
  openid: string
  nickname: string
  avatarUrl: string
}

export interface Me extends UserView {
  createdAt: string
}

export interface CircleProfile {
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
}

export interface MembershipView {
  circleId: string
  role: Role
  joinedAt: string
  /** null: no end (free circles, the owner). */
  expiresAt: string | null
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
  /**
   * For members, the first page of the 最新 tab, so opening a circle is one round trip
   * (the same page `post.list` answers). null for visitors.
   */
  feed: FeedPage | null
}

export interface MyCircle extends CircleCard {
  role: Role
  joinedAt: string
}

export interface MemberView extends UserView {
  role: Role
  joinedAt: string
}

export interface JoinResult {
  membership: MembershipView
  welcome: string
}

export interface PostAuthor extends UserView {
  role: Role
}

export interface PostView {
  id: string
  circleId: string
  author: PostAuthor
  text: string
  images: string[]
  tags: string[]
  createdAt: string
  likeCount: number
  commentCount: number
  liked: boolean
  pinned: boolean
  featured: boolean
  inPreview: boolean
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
}

export interface LikeResult {
  liked: boolean
  likeCount: number
}

export interface PreviewResult {
  previewPostIds: string[]
}

export interface Outputs {
  user: { login: Me; updateProfile: Me }
  circle: {
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
  post: {
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
  }
}

export type OutputOf<F extends FunctionName, A extends ActionName<F>> = A extends keyof Outputs[F]
  ? Outputs[F][A]
  : never
