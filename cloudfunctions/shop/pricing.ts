/**
 * Term and price options (issue 4 items 2 and 5; docs/money.md "Terms, trials, coupons and renewal"):
 * the server's price for entry, renewal and courses, coupons, the free trial and the owner's term
 * settings. Rules live in core (renewal.ts, coupons.ts); this file loads, applies and saves.
 */
import { accessAt } from '../core/access'
import { assertOpen } from '../core/circle'
import type {
  ActionName,
  CouponOffer,
  CouponView,
  EntryOffer,
  OutputOf,
  ParsedInput,
  PriceQuote,
  Role,
  TermsView,
} from '../core/contract'
import {
  COUPON_CODE,
  couponDiscountFen,
  couponId,
  couponText,
  couponUnusable,
  decideRelease,
  decideReserve,
  redemptionBlocks,
  redemptionId,
  validateCoupon,
  type CouponRecord,
  type CouponScope,
} from '../core/coupons'
import { DomainError } from '../core/errors'
import { LIMITS } from '../core/limits'
import { quoteCourse, type OrderRecord } from '../core/money'
import { assertCan } from '../core/permissions'
import type { CircleRecord, MembershipRecord } from '../core/records'
import {
  decideTrial,
  discountText,
  quoteMembership,
  RENEWAL_TIER_LABELS,
  RENEWAL_TIER_RULES,
  standingOf,
  validateTiers,
  type MembershipQuote,
  type RenewalTier,
} from '../core/renewal'
import { settingsOf } from '../core/settings'
import { isBlacklisted } from '../runtime/blacklist'
import { cmd, isDuplicateKey, transaction, type Tx } from '../runtime/db'
import { grantMembership } from '../runtime/fulfil'
import type { ActionContext } from '../runtime/handler'
import { resolveInvite } from '../runtime/invites'
import { coupons, redemptions, trials, trialId } from '../runtime/repos/coupons'
import { circles, memberships } from '../runtime/repos/circles'
import { courses, entitlements, orders } from '../runtime/repos/money'
import { roleIn } from '../runtime/session'

type In<A extends ActionName<'shop'>> = ParsedInput<'shop', A>
type Out<A extends ActionName<'shop'>> = Promise<OutputOf<'shop', A>>

const iso = (d: Date | string) => new Date(d).toISOString()

// ---------- prices ----------

/** What one purchase costs before any coupon, and what it promises. */
export interface Priced {
  amountFen: number
  baseFen: number
  discountFen: number
  discount: 'member' | 'renewal' | null
  discountLabel: string
  product: OrderRecord['product']
  termDays: number | null
  cohortEndsAt: Date | null
  renewalTier: RenewalTier | null
  /** Which coupons may apply (null: none, e.g. passes). */
  scope: CouponScope | null
}

/** Entry or renewal for this caller now (throws product_unavailable / already_purchased). */
export function quoteEntryFor(circle: CircleRecord, membership: MembershipRecord | null, now: Date): MembershipQuote {
  const pricing = circle.pricing?.entry
  // approval circles with a price sell entry after approval (shop.order checks the approval)
  if (circle.entryMode === 'free' || !pricing) throw new DomainError('product_unavailable')
  const entry = {
    ...pricing,
    term:
      pricing.term.kind === 'cohort'
        ? { kind: 'cohort' as const, endsAt: new Date(pricing.term.endsAt) }
        : pricing.term,
  }
  return quoteMembership(entry, settingsOf(circle).renewal, standingOf(membership, now), now)
}

export function tierView(q: MembershipQuote): EntryOffer['tier'] {
  if (!q.tier || q.tierBps === null) return null
  return {
    key: q.tier,
    label: RENEWAL_TIER_LABELS[q.tier],
    rule: RENEWAL_TIER_RULES[q.tier],
    bps: q.tierBps,
    text: discountText(q.tierBps),
  }
}

