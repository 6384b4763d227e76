/**
 * Posting journals (docs/money.md "Journals"): one journal per business event, its id derived from
 * the cause, inside the transaction that decided it. Posting the same id again is a no-op;
 * the same id with different entries is `id_conflict`, never an overwrite.
 *
 * Balances are cached only for the accounts people withdraw from (`owner:…`, `user:…`) and for a
 * circle's held deposits in platform mode (`deposits:…`, compared with the owner's sub-merchant),
 * next to the journal in the same transaction. System accounts (platform fee, channel fee, clearing,
 * refunds, payouts) are touched by every payment: caching them would make every payment in the
 * product contend for one document, so their balances are summed from the journals when needed
 * (reconciliation).
 */
import { DomainError } from '../core/errors'
import { assertBalanced, decidePosting, type Journal } from '../core/money'
import type { AccountRecord } from '../core/money-records'
import type { Tx } from './db'
import { accounts, journals } from './repos/money'

export const isCachedAccount = (account: string) =>
  account.startsWith('owner:') || account.startsWith('user:') || account.startsWith('deposits:')

/** Per cached account, how a journal moves its two buckets. */
export function cachedDeltas(journal: Journal): Map<string, { pendingFen: number; availableFen: number }> {
  const out = new Map<string, { pendingFen: number; availableFen: number }>()
  for (const e of journal.entries) {
    if (!isCachedAccount(e.account)) continue
    const d = out.get(e.account) ?? { pendingFen: 0, availableFen: 0 }
    if (e.bucket === 'pending') d.pendingFen += e.amountFen
    else d.availableFen += e.amountFen
    out.set(e.account, d)
  }
  return out
}

/**
 * Posts a journal in a transaction and moves the cached balances it touches. Refuses to take an
 * account's available balance below zero (the caller checked; this is the last line).
 *
 * Database calls (docs/performance.md): the journal's write; its existence read unless `fresh`
 * (the caller's transaction already proved the id unused, e.g. an order read as unpaid); per
 * cached account, one `_.inc` update when the journal takes nothing from its available balance
 * (a read and a write only for a debit of available, which must be checked against overdraw, and
 * for the account's first journal, which creates it).
 */
export async function postJournal(
  tx: Tx,
  journal: Journal,
  now: Date,
  /** Other fields to set on a touched account in the same write (e.g. its open withdrawal). */
  accountPatch: Record<string, Partial<AccountRecord>> = {},
  opts: {
    fresh?: boolean
    /** Accounts this transaction already read (null: missing), so a debit is checked without a second read. */
    known?: Record<string, AccountRecord | null>
  } = {},
): Promise<'posted' | 'exists'> {
  assertBalanced(journal)
  // Same id and same entries: already posted. Same id, other entries: id_conflict.
  if (!opts.fresh && decidePosting(await journals.get(journal._id, tx), journal) === 'noop') return 'exists'
  const deltas = cachedDeltas(journal)
  await journals.put(journal, tx)
  for (const [id, d] of deltas) {
    if (d.availableFen >= 0 && !(opts.known && id in opts.known)) {
      const { _id: _ignored, ...patch } = { ...accountPatch[id] }
      const moved = await accounts.increment(
        id,
        { pendingFen: d.pendingFen, availableFen: d.availableFen },
        { ...patch, updatedAt: now },
        tx,
      )
      if (moved) continue
    }
    const read = opts.known && id in opts.known ? opts.known[id] : await accounts.get(id, tx)
    const current: AccountRecord = read ?? {
      _id: id,
      pendingFen: 0,
      availableFen: 0,
      openWithdrawalId: null,
      updatedAt: now,
    }
    const next = {
      ...current,
      ...accountPatch[id],
      pendingFen: current.pendingFen + d.pendingFen,
      availableFen: current.availableFen + d.availableFen,
      updatedAt: now,
    }
    if (next.availableFen < 0 && d.availableFen < 0) throw new DomainError('insufficient_balance')
    await accounts.put(next, tx)
  }
  return 'posted'
}
