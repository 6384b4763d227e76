/**
 * The API contract between the app and the cloud functions, defined once.
 * Inputs are zod schemas (the functions validate with them at the boundary); outputs are types.
 * The app imports this file with `import type` only, so zod never reaches the app bundle.
 */
import { z } from 'zod'
import { LIMITS } from './limits'
import { CONTENT_LIMITS, type FileKind, type PreviewType } from './content'

// ---------- shared pieces ----------

import { bps, chars, cursor, fen, fileId, id, tag } from './contracts/base'
import { inviteCodeInput, memberInputs, type ApplicationBrief, type MemberOutputs } from './contracts/member'
import { moderateInputs, type ModerateOutputs } from './contracts/moderate'
import { notifyInputs, type NotifyOutputs } from './contracts/notify'
import { challengeInputs, type ChallengeOutputs } from './contracts/challenge'
import { qaInputs, type QaOutputs } from './contracts/qa'
import { merchantInputs, type MerchantOutputs } from './contracts/merchant'
import { eventInputs, type EventOutputs } from './contracts/event'
import { perkInputs, type PerkOutputs } from './contracts/perk'
import { termInputs, type TermOutputs } from './contracts/term'
import { statsInputs, type StatsOutputs } from './contracts/stats'
import { lotteryInputs, type LotteryOutputs } from './contracts/lottery'
import { growthInputs, type GrowthOutputs } from './contracts/growth'
import { keyword, postSearchInputs, scheduleInputs, type PostSearchOutputs } from './contracts/posts'

export const CIRCLE_TYPES = ['interest', 'product', 'knowledge', 'resource'] as const
export const ENTRY_MODES = ['free', 'approval', 'paid'] as const
/** docs/features.md §4: one owner; partners (合伙人), admins, guests (嘉宾, ≤ 50, join free, answer questions), members. */
export const ROLES = ['owner', 'partner', 'admin', 'guest', 'member'] as const
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

/** The buyer's device: it decides which channels can open (iOS has no virtual payment), never a price. */
export const PLATFORMS = ['ios', 'android', 'windows', 'mac', 'devtools', 'h5'] as const
export type Platform = (typeof PLATFORMS)[number]

/**
 * How one product is sold to the caller's device (docs/payments.md "Channels by device"), decided
 * on the server: the app shows a price, pay wording and a buy button only where `showPrice` /
 * `purchasable` say so (one helper, src/services/sale.ts). On an iPhone without iOS virtual
 * payment, virtual goods are neither.
 */
export interface SaleView {
  purchasable: boolean
  showPrice: boolean
}
const walletAccount = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('owner'), circleId: id }),
  z.strictObject({ kind: z.literal('self') }),
])
const entryTerm = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('rolling'), days: z.number().int().min(1).max(3650) }),
  z.strictObject({ kind: z.literal('cohort'), endsAt: z.string().datetime({ offset: true }) }),
])
const lesson = z.strictObject({
  id: id.optional(),
  title: chars(1, 60),
  body: chars(0, LIMITS.postChars),
  images: z.array(fileId).max(LIMITS.postImages).default([]),
  videoUrl: z.string().url().max(500).or(z.literal('')).default(''),
  free: z.boolean().default(false),
})

/** One attachment as the app sends it after uploading (post.create). */
const postFileInput = z.strictObject({
  fileId,
  name: chars(1, CONTENT_LIMITS.fileNameChars),
  sizeBytes: z.number().int().min(0).max(CONTENT_LIMITS.fileBytes),
  noDownload: z.boolean().default(false),
})

