/** The `group` function's actions (contract: core/contracts/group.ts; rules: core/group.ts; money: runtime/groups.ts). */
import { randomBytes } from 'crypto'
import { assertOpen as assertCircleOpen } from '../core/circle'
import type { ActionName, OutputOf, ParsedInput } from '../core/contract'
import type { GroupStart } from '../core/contracts/group'
import { assertMayBuyEntry } from '../core/entry'
import { DomainError } from '../core/errors'
import {
  GROUP_LIMITS,
  assertMayOrder,
  groupPriceBreakdown,
  newGroup,
  newOffer,
  type GroupOfferRecord,
  type GroupRecord,
} from '../core/group'
import { DEFAULT_SPLIT_RULES, newOrder, newOrderId, type OrderRecord } from '../core/money'
import { assertCan, can } from '../core/permissions'
import type { CircleRecord } from '../core/records'
import { isBlacklisted } from '../runtime/blacklist'
import { cashierFor, sellingChannel } from '../runtime/checkout'
import { transaction } from '../runtime/db'
import type { ActionContext } from '../runtime/handler'
import { newId } from '../runtime/ids'
import { settlementFor } from '../runtime/merchants'
import { applications } from '../runtime/repos/applications'
import { circles } from '../runtime/repos/circles'
import { groupOffers, groups } from '../runtime/repos/groups'
import { courses, entitlements, orders } from '../runtime/repos/money'
import { roleIn } from '../runtime/session'
import { groupCard, groupView, offerView } from './views'

type In<A extends ActionName<'group'>> = ParsedInput<'group', A>
type Out<A extends ActionName<'group'>> = Promise<OutputOf<'group', A>>

/** Open groups shown under each offer. */
const OPEN_GROUPS_SHOWN = 5

async function loadOffer(offerId: string): Promise<GroupOfferRecord> {
  const offer = await groupOffers.get(offerId)
  if (!offer) throw new DomainError('not_found', undefined, 'offerId')
  return offer
}

async function loadGroup(groupId: string): Promise<GroupRecord> {
  const group = await groups.get(groupId)
  if (!group) throw new DomainError('not_found', undefined, 'groupId')
  return group
}

/** What an offer sells and at what list price, as the circle prices it now. */
async function productOf(circle: CircleRecord, product: In<'createOffer'>['product']) {
  const pricing = circle.pricing ?? { entry: null, pass: null }
  if (product.kind === 'entry') {
    if (circle.entryMode === 'free' || !pricing.entry)
      throw new DomainError('product_unavailable', undefined, 'product')
    return {
      product: { kind: 'entry' as const, id: circle._id, title: `${circle.name} · 入圈` },
      listPriceFen: pricing.entry.priceFen,
    }
  }
  if (product.kind === 'pass') {
    if (!pricing.pass) throw new DomainError('product_unavailable', undefined, 'product')
    return {
      product: { kind: 'pass' as const, id: circle._id, title: `${circle.name} · 年卡` },
      listPriceFen: pricing.pass.priceFen,
    }
  }
  const course = await courses.get(product.courseId)
  if (!course || course.circleId !== circle._id) throw new DomainError('not_found', undefined, 'courseId')
  return { product: { kind: 'course' as const, id: course._id, title: course.title }, listPriceFen: course.priceFen }
}

export async function createOffer(input: In<'createOffer'>, ctx: ActionContext): Out<'createOffer'> {
  const circle = await circles.require(input.circleId)
  const { role } = await roleIn(circle._id, ctx.openid, ctx.now)
  assertCan(role, 'group.manage')
  assertCircleOpen(circle)
  const { product, listPriceFen } = await productOf(circle, input.product)
  const open = await groupOffers.ofCircle({ circleId: circle._id, status: 'open', limit: GROUP_LIMITS.maxOpenOffers })
  if (open.rows.length >= GROUP_LIMITS.maxOpenOffers) throw new DomainError('group_offer_limit')
  const offer = newOffer({
    id: newId(ctx.now),
    circleId: circle._id,
    product,
    listPriceFen,
    priceFen: input.priceFen,
    size: input.size,
    limitHours: input.limitHours,
    createdBy: ctx.openid,
    now: ctx.now,
  })
  await groupOffers.put(offer)
  return offerView(offer, ctx.device, [])
}

export async function closeOffer(input: In<'closeOffer'>, ctx: ActionContext): Out<'closeOffer'> {
  const offer = await loadOffer(input.offerId)
  const { role } = await roleIn(offer.circleId, ctx.openid, ctx.now)
  assertCan(role, 'group.manage')
  const closed: GroupOfferRecord =
    offer.status === 'closed' ? offer : { ...offer, status: 'closed', closedAt: ctx.now, updatedAt: ctx.now }
  if (closed !== offer) await groupOffers.put(closed)
  return offerView(closed, ctx.device, [])
}

export async function offers(input: In<'offers'>, ctx: ActionContext): Out<'offers'> {
  const circle = await circles.require(input.circleId)
  const [{ role }, page] = await Promise.all([
    roleIn(circle._id, ctx.openid, ctx.now),
    groupOffers.ofCircle({ circleId: circle._id, status: 'open', limit: GROUP_LIMITS.maxOpenOffers }),
  ])
  const forming = await Promise.all(page.rows.map((o) => groups.forming(o._id, ctx.now, OPEN_GROUPS_SHOWN)))
  return {
    items: page.rows.map((o, i) => offerView(o, ctx.device, forming[i])),
    canManage: can(role, 'group.manage'),
  }
}

