/**
 * Writes in-app notifications after the decision that caused them has committed. Ids are
 * deterministic, so a retried handler or timer notifies once.
 */
import { type NewNotification, notificationRecord } from '../core/notifications'
import { db, getMany, isDuplicateKey } from './db'
import { withoutId } from './repos/users'

export const NOTIFICATIONS = 'notifications'

export async function notify(items: NewNotification[], now: Date): Promise<void> {
  if (items.length === 0) return
  const existing = new Set((await getMany(NOTIFICATIONS, items.map((n) => n.id))).map((d) => d._id))
  for (const n of items) {
    if (existing.has(n.id)) continue
    const record = notificationRecord(n, now)
    try {
      await db().collection(NOTIFICATIONS).add({ data: { _id: record._id, ...withoutId(record) } })
    } catch (error) {
      // a concurrent run wrote the same notification first
      if (!isDuplicateKey(error)) throw error
    }
  }
}
