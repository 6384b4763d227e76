/**
 * The statement as its owner reads it (docs/money.md "Statement"): one line per business event (a
 * journal), with its cause, and the net change of the account's total. How the event moved money
 * between the account's buckets (待结算 / 可提现) is the line's detail: a settlement is one line,
 * "退款期已过", whose total does not change and whose detail shows pending − x, available + x.
 */
import type { Bucket } from './accounts'
import type { Journal } from './ledger'

export interface StatementMovement {
  bucket: Bucket
  /** Signed: money into the bucket is positive. */
  amountFen: number
}

export interface StatementEntry {
  journalId: string
  kind: Journal['kind']
  memo: string
  /** The net change of the account's total (both buckets): 0 for a move between buckets. */
  amountFen: number
  /** Where the money ends up: the bucket that received it (or, for money out, the one it left). */
  bucket: Bucket
  /** The same fen amount moved from one bucket to the other (a settlement), else 0. */
  movedFen: number
  movements: StatementMovement[]
  at: Date
  orderId: string | null
}

const ORDER: Bucket[] = ['pending', 'available']

/** The journal's line for one account; null when it does not move the account's money. */
export function statementEntry(j: Journal, account: string): StatementEntry | null {
  const byBucket = new Map<Bucket, number>()
  for (const e of j.entries)
    if (e.account === account) byBucket.set(e.bucket, (byBucket.get(e.bucket) ?? 0) + e.amountFen)
  const movements = ORDER.filter((b) => (byBucket.get(b) ?? 0) !== 0).map((bucket) => ({
    bucket,
    amountFen: byBucket.get(bucket)!,
  }))
  if (movements.length === 0) return null
  const amountFen = movements.reduce((s, m) => s + m.amountFen, 0)
  const into = movements.filter((m) => m.amountFen > 0)
  const bucket =
    amountFen < 0 ? movements.find((m) => m.amountFen < 0)!.bucket : (into[into.length - 1] ?? movements[0]).bucket
  const movedFen = amountFen === 0 ? into.reduce((s, m) => s + m.amountFen, 0) : 0
  return {
    journalId: j._id,
    kind: j.kind,
    memo: j.memo,
    amountFen,
    bucket,
    movedFen,
    movements,
    at: j.postedAt,
    orderId: j.orderId ?? null,
  }
}