export const inputs = {
  user: {
    /** code: wx.login's code, exchanged on the server for the session_key virtual payment signs with (never returned). */
    login: z.strictObject({ code: z.string().min(1).max(128).optional() }),
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
      /** Images carry the viewer's nickname (circle.settings.protection.watermark). */
      watermark: z.boolean().optional(),
    }),
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
  },
  post: {
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
    // ---- posts: search, the 文件 tab, scheduled posts and the calendar (contracts/posts.ts) ----
    ...postSearchInputs,
    ...scheduleInputs,
  },
  shop: {
    /** What a circle sells, priced for the caller. */
    catalog: z.strictObject({ circleId: id }),
    /** Creates an order priced on the server and what the app needs to open the cashier. */
    order: z.strictObject({
      circleId: id,
      product: z.discriminatedUnion('kind', [
        z.strictObject({ kind: z.literal('entry') }),
        z.strictObject({ kind: z.literal('pass'), gift: z.boolean().default(false) }),
        z.strictObject({ kind: z.literal('course'), courseId: id }),
      ]),
      platform: z.enum(PLATFORMS),
      /** A coupon the buyer typed or picked (reserved with the order; priced on the server). */
      couponCode: z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^[A-Z0-9]{4,16}$/)
        .optional(),
      /** The invite link or poster that brought the buyer (attribution only; never refuses). */
      inviteCode: z.string().max(32).optional(),
    }),
    /** The price the buyer would pay now, with a coupon (nothing is reserved). */
    quote: z.strictObject({
      circleId: id,
      product: z.discriminatedUnion('kind', [
        z.strictObject({ kind: z.literal('entry') }),
        z.strictObject({ kind: z.literal('course'), courseId: id }),
      ]),
      couponCode: z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^[A-Z0-9]{4,16}$/)
        .optional(),
    }),
    /** A free trial of the circle's trialDays, once per user per circle. */
    startTrial: z.strictObject({ circleId: id, inviteCode: z.string().max(32).optional() }),
    /** The team's coupon list, newest first, with used counts. */
    coupons: z.strictObject({ circleId: id, cursor }),
    createCoupon: z.strictObject({
      circleId: id,
      couponCode: z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^[A-Z0-9]{4,16}$/),
      title: chars(1, 20),
      couponKind: z.enum(['fixed', 'percent']),
      amountFen: fen.default(0),
      offBps: bps.default(0),
      couponLimit: z.number().int().min(1).max(100_000),
      validFrom: z.string().datetime({ offset: true }),
      validUntil: z.string().datetime({ offset: true }),
      couponScopes: z
        .array(z.enum(['entry', 'renewal', 'course']))
        .min(1)
        .max(3),
      listed: z.boolean().default(true),
    }),
    disableCoupon: z.strictObject({ couponId: id }),
    /** The owner's term settings as saved (defaults filled in). */
    terms: z.strictObject({ circleId: id }),
    /** Trial days and renewal rules (tiers, grace, reminders): circle.settings. */
    setTerms: z.strictObject({
      circleId: id,
      trialDays: z.number().int().min(0).max(30).optional(),
      renewal: z
        .strictObject({
          beforeExpiryBps: bps.min(5000),
          within30DaysBps: bps.min(5000),
          laterBps: bps.min(5000),
          graceDays: z.number().int().min(0).max(30),
          reminderDays: z.array(z.number().int().min(1).max(30)).max(5),
        })
        .optional(),
    }),
    /** Opens the cashier again for one of the caller's pending orders (no second order). */
    pay: z.strictObject({ orderId: id }),
    /** "I paid": asks the channel and fulfils at once if it says paid. */
    confirm: z.strictObject({ orderId: id }),
    getOrder: z.strictObject({ orderId: id }),
    orders: z.strictObject({ cursor }),
    refund: z.strictObject({ orderId: id, reason: chars(0, 100).default('') }),
    ownerRefund: z.strictObject({ orderId: id, reason: chars(0, 100).default('') }),
    circleOrders: z.strictObject({ circleId: id, cursor }),
    redeem: z.strictObject({
      code: z
        .string()
        .trim()
        .min(6)
        .max(32)
        .regex(/^[A-Za-z0-9-]+$/),
    }),
    course: z.strictObject({ courseId: id }),
    setPricing: z.strictObject({
      circleId: id,
      entry: z
        .strictObject({ priceFen: fen.min(1), markedPriceFen: fen.nullable().default(null), term: entryTerm })
        .nullable()
        .optional(),
      pass: z
        .strictObject({ priceFen: fen.min(1), days: z.number().int().min(30).max(3650).default(365) })
        .nullable()
        .optional(),
    }),
    saveCourse: z.strictObject({
      circleId: id,
      courseId: id.optional(),
      title: chars(2, 40),
      intro: chars(0, LIMITS.introChars).default(''),
      coverUrl: fileId.or(z.literal('')).default(''),
      priceFen: fen.min(1),
      memberDiscountBps: bps.default(0),
      lessons: z.array(lesson).min(1).max(100),
    }),
  },
  wallet: {
    summary: z.strictObject({ account: walletAccount }),
    statement: z.strictObject({ account: walletAccount, cursor }),
    withdraw: z.strictObject({ account: walletAccount, amountFen: z.number().int().min(1).max(100_000_000) }),
    withdrawals: z.strictObject({ account: walletAccount, cursor }),
    /** Asks WeChat how a transfer stands (after the user confirmed it, or to resume one). */
    refreshWithdrawal: z.strictObject({ withdrawalId: id }),
    splitRules: z.strictObject({ circleId: id }),
    setSplitRules: z.strictObject({
      circleId: id,
      referrerBps: bps,
      partners: z.array(z.strictObject({ openid: id, bps: bps.min(1) })).max(10),
    }),
    // 平台收付通 onboarding (contracts/merchant.ts)
    ...merchantInputs,
  },
  // Each of these lives in its own file under contracts/ (one per function).
  member: memberInputs,
  moderate: moderateInputs,
  notify: notifyInputs,
  challenge: challengeInputs,
  qa: qaInputs,
  event: eventInputs,
  perk: perkInputs,
  term: termInputs,
  stats: statsInputs,
  lottery: lotteryInputs,
  growth: growthInputs,
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
  /** How virtual goods are sold to the device that signed in (lists without their own flag, e.g. circle cards, read it). */
  virtualGoods?: SaleView
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

