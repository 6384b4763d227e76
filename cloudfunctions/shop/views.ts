/** Orders and courses as the buyer (or the owner) sees them. */
import type { CourseCard, CourseView, OrderView, SaleView, UserView } from '../core/contract'
import type { OrderRecord } from '../core/money'
import type { CourseRecord } from '../core/money-records'
import { quoteCourse } from '../core/money'
import { ownerRefundableFen, refundOffer } from '../core/products'
import type { ActionContext } from '../runtime/handler'
import { saleView } from '../runtime/sale'
import { refundFacts } from '../runtime/products'
import { refundQuotas } from '../runtime/repos/money'

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null)

const SOLD: SaleView = { purchasable: true, showPrice: true }

/**
 * The order as its buyer or the team sees it. The refund fields are the product registry's offer
 * (core/products refundOffer), with the same facts and quota `shop.refund` reads, so the view never
 * promises a refund the action refuses. `refundsUsed`: the buyer's self-refunds in the circle, when
 * the caller already read them (lists read each circle's once).
 */
export async function orderView(
  o: OrderRecord,
  ctx: ActionContext,
  opts: { buyer?: UserView; refundsUsed?: number } = {},
): Promise<OrderView> {
  // The team's list (opts.buyer): a record of a sale in the seller's own books, not an offer to the
  // viewer, so it is shown with its amount on every device (docs/payments.md "Owner money screens on iOS").
  const sale = opts.buyer ? SOLD : saleView(o.product.kind, ctx.device)
  const facts = await refundFacts(o)
  const used =
    opts.refundsUsed ?? (o.status === 'paid' ? ((await refundQuotas.get(o.circleId, o.buyer))?.used ?? 0) : 0)
  const offer = refundOffer(o, { now: ctx.now, refundsUsedInCircle: used, facts })
  return {
    id: o._id,
    circleId: o.circleId,
    circleName: o.circleName,
    product: o.product,
    amountFen: o.amountFen,
    status: o.status,
    channel: o.channel,
    createdAt: iso(o.createdAt)!,
    expiresAt: iso(o.expiresAt)!,
    paidAt: iso(o.paidAt),
    canRefund: offer.canRefund,
    refundableUntil: iso(offer.refundableUntil),
    refundableFen: offer.refundableFen,
    refundNote: offer.note,
    refunding: o.refunds.some((r) => r.status === 'pending'),
    ownerRefundableFen: ownerRefundableFen(o, facts),
    refundedFen: o.refundedFen,
    // Only the buyer sees the code to give away.
    giftCode: facts.giftCode && !opts.buyer && ctx.caller === o.buyer ? facts.giftCode : null,
    giftRedeemed: !!facts.redeemed,
    buyer: opts.buyer ?? null,
    sale,
    group: o.group ? { groupId: o.group.groupId, state: o.group.state } : null,
  }
}

/** A page of orders: each buyer's refund quota per circle is read once. */
export async function orderViews(
  rows: OrderRecord[],
  ctx: ActionContext,
  buyerOf?: (o: OrderRecord) => UserView,
): Promise<OrderView[]> {
  const keys = [...new Set(rows.filter((o) => o.status === 'paid').map((o) => `${o.circleId}\u0000${o.buyer}`))]
  const used = new Map(
    await Promise.all(
      keys.map(async (k) => {
        const [circleId, buyer] = k.split('\u0000')
        return [k, (await refundQuotas.get(circleId, buyer))?.used ?? 0] as const
      }),
    ),
  )
  return Promise.all(
    rows.map((o) =>
      orderView(o, ctx, { buyer: buyerOf?.(o), refundsUsed: used.get(`${o.circleId}\u0000${o.buyer}`) ?? 0 }),
    ),
  )
}

/** `sale`: how this device may buy it (the owner's editor: always as sold). */
export function courseView(
  c: CourseRecord,
  opts: { owned: boolean; isMember: boolean; locked: boolean; sale?: SaleView },
): { card: CourseCard; full: CourseView } {
  const card: CourseCard = {
    id: c._id,
    title: c.title,
    intro: c.intro,
    coverUrl: c.coverUrl,
    priceFen: c.priceFen,
    memberPriceFen: quoteCourse(c, { isMember: true }).amountFen,
    lessonCount: c.lessons.length,
    freeLessonCount: c.lessons.filter((l) => l.free).length,
    owned: opts.owned,
  }
  const lessons = c.lessons.map((l) => {
    const locked = opts.locked && !l.free
    return {
      id: l.id,
      title: l.title,
      free: l.free,
      locked,
      body: locked ? '' : l.body,
      images: locked ? [] : l.images,
      videoUrl: locked ? '' : l.videoUrl,
    }
  })
  return {
    card,
    full: { ...card, circleId: c.circleId, memberDiscountBps: c.memberDiscountBps, lessons, sale: opts.sale ?? SOLD },
  }
}
