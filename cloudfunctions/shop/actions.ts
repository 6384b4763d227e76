/** Buying (docs/money.md "Orders", docs/features.md §2–§3, §9): load, apply a core rule, save. */
import { randomBytes } from 'crypto'
import { assertOpen, roleAt } from '../core/circle'
import type { ActionName, Catalog, OutputOf, ParsedInput } from '../core/contract'
import { DomainError } from '../core/errors'
import { LIMITS } from '../core/limits'
import {
  DEFAULT_SPLIT_RULES,
  decideOwnerRefund,
  decideSelfRefund,
  newOrder,
  newOrderId,
  subMchidOf,
  type OrderRecord,
} from '../core/money'
import { ownerCanSell, settlementFor } from '../runtime/merchants'
import type { CourseRecord } from '../core/money-records'
import { assertCan } from '../core/permissions'
import { productRule } from '../core/products'
import type { CircleRecord } from '../core/records'
import { transaction } from '../runtime/db'
import { fulfilPaid, grantMembership } from '../runtime/fulfil'
import type { ActionContext } from '../runtime/handler'
import { newId } from '../runtime/ids'
import { payments, sale, saleView } from '../runtime/payments'
import { isLocalCloud } from '../runtime/payment/config'
import { cashierFor, sellingChannel } from '../runtime/checkout'
import { startRefund } from '../runtime/refunds'
import { dispatchOutbox } from '../runtime/outbox'
import { circles } from '../runtime/repos/circles'
import { courses, entitlements, gifts, orders } from '../runtime/repos/money'
import { users } from '../runtime/repos/users'
import { roleIn } from '../runtime/session'
import { userView } from '../core/views'
import { isBlacklisted } from '../runtime/blacklist'
import { resolveInvite } from '../runtime/invites'
import { assertMayBuyEntry } from '../core/entry'
import { applications } from '../runtime/repos/applications'
import { listedCoupons, placeOrder, priceProduct, quoteEntryFor, standingView, tierView, trialOffer } from './pricing'
import { courseView, orderView, orderViews } from './views'

type In<A extends ActionName<'shop'>> = ParsedInput<'shop', A>
type Out<A extends ActionName<'shop'>> = Promise<OutputOf<'shop', A>>

async function catalogFor(circle: CircleRecord, ctx: ActionContext): Promise<Catalog> {
  const { membership } = await roleIn(circle._id, ctx.caller, ctx.now)
  const pricing = circle.pricing ?? { entry: null, pass: null }
  const entryQuote =
    circle.entryMode !== 'free' && pricing.entry ? safeQuote(() => quoteEntryFor(circle, membership, ctx.now)) : null
  const list = await courses.ofCircle(circle._id)
  const owned = ctx.caller
    ? new Set(
        (
          await entitlements.ofUser(
            ctx.caller,
            list.map((c) => c._id),
          )
        ).map((e) => e.courseId),
      )
    : new Set<string>()
  const isMember = !!roleAt(membership, ctx.now)
  // named without building an adapter: a catalog read needs no payment secrets
  const channel = sale('entry', ctx.device).channel === 'wxpay' ? (isLocalCloud() ? 'local' : 'wxpay') : 'virtual'
  const [standing, trial, coupons] = await Promise.all([
    standingView(circle, membership, ctx.now),
    trialOffer(circle, ctx.caller, membership),
    listedCoupons(circle._id, ctx.caller, ctx.now),
  ])
  return {
    circleId: circle._id,
    circleName: circle.name,
    entry: entryQuote
      ? {
          priceFen: entryQuote.amountFen,
          markedPriceFen: pricing.entry!.markedPriceFen ?? null,
          perDayText: entryQuote.perDayText,
          term:
            pricing.entry!.term.kind === 'rolling'
              ? { kind: 'rolling', days: pricing.entry!.term.days }
              : { kind: 'cohort', endsAt: new Date(pricing.entry!.term.endsAt).toISOString() },
          termEndsAt: entryQuote.termEndsAt.toISOString(),
          remainingDays: entryQuote.remainingDays ?? null,
          refundHours: productRule('entry').selfRefund?.windowHours ?? 0,
          kind: entryQuote.kind,
          baseFen: entryQuote.baseFen,
          tier: tierView(entryQuote),
        }
      : null,
    pass: pricing.pass ? { priceFen: pricing.pass.priceFen, days: pricing.pass.days } : null,
    courses: list.map((c) => courseView(c, { owned: owned.has(c._id), isMember, locked: true }).card),
    channel,
    sale: {
      entry: saleView('entry', ctx.device),
      pass: saleView('pass', ctx.device),
      course: saleView('course', ctx.device),
    },
    member:
      isMember && membership
        ? {
            role: membership.role,
            expiresAt: membership.expiresAt ? new Date(membership.expiresAt).toISOString() : null,
          }
        : null,
    standing,
    trial,
    coupons,
    // 平台收付通: paid entry opens once the owner's sub-merchant is ready (the same rule as shop.order).
    selling: (await ownerCanSell(circle.ownerId))
      ? { open: true, code: null }
      : { open: false, code: ctx.caller === circle.ownerId ? 'merchant_setup_required' : 'merchant_not_ready' },
  }
}

