/**
 * Ledger accounts (docs/money.md "Journals"). Every account's balance has two buckets: `pending`
 * (inside the refund window, not yet withdrawable) and `available`.
 *
 * Sign convention: an entry's amountFen is positive when credited to the account. So
 * - `buyer_payments` (clearing) goes NEGATIVE by every fen buyers paid in: it is where money enters;
 * - `refunds` and `payouts` go POSITIVE by every fen that left again (to buyers, to payees);
 * - wallet accounts (`owner:`, `user:`) and the fee accounts hold what they earned, never below 0.
 * Conservation: −buyer_payments = refunds + payouts + Σ(every other account's pending + available).
 */

export const BUYER_PAYMENTS = 'buyer_payments'
export const PLATFORM_FEE = 'platform:fee'
export const CHANNEL_FEE = 'channel:fee'
export const REFUNDS = 'refunds'
export const PAYOUTS = 'payouts'
/**
 * Challenge deposits (押金) held for members: a liability, not income, until the challenge ends —
 * refunded to the member on completion, moved to the owner's income when forfeited.
 */
export const DEPOSITS = 'deposits'

/**
 * 平台收付通: the deposits of one circle's challenges, held for their members in the owner's
 * sub-merchant (frozen for 分账 at WeChat Pay, less WeChat's fee) until each is refunded or forfeited.
 * A liability like `deposits`, but per circle, so reconciliation can compare it with the sub-merchant.
 */
export type HeldDepositsAccount = `deposits:${string}`
export const heldDepositsAccount = (circleId: string): HeldDepositsAccount => `deposits:${circleId}`

export type OwnerAccount = `owner:${string}`
export type UserAccount = `user:${string}`
/** Accounts a person can see a statement of and withdraw from. */
export type WalletAccount = OwnerAccount | UserAccount
export type AccountId =
  | typeof BUYER_PAYMENTS
  | typeof PLATFORM_FEE
  | typeof CHANNEL_FEE
  | typeof REFUNDS
  | typeof PAYOUTS
  | typeof DEPOSITS
  | HeldDepositsAccount
  | WalletAccount

export type Bucket = 'pending' | 'available'

/** One line of a journal. Signed: positive = credited to the account. */
export interface Entry {
  account: AccountId
  bucket: Bucket
  amountFen: number
}

/** A circle's income (the owner withdraws it). */
export const ownerAccount = (circleId: string): OwnerAccount => `owner:${circleId}`
/** A person's own earnings: referral commission, partner share, a guest's answers. */
export const userAccount = (openid: string): UserAccount => `user:${openid}`

export function isWalletAccount(account: string): account is WalletAccount {
  return account.startsWith('owner:') || account.startsWith('user:')
}

/**
 * Accounts whose balance may never go below zero in either bucket. The clearing account is the
 * only one that is negative by design; refunds and payouts only ever grow.
 */
export function mustStayNonNegative(account: string): boolean {
  return account !== BUYER_PAYMENTS
}