export async function priceProduct(
  circle: CircleRecord,
  product: In<'order'>['product'] | In<'quote'>['product'],
  who: { openid: string; role: Role | null; membership: MembershipRecord | null },
  now: Date,
): Promise<Priced> {
  const pricing = circle.pricing ?? { entry: null, pass: null }
  if (product.kind === 'entry') {
    if (who.role === 'owner') throw new DomainError('product_unavailable')
    const q = quoteEntryFor(circle, who.membership, now)
    const term = circle.pricing!.entry!.term
    const tier = tierView(q)
    return {
      amountFen: q.amountFen,
      baseFen: q.baseFen,
      discountFen: q.priceBreakdown.discountFen,
      discount: q.priceBreakdown.discountFen > 0 ? 'renewal' : null,
      discountLabel: tier ? `${tier.label} ${tier.text}` : '',
      product: { kind: 'entry', id: circle._id, title: `${circle.name} · ${q.kind === 'renewal' ? '续费' : '入圈'}` },
      termDays: term.kind === 'rolling' ? term.days : null,
      cohortEndsAt: term.kind === 'cohort' ? new Date(term.endsAt) : null,
      renewalTier: q.tier,
      scope: q.kind,
    }
  }
  if (product.kind === 'pass') {
    if (!pricing.pass) throw new DomainError('product_unavailable')
    if (!product.gift && who.role === 'owner') throw new DomainError('product_unavailable')
    return {
      amountFen: pricing.pass.priceFen,
      baseFen: pricing.pass.priceFen,
      discountFen: 0,
      discount: null,
      discountLabel: '',
      product: {
        kind: product.gift ? 'pass_gift' : 'pass',
        id: circle._id,
        title: `${circle.name} · 年卡${product.gift ? '（赠送）' : ''}`,
      },
      termDays: pricing.pass.days,
      cohortEndsAt: null,
      renewalTier: null,
      scope: null,
    }
  }
  const course = await courses.get(product.courseId)
  if (!course || course.circleId !== circle._id) throw new DomainError('not_found', undefined, 'courseId')
  if (await entitlements.get(course._id, who.openid)) throw new DomainError('already_purchased')
  const q = quoteCourse(course, { isMember: !!who.role })
  return {
    amountFen: q.amountFen,
    baseFen: course.priceFen,
    discountFen: q.priceBreakdown.discountFen,
    discount: q.priceBreakdown.discountFen > 0 ? 'member' : null,
    discountLabel: '成员价',
    product: { kind: 'course', id: course._id, title: course.title },
    termDays: null,
    cohortEndsAt: null,
    renewalTier: null,
    scope: 'course',
  }
}

export function couponOffer(c: CouponRecord): CouponOffer {
  return {
    id: c._id,
    code: c.code,
    title: c.title,
    kind: c.kind,
    amountFen: c.amountFen,
    offBps: c.offBps,
    text: couponText(c),
    scopes: c.scopes,
    validUntil: iso(c.endsAt),
  }
}

function couponView(c: CouponRecord): CouponView {
  return {
    ...couponOffer(c),
    limit: c.limit,
    usedCount: c.usedCount,
    paidCount: c.paidCount,
    validFrom: iso(c.startsAt),
    listed: c.listed,
    disabled: c.disabled,
    createdAt: iso(c.createdAt),
  }
}

/** Listed coupons of the circle usable by this caller now (the newest 20 looked at). */
export async function listedCoupons(circleId: string, caller: string | null, now: Date): Promise<CouponOffer[]> {
  const page = await coupons.ofCircle(circleId, undefined, LIMITS.pageSize)
  const open = page.rows.filter(
    (c) =>
      c.listed && COUPON_SCOPES_ANY.some((scope) => !couponUnusable(c, { scope, now }) && c.scopes.includes(scope)),
  )
  if (!caller || open.length === 0) return open.map(couponOffer)
  const held = new Map(
    (await redemptions.getMany(open.map((c) => redemptionId(c._id, caller)))).map((r) => [r.couponId, r]),
  )
  return open.filter((c) => !redemptionBlocks(held.get(c._id) ?? null)).map(couponOffer)
}
const COUPON_SCOPES_ANY: CouponScope[] = ['entry', 'renewal', 'course']

function discountsOf(priced: Priced, coupon: CouponRecord | null, couponFen: number): PriceQuote['discounts'] {
  const out: PriceQuote['discounts'] = []
  if (priced.discount && priced.discountFen > 0)
    out.push({ kind: priced.discount, label: priced.discountLabel, fen: priced.discountFen })
  if (coupon && couponFen > 0)
    out.push({ kind: 'coupon', label: `${coupon.title}（${couponText(coupon)}）`, fen: couponFen })
  return out
}

/** shop.quote: what the caller would pay now with this coupon; nothing is reserved. */
export async function quote(input: In<'quote'>, ctx: ActionContext): Out<'quote'> {
  const circle = await circles.require(input.circleId)
  const { role, membership } = await roleIn(circle._id, ctx.openid, ctx.now)
  const priced = await priceProduct(circle, input.product, { openid: ctx.openid, role, membership }, ctx.now)
  let coupon: CouponRecord | null = null
  let couponFen = 0
  if (input.couponCode) {
    if (!priced.scope) throw new DomainError('coupon_not_applicable', undefined, 'couponCode')
    coupon = await coupons.get(couponId(circle._id, input.couponCode))
    if (!coupon) throw new DomainError('coupon_not_found', undefined, 'couponCode')
    const why =
      couponUnusable(coupon, { scope: priced.scope, now: ctx.now }) ??
      redemptionBlocks(await redemptions.get(coupon._id, ctx.openid))
    if (why) throw new DomainError(why, undefined, 'couponCode')
    couponFen = couponDiscountFen(coupon, priced.amountFen)
  }
  return {
    baseFen: priced.baseFen,
    amountFen: priced.amountFen - couponFen,
    discounts: discountsOf(priced, coupon, couponFen),
    coupon: coupon ? couponOffer(coupon) : null,
  }
}

