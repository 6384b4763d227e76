/**
 * Withdrawals (docs/money.md "Withdrawals"): the amount leaves `available` in one journal, in the
 * transaction that records the request, before any call to WeChat — so concurrent requests can
 * never spend the same fen (the account document is in every such transaction). The transfer
 * (商家转账) runs after commit from the outbox; the user confirms it in the app; a failed or
 * expired transfer returns the money with a reversing journal. A transfer is never re-issued
 * with a new bill number: the bill number is the withdrawal id, and a retry queries first.
 */
import { shanghaiDayKey } from '../core/time'
import { checkWithdrawal, withdrawalJournal, withdrawalReturnJournal, WITHDRAWAL_RULES } from '../core/money'
import type { WithdrawalRecord } from '../core/money-records'
import { DomainError } from '../core/errors'
import { transaction } from './db'
import { newId } from './ids'
import { postJournal } from './ledger'
import { payments } from './payments'
import { readWxpayConfig, type EcommerceWithdrawResult, type TransferBillResult } from './payment'
import { accounts, outbox, withdrawals } from './repos/money'

const FINAL = new Set(['succeeded', 'failed', 'expired'])

export async function requestWithdrawal(args: {
  account: string
  openid: string
  amountFen: number
  now: Date
  realNameVerified: boolean
  subMchid?: string | null
}): Promise<WithdrawalRecord> {
  const { account, openid, amountFen, now } = args
  const day = shanghaiDayKey(now)
  const today = await withdrawals.onDay(account, day)
  const withdrawnTodayFen = today
    .filter((w) => w.state !== 'failed' && w.state !== 'expired')
    .reduce((s, w) => s + w.amountFen, 0)
  const id = newId(now)
  await transaction(async (tx) => {
    const current = await accounts.get(account, tx)
    checkWithdrawal(
      {
        amountFen,
        availableFen: current?.availableFen ?? 0,
        withdrawnTodayFen,
        hasOpenRequest: !!current?.openWithdrawalId,
        realNameVerified: args.realNameVerified,
      },
      WITHDRAWAL_RULES,
    )
    const record: WithdrawalRecord = {
      _id: id,
      account,
      openid,
      amountFen,
      state: 'requested',
      day,
      confirm: null,
      failReason: null,
      ...(args.subMchid ? { subMchid: args.subMchid, bank: null } : {}),
      createdAt: now,
      updatedAt: now,
    }
    await withdrawals.put(record, tx)
    await postJournal(tx, withdrawalJournal({ withdrawalId: id, account, amountFen, at: now }), now, {
      [account]: { openWithdrawalId: id },
    })
    await outbox.put(
      {
        _id: `transfer:${id}`,
        kind: 'transfer',
        payload: { withdrawalId: id },
        state: 'pending',
        attempts: 0,
        dueAt: now,
        lastError: null,
        createdAt: now,
      },
      tx,
    )
  })
  const created = await withdrawals.get(id)
  if (!created) throw new DomainError('withdrawal_not_found')
  return created
}

/** Issues (or, on a retry, first looks up) the transfer bill for a requested withdrawal. */
export async function startTransfer(withdrawalId: string, now: Date): Promise<void> {
  const w = await withdrawals.get(withdrawalId)
  if (!w || w.state !== 'requested') return
  if (w.subMchid) return startBankWithdrawal(w, now)
  const transfers = payments().wxpay()
  let result: TransferBillResult | null
  try {
    result = await transfers.queryTransferBill(w._id)
  } catch {
    result = null // not found: never issued
  }
  if (!result)
    result = await transfers.createTransferBill({
      outBillNo: w._id,
      openid: w.openid,
      amountFen: w.amountFen,
      remark: '圈子收入提现',
    })
  await applyTransfer(w._id, result, now)
}

/** Asks WeChat how a transfer stands and records it. */
export async function refreshWithdrawal(withdrawalId: string, now: Date): Promise<WithdrawalRecord> {
  const w = await withdrawals.get(withdrawalId)
  if (!w) throw new DomainError('withdrawal_not_found')
  if (FINAL.has(w.state)) return w
  if (w.state === 'requested') await startTransfer(w._id, now)
  else if (w.subMchid)
    await applyBankWithdrawal(
      w._id,
      await payments().wxpay().queryEcommerceWithdraw({ subMchid: w.subMchid, outRequestNo: w._id }),
      now,
    )
  else await applyTransfer(w._id, await payments().wxpay().queryTransferBill(w._id), now)
  return (await withdrawals.get(withdrawalId))!
}

