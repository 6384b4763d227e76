/** notifications and subscribeGrants: every query of the notification centre, with the index it uses. */
import type { NotificationRecord } from '../../core/notifications'
import { db, getById, getMany, newestFirst, totalOf, type Tx } from '../db'
import { withoutId } from './users'

export const NOTIFICATIONS = 'notifications'
export const SUBSCRIBE_GRANTS = 'subscribeGrants'
export const SUBSCRIBE_SENDS = 'subscribeSends'

/**
 * One person's one-time grants for one template (`_id = ${openid}:${templateId}`): each accepted
 * wx.requestSubscribeMessage adds one; each message sent uses one (WeChat's rule).
 */
export interface SubscribeGrantRecord {
  _id: string
  openid: string
  templateId: string
  granted: number
  used: number
  updatedAt: Date
}

/** A subscription message the server decided to send (`_id` = its cause, like a notification's), so it goes once. */
export interface SubscribeSendRecord {
  _id: string
  openid: string
  templateId: string
  state: 'sending' | 'sent' | 'refused' | 'failed'
  errcode: number | null
  createdAt: Date
  updatedAt: Date
}

export const grantId = (openid: string, templateId: string) => `${openid}:${templateId}`

export const notifications = {
  get: (id: string) => getById<NotificationRecord>(db(), NOTIFICATIONS, id),
  getMany: (ids: string[]) => getMany<NotificationRecord>(NOTIFICATIONS, ids),

  /** New ones in one batch insert (all or nothing: a duplicate fails the batch, the caller falls back). */
  async addMany(records: NotificationRecord[]): Promise<void> {
    if (records.length === 0) return
    await db()
      .collection(NOTIFICATIONS)
      .add({ data: records.map((r) => ({ _id: r._id, ...withoutId(r) })) } as never)
  },

  /** One notice written with the decision that causes it (its id from its cause: a re-run writes the same document). */
  async put(record: NotificationRecord, tx: Tx): Promise<void> {
    await tx
      .collection(NOTIFICATIONS)
      .doc(record._id)
      .set({ data: withoutId(record) })
  },

  async add(record: NotificationRecord): Promise<void> {
    await db()
      .collection(NOTIFICATIONS)
      .add({ data: { _id: record._id, ...withoutId(record) } })
  },

  /** A person's inbox, newest first (index openid_createdAt). */
  async ofUser(args: { openid: string; cursor?: string; limit: number }) {
    const where = { openid: args.openid }
    return newestFirst<NotificationRecord>(NOTIFICATIONS, where, args.cursor, args.limit)
  },

  /** Unread count (index openid_readAt). */
  async unreadCount(openid: string): Promise<number> {
    return totalOf(await db().collection(NOTIFICATIONS).where({ openid, readAt: null }).count())
  },

  /** Marks one of the person's notifications (or all of them) read; returns how many changed. */
  async markRead(openid: string, id: string | null, now: Date): Promise<number> {
    const where = id ? { _id: id, openid, readAt: null } : { openid, readAt: null }
    const res = (await db()
      .collection(NOTIFICATIONS)
      .where(where)
      .update({ data: { readAt: now } })) as { stats?: { updated?: number } }
    return res.stats?.updated ?? 0
  },
}

export const subscribeGrants = {
  get: (openid: string, templateId: string, source: Tx | ReturnType<typeof db> = db()) =>
    getById<SubscribeGrantRecord>(source, SUBSCRIBE_GRANTS, grantId(openid, templateId)),

  getMany: (ids: string[]) => getMany<SubscribeGrantRecord>(SUBSCRIBE_GRANTS, ids),

  async put(record: SubscribeGrantRecord, tx: Tx): Promise<void> {
    await tx
      .collection(SUBSCRIBE_GRANTS)
      .doc(record._id)
      .set({ data: withoutId(record) })
  },

  async update(id: string, patch: Partial<SubscribeGrantRecord>): Promise<void> {
    await db()
      .collection(SUBSCRIBE_GRANTS)
      .doc(id)
      .update({ data: withoutId(patch) })
  },
}

export const subscribeSends = {
  get: (id: string, source: Tx | ReturnType<typeof db> = db()) =>
    getById<SubscribeSendRecord>(source, SUBSCRIBE_SENDS, id),

  async put(record: SubscribeSendRecord, tx: Tx): Promise<void> {
    await tx
      .collection(SUBSCRIBE_SENDS)
      .doc(record._id)
      .set({ data: withoutId(record) })
  },

  async update(id: string, patch: Partial<SubscribeSendRecord>): Promise<void> {
    await db()
      .collection(SUBSCRIBE_SENDS)
      .doc(id)
      .update({ data: withoutId(patch) })
  },
}
