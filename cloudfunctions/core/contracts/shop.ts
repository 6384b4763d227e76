/** The `shop` function's contract: the catalog, orders and the cashier, refunds, courses, coupons, pricing and terms. */
import { z } from 'zod'
import { LIMITS } from '../limits'
import { PLATFORMS } from '../vocabulary'
import type { ChannelName, OrderStatus, Page, ProductKind, Role, UserView } from '../vocabulary'
import { bps, chars, cursor, fen, fileId, id } from './base'

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

export const shopInputs = {
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
}

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
  /** 拼团: the seat this order is (core/group.ts OrderGroup state); null: not a group order. */
  group?: { groupId: string; state: 'pending' | 'joined' | 'fulfilled' | 'refused' | 'refunded' } | null
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

export interface ShopOutputs {
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