/** A quote that cannot be made (a cohort that already ended) means the product is not on sale. */
function safeQuote<T>(make: () => T): T | null {
  try {
    return make()
  } catch (e) {
    if (e instanceof DomainError && (e.code === 'product_unavailable' || e.code === 'already_purchased')) return null
    throw e
  }
}

export async function catalog(input: In<'catalog'>, ctx: ActionContext): Out<'catalog'> {
  return catalogFor(await circles.require(input.circleId), ctx)
}

export async function order(input: In<'order'>, ctx: ActionContext): Out<'order'> {
  const circle = await circles.require(input.circleId)
  assertOpen(circle)
  const { role, membership } = await roleIn(circle._id, ctx.openid, ctx.now)
  const product = input.product
  const forSelf = product.kind === 'entry' || (product.kind === 'pass' && !product.gift)
  if (forSelf && (await isBlacklisted(circle._id, ctx.openid))) throw new DomainError('blacklisted')
  // entry: approval + paid — only an approved applicant within the pay window (or a past member renewing) buys
  if (forSelf && circle.entryMode === 'approval')
    assertMayBuyEntry(circle, await applications.get(circle._id, ctx.openid), ctx.now, membership)
  const priced = await priceProduct(circle, product, { openid: ctx.openid, role, membership }, ctx.now)
  const channel = sellingChannel(priced.product.kind, input.platform)
  // 平台收付通: the money goes to the owner's sub-merchant, which must be ready to sell.
  const settlement = await settlementFor(circle, channel.name, ctx.openid)
  // Who brought the buyer (entry and passes for oneself): the referrer's commission and the 渠道.
  const invite = forSelf
    ? await resolveInvite(input.inviteCode, circle._id, ctx.openid)
    : { inviterId: null, channel: null }
  const orderId = newOrderId(ctx.now, randomBytes(8).toString('hex'))
  const record = await placeOrder(
    priced,
    input.couponCode,
    (couponFen, coupon) => ({
      ...newOrder({
        id: orderId,
        buyer: ctx.openid,
        circleId: circle._id,
        circleName: circle.name,
        product: priced.product,
        priceBreakdown: {
          baseFen: priced.baseFen,
          discountFen: priced.discountFen + couponFen,
          discount: coupon ? 'coupon' : priced.discount,
        },
        termDays: priced.termDays,
        cohortEndsAt: priced.cohortEndsAt,
        splitRules: circle.splitRules ?? DEFAULT_SPLIT_RULES,
        channel: channel.name,
        referrer: invite.inviterId,
        settlement,
        now: ctx.now,
      }),
      inviteChannel: invite.channel,
      coupon,
      renewalTier: priced.renewalTier,
    }),
    ctx,
    circle._id,
  )
  return { order: await orderView(record, ctx), pay: await cashierFor(record, ctx.now) }
}

async function loadOwnOrder(orderId: string, ctx: ActionContext): Promise<OrderRecord> {
  const record = await orders.get(orderId)
  if (!record || record.buyer !== ctx.openid) throw new DomainError('order_not_found', undefined, 'orderId')
  return record
}

export async function pay(input: In<'pay'>, ctx: ActionContext): Out<'pay'> {
  const record = await loadOwnOrder(input.orderId, ctx)
  if (record.status !== 'pending')
    throw new DomainError(record.status === 'closed' ? 'order_closed' : 'order_not_refundable')
  if (record.expiresAt.getTime() <= ctx.now.getTime()) throw new DomainError('order_closed')
  // Reopened on another device: only through the channel this device may use for it.
  const here = sale(record.product.kind, ctx.device)
  if (!here.purchasable || (here.channel === 'virtual') !== (record.channel === 'virtual'))
    throw new DomainError('payment_channel_unavailable')
  return { order: await orderView(record, ctx), pay: await cashierFor(record, ctx.now) }
}