export async function manage(input: In<'manage'>, ctx: ActionContext): Out<'manage'> {
  const { role } = await roleIn(input.circleId, ctx.openid, ctx.now)
  assertCan(role, 'group.manage')
  const page = await groupOffers.ofCircle({
    circleId: input.circleId,
    status: input.status,
    cursor: input.cursor,
    limit: 20,
  })
  return { items: page.rows.map((o) => offerView(o, ctx.device, [])), nextCursor: page.nextCursor }
}

async function viewFor(group: GroupRecord, ctx: ActionContext, mine?: OrderRecord | null) {
  const [circle, offer] = await Promise.all([circles.get(group.circleId), groupOffers.get(group.offerId)])
  const seat = group.members.find((m) => m.openid === ctx.openid)
  const order = mine ?? (seat ? await orders.get(seat.orderId) : null)
  return groupView(group, {
    openid: ctx.openid,
    device: ctx.device,
    now: ctx.now,
    circleName: circle?.name ?? '',
    listPriceFen: offer?.listPriceFen ?? group.priceFen,
    me: order?.group ? { orderId: order._id, state: order.group.state } : null,
  })
}

export async function get(input: In<'get'>, ctx: ActionContext): Out<'get'> {
  return viewFor(await loadGroup(input.groupId), ctx)
}

export async function mine(input: In<'mine'>, ctx: ActionContext): Out<'mine'> {
  const page = await groups.ofMember({ circleId: input.circleId, openid: ctx.openid, cursor: input.cursor, limit: 20 })
  return { items: page.rows.map(groupCard), nextCursor: page.nextCursor }
}

/**
 * The order for one seat, priced on the server: the offer's group price for the offer's product,
 * with the term the circle sells now. The buyer must be able to buy the product itself (not the
 * owner buying entry, not blacklisted, approved where approval is needed, not owning the course).
 */
async function seatOrder(
  group: GroupRecord,
  offer: GroupOfferRecord,
  circle: CircleRecord,
  platform: In<'start'>['platform'],
  ctx: ActionContext,
): Promise<OrderRecord> {
  assertCircleOpen(circle)
  const { role, membership } = await roleIn(circle._id, ctx.openid, ctx.now)
  const kind = group.product.kind
  const pricing = circle.pricing ?? { entry: null, pass: null }
  let termDays: number | null = null
  let cohortEndsAt: Date | null = null
  if (kind === 'entry' || kind === 'pass') {
    if (role === 'owner') throw new DomainError('product_unavailable')
    if (await isBlacklisted(circle._id, ctx.openid)) throw new DomainError('blacklisted')
    if (circle.entryMode === 'approval')
      assertMayBuyEntry(circle, await applications.get(circle._id, ctx.openid), ctx.now, membership)
  }
  if (kind === 'entry') {
    const term = pricing.entry?.term
    if (!term || circle.entryMode === 'free') throw new DomainError('product_unavailable')
    if (term.kind === 'rolling') termDays = term.days
    else {
      cohortEndsAt = new Date(term.endsAt)
      if (cohortEndsAt.getTime() <= ctx.now.getTime()) throw new DomainError('product_unavailable')
    }
  } else if (kind === 'pass') {
    if (!pricing.pass) throw new DomainError('product_unavailable')
    termDays = pricing.pass.days
  } else if (await entitlements.get(group.product.id, ctx.openid)) throw new DomainError('already_purchased')
  const channel = sellingChannel(kind, platform)
  const settlement = await settlementFor(circle, channel.name, ctx.openid)
  const price = groupPriceBreakdown(offer.listPriceFen, group.priceFen)
  return newOrder({
    id: newOrderId(ctx.now, randomBytes(8).toString('hex')),
    buyer: ctx.openid,
    circleId: circle._id,
    circleName: circle.name,
    product: { ...group.product, title: `${group.product.title}（${group.size}人团）` },
    priceBreakdown: { ...price, discount: price.discountFen > 0 ? 'group' : null },
    termDays,
    cohortEndsAt,
    splitRules: circle.splitRules ?? DEFAULT_SPLIT_RULES,
    channel: channel.name,
    settlement,
    group: { groupId: group._id, offerId: offer._id },
    now: ctx.now,
  })
}

async function startSeat(group: GroupRecord, order: OrderRecord, ctx: ActionContext) {
  const pay = await cashierFor(order, ctx.now)
  const start: GroupStart = { group: await viewFor(group, ctx, order), orderId: order._id, pay }
  return start
}

export async function start(input: In<'start'>, ctx: ActionContext): Out<'start'> {
  const offer = await loadOffer(input.offerId)
  if (offer.status !== 'open') throw new DomainError('group_offer_closed')
  const circle = await circles.require(offer.circleId)
  const group = newGroup(offer, { id: newId(ctx.now), leader: ctx.openid, now: ctx.now })
  const order = await seatOrder(group, offer, circle, input.platform, ctx)
  await transaction(async (tx) => {
    await groups.put(group, tx)
    await orders.put(order, tx)
  })
  return startSeat(group, order, ctx)
}

export async function join(input: In<'join'>, ctx: ActionContext): Out<'join'> {
  const group = await loadGroup(input.groupId)
  assertMayOrder(group, ctx.openid, ctx.now)
  const [offer, circle] = await Promise.all([loadOffer(group.offerId), circles.require(group.circleId)])
  const order = await seatOrder(group, offer, circle, input.platform, ctx)
  await transaction(async (tx) => {
    await orders.put(order, tx)
  })
  return startSeat(group, order, ctx)
}