/** Moves a withdrawal to what WeChat says; failure or expiry returns the money, once. */
export async function applyTransfer(withdrawalId: string, result: TransferBillResult, now: Date): Promise<void> {
  await transaction(async (tx) => {
    const w = await withdrawals.get(withdrawalId, tx)
    if (!w || FINAL.has(w.state)) return
    const state = result.state
    if (state === 'SUCCESS') {
      await withdrawals.put({ ...w, state: 'succeeded', confirm: null, updatedAt: now }, tx)
      const acc = await accounts.get(w.account, tx)
      if (acc && acc.openWithdrawalId === w._id)
        await accounts.put({ ...acc, openWithdrawalId: null, updatedAt: now }, tx)
    } else if (state === 'FAIL' || state === 'CANCELLED') {
      await withdrawals.put(
        {
          ...w,
          state: state === 'FAIL' ? 'failed' : 'expired',
          confirm: null,
          failReason: result.failReason ?? null,
          updatedAt: now,
        },
        tx,
      )
      await postJournal(
        tx,
        withdrawalReturnJournal({ withdrawalId: w._id, account: w.account, amountFen: w.amountFen, at: now }),
        now,
        {
          [w.account]: { openWithdrawalId: null },
        },
      )
    } else if (state === 'WAIT_USER_CONFIRM') {
      const config = readWxpayConfig()
      await withdrawals.put(
        {
          ...w,
          state: 'waiting_confirm',
          confirm: { mchId: config?.mchid ?? '', appId: config?.appid ?? '', packageInfo: result.packageInfo ?? '' },
          updatedAt: now,
        },
        tx,
      )
    } else {
      await withdrawals.put({ ...w, state: 'transferring', updatedAt: now }, tx)
    }
  })
}

// ---------- 平台收付通: the owner withdraws their sub-merchant's balance to its bank card ----------

/** Issues (or, on a retry, first looks up) the 二级商户提现 with out_request_no = the withdrawal id. */
async function startBankWithdrawal(w: WithdrawalRecord, now: Date): Promise<void> {
  const wx = payments().wxpay()
  const subMchid = w.subMchid as string
  let result: EcommerceWithdrawResult | null
  try {
    result = await wx.queryEcommerceWithdraw({ subMchid, outRequestNo: w._id })
  } catch {
    result = null // not found: never issued
  }
  if (!result)
    result = await wx.ecommerceWithdraw({
      subMchid,
      outRequestNo: w._id,
      amountFen: w.amountFen,
      remark: '圈子收入提现',
    })
  await applyBankWithdrawal(w._id, result, now)
}

/**
 * What WeChat says of a bank withdrawal: SUCCESS is final; FAIL, REFUND (the bank sent it back)
 * and CLOSE return the money, once; anything else is still on its way (T+1).
 */
export async function applyBankWithdrawal(
  withdrawalId: string,
  result: EcommerceWithdrawResult,
  now: Date,
): Promise<void> {
  await transaction(async (tx) => {
    const w = await withdrawals.get(withdrawalId, tx)
    if (!w || FINAL.has(w.state)) return
    const bank = result.accountNumber
      ? { accountNumber: result.accountNumber, accountBank: result.accountBank ?? '' }
      : (w.bank ?? null)
    if (result.status === 'SUCCESS') {
      await withdrawals.put({ ...w, state: 'succeeded', bank, updatedAt: now }, tx)
      const acc = await accounts.get(w.account, tx)
      if (acc && acc.openWithdrawalId === w._id)
        await accounts.put({ ...acc, openWithdrawalId: null, updatedAt: now }, tx)
    } else if (result.status === 'FAIL' || result.status === 'REFUND' || result.status === 'CLOSE') {
      await withdrawals.put(
        { ...w, state: 'failed', bank, failReason: result.reason ?? result.status, updatedAt: now },
        tx,
      )
      await postJournal(
        tx,
        withdrawalReturnJournal({ withdrawalId: w._id, account: w.account, amountFen: w.amountFen, at: now }),
        now,
        {
          [w.account]: { openWithdrawalId: null },
        },
      )
    } else {
      await withdrawals.put({ ...w, state: 'transferring', bank, updatedAt: now }, tx)
    }
  })
}
