/** The `term` function's contract: membership term, expiry sweep and reminders, the owner's expiring list (issue 4). */
import { z } from 'zod'
import { EXPIRING_WINDOWS } from '../limits'
import type { MembershipState, Page, Role } from '../vocabulary'
import { cursor, id } from './base'

export const termInputs = {
  /**
   * The owner's list: members whose term ends within `withinDays` either side of now (`pending`,
   * 未续费), or who were due then and have renewed beyond the window (`renewed`, 已续费).
   */
  expiring: z.strictObject({
    circleId: id,
    withinDays: z.literal([...EXPIRING_WINDOWS]),
    view: z.enum(['pending', 'renewed']).default('pending'),
    cursor,
  }),
} as const

export interface ExpiringMember {
  openid: string
  nickname: string
  avatarUrl: string
  role: Role
  expiresAt: string | null
  /** Now (core/access.ts): active, in the read-only grace, or expired. */
  state: MembershipState
  /** Whole days left (0 once passed); negative never. */
  daysLeft: number
  /** The term end they were reminded about (renewed members: the old end). */
  dueAt: string | null
  /** Reminders sent for the current term. */
  remindersSent: number
}

export interface ExpiringPage extends Page<ExpiringMember> {
  withinDays: number
  view: 'pending' | 'renewed'
  /** Both tabs' totals, on the first page only (null on later pages). */
  counts: { pending: number; renewed: number } | null
}

export interface TermOutputs {
  expiring: ExpiringPage
}
