/** 年卡 · 赠送 (core/products/passGift.ts): a gift code; a refund deletes it, and is refused once it was redeemed. */
import { createHash } from 'crypto'
import { DomainError } from '../../core/errors'
import type { OrderRecord } from '../../core/money'
import type { Tx } from '../db'
import { useCouponOf } from '../repos/coupons'
import { gifts } from '../repos/money'
import type { ProductStep } from './types'

/** A gift code a person can type: 10 characters derived from the order (so a retry makes the same one). */
export function giftCodeOf(orderId: string): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
  const digest = createHash('sha256').update(`gift:${orderId}`).digest()
  return Array.from(digest.subarray(0, 10), (b) => alphabet[b % alphabet.length]).join('')
}

export const passGift: ProductStep = {
  async grant(tx, order, now) {
    await useCouponOf(tx, order, now)
    await gifts.put(
      {
        _id: giftCodeOf(order._id),
        orderId: order._id,
        circleId: order.circleId,
        days: order.termDays ?? 365,
        buyer: order.buyer,
        redeemedBy: null,
        redeemedAt: null,
      },
      tx,
    )
    return { granted: true }
  },

  async revoke(tx, { before }) {
    const gift = await gifts.get(giftCodeOf(before._id), tx)
    if (gift?.redeemedBy) throw new DomainError('order_not_refundable')
    if (gift) await gifts.remove(gift._id, tx)
  },

  async facts(order: OrderRecord, tx?: Tx) {
    if (order.status !== 'paid' && order.status !== 'partially_refunded') return { redeemed: false, giftCode: null }
    const gift = await gifts.get(giftCodeOf(order._id), tx)
    return { redeemed: !!gift?.redeemedBy, giftCode: gift ? gift._id : null }
  },
}
