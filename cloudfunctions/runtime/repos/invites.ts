/** invites: `_id` = the invite code, derived from (circle, inviter, channel), so asking twice gives one code. */
import { createHash } from 'crypto'
import type { InviteRecord } from '../../core/invites'
import { db, getById, isDuplicateKey } from '../db'
import { withoutId } from './users'

const INVITES = 'invites'

/** The code for one inviter's channel in one circle: 10 url-safe characters of a SHA-256. */
export function inviteCode(circleId: string, inviterId: string, channel: string | null): string {
  return createHash('sha256')
    .update(`${circleId}\n${inviterId}\n${channel ?? ''}`)
    .digest('base64url')
    .slice(0, 10)
}

export const invites = {
  get: (code: string) => getById<InviteRecord>(db(), INVITES, code),

  /** Writes the invite once; a second request for the same code answers the first record. */
  async ensure(invite: InviteRecord): Promise<InviteRecord> {
    try {
      await db()
        .collection(INVITES)
        .add({ data: { _id: invite._id, ...withoutId(invite) } })
      return invite
    } catch (error) {
      if (!isDuplicateKey(error)) throw error
      return (await invites.get(invite._id)) ?? invite
    }
  },
}