/** "I paid": ask the channel; a paid order is fulfilled here if the notification has not come yet. */
export async function confirm(input: In<'confirm'>, ctx: ActionContext): Out<'confirm'> {
  const record = await loadOwnOrder(input.orderId, ctx)
  if (record.status !== 'pending') return orderView(record, ctx)
  const result = await payments()
    .byName(record.channel)
    .queryOrder(record._id, { payerOpenid: record.buyer, subMchid: subMchidOf(record) })
  if (result.state === 'SUCCESS' && result.transactionId && result.amountFen !== undefined) {
    const done = await fulfilPaid(
      record._id,
      { transactionId: result.transactionId, amountFen: result.amountFen, paidAt: result.paidAt ?? ctx.now },
      ctx.now,
    )
    return orderView(done, ctx)
  }
  return orderView(record, ctx)
}

export async function getOrder(input: In<'getOrder'>, ctx: ActionContext): Out<'getOrder'> {
  return orderView(await loadOwnOrder(input.orderId, ctx), ctx)
}

export async function orders_(input: In<'orders'>, ctx: ActionContext): Out<'orders'> {
  const page = await orders.ofBuyer(ctx.openid, input.cursor, LIMITS.pageSize)
  return { items: await orderViews(page.rows, ctx), nextCursor: page.nextCursor }
}

export async function refund(input: In<'refund'>, ctx: ActionContext): Out<'refund'> {
  const record = await loadOwnOrder(input.orderId, ctx)
  const done = await startRefund(record._id, {
    by: 'self',
    reason: input.reason,
    now: ctx.now,
    decide: (o, c) =>
      decideSelfRefund(o, { now: c.now, refundsUsedInCircle: c.refundsUsedInCircle, reason: c.reason, facts: c.facts }),
  })
  await dispatchOutbox(ctx.now, { only: done.outboxIds })
  return orderView((await orders.get(record._id)) ?? done.order, ctx)
}

export async function ownerRefund(input: In<'ownerRefund'>, ctx: ActionContext): Out<'ownerRefund'> {
  const record = await orders.get(input.orderId)
  if (!record) throw new DomainError('order_not_found', undefined, 'orderId')
  const { role } = await roleIn(record.circleId, ctx.openid, ctx.now)
  assertCan(role, 'circle.refund')
  const done = await startRefund(record._id, {
    by: 'owner',
    reason: input.reason,
    now: ctx.now,
    decide: (o, c) => decideOwnerRefund(o, { now: c.now, reason: c.reason }),
  })
  await dispatchOutbox(ctx.now, { only: done.outboxIds })
  const buyer = await users.get(record.buyer)
  return orderView((await orders.get(record._id)) ?? done.order, ctx, {
    buyer: buyer ? userView(buyer) : { openid: record.buyer, nickname: '', avatarUrl: '' },
  })
}

export async function circleOrders(input: In<'circleOrders'>, ctx: ActionContext): Out<'circleOrders'> {
  const { role } = await roleIn(input.circleId, ctx.openid, ctx.now)
  assertCan(role, 'circle.seeIncome')
  const page = await orders.ofCircle(input.circleId, input.cursor, LIMITS.pageSize)
  const buyers = new Map(
    (await users.getMany([...new Set(page.rows.map((o) => o.buyer))])).map((u) => [u._id, userView(u)]),
  )
  const unknown = (openid: string) => ({ openid, nickname: `微信用户${openid.slice(-4)}`, avatarUrl: '' })
  return {
    items: await orderViews(page.rows, ctx, (o) => buyers.get(o.buyer) ?? unknown(o.buyer)),
    nextCursor: page.nextCursor,
  }
}