/**
 * Saves a new order; with a coupon, in ONE transaction with the coupon (its count) and the
 * caller's redemption (`${couponId}:${openid}`), so the last coupon goes to exactly one order
 * however many arrive at once, and once per user.
 */
export async function placeOrder(
  priced: Priced,
  couponCode: string | undefined,
  make: (couponFen: number, coupon: OrderRecord['coupon']) => OrderRecord,
  ctx: ActionContext,
  circleId: string,
): Promise<OrderRecord> {
  if (!couponCode) {
    const record = make(0, null)
    await orders.add(record)
    return record
  }
  if (!priced.scope) throw new DomainError('coupon_not_applicable', undefined, 'couponCode')
  const id = couponId(circleId, couponCode)
  return transaction(async (tx: Tx) => {
    const [coupon, found] = await Promise.all([coupons.get(id, tx), redemptions.get(id, ctx.openid, tx)])
    // A reservation whose order closed unpaid and was never released (reconciliation stopped between
    // the close and the release) is stale: released here, or the buyer would hold it for ever.
    const holder = found?.status === 'reserved' ? await orders.get(found.orderId, tx) : null
    const stale = !!holder && (holder.status === 'closed' || holder.paidAfterClose)
    const held = stale ? decideRelease(found, found!.orderId, ctx.now) : found
    const counted = coupon && stale ? { ...coupon, usedCount: coupon.usedCount - 1 } : coupon
    const preview = make(0, null)
    const reserved = decideReserve(counted, held, {
      openid: ctx.openid,
      orderId: preview._id,
      scope: priced.scope!,
      priceFen: priced.amountFen,
      now: ctx.now,
    })
    const record = make(reserved.discountFen, { id, code: coupon!.code, discountFen: reserved.discountFen })
    await redemptions.put(reserved.redemption, tx)
    // The stale reservation's count passes to this one.
    if (!stale) await coupons.update(id, { usedCount: cmd().inc(1), updatedAt: ctx.now }, tx)
    else await coupons.update(id, { updatedAt: ctx.now }, tx)
    await orders.put(record, tx)
    return record
  })
}

// ---------- the catalog's extras ----------

export async function standingView(circle: CircleRecord, membership: MembershipRecord | null, now: Date) {
  if (!membership || !membership.expiresAt || membership.status === 'left' || membership.status === 'removed')
    return null
  const access = accessAt(membership, circle, now)
  const state = access.state === 'active' || access.state === 'grace' ? access.state : 'expired'
  return {
    state,
    expiresAt: iso(membership.expiresAt),
    graceEndsAt: access.graceEndsAt ? iso(access.graceEndsAt) : null,
    trial: membership.source?.kind === 'trial',
  } as const
}

export async function trialOffer(circle: CircleRecord, caller: string | null, membership: MembershipRecord | null) {
  const days = settingsOf(circle).entry.trialDays
  if (circle.entryMode !== 'paid' || !circle.pricing?.entry || days < 1) return null
  const available = !!caller && !membership && !(await trials.get(circle._id, caller))
  return { days, available }
}

// ---------- the free trial ----------

export async function startTrial(input: In<'startTrial'>, ctx: ActionContext): Out<'startTrial'> {
  const circle = await circles.require(input.circleId)
  assertOpen(circle)
  const days = settingsOf(circle).entry.trialDays
  const entry = circle.entryMode === 'paid' ? circle.pricing?.entry : null
  const cohortEndsAt = entry?.term.kind === 'cohort' ? new Date(entry.term.endsAt) : null
  if (circle.ownerId === ctx.openid) throw new DomainError('already_member')
  if (await isBlacklisted(circle._id, ctx.openid)) throw new DomainError('blacklisted')
  const attribution = await resolveInvite(input.inviteCode, circle._id, ctx.openid)
  const membership = await transaction(async (tx) => {
    const [hadTrial, existing] = await Promise.all([
      trials.get(circle._id, ctx.openid, tx),
      memberships.get(circle._id, ctx.openid, tx),
    ])
    const endsAt = decideTrial({
      trialDays: days,
      onSale: !!entry,
      cohortEndsAt,
      hadTrial: !!hadTrial,
      membership: existing,
      now: ctx.now,
    })
    const m = await grantMembership(tx, {
      circleId: circle._id,
      openid: ctx.openid,
      days: null,
      cohortEndsAt: endsAt,
      now: ctx.now,
      source: { kind: 'trial', inviterId: attribution.inviterId, channel: attribution.channel },
    })
    await trials.put(
      {
        _id: trialId(circle._id, ctx.openid),
        circleId: circle._id,
        openid: ctx.openid,
        days,
        startedAt: ctx.now,
        expiresAt: endsAt,
      },
      tx,
    )
    return m
  })
  return { circleId: circle._id, expiresAt: iso(membership.expiresAt!) }
}

