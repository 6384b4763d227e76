import type { UserRecord } from '../../core/records'
import { db, getById, getMany } from '../db'

const USERS = 'users'

export const users = {
  get: (openid: string) => getById<UserRecord>(db(), USERS, openid),
  getMany: (openids: string[]) => getMany<UserRecord>(USERS, openids),

  async create(user: UserRecord): Promise<void> {
    await db()
      .collection(USERS)
      .doc(user._id)
      .set({ data: withoutId(user) })
  },

  async update(openid: string, patch: Partial<UserRecord>): Promise<void> {
    await db()
      .collection(USERS)
      .doc(openid)
      .update({ data: withoutId(patch) })
  },
}

/** The SDK refuses `_id` inside update data: the id travels in doc(id). */
export function withoutId<T extends object>(doc: T): Omit<T, '_id'> {
  const { _id, ...rest } = doc as T & { _id?: string }
  return rest
}
