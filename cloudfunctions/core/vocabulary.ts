/**
 * The shared words of the product, below both the rules and the API contract: roles, circle kinds,
 * entry modes, product kinds, payment channels, order and withdrawal states, and the two shapes
 * every answer speaks (a page of items, a person). Rule files and contract files import these from
 * here, and the app may too; no zod, no logic. The contract (core/contract.ts) re-exports them, so
 * `import type { Role } from '@core/contract'` keeps working for the app and the functions.
 */

export const CIRCLE_TYPES = ['interest', 'product', 'knowledge', 'resource'] as const
export const ENTRY_MODES = ['free', 'approval', 'paid'] as const
/** docs/features.md §4: one owner; partners (合伙人), admins, guests (嘉宾, ≤ 50, join free, answer questions), members. */
export const ROLES = ['owner', 'partner', 'admin', 'guest', 'member'] as const
export const FEED_TABS = ['latest', 'featured', 'owner', 'tag'] as const

export type CircleType = (typeof CIRCLE_TYPES)[number]
export type EntryMode = (typeof ENTRY_MODES)[number]
export type Role = (typeof ROLES)[number]
export type FeedTab = (typeof FEED_TABS)[number]
export type CircleStatus = 'active' | 'closed'

/** The buyer's device: it decides which channels can open (iOS has no virtual payment), never a price. */
export const PLATFORMS = ['ios', 'android', 'windows', 'mac', 'devtools', 'h5'] as const
export type Platform = (typeof PLATFORMS)[number]

/** A member's term computed at request time (core/access.ts): active; grace (read only); expired. */
export type MembershipState = 'active' | 'grace' | 'expired'

// ---------- money ----------

export type ChannelName = 'virtual' | 'wxpay' | 'local'
export type OrderStatus = 'pending' | 'paid' | 'refunded' | 'partially_refunded' | 'closed'
export type ProductKind = 'entry' | 'pass' | 'pass_gift' | 'course' | 'question' | 'peek' | 'ticket' | 'deposit'
export type WithdrawalState = 'requested' | 'transferring' | 'waiting_confirm' | 'succeeded' | 'failed' | 'expired'

// ---------- shapes every answer speaks ----------

export interface Page<T> {
  items: T[]
  /** Opaque; pass back to get the next page. null when there is no more. */
  nextCursor: string | null
}

export interface UserView {
  openid: string
  nickname: string
  avatarUrl: string
}
