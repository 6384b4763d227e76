/** 活动门票 (core/products/ticket.ts): the held seat becomes a ticket; a full refund voids it and frees the seat. */
import { useCouponOf } from '../repos/coupons'
import { fulfilTicket, onTicketOrderClosed, voidTicket } from '../tickets'
import type { ProductStep } from './types'

export const ticket: ProductStep = {
  async grant(tx, order, now) {
    await useCouponOf(tx, order, now)
    await fulfilTicket(tx, order, now)
    return { granted: true }
  },
  // A partial refund by the team is money only.
  async revoke(tx, { before, full, now }) {
    if (full) await voidTicket(tx, before, now)
  },
  // A closed unpaid order gives its held seat back if its time ran out.
  closed: (order, now) => onTicketOrderClosed(order, now),
}
