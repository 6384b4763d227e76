/** 课程 (core/products/course.ts): lifetime access; a full refund ends it (a partial one by the team is money only). */
import { useCouponOf } from '../repos/coupons'
import { entitlements } from '../repos/money'
import type { ProductStep } from './types'

export const course: ProductStep = {
  async grant(tx, order, now) {
    await useCouponOf(tx, order, now)
    await entitlements.put(
      {
        _id: `${order.product.id}:${order.buyer}`,
        courseId: order.product.id,
        openid: order.buyer,
        orderId: order._id,
        grantedAt: now,
      },
      tx,
    )
    return { granted: true }
  },

  async revoke(tx, { before, full }) {
    if (!full) return
    const access = await entitlements.get(before.product.id, before.buyer, tx)
    // Only the access this order granted (a later order for the same course owns its own).
    if (access && access.orderId === before._id) await entitlements.remove(access._id, tx)
  },
}
