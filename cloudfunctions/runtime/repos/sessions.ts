/**
 * The buyer's WeChat session_key (from code2Session at login), kept server-side only: virtual
 * payment's user signature needs it. Never returned by any action.
 */
import { db, getById } from '../db'

const SESSIONS = 'wxSessions'

export interface WxSessionRecord {
  _id: string
  sessionKey: string
  obtainedAt: Date
}

export const wxSessions = {
  get: (openid: string) => getById<WxSessionRecord>(db(), SESSIONS, openid),
  async put(record: WxSessionRecord): Promise<void> {
    const { _id, ...data } = record
    await db().collection(SESSIONS).doc(_id).set({ data })
  },
}
