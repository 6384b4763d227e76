/** orders, journals, accounts, withdrawals, outbox, courses, gifts: every money query, with its index. */
import { decodeCursor, pageOf } from '../../core/cursor'
import type { Journal, OrderRecord } from '../../core/money'
import type {
  AccountRecord,
  CourseRecord,
  EntitlementRecord,
  GiftRecord,
  OutboxRecord,
  RefundQuotaRecord,
  WithdrawalRecord,
} from '../../core/money-records'
import { cmd, db, getById, getMany, newestFirst, rowsOf, type Patch, type Tx } from '../db'
import { withoutId } from './users'

type Source = Tx | ReturnType<typeof db>

const put = async <T extends { _id: string }>(collection: string, doc: T, tx: Source) => {
  await (tx as Tx)
    .collection(collection)
    .doc(doc._id)
    .set({ data: withoutId(doc) })
}

export const orders = {
  get: (id: string, source: Source = db()) => getById<OrderRecord>(source, 'orders', id),
  /** Whether anyone has ever paid for membership in the circle (then a rolling term may not become cohort). */
  async anyMembershipPaid(circleId: string): Promise<boolean> {
    const _ = cmd()
    const res = await db()
      .collection('orders')
      .where({ circleId, 'product.kind': _.in(['entry', 'pass', 'pass_gift']), paidAt: _.neq(null) })
      .limit(1)
      .get()
    return rowsOf(res).length > 0
  },
  add: async (order: OrderRecord) => {
    await db().collection('orders').add({ data: order })
  },
  put: (order: OrderRecord, tx: Tx) => put('orders', order, tx),
  update: async (id: string, patch: Patch<OrderRecord>, tx?: Tx) => {
    await (tx ?? db())
      .collection('orders')
      .doc(id)
      .update({ data: withoutId(patch) })
  },
  /**
   * Writes `patch` only if the order is still as `seen` (its updatedAt, status and refunded amount;
   * every decision on an order moves updatedAt): a compare-and-set in one call, no transaction.
   * False when someone wrote it in between (read again and decide again).
   */
  async updateIfUnchanged(seen: OrderRecord, patch: Patch<OrderRecord>): Promise<boolean> {
    const res = (await db()
      .collection('orders')
      .where({ _id: seen._id, updatedAt: seen.updatedAt, status: seen.status, refundedFen: seen.refundedFen })
      .update({ data: withoutId(patch) })) as { stats?: { updated?: number } }
    return (res.stats?.updated ?? 0) > 0
  },
  ofBuyer: (buyer: string, cursor: string | undefined, limit: number) =>
    newestFirst<OrderRecord>('orders', { buyer }, cursor, limit),
  ofCircle: (circleId: string, cursor: string | undefined, limit: number) =>
    newestFirst<OrderRecord>('orders', { circleId }, cursor, limit),

  /** Pending orders created before `before`, oldest first (index status_createdAt). */
  async pendingBefore(before: Date, limit: number) {
    const _ = cmd()
    const res = await db()
      .collection('orders')
      .where({ status: 'pending', createdAt: _.lt(before) })
      .orderBy('createdAt', 'asc')
      .limit(limit)
      .get()
    return rowsOf<OrderRecord>(res)
  },

  /** Paid, not yet settled, paid before `before` (index settled_paidAt / payees_settled_paidAt). */
  async unsettledPaidBefore(before: Date, limit: number, payee?: string) {
    const _ = cmd()
    // Held orders (a paid question waiting for its answer) are passed over here, or enough of them
    // at the head of the page would stop everything paid after them from ever settling.
    const where: Record<string, unknown> = { settled: false, paidAt: _.lte(before), holdSettlement: _.neq(true) }
    if (payee) where.payees = payee
    const res = await db().collection('orders').where(where).orderBy('paidAt', 'asc').limit(limit).get()
    return rowsOf<OrderRecord>(res)
  },
}

