/**
 * lotteries, lotteryEntries, lotteryHelps: every query the lottery function makes, with the index
 * it uses (runtime/schema.ts, section lottery).
 */
import type { LotteryEntryRecord, LotteryHelpRecord, LotteryRecord } from '../../core/lottery'
import { decodeCursor, pageOf } from '../../core/cursor'
import { cmd, db, getById, newestFirst, rowsOf, type Patch, type Tx } from '../db'
import { withoutId } from './users'

const LOTTERIES = 'lotteries'
const ENTRIES = 'lotteryEntries'
const HELPS = 'lotteryHelps'

type Source = Tx | ReturnType<typeof db>

export const lotteries = {
  get: (id: string, source: Source = db()) => getById<LotteryRecord>(source, LOTTERIES, id),

  async put(l: LotteryRecord, tx?: Tx): Promise<void> {
    await (tx ?? db())
      .collection(LOTTERIES)
      .doc(l._id)
      .set({ data: withoutId(l) })
  },

  async update(id: string, patch: Patch<LotteryRecord>, tx?: Tx): Promise<void> {
    await (tx ?? db())
      .collection(LOTTERIES)
      .doc(id)
      .update({ data: withoutId(patch) })
  },

  /** A circle's lotteries, newest first (index circle_createdAt). */
  ofCircle: (args: { circleId: string; cursor?: string; limit: number }) =>
    newestFirst<LotteryRecord>(LOTTERIES, { circleId: args.circleId }, args.cursor, args.limit),

  /** Lotteries in `status` whose draw time has come, oldest first (index status_drawAt). */
  async due(status: 'open' | 'drawn', now: Date, limit: number): Promise<LotteryRecord[]> {
    const res = await db()
      .collection(LOTTERIES)
      .where({ status, drawAt: cmd().lte(now) })
      .orderBy('drawAt', 'asc')
      .limit(limit)
      .get()
    return rowsOf<LotteryRecord>(res)
  },
}

export const lotteryEntries = {
  get: (id: string, source: Source = db()) => getById<LotteryEntryRecord>(source, ENTRIES, id),

  async add(e: LotteryEntryRecord, tx: Tx): Promise<void> {
    await tx
      .collection(ENTRIES)
      .doc(e._id)
      .set({ data: withoutId(e) })
  },

  async put(e: LotteryEntryRecord, tx: Tx): Promise<void> {
    await tx
      .collection(ENTRIES)
      .doc(e._id)
      .set({ data: withoutId(e) })
  },

  /**
   * A lottery's entries in openid order (the _id is `${lotteryId}:${openid}`, so _id order is openid
   * order; index lottery_id), a page after the cursor.
   */
  async page(lotteryId: string, cursor: string | undefined, limit: number) {
    const _ = cmd()
    const after = decodeCursor(cursor, ['i'])
    const where = after ? { lotteryId, _id: _.gt(String(after.i)) } : { lotteryId }
    const res = await db()
      .collection(ENTRIES)
      .where(where)
      .orderBy('_id', 'asc')
      .limit(limit + 1)
      .get()
    return pageOf(rowsOf<LotteryEntryRecord>(res), limit, (r) => ({ i: r._id }))
  },
}

export const lotteryHelps = {
  get: (id: string, source: Source = db()) => getById<LotteryHelpRecord>(source, HELPS, id),

  async put(h: LotteryHelpRecord, tx: Tx): Promise<void> {
    await tx
      .collection(HELPS)
      .doc(h._id)
      .set({ data: withoutId(h) })
  },
}