/** Entry's price as a person deciding sees it (core/money/pricing.ts entryPriceTag). */
export interface EntryPriceTag {
  priceFen: number
  /** A rolling term's days; null for a fixed end date (cohort). */
  days: number | null
  /** "约 0.55 元/天" for a rolling term; null otherwise. */
  perDayText: string | null
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

export type MembershipState = 'active' | 'grace' | 'expired'

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

// ---------- money ----------

export type ChannelName = 'virtual' | 'wxpay' | 'local'
export type OrderStatus = 'pending' | 'paid' | 'refunded' | 'partially_refunded' | 'closed'
export type ProductKind = 'entry' | 'pass' | 'pass_gift' | 'course' | 'question' | 'peek' | 'ticket' | 'deposit'

export interface EntryOffer {
  priceFen: number
  markedPriceFen: number | null
  /** e.g. 约 0.27 元/天 */
  perDayText: string
  term: { kind: 'rolling'; days: number } | { kind: 'cohort'; endsAt: string }
  /** When the caller's membership would end if they bought now (renewals extend from the later of now and their expiry). */
  termEndsAt: string
  /** Cohort circles: days left until the fixed end. */
  remainingDays: number | null
  refundHours: number
  /** entry: a newcomer (or a trial user) pays the base price; renewal: a tier of it (docs/money.md "Renewal"). */
  kind: 'entry' | 'renewal'
  baseFen: number
  /** The renewal tier chosen by now vs the caller's expiry, e.g. 宽限期续费价 8 折 (null for entry). */
  tier: { key: 'before' | 'within30' | 'later'; label: string; rule: string; bps: number; text: string } | null
}

export interface PassOffer {
  priceFen: number
  days: number
}

export interface CourseCard {
  id: string
  title: string
  intro: string
  coverUrl: string
  priceFen: number
  /** The price for members of the circle after their discount. */
  memberPriceFen: number
  lessonCount: number
  freeLessonCount: number
  owned: boolean
}

export interface Catalog {
  circleId: string
  circleName: string
  entry: EntryOffer | null
  pass: PassOffer | null
  courses: CourseCard[]
  /** Which channel sells virtual goods to this device (`local` for WeChat Pay in the local cloud). */
  channel: ChannelName
  /** Per product, whether this device may buy it and see its price. */
  sale: { entry: SaleView; pass: SaleView; course: SaleView }
  /** The caller's current membership: buying entry again renews it (续费). */
  member: { role: Role; expiresAt: string | null } | null
  /** The caller's term as it stands, also after it lapsed (the renewal page). null: never had one. */
  standing: {
    state: 'active' | 'grace' | 'expired'
    expiresAt: string
    graceEndsAt: string | null
    trial: boolean
  } | null
  /** A free trial on offer (paid circles with trial days); available: this caller may still start it. */
  trial: { days: number; available: boolean } | null
  /** Coupons the owner lists on the buy page, usable now by this caller. */
  coupons: CouponOffer[]
  /** 平台收付通: whether paid products can be bought now; closed until the owner's sub-merchant is ready (code: the error a purchase would answer). */
  selling?: { open: boolean; code: 'merchant_not_ready' | 'merchant_setup_required' | null }
}

export interface CouponOffer {
  id: string
  code: string
  title: string
  kind: 'fixed' | 'percent'
  amountFen: number
  offBps: number
  /** 立减 10 元 / 8 折 */
  text: string
  scopes: ('entry' | 'renewal' | 'course')[]
  validUntil: string
}

export interface CouponView extends CouponOffer {
  limit: number
  /** Reserved by pending orders + used by paid ones. */
  usedCount: number
  paidCount: number
  validFrom: string
  listed: boolean
  disabled: boolean
  createdAt: string
}

export interface PriceQuote {
  baseFen: number
  amountFen: number
  discounts: { kind: 'member' | 'renewal' | 'coupon'; label: string; fen: number }[]
  coupon: CouponOffer | null
}

export interface TermsView {
  circleId: string
  trialDays: number
  renewal: {
    beforeExpiryBps: number
    within30DaysBps: number
    laterBps: number
    graceDays: number
    reminderDays: number[]
  }
  /** Whether the term may still switch from rolling to cohort (nobody has paid yet). */
  cohortAllowed: boolean
}

export interface TrialResult {
  circleId: string
  expiresAt: string
}

export interface OrderView {
  id: string
  circleId: string
  circleName: string
  product: { kind: ProductKind; id: string; title: string }
  amountFen: number
  status: OrderStatus
  channel: ChannelName
  createdAt: string
  expiresAt: string
  paidAt: string | null
  /**
   * The buyer's self-service refund, from the product registry's one rule (core/products
   * refundOffer), exactly what `shop.refund` would do now: `canRefund`, until when
   * (`refundableUntil`, null unless canRefund) and how much goes back (`refundableFen`, 0 unless
   * canRefund). The app shows these and computes none of them. `refundNote`: why there is no
   * refund button when another rule applies (a deposit, a ticket, a question), else null.
   */
  canRefund: boolean
  refundableUntil: string | null
  refundableFen: number
  refundNote: string | null
  /** A refund was requested and the channel has not confirmed it yet (status stays paid until then). */
  refunding: boolean
  /** What the team may refund now (`shop.ownerRefund`, the registry's ownerRefundableFen); 0: no refund button. */
  ownerRefundableFen: number
  refundedFen: number
  /** A gift pass: the code to give a friend (only to its buyer), and whether it was redeemed. */
  giftCode: string | null
  giftRedeemed: boolean
  /** Who bought it: on the owner's order list only (null on the buyer's own). */
  buyer: UserView | null
  /** Whether this device may show its price and pay for it (an iPhone without iOS virtual payment: a virtual good, neither). */
  sale: SaleView
}

export type PayParams =
  | {
      channel: 'local'
      cashierPath: string
      orderId: string
      /**
       * The same prepay as WeChat Pay's JSAPI sheet (signed by the simulator's merchant key): how
       * the mini-program pays on the local cloud (wx.requestPayment); the H5 app opens cashierPath.
       */
      jsapi?: { timeStamp: string; nonceStr: string; package: string; signType: 'RSA'; paySign: string }
    }
  | { channel: 'wxpay'; timeStamp: string; nonceStr: string; package: string; signType: 'RSA'; paySign: string }
  | { channel: 'virtual'; mode: string; signData: string; paySig: string; signature: string }

export interface OrderStart {
  order: OrderView
  pay: PayParams
}

export interface LessonView {
  id: string
  title: string
  free: boolean
  /** Locked lessons carry only their title. */
  locked: boolean
  body: string
  images: string[]
  videoUrl: string
}

export interface CourseView extends CourseCard {
  circleId: string
  /** Whether this device may buy the course and see its price. */
  sale: SaleView
  memberDiscountBps: number
  lessons: LessonView[]
}

export interface RedeemResult {
  circleId: string
  circleName: string
  expiresAt: string
}

export type WithdrawalState = 'requested' | 'transferring' | 'waiting_confirm' | 'succeeded' | 'failed' | 'expired'

export interface WithdrawalView {
  id: string
  amountFen: number
  state: WithdrawalState
  createdAt: string
  /** For wx.requestMerchantTransfer while the user must confirm; null otherwise. */
  confirm: { mchId: string; appId: string; packageInfo: string } | null
  failReason: string | null
}

export interface WalletSummary {
  /** 圈子收入 (an owner's circle) or 我的收益 (shares paid to the caller). */
  title: string
  pendingFen: number
  availableFen: number
  withdrawnTodayFen: number
  limits: { minFen: number; dailyMaxFen: number; realNameFromFen: number }
  openWithdrawal: WithdrawalView | null
  /** Where a withdrawal goes: WeChat change (商家转账), the owner's sub-merchant's bank card (平台收付通, T+1), `operator` (直连: the operator's own income, never paid out); null: the owner's 收款账户 is not ready yet. */
  payout?: { kind: 'wechat' } | { kind: 'bank'; bankAccount: string; bankName: string } | { kind: 'operator' } | null
}

/**
 * One business event on an account's statement (one journal), with its cause (`memo`). The
 * movements between the account's buckets are the detail: a settlement (退款期已过) is one line
 * whose `amountFen` is 0 and whose `movedFen` went from 待结算 to 可提现.
 */
export interface StatementLine {
  journalId: string
  kind:
    | 'payment'
    | 'settlement'
    | 'refund'
    | 'withdrawal'
    | 'withdrawal_return'
    | 'profit_sharing'
    | 'sharing_return'
    | 'correction'
    | 'forfeit'
  memo: string
  /** Signed net change of the account's total (both buckets): money in is positive; 0 for a move between buckets. */
  amountFen: number
  /** Where the money ends up (for money out: the bucket it left). */
  bucket: 'pending' | 'available'
  /** A move between buckets (a settlement): how much became available; else 0. */
  movedFen: number
  /** Per bucket, signed: the detail of the line. */
  movements: { bucket: 'pending' | 'available'; amountFen: number }[]
  at: string
  orderId: string | null
}

export interface SplitRulesView {
  circleId: string
  platformFeeBps: number
  referrerBps: number
  partners: { openid: string; nickname: string; bps: number }[]
  capBps: number
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
    held: Page<HeldItem>
    review: ReviewResult
    openFile: OpenFileResult
  } & PostSearchOutputs
  shop: {
    catalog: Catalog
    order: OrderStart
    pay: OrderStart
    confirm: OrderView
    getOrder: OrderView
    orders: Page<OrderView>
    refund: OrderView
    ownerRefund: OrderView
    circleOrders: Page<OrderView>
    redeem: RedeemResult
    course: CourseView
    setPricing: Catalog
    saveCourse: CourseView
    quote: PriceQuote
    startTrial: TrialResult
    coupons: Page<CouponView>
    createCoupon: CouponView
    disableCoupon: CouponView
    setTerms: TermsView
    terms: TermsView
  }
  wallet: {
    summary: WalletSummary
    statement: Page<StatementLine>
    withdraw: WithdrawalView
    withdrawals: Page<WithdrawalView>
    refreshWithdrawal: WithdrawalView
    splitRules: SplitRulesView
    setSplitRules: SplitRulesView
  } & MerchantOutputs
  member: MemberOutputs
  moderate: ModerateOutputs
  notify: NotifyOutputs
  challenge: ChallengeOutputs
  qa: QaOutputs
  event: EventOutputs
  perk: PerkOutputs
  term: TermOutputs
  stats: StatsOutputs
  lottery: LotteryOutputs
  growth: GrowthOutputs
}

export type OutputOf<F extends FunctionName, A extends ActionName<F>> = A extends keyof Outputs[F]
  ? Outputs[F][A]
  : never