export const journals = {
  get: (id: string, source: Source = db()) => getById<Journal>(source, 'journals', id),
  put: (journal: Journal, tx: Tx) => put('journals', journal, tx),

  /** An order's payment journal and its refunds' journals so far (by their deterministic ids). */
  async ofOrder(
    order: Pick<OrderRecord, '_id' | 'refunds'>,
    source: Source = db(),
  ): Promise<{ payment: Journal | null; refunds: Journal[] }> {
    const payment = await journals.get(`${order._id}:pay`, source)
    const refunds = (
      await Promise.all(order.refunds.map((r) => journals.get(`${order._id}:refund:${r.seq}`, source)))
    ).filter((j): j is Journal => !!j)
    return { payment, refunds }
  },

  /** Journals touching an account, newest first (index accounts_postedAt). */
  async ofAccount(account: string, cursor: string | undefined, limit: number) {
    const _ = cmd()
    const after = decodeCursor(cursor, ['p', 'i'])
    const where = { accounts: account }
    const query = after
      ? _.and([
          where,
          _.or([{ postedAt: _.lt(new Date(after.p)) }, { postedAt: new Date(after.p), _id: _.lt(String(after.i)) }]),
        ])
      : where
    const res = await db()
      .collection('journals')
      .where(query)
      .orderBy('postedAt', 'desc')
      .orderBy('_id', 'desc')
      .limit(limit + 1)
      .get()
    return pageOf(rowsOf<Journal>(res), limit, (j) => ({ p: new Date(j.postedAt).getTime(), i: j._id }))
  },

  /** Journals touching an account by id after a cursor (reconciliation sums an account's whole history). */
  async ofAccountById(account: string, after: string | null, limit: number): Promise<Journal[]> {
    const _ = cmd()
    const where: Record<string, unknown> = after ? { accounts: account, _id: _.gt(after) } : { accounts: account }
    return rowsOf<Journal>(await db().collection('journals').where(where).orderBy('_id', 'asc').limit(limit).get())
  },

  /** A page of all journals by id, for the reconciliation check. */
  async page(afterId: string | null, limit: number) {
    const _ = cmd()
    const res = await db()
      .collection('journals')
      .where(afterId ? { _id: _.gt(afterId) } : {})
      .orderBy('_id', 'asc')
      .limit(limit)
      .get()
    return rowsOf<Journal>(res)
  },
}

export const accounts = {
  get: (id: string, source: Source = db()) => getById<AccountRecord>(source, 'accounts', id),
  put: (account: AccountRecord, tx: Tx) => put('accounts', account, tx),
  /** Moves an existing account's buckets by `_.inc` (one call, no read): false when it does not exist yet. */
  async increment(
    id: string,
    by: { pendingFen: number; availableFen: number },
    patch: Partial<AccountRecord>,
    tx: Tx,
  ): Promise<boolean> {
    const _ = cmd()
    try {
      const res = (await tx
        .collection('accounts')
        .doc(id)
        .update({
          data: { ...patch, pendingFen: _.inc(by.pendingFen), availableFen: _.inc(by.availableFen) },
        })) as { stats?: { updated?: number }; updated?: number }
      return (res.stats?.updated ?? res.updated ?? 0) > 0
    } catch (error) {
      if (/not exist|cannot find document/i.test(String((error as Error)?.message ?? error))) return false
      throw error
    }
  },
  async page(afterId: string | null, limit: number) {
    const _ = cmd()
    const res = await db()
      .collection('accounts')
      .where(afterId ? { _id: _.gt(afterId) } : {})
      .orderBy('_id', 'asc')
      .limit(limit)
      .get()
    return rowsOf<AccountRecord>(res)
  },
}

export const withdrawals = {
  get: (id: string, source: Source = db()) => getById<WithdrawalRecord>(source, 'withdrawals', id),
  put: (w: WithdrawalRecord, tx: Tx) => put('withdrawals', w, tx),
  update: async (id: string, patch: Patch<WithdrawalRecord>, tx?: Tx) => {
    await (tx ?? db())
      .collection('withdrawals')
      .doc(id)
      .update({ data: withoutId(patch) })
  },
  ofAccount: (account: string, cursor: string | undefined, limit: number) =>
    newestFirst<WithdrawalRecord>('withdrawals', { account }, cursor, limit),
  /**
   * Moves a withdrawal that is not in one of `closed` states (one call, no transaction): false
   * when it had already closed (or does not exist).
   */
  async updateIfOpen(id: string, closed: string[], patch: Partial<WithdrawalRecord>): Promise<boolean> {
    const _ = cmd()
    const res = (await db()
      .collection('withdrawals')
      .where({ _id: id, state: _.nin(closed) })
      .update({ data: withoutId(patch) })) as { stats?: { updated?: number } }
    return (res.stats?.updated ?? 0) > 0
  },
  /** An account's withdrawals requested on a Shanghai day (a day holds few: the daily limit). */
  async onDay(account: string, day: string) {
    const res = await db().collection('withdrawals').where({ account, day }).limit(100).get()
    return rowsOf<WithdrawalRecord>(res)
  },
  /** Withdrawals still moving, oldest first, for the transfer timer (index state_updatedAt). */
  async inFlight(limit: number) {
    const _ = cmd()
    const res = await db()
      .collection('withdrawals')
      .where({ state: _.in(['requested', 'transferring', 'waiting_confirm']) })
      .orderBy('updatedAt', 'asc')
      .limit(limit)
      .get()
    return rowsOf<WithdrawalRecord>(res)
  },
}

