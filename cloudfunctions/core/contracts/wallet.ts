/** The `wallet` function's contract: balances, the statement, withdrawals, split rules and 平台收付通 onboarding. */
import { z } from 'zod'
import type { Page, WithdrawalState } from '../vocabulary'
import { bps, cursor, id } from './base'
import { merchantInputs, type MerchantOutputs } from './merchant'

const walletAccount = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('owner'), circleId: id }),
  z.strictObject({ kind: z.literal('self') }),
])

export const walletInputs = {
  summary: z.strictObject({ account: walletAccount }),
  statement: z.strictObject({ account: walletAccount, cursor }),
  withdraw: z.strictObject({ account: walletAccount, amountFen: z.number().int().min(1).max(100_000_000) }),
  withdrawals: z.strictObject({ account: walletAccount, cursor }),
  /** Asks WeChat how a transfer stands (after the user confirmed it, or to resume one). */
  refreshWithdrawal: z.strictObject({ withdrawalId: id }),
  splitRules: z.strictObject({ circleId: id }),
  setSplitRules: z.strictObject({
    circleId: id,
    referrerBps: bps,
    partners: z.array(z.strictObject({ openid: id, bps: bps.min(1) })).max(10),
  }),
  // 平台收付通 onboarding (contracts/merchant.ts)
  ...merchantInputs,
}

export interface WithdrawalView {
  id: string
  amountFen: number
  state: WithdrawalState
  createdAt: string
  /** For wx.requestMerchantTransfer while the user must confirm; null otherwise. */
  confirm: { mchId: string; appId: string; packageInfo: string } | null
  failReason: string | null
}

export interface WalletSummary {
  /** 圈子收入 (an owner's circle) or 我的收益 (shares paid to the caller). */
  title: string
  pendingFen: number
  availableFen: number
  withdrawnTodayFen: number
  limits: { minFen: number; dailyMaxFen: number; realNameFromFen: number }
  openWithdrawal: WithdrawalView | null
  /**
   * Where a withdrawal goes: WeChat change (商家转账), the owner's sub-merchant's bank card
   * (平台收付通, T+1), `operator` (直连: the operator's own income, never paid out), `sharing` (a
   * person's shares in 平台收付通: 分账 already put them in their 零钱, nothing to withdraw);
   * null: the owner's 收款账户 is not ready yet.
   */
  payout?:
    | { kind: 'wechat' }
    | { kind: 'bank'; bankAccount: string; bankName: string }
    | { kind: 'operator' }
    | { kind: 'sharing' }
    | null
}

/**
 * One business event on an account's statement (one journal), with its cause (`memo`). The
 * movements between the account's buckets are the detail: a settlement (退款期已过) is one line
 * whose `amountFen` is 0 and whose `movedFen` went from 待结算 to 可提现.
 */
export interface StatementLine {
  journalId: string
  kind:
    | 'payment'
    | 'settlement'
    | 'refund'
    | 'withdrawal'
    | 'withdrawal_return'
    | 'profit_sharing'
    | 'sharing_return'
    | 'correction'
    | 'forfeit'
  memo: string
  /** Signed net change of the account's total (both buckets): money in is positive; 0 for a move between buckets. */
  amountFen: number
  /** Where the money ends up (for money out: the bucket it left). */
  bucket: 'pending' | 'available'
  /** A move between buckets (a settlement): how much became available; else 0. */
  movedFen: number
  /** Per bucket, signed: the detail of the line. */
  movements: { bucket: 'pending' | 'available'; amountFen: number }[]
  at: string
  orderId: string | null
}

export interface SplitRulesView {
  circleId: string
  platformFeeBps: number
  referrerBps: number
  partners: { openid: string; nickname: string; bps: number }[]
  capBps: number
}

export type WalletOutputs = {
  summary: WalletSummary
  statement: Page<StatementLine>
  withdraw: WithdrawalView
  withdrawals: Page<WithdrawalView>
  refreshWithdrawal: WithdrawalView
  splitRules: SplitRulesView
  setSplitRules: SplitRulesView
} & MerchantOutputs