// ---------- coupons (the team) ----------

async function teamRole(circleId: string, ctx: ActionContext) {
  const { role } = await roleIn(circleId, ctx.openid, ctx.now)
  assertCan(role, 'circle.settings')
  return role
}

export async function couponsOf(input: In<'coupons'>, ctx: ActionContext): Out<'coupons'> {
  await teamRole(input.circleId, ctx)
  const page = await coupons.ofCircle(input.circleId, input.cursor, LIMITS.pageSize)
  return { items: page.rows.map(couponView), nextCursor: page.nextCursor }
}

export async function createCoupon(input: In<'createCoupon'>, ctx: ActionContext): Out<'createCoupon'> {
  const circle = await circles.require(input.circleId)
  await teamRole(circle._id, ctx)
  assertOpen(circle)
  if (!COUPON_CODE.test(input.couponCode)) throw new DomainError('invalid_argument', undefined, 'couponCode')
  const record: CouponRecord = {
    _id: couponId(circle._id, input.couponCode),
    circleId: circle._id,
    code: input.couponCode,
    title: input.title,
    kind: input.couponKind,
    amountFen: input.couponKind === 'fixed' ? input.amountFen : 0,
    offBps: input.couponKind === 'percent' ? input.offBps : 0,
    limit: input.couponLimit,
    usedCount: 0,
    paidCount: 0,
    scopes: [...new Set(input.couponScopes)],
    startsAt: new Date(input.validFrom),
    endsAt: new Date(input.validUntil),
    listed: input.listed,
    disabled: false,
    createdBy: ctx.openid,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  }
  validateCoupon(record)
  try {
    await coupons.add(record)
  } catch (e) {
    if (isDuplicateKey(e)) throw new DomainError('coupon_code_taken', undefined, 'couponCode')
    throw e
  }
  return couponView(record)
}

export async function disableCoupon(input: In<'disableCoupon'>, ctx: ActionContext): Out<'disableCoupon'> {
  const coupon = await coupons.get(input.couponId)
  if (!coupon) throw new DomainError('not_found', undefined, 'couponId')
  await teamRole(coupon.circleId, ctx)
  if (!coupon.disabled) await coupons.update(coupon._id, { disabled: true, updatedAt: ctx.now })
  return couponView({ ...coupon, disabled: true })
}

// ---------- term settings (the owner) ----------

async function termsView(circle: CircleRecord): Promise<TermsView> {
  const s = settingsOf(circle)
  const term = circle.pricing?.entry?.term
  return {
    circleId: circle._id,
    trialDays: s.entry.trialDays,
    renewal: {
      beforeExpiryBps: s.renewal.beforeExpiryBps,
      within30DaysBps: s.renewal.within30DaysBps,
      laterBps: s.renewal.laterBps,
      graceDays: s.renewal.graceDays,
      reminderDays: s.renewal.reminderDays,
    },
    cohortAllowed: term?.kind === 'cohort' || !(await orders.anyMembershipPaid(circle._id)),
  }
}

export async function terms(input: In<'terms'>, ctx: ActionContext): Out<'terms'> {
  const circle = await circles.require(input.circleId)
  await teamRole(circle._id, ctx)
  return termsView(circle)
}

export async function setTerms(input: In<'setTerms'>, ctx: ActionContext): Out<'setTerms'> {
  const circle = await circles.require(input.circleId)
  await teamRole(circle._id, ctx)
  assertOpen(circle)
  const s = settingsOf(circle)
  const renewal = input.renewal
    ? { ...input.renewal, reminderDays: [...new Set(input.renewal.reminderDays)].sort((a, b) => b - a) }
    : s.renewal
  validateTiers(renewal)
  const settings = {
    ...(circle.settings ?? {}),
    entry: { ...s.entry, trialDays: input.trialDays ?? s.entry.trialDays },
    renewal: { ...s.renewal, ...renewal },
  }
  // Only the parts this action owns are written (other features save theirs at the same time).
  const patch: Record<string, unknown> = { updatedAt: ctx.now }
  if (input.trialDays !== undefined) patch['settings.entry.trialDays'] = input.trialDays
  if (input.renewal) {
    for (const [k, v] of Object.entries(renewal)) patch[`settings.renewal.${k}`] = v
  }
  await circles.update(circle._id, patch)
  return termsView({ ...circle, settings })
}
