/** coupons, couponRedemptions and trials: every query the pricing actions make, with its index. */
import { decideRelease, decideUse, redemptionId, type CouponRecord, type RedemptionRecord } from '../../core/coupons'
import type { OrderRecord } from '../../core/money'
import { cmd, db, getById, getMany, isDuplicateKey, newestFirst, transaction, type Tx } from '../db'
import { withoutId } from './users'

const COUPONS = 'coupons'
const REDEMPTIONS = 'couponRedemptions'
const TRIALS = 'trials'

type Source = Tx | ReturnType<typeof db>

export interface TrialRecord {
  _id: string // `${circleId}:${openid}`
  circleId: string
  openid: string
  days: number
  startedAt: Date
  expiresAt: Date
}

export const trialId = (circleId: string, openid: string) => `${circleId}:${openid}`

export const coupons = {
  get: (id: string, source: Source = db()) => getById<CouponRecord>(source, COUPONS, id),
  getMany: (ids: string[]) => getMany<CouponRecord>(COUPONS, ids),
  /** Writes one by its id in a transaction (a reward's coupon, its code derived from the cause). */
  async put(c: CouponRecord, tx: Tx): Promise<void> {
    await tx
      .collection(COUPONS)
      .doc(c._id)
      .set({ data: withoutId(c) })
  },
  /** Creates; a taken code fails with a duplicate key (the id is the code). */
  async add(c: CouponRecord): Promise<void> {
    await db().collection(COUPONS).add({ data: c })
  },
  /** Creates a coupon whose code comes from its cause; false when it exists already (issued once). */
  /**
   * Adds those not there yet (deterministic ids: one read, one batch insert) and answers them; when
   * a concurrent run issued some in between, the batch is refused and each is added on its own.
   */
  async addNew(records: CouponRecord[]): Promise<CouponRecord[]> {
    const existing = new Set((await coupons.getMany(records.map((r) => r._id))).map((c) => c._id))
    const fresh = records.filter((r) => !existing.has(r._id))
    if (fresh.length === 0) return []
    try {
      await db().collection(COUPONS).add({ data: fresh })
      return fresh
    } catch (error) {
      if (!isDuplicateKey(error)) throw error
      const added: CouponRecord[] = []
      for (const r of fresh) if (await coupons.addOnce(r)) added.push(r)
      return added
    }
  },
  async addOnce(c: CouponRecord): Promise<boolean> {
    try {
      await db().collection(COUPONS).add({ data: c })
      return true
    } catch (error) {
      if (!isDuplicateKey(error)) throw error
      return false
    }
  },
  async update(id: string, patch: Record<string, unknown>, tx?: Tx): Promise<void> {
    await (tx ?? db()).collection(COUPONS).doc(id).update({ data: patch })
  },
  /** A circle's coupons, newest first (index circle_createdAt). */
  async ofCircle(circleId: string, cursor: string | undefined, limit: number) {
    const where = { circleId }
    return newestFirst<CouponRecord>(COUPONS, where, cursor, limit)
  },
}

export const redemptions = {
  get: (couponId: string, openid: string, source: Source = db()) =>
    getById<RedemptionRecord>(source, REDEMPTIONS, redemptionId(couponId, openid)),
  getMany: (ids: string[]) => getMany<RedemptionRecord>(REDEMPTIONS, ids),
  async put(r: RedemptionRecord, tx: Tx): Promise<void> {
    await tx
      .collection(REDEMPTIONS)
      .doc(r._id)
      .set({ data: withoutId(r) })
  },
}

export const trials = {
  get: (circleId: string, openid: string, source: Source = db()) =>
    getById<TrialRecord>(source, TRIALS, trialId(circleId, openid)),
  async put(t: TrialRecord, tx: Tx): Promise<void> {
    await tx
      .collection(TRIALS)
      .doc(t._id)
      .set({ data: withoutId(t) })
  },
}

/**
 * The order closed unpaid: its reserved coupon goes back (the redemption becomes `released`, the
 * coupon's count drops by one), in one transaction on the two documents by id. Safe to repeat.
 */
export async function releaseCouponOf(
  order: Pick<OrderRecord, '_id' | 'buyer' | 'coupon'>,
  now: Date,
): Promise<boolean> {
  const coupon = order.coupon
  if (!coupon) return false
  return transaction(async (tx) => {
    const next = decideRelease(await redemptions.get(coupon.id, order.buyer, tx), order._id, now)
    if (!next) return false
    await redemptions.put(next, tx)
    await coupons.update(coupon.id, { usedCount: cmd().inc(-1), updatedAt: now }, tx)
    return true
  })
}

/** In the transaction that fulfils a paid order: its reservation becomes a use. */
export async function useCouponOf(
  tx: Tx,
  order: Pick<OrderRecord, '_id' | 'buyer' | 'coupon'>,
  now: Date,
): Promise<void> {
  const coupon = order.coupon
  if (!coupon) return
  const next = decideUse(await redemptions.get(coupon.id, order.buyer, tx), order._id, now)
  if (!next) return
  await redemptions.put(next, tx)
  await coupons.update(coupon.id, { paidCount: cmd().inc(1), updatedAt: now }, tx)
}
