/**
 * growthSettings, newcomers, milestoneRewards, rewardGrants, and the reads of other features'
 * records the growth tools decide from (posts with a tag, check-ins, paid orders naming a referrer),
 * each with the index it uses (runtime/schema.ts, section growth).
 */
import type { CheckinRecord } from '../../core/challenge'
import { GROWTH_LIMITS } from '../../core/limits'
import {
  newcomerId,
  type GrowthSettingsRecord,
  type InviteOrderFact,
  type MilestoneRewardRecord,
  type NewcomerRecord,
  type Reward,
} from '../../core/growth'
import type { OrderRecord } from '../../core/money/orders'
import { cmd, db, getById, getMany, rowsOf, transaction, type Tx } from '../db'
import { withoutId } from './users'

type Source = Tx | ReturnType<typeof db>

async function put<T extends { _id: string }>(collection: string, doc: T, tx?: Tx): Promise<void> {
  await (tx ?? db())
    .collection(collection)
    .doc(doc._id)
    .set({ data: withoutId(doc) })
}

/** One reward given (runtime/rewards.ts), its id the cause: what makes every reward given once. */
export interface RewardGrantRecord {
  _id: string // the cause
  circleId: string
  openid: string
  reward: Reward
  /** false: the perk was archived or out of stock when it came to be given (the owner is told to sort it out). */
  delivered: boolean
  /** The coupon code given, for coupons. */
  couponCode: string | null
  at: Date
}

export const rewardGrants = {
  get: (cause: string, source: Source = db()) => getById<RewardGrantRecord>(source, 'rewardGrants', cause),
  put: (grant: RewardGrantRecord, tx: Tx) => put('rewardGrants', grant, tx),
}

export const growthSettings = {
  get: (circleId: string, source: Source = db()) => getById<GrowthSettingsRecord>(source, 'growthSettings', circleId),
  put: (s: GrowthSettingsRecord) => put('growthSettings', s),
}

export const newcomers = {
  get: (circleId: string, openid: string, source: Source = db()) =>
    getById<NewcomerRecord>(source, 'newcomers', newcomerId(circleId, openid)),
  put: (r: NewcomerRecord, tx?: Tx) => put('newcomers', r, tx),
  /**
   * Sets one of the member's marks (the guide read, the reward given) the first time only, in a
   * transaction on their record: a retry or a second tap leaves the first time in place.
   */
  markOnce: (circleId: string, openid: string, mark: 'guideReadAt' | 'rewardedAt', now: Date) =>
    transaction(async (tx) => {
      const r = await newcomers.get(circleId, openid, tx)
      if (r?.[mark]) return
      await newcomers.put(
        {
          _id: newcomerId(circleId, openid),
          circleId,
          openid,
          guideReadAt: r?.guideReadAt ?? null,
          rewardedAt: r?.rewardedAt ?? null,
          [mark]: now,
          updatedAt: now,
        },
        tx,
      )
    }),
}

export const milestoneRewards = {
  get: (id: string, source: Source = db()) => getById<MilestoneRewardRecord>(source, 'milestoneRewards', id),
  getMany: (ids: string[]) => getMany<MilestoneRewardRecord>('milestoneRewards', ids),
  put: (r: MilestoneRewardRecord, tx?: Tx) => put('milestoneRewards', r, tx),
}

export const growthFacts = {
  /** Whether the member has a published post with the tag (index posts.search_author, tags filtered). */
  async postedWithTag(circleId: string, openid: string, tag: string): Promise<boolean> {
    const res = await db()
      .collection('posts')
      .where({ circleId, status: 'published', authorId: openid, tags: tag })
      .limit(1)
      .get()
    return rowsOf(res).length > 0
  },

  /**
   * The distinct Shanghai days the member checked in on, over all the circle's challenges, counted
   * up to `enough` (index checkins.circle_openid_day). Pages of 1000 in day order, each starting
   * after the last day seen (≤ 10 pages), so several challenges' check-ins on one day never hide
   * later days.
   */
  async checkinDays(circleId: string, openid: string, enough: number): Promise<number> {
    const _ = cmd()
    const days = new Set<string>()
    let after: string | null = null
    for (let page = 0; page < 10 && days.size < enough; page++) {
      const res: unknown = await db()
        .collection('checkins')
        .where({ circleId, openid, status: 'published', ...(after ? { day: _.gt(after) } : {}) })
        .orderBy('day', 'asc')
        .limit(1000)
        .get()
      const rows: CheckinRecord[] = rowsOf<CheckinRecord>(res)
      for (const c of rows) days.add(c.day)
      if (rows.length < 1000) break
      // the last day is counted already: the next page starts after it
      after = rows[rows.length - 1].day
    }
    return days.size
  },

  /** Paid orders of the circle naming `referrer` (index orders.circle_referrer_status). */
  async referredOrders(circleId: string, referrer: string): Promise<InviteOrderFact[]> {
    const res = await db()
      .collection('orders')
      .where({ circleId, referrer, status: 'paid' })
      .limit(GROWTH_LIMITS.inviteeReadLimit)
      .get()
    return rowsOf<OrderRecord>(res).map((o) => ({
      buyer: o.buyer,
      referrer: o.referrer,
      kind: o.product.kind,
      status: o.status,
      refunds: (o.refunds ?? []).length,
    }))
  },
}
