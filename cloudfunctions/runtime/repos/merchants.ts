/** merchants: owners' 平台收付通 sub-merchant applications and their state, with the index each query uses. */
import { OPEN_MERCHANT_STATES, type MerchantRecord } from '../../core/merchant'
import { cmd, db, getById, rowsOf, type Tx } from '../db'
import { withoutId } from './users'

type Source = Tx | ReturnType<typeof db>

export const merchants = {
  get: (openid: string, source: Source = db()) => getById<MerchantRecord>(source, 'merchants', openid),
  put: async (m: MerchantRecord, tx?: Tx) => {
    await (tx ?? db())
      .collection('merchants')
      .doc(m._id)
      .set({ data: withoutId(m) })
  },
  /** Applications still moving at WeChat, least recently checked first (index state_checkedAt). */
  async open(limit: number, checkedBefore: Date): Promise<MerchantRecord[]> {
    const _ = cmd()
    const res = await db()
      .collection('merchants')
      .where({ state: _.in([...OPEN_MERCHANT_STATES]), checkedAt: _.lt(checkedBefore) })
      .orderBy('checkedAt', 'asc')
      .limit(limit)
      .get()
    return rowsOf<MerchantRecord>(res)
  },
  /** Ready sub-merchants after a cursor (reconciliation pages through them by id). */
  async readyAfter(after: string | null, limit: number): Promise<MerchantRecord[]> {
    const _ = cmd()
    const where: Record<string, unknown> = after ? { state: 'finish', _id: _.gt(after) } : { state: 'finish' }
    const res = await db().collection('merchants').where(where).orderBy('_id', 'asc').limit(limit).get()
    return rowsOf<MerchantRecord>(res)
  },
}
