/**
 * The blacklist: a circle's team bars a person from ever joining again (apply, trial, order, join).
 * One document per barred person, `_id = ${circleId}:${openid}` (collection `blacklist`), so the
 * check is a single read by id. The moderate function writes it (moderation engineer).
 */
import { db, getById, type Tx } from './db'

export const BLACKLIST = 'blacklist'

export interface BlacklistRecord {
  _id: string
  circleId: string
  openid: string
  /** Who barred them (a team member's openid). */
  by: string
  reason: string
  createdAt: Date
}

export const blacklistId = (circleId: string, openid: string) => `${circleId}:${openid}`

/** Whether `openid` is barred from `circleId`. Pass a transaction to read inside it. */
export async function isBlacklisted(circleId: string, openid: string, tx?: Tx): Promise<boolean> {
  const doc = await getById<BlacklistRecord>(tx ?? db(), BLACKLIST, blacklistId(circleId, openid))
  return doc !== null
}
