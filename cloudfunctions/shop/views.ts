/** Orders and courses as the buyer (or the owner) sees them. */
import type { CourseCard, CourseView, OrderView, SaleView, UserView } from '../core/contract'
import type { OrderRecord } from '../core/money'
import type { CourseRecord } from '../core/money-records'
import { quoteCourse } from '../core/money'
import type { ActionContext } from '../runtime/handler'
import { saleView } from '../runtime/payments'
import { gifts } from '../runtime/repos/money'

const REFUND_WINDOW_MS = 72 * 3600 * 1000
const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null)

export async function orderView(o: OrderRecord, ctx: ActionContext, opts: { buyer?: UserView } = {}): Promise<OrderView> {
  const gift = o.product.kind === 'pass_gift' && o.status === 'paid' ? await gifts.ofOrder(o._id) : null
  const refundableUntil =
    // an event ticket is cancelled (and refunded by the event's rules) from the event, not here;
    // a question is refunded by its own rules (declined or unanswered), a peek is read at once
    o.status === 'paid' && o.paidAt && o.product.kind !== 'ticket' && o.product.kind !== 'question' && o.product.kind !== 'peek' && !(o.product.kind === 'pass_gift' && gift?.redeemedBy)
      ? new Date(new Date(o.paidAt).getTime() + REFUND_WINDOW_MS)
      : null
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
    refundableUntil: refundableUntil && refundableUntil > ctx.now ? refundableUntil.toISOString() : null,
    refundedFen: o.refundedFen,
    // Only the buyer sees the code to give away.
    giftCode: gift && !opts.buyer && ctx.caller === o.buyer ? gift._id : null,
    giftRedeemed: !!gift?.redeemedBy,
    buyer: opts.buyer ?? null,
    sale: saleView(o.product.kind, ctx.device),
  }
}

const SOLD: SaleView = { purchasable: true, showPrice: true }

/** `sale`: how this device may buy it (the owner's editor: always as sold). */
export function courseView(c: CourseRecord, opts: { owned: boolean; isMember: boolean; locked: boolean; sale?: SaleView }): { card: CourseCard; full: CourseView } {
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
    return { id: l.id, title: l.title, free: l.free, locked, body: locked ? '' : l.body, images: locked ? [] : l.images, videoUrl: locked ? '' : l.videoUrl }
  })
  return { card, full: { ...card, circleId: c.circleId, memberDiscountBps: c.memberDiscountBps, lessons, sale: opts.sale ?? SOLD } }
}