export const outbox = {
  get: (id: string, source: Source = db()) => getById<OutboxRecord>(source, 'outbox', id),
  /** Records by id, in one read for up to 1000. */
  getMany: (ids: string[]) => getMany<OutboxRecord>('outbox', ids),
  /** Whether any effect still waits to be performed (money is moving). */
  async anyPending(): Promise<boolean> {
    return rowsOf(await db().collection('outbox').where({ state: 'pending' }).limit(1).get()).length > 0
  },
  put: (record: OutboxRecord, tx: Tx) => put('outbox', record, tx),
  update: async (id: string, patch: Patch<OutboxRecord>) => {
    await db()
      .collection('outbox')
      .doc(id)
      .update({ data: withoutId(patch) })
  },
  /** Marks performed effects done, in one write for up to 1000. */
  async markDone(ids: string[]): Promise<void> {
    if (ids.length === 0) return
    const _ = cmd()
    await db()
      .collection('outbox')
      .where({ _id: _.in(ids), state: 'pending' })
      .update({ data: { state: 'done', attempts: _.inc(1), lastError: null } })
  },
  async due(now: Date, limit: number) {
    const _ = cmd()
    const res = await db()
      .collection('outbox')
      .where({ state: 'pending', dueAt: _.lte(now) })
      .orderBy('dueAt', 'asc')
      .limit(limit)
      .get()
    return rowsOf<OutboxRecord>(res)
  },
}

export const courses = {
  get: (id: string, source: Source = db()) => getById<CourseRecord>(source, 'courses', id),
  put: (course: CourseRecord) => put('courses', course, db()),
  async ofCircle(circleId: string) {
    const res = await db().collection('courses').where({ circleId }).orderBy('createdAt', 'desc').limit(100).get()
    return rowsOf<CourseRecord>(res)
  },
}

export const entitlements = {
  get: (courseId: string, openid: string, source: Source = db()) =>
    getById<EntitlementRecord>(source, 'entitlements', `${courseId}:${openid}`),
  put: (e: EntitlementRecord, tx: Tx) => put('entitlements', e, tx),
  remove: async (id: string, tx: Tx) => {
    await tx.collection('entitlements').doc(id).remove()
  },
  async ofUser(openid: string, courseIds: string[]) {
    if (courseIds.length === 0) return []
    const _ = cmd()
    const res = await db()
      .collection('entitlements')
      .where({ openid, courseId: _.in(courseIds) })
      .limit(courseIds.length)
      .get()
    return rowsOf<EntitlementRecord>(res)
  },
}

export const gifts = {
  get: (code: string, source: Source = db()) => getById<GiftRecord>(source, 'gifts', code),
  put: (g: GiftRecord, tx: Tx) => put('gifts', g, tx),
  remove: async (code: string, tx: Tx) => {
    await tx.collection('gifts').doc(code).remove()
  },
  async ofOrder(orderId: string) {
    const res = await db().collection('gifts').where({ orderId }).limit(1).get()
    return rowsOf<GiftRecord>(res)[0] ?? null
  },
}

export const refundQuotas = {
  get: (circleId: string, openid: string, source: Source = db()) =>
    getById<RefundQuotaRecord>(source, 'refundQuotas', `${circleId}:${openid}`),
  put: (q: RefundQuotaRecord, tx: Tx) => put('refundQuotas', q, tx),
}
