/**
 * Withdrawals (docs/money.md "Withdrawals"). The request posts the withdrawal journal (available →
 * payouts) before any call to WeChat; the transfer goes through 商家转账 and the user confirms it
 * in the mini-program within 24 h. Failed or expired transfers return the money with the reverse
 * journal. Days are Shanghai days whatever the machine's zone.
 */
import type { WithdrawalState } from '../vocabulary'
import { DomainError } from '../errors'
import { inShanghai, shanghaiDayKey } from '../time'
import { assertFen, sumFen } from './fen'

export type { WithdrawalState }

export interface WithdrawalRules {
  minFen: number
  dailyMaxFen: number
  /** WeChat 商家转账 requires the payee's real name on a single transfer of 2 000 元 or more. */
  realNameFromFen: number
}

export const DEFAULT_WITHDRAWAL_RULES: WithdrawalRules = {
  minFen: 100,
  dailyMaxFen: 2_000_000,
  realNameFromFen: 200_000,
}
/** The same defaults under the name the actions use. */
export const WITHDRAWAL_RULES = DEFAULT_WITHDRAWAL_RULES

export interface WithdrawalCheck {
  amountFen: number
  /** As the reader sees it (matured income counted): the action settles matured orders first. */
  availableFen: number
  withdrawnTodayFen: number
  hasOpenRequest: boolean
  realNameVerified: boolean
}

/**
 * The order of refusals: one request at a time first (nothing else is worth saying while one is
 * open), then the amount's own bounds, then what the balance and today's limit allow, and last
 * the real name, which the user can fix and retry with the same amount.
 */
export function checkWithdrawal(c: WithdrawalCheck, rules: WithdrawalRules = DEFAULT_WITHDRAWAL_RULES): void {
  if (!Number.isSafeInteger(c.amountFen) || c.amountFen < 1)
    throw new DomainError('invalid_argument', undefined, 'amountFen')
  assertFen(c.availableFen, 'availableFen')
  assertFen(c.withdrawnTodayFen, 'withdrawnTodayFen', { nonNegative: true })
  if (c.hasOpenRequest) throw new DomainError('withdrawal_in_progress')
  if (c.amountFen < rules.minFen) throw new DomainError('withdraw_below_minimum', undefined, 'amountFen')
  if (c.amountFen > c.availableFen) throw new DomainError('insufficient_balance', undefined, 'amountFen')
  if (c.withdrawnTodayFen + c.amountFen > rules.dailyMaxFen)
    throw new DomainError('withdraw_daily_limit', undefined, 'amountFen')
  if (c.amountFen >= rules.realNameFromFen && !c.realNameVerified) throw new DomainError('real_name_required')
}

/** Returned states give the money back; they and 'succeeded' are final. */
export const RETURNING_STATES: readonly WithdrawalState[] = ['failed', 'expired']
export const FINAL_STATES: readonly WithdrawalState[] = ['succeeded', 'failed', 'expired']
/** A withdrawal still holding the one-request-at-a-time slot. */
export const isOpenWithdrawal = (state: WithdrawalState) => !FINAL_STATES.includes(state)

const NEXT: Record<WithdrawalState, readonly WithdrawalState[]> = {
  // The bill may be refused outright (e.g. a frozen merchant account) before it ever transfers.
  requested: ['transferring', 'waiting_confirm', 'failed'],
  transferring: ['waiting_confirm', 'succeeded', 'failed'],
  waiting_confirm: ['transferring', 'succeeded', 'failed', 'expired'],
  succeeded: [],
  failed: [],
  expired: [],
}

export interface WithdrawalTransition {
  state: WithdrawalState
  /** Post withdrawalReturnJournal in the same transaction (exactly once: failed/expired are final). */
  returnsMoney: boolean
  changed: boolean
}

/**
 * The next state, from what WeChat said. Repeating the current state is a no-op (queries and
 * callbacks repeat); anything not in the machine is `id_conflict` and changes nothing.
 */
export function decideWithdrawalState(from: WithdrawalState, to: WithdrawalState): WithdrawalTransition {
  if (from === to) return { state: from, returnsMoney: false, changed: false }
  if (!NEXT[from].includes(to)) throw new DomainError('id_conflict', undefined, 'state')
  return { state: to, returnsMoney: RETURNING_STATES.includes(to), changed: true }
}

/**
 * WeChat transfer-bill states (商家转账) → ours. CANCELING is still in flight; CANCELLED is the
 * user not confirming within 24 h (or the bill being cancelled): the money comes back.
 */
export function stateOfTransferBill(wxState: string): WithdrawalState {
  switch (wxState) {
    case 'ACCEPTED':
    case 'PROCESSING':
    case 'TRANSFERING':
    case 'CANCELING':
      return 'transferring'
    case 'WAIT_USER_CONFIRM':
      return 'waiting_confirm'
    case 'SUCCESS':
      return 'succeeded'
    case 'FAIL':
      return 'failed'
    case 'CANCELLED':
      return 'expired'
    default:
      throw new Error(`unknown transfer bill state ${wxState}`)
  }
}

const BILL_NO = /^[A-Za-z0-9]{1,32}$/

/**
 * 'WD' + Shanghai time to the second + 16 hex: 32 chars, valid as out_bill_no as it is. The
 * randomness comes in as an argument.
 */
export function newWithdrawalId(now: Date, randomHex: string): string {
  if (!/^[0-9a-fA-F]{8,}$/.test(randomHex)) throw new Error('newWithdrawalId needs at least 8 hex digits of randomness')
  return `WD${inShanghai(now).format('YYYYMMDDHHmmss')}${randomHex.slice(0, 16)}`
}

/**
 * The out_bill_no of a withdrawal's transfer: the withdrawal id itself, so a retry re-sends the
 * SAME bill (WeChat answers with the existing one) and a new bill number is never issued before
 * the old one is queried.
 */
export function transferBillNo(withdrawalId: string): string {
  if (!BILL_NO.test(withdrawalId)) throw new Error(`withdrawal id ${withdrawalId} is not a valid out_bill_no`)
  return withdrawalId
}

/** The Shanghai day a withdrawal counts against (stored on the record as `day`). */
export function withdrawalDay(at: Date): string {
  return shanghaiDayKey(at)
}

/**
 * Withdrawn today for the daily limit: every request of the Shanghai day of `now` except those
 * that returned the money (a failed transfer does not use up the day).
 */
export function withdrawnOnDay(
  withdrawals: readonly { day: string; amountFen: number; state: WithdrawalState }[],
  now: Date,
): number {
  const today = shanghaiDayKey(now)
  return sumFen(
    withdrawals.filter((w) => w.day === today && !RETURNING_STATES.includes(w.state)).map((w) => w.amountFen),
  )
}