export async function redeem(input: In<'redeem'>, ctx: ActionContext): Out<'redeem'> {
  const code = input.code.toUpperCase()
  const result = await transaction(async (tx) => {
    const gift = await gifts.get(code, tx)
    if (!gift || gift.redeemedBy) throw new DomainError('gift_code_invalid', undefined, 'code')
    const circle = await circles.get(gift.circleId, tx)
    if (!circle) throw new DomainError('gift_code_invalid', undefined, 'code')
    const membership = await grantMembership(tx, {
      circleId: gift.circleId,
      openid: ctx.openid,
      days: gift.days,
      cohortEndsAt: null,
      now: ctx.now,
      source: { kind: 'gift', inviterId: null, channel: null },
    })
    await gifts.put({ ...gift, redeemedBy: ctx.openid, redeemedAt: ctx.now }, tx)
    return { circleId: circle._id, circleName: circle.name, expiresAt: membership.expiresAt! }
  })
  return { ...result, expiresAt: new Date(result.expiresAt).toISOString() }
}

export async function course(input: In<'course'>, ctx: ActionContext): Out<'course'> {
  const record = await courses.get(input.courseId)
  if (!record) throw new DomainError('not_found', undefined, 'courseId')
  const [{ role }, owned] = await Promise.all([
    roleIn(record.circleId, ctx.caller, ctx.now),
    ctx.caller ? entitlements.get(record._id, ctx.caller) : Promise.resolve(null),
  ])
  const isOwnerTeam = role === 'owner' || role === 'admin'
  return courseView(record, {
    owned: !!owned,
    isMember: !!role,
    locked: !owned && !isOwnerTeam,
    sale: saleView('course', ctx.device),
  }).full
}

export async function setPricing(input: In<'setPricing'>, ctx: ActionContext): Out<'setPricing'> {
  const circle = await circles.require(input.circleId)
  const { role } = await roleIn(circle._id, ctx.openid, ctx.now)
  assertCan(role, 'circle.edit')
  assertOpen(circle)
  const current = circle.pricing ?? { entry: null, pass: null }
  const next = {
    entry:
      input.entry === undefined
        ? current.entry
        : input.entry && {
            ...input.entry,
            term:
              input.entry.term.kind === 'cohort'
                ? { kind: 'cohort' as const, endsAt: new Date(input.entry.term.endsAt) }
                : input.entry.term,
          },
    pass: input.pass === undefined ? current.pass : input.pass,
  }
  if (
    next.entry &&
    next.entry.markedPriceFen !== null &&
    next.entry.markedPriceFen !== undefined &&
    next.entry.markedPriceFen <= next.entry.priceFen
  ) {
    throw new DomainError('invalid_argument', undefined, 'markedPriceFen')
  }
  // Cohort → rolling is always allowed; rolling → cohort only while nobody has paid (docs/money.md "Terms").
  if (
    next.entry?.term.kind === 'cohort' &&
    current.entry?.term.kind !== 'cohort' &&
    (await orders.anyMembershipPaid(circle._id))
  ) {
    throw new DomainError('term_switch_not_allowed', undefined, 'entry')
  }
  await circles.update(circle._id, { pricing: next, updatedAt: ctx.now })
  return catalogFor({ ...circle, pricing: next }, ctx)
}

export async function saveCourse(input: In<'saveCourse'>, ctx: ActionContext): Out<'saveCourse'> {
  const circle = await circles.require(input.circleId)
  const { role } = await roleIn(circle._id, ctx.openid, ctx.now)
  assertCan(role, 'circle.edit')
  const existing = input.courseId ? await courses.get(input.courseId) : null
  if (input.courseId && (!existing || existing.circleId !== circle._id))
    throw new DomainError('not_found', undefined, 'courseId')
  const record: CourseRecord = {
    _id: existing?._id ?? newId(ctx.now),
    circleId: circle._id,
    title: input.title,
    intro: input.intro,
    coverUrl: input.coverUrl,
    priceFen: input.priceFen,
    memberDiscountBps: input.memberDiscountBps,
    lessons: input.lessons.map((l, i) => ({
      id: l.id ?? `${i + 1}-${randomBytes(3).toString('hex')}`,
      title: l.title,
      body: l.body,
      images: l.images,
      videoUrl: l.videoUrl,
      free: l.free,
    })),
    createdAt: existing?.createdAt ?? ctx.now,
    updatedAt: ctx.now,
  }
  await courses.put(record)
  return courseView(record, { owned: false, isMember: true, locked: false }).full
}

export { orders_ as orders }
export { quote, startTrial, couponsOf as coupons, createCoupon, disableCoupon, setTerms, terms } from './pricing'
