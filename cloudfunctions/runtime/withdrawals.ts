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
  /** The account's withdrawals of today when the caller read them already (saves the read). */
  today?: WithdrawalRecord[]
}): Promise<WithdrawalRecord> {
  const { account, openid, amountFen, now } = args
  const day = shanghaiDayKey(now)
  const today = args.today ?? (await withdrawals.onDay(account, day))
  const withdrawnTodayFen = today
    .filter((w) => w.state !== 'failed' && w.state !== 'expired')
    .reduce((s, w) => s + w.amountFen, 0)
  const id = newId(now)
  let created: WithdrawalRecord | null = null
  await transaction(async (tx) => {
    created = null
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
    // fresh: the journal's id is the new withdrawal's; known: the account as this transaction read it
    await postJournal(
      tx,
      withdrawalJournal({ withdrawalId: id, account, amountFen, at: now }),
      now,
      { [account]: { openWithdrawalId: id } },
      { fresh: true, known: { [account]: current } },
    )
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
    created = record
  })
  if (!created) throw new DomainError('withdrawal_not_found')
  return created
}

/**
 * Starts a just-requested withdrawal's transfer in the request's own invocation, as the outbox
 * dispatch would (runtime/refunds.ts), from the record in hand: marks its outbox record done, or
 * leaves it pending with the error for the outbox timer. Answers the withdrawal as it stands after.
 */
export async function transferNow(w: WithdrawalRecord, now: Date): Promise<WithdrawalRecord> {
  const effectId = `transfer:${w._id}`
  try {
    const after = w.subMchid ? await startBankWithdrawal(w, now) : (await startTransfer(w._id, now), null)
    await outbox.update(effectId, { state: 'done', attempts: 1, lastError: null })
    return after ?? (await withdrawals.get(w._id)) ?? w
  } catch (e) {
    const message = String((e as Error)?.message ?? e)
    console.error(JSON.stringify({ level: 'error', effect: effectId, attempts: 1, error: message }))
    await outbox.update(effectId, { attempts: 1, lastError: message.slice(0, 300) })
    return (await withdrawals.get(w._id)) ?? w
  }
}

/** Issues (or, on a retry, first looks up) the transfer bill for a requested withdrawal. */
export async function startTransfer(withdrawalId: string, now: Date): Promise<void> {
  const w = await withdrawals.get(withdrawalId)
  if (!w || w.state !== 'requested') return
  if (w.subMchid) {
    await startBankWithdrawal(w, now)
    return
  }
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
async function startBankWithdrawal(w: WithdrawalRecord, now: Date): Promise<WithdrawalRecord | null> {
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
  return applyBankWithdrawal(w._id, result, now, w)
}

/**
 * What WeChat says of a bank withdrawal: SUCCESS is final; FAIL, REFUND (the bank sent it back)
 * and CLOSE return the money, once; anything else is still on its way (T+1).
 */
export async function applyBankWithdrawal(
  withdrawalId: string,
  result: EcommerceWithdrawResult,
  now: Date,
  /** The withdrawal as the caller read it: the answer is built from it instead of a read. */
  known?: WithdrawalRecord,
): Promise<WithdrawalRecord | null> {
  const final = result.status === 'SUCCESS' || ['FAIL', 'REFUND', 'CLOSE'].includes(result.status)
  if (!final) {
    // Still on its way (T+1): only the state and the bank move, so one conditional update does it
    // (not final yet, whoever else writes) instead of a transaction's four calls.
    const bank = result.accountNumber
      ? { accountNumber: result.accountNumber, accountBank: result.accountBank ?? '' }
      : null
    const patch = { state: 'transferring' as const, ...(bank ? { bank } : {}), updatedAt: now }
    const moved = await withdrawals.updateIfOpen(withdrawalId, [...FINAL], patch)
    return moved && known ? { ...known, ...patch } : null
  }
  return transaction(async (tx): Promise<WithdrawalRecord | null> => {
    const w = await withdrawals.get(withdrawalId, tx)
    if (!w || FINAL.has(w.state)) return null
    const bank = result.accountNumber
      ? { accountNumber: result.accountNumber, accountBank: result.accountBank ?? '' }
      : (w.bank ?? null)
    if (result.status === 'SUCCESS') {
      const next: WithdrawalRecord = { ...w, state: 'succeeded', bank, updatedAt: now }
      await withdrawals.put(next, tx)
      const acc = await accounts.get(w.account, tx)
      if (acc && acc.openWithdrawalId === w._id)
        await accounts.put({ ...acc, openWithdrawalId: null, updatedAt: now }, tx)
      return next
    } else if (result.status === 'FAIL' || result.status === 'REFUND' || result.status === 'CLOSE') {
      const next: WithdrawalRecord = {
        ...w,
        state: 'failed',
        bank,
        failReason: result.reason ?? result.status,
        updatedAt: now,
      }
      await withdrawals.put(next, tx)
      await postJournal(
        tx,
        withdrawalReturnJournal({ withdrawalId: w._id, account: w.account, amountFen: w.amountFen, at: now }),
        now,
        {
          [w.account]: { openWithdrawalId: null },
        },
      )
      return next
    }
    return null
  })
}
