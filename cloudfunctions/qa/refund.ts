/**
 * Declined and expired questions are refunded in full, automatically (docs/qa.md "Money"). One
 * transaction decides it: the question's new status, the order's refund request and its reversing
 * journal (runtime/refunds.ts bookRefund), and the outbox record of the channel's refund call —
 * which runs after commit. The question document is in that transaction, so an answer racing a
 * refund conflicts with it, and whichever re-runs second finds the question no longer pending.
 * The expiry sweep books its questions ten to a transaction (refundBatch), the same reads and
 * writes per question, so a batch is as safe as ten single refunds.
 */
import { DomainError } from '../core/errors'
import { committedRefundFen, decideQuestionRefund } from '../core/money'
import { decideExpire, type QuestionRecord } from '../core/qa'
import { transaction, type Tx } from '../runtime/db'
import { AccountMoves } from '../runtime/ledger'
import type { ActionContext } from '../runtime/handler'
import { jobs } from '../runtime/repos/operations'
import { notify } from '../runtime/notifications'
import type { NewNotification } from '../core/notifications'
import { bookRefund } from '../runtime/refunds'
import { dispatchOutbox } from '../runtime/outbox'
import { journals, orders } from '../runtime/repos/money'
import type { Journal, OrderRecord } from '../core/money'
import type { OutboxRecord } from '../core/money-records'
import { questions, quotas } from '../runtime/repos/questions'
import { qaUrl } from './ids'
import { QA_LIMITS } from '../core/limits'

const REASON = { declined: '回答者拒绝了提问，费用原路退回', expired: '提问超时未回答，费用原路退回' } as const

/** What one question's refund decided in a transaction (its notice is written after commit). */
interface Refunded {
  saved: QuestionRecord
  refundedFen: number
  /** The order as the transaction wrote it (its refund's result is recorded from it). */
  order: OrderRecord | null
}

/** The per-transaction helpers of a sweep's batch (none for a single question). */
interface Batch {
  /** Payment journals read before the transaction, by order id. */
  payments: Map<string, Journal>
  moves: AccountMoves
  records: OutboxRecord[]
}

/**
 * The body of one question's refund in a transaction `tx`: reads the question (the transaction's
 * guard against an answer racing it) and its order, books the refund, saves both. Null when
 * `decide` says there is nothing to do. Writes only to the database (it may run twice).
 */
async function refundInTx(
  tx: Tx,
  questionId: string,
  now: Date,
  decide: (q: QuestionRecord) => QuestionRecord | null,
  effects: string[],
  batch?: Batch,
): Promise<Refunded | null> {
  const q = await questions.get(questionId, tx)
  if (!q) throw new DomainError('not_found', undefined, 'questionId')
  const next = decide(q)
  if (!next) return null
  if (next.status !== 'declined' && next.status !== 'expired') throw new Error(`refundQuestion: ${next.status}`)
  let refundedFen = 0
  let written: OrderRecord | null = null
  if (q.orderId) {
    const order = await orders.get(q.orderId, tx)
    if (!order) throw new Error(`question ${q._id}: order ${q.orderId} is missing`)
    if (order.refunds.some((r) => r.status !== 'failed')) {
      // Already refunded by the owner: nothing more to give back.
      refundedFen = committedRefundFen(order)
    } else {
      const { order: after, refund } = decideQuestionRefund(order, { reason: REASON[next.status], now })
      effects.push(
        await bookRefund(tx, order, refund, now, {
          payment: batch?.payments.get(order._id),
          moves: batch?.moves,
          records: batch?.records,
        }),
      )
      await orders.put(after, tx)
      written = after
      refundedFen = refund.amountFen
    }
  } else if (q.quotaId) {
    // A free question gives its quota back.
    await quotas.giveBack(q.quotaId, tx)
  }
  const saved: QuestionRecord = { ...next, listed: false }
  await questions.put(saved, tx)
  return { saved, refundedFen, order: written }
}

function refundNotice(done: Refunded): NewNotification {
  const q = done.saved
  const money = done.refundedFen > 0 ? `，${(done.refundedFen / 100).toFixed(2)} 元已原路退回` : ''
  return {
    id: `question_refunded:${q._id}`,
    openid: q.asker,
    circleId: q.circleId,
    kind: 'question_refunded',
    title: q.status === 'declined' ? '你的提问被婉拒了' : '你的提问超时未回答',
    body: `${q.text.slice(0, 40)}${money}`,
    link: qaUrl(q._id),
  }
}

/**
 * Applies `decide` to the question in a transaction and refunds what was paid. `decide` returns
 * null when there is nothing to do (the timer found it answered meanwhile); it throws to refuse.
 * Returns the question after, or null when nothing happened.
 */
export async function refundQuestion(
  questionId: string,
  now: Date,
  decide: (q: QuestionRecord) => QuestionRecord | null,
  /** Collect the channel calls here (the caller dispatches them) instead of performing them now. */
  opts: { effects?: string[]; notices?: NewNotification[] } = {},
): Promise<QuestionRecord | null> {
  const effects: string[] = []
  const done = await transaction(async (tx) => {
    effects.length = 0
    return refundInTx(tx, questionId, now, decide, effects)
  })
  if (!done) return null
  if (opts.effects) opts.effects.push(...effects)
  else if (effects.length) await dispatchOutbox(now, { only: effects })
  // a sweep collects a page's notices and writes them in one batch (2 calls, not 2 per question)
  if (opts.notices) opts.notices.push(refundNotice(done))
  else await notify([refundNotice(done)], now)
  return done.saved
}

/**
 * Refunds several overdue questions in ONE transaction (the sweep's batch): each question's reads
 * and writes as in refundQuestion, their payment journals read before it in one call (journals
 * never change once posted), the owner's balance moved by one `_.inc` for all of them. Whatever
 * fails in it (a refund not covered, a conflict that keeps coming back) rolls the whole batch back
 * and the caller refunds the questions one by one, so one bad question costs only the batch's
 * saving. Returns what was refunded, the outbox records written and the orders as written.
 */
async function refundBatch(rows: QuestionRecord[], now: Date) {
  const payments = new Map(
    (await journals.getMany(rows.filter((q) => q.orderId).map((q) => `${q.orderId}:pay`))).map((j) => [
      j._id.slice(0, -':pay'.length),
      j,
    ]),
  )
  let records: OutboxRecord[] = []
  const done = await transaction(async (tx) => {
    const batch: Batch = { payments, moves: new AccountMoves(tx, now), records: [] }
    const out: Refunded[] = []
    for (const q of rows) {
      const one = await refundInTx(tx, q._id, now, (current) => decideExpire(current, now), [], batch)
      if (one) out.push(one)
    }
    await batch.moves.flush()
    records = batch.records
    return out
  })
  return { done, records }
}

interface SweepState {
  _id: string
  cursor: { d: number; i: string } | null
  updatedAt: Date
}

const JOB_ID = 'qaExpire'
/**
 * Pages per run. A page of 50 refunds is ≈ 400 database calls (8 per question, the refund's
 * result included: docs/performance.md "Database calls per write"), which must finish well inside
 * the function's timeout, so a run does one page and the timer runs every minute (3 000 refunds an
 * hour).
 */
export const EXPIRE_PAGES_PER_RUN = 1
/**
 * Questions refunded in one transaction. Ten keep a transaction to ≈ 60 document operations (well
 * inside the platform's transaction timeout) while its start, commit and the owner's balance write
 * are shared by ten refunds; a conflict re-runs only ten.
 */
export const EXPIRE_BATCH = 10

/**
 * The `expire` timer: refunds pending questions whose deadline has passed, a page at a time in
 * (deadline, _id) order from a cursor kept in `jobs`. A refunded question leaves the index's
 * `pending` range, so a repeat finds nothing to do; one that failed (logged) is passed over by
 * the cursor and retried when the sweep wraps around (a short page resets the cursor).
 */
export async function expireSweep(ctx: ActionContext, opts: { pages?: number; pageSize?: number } = {}) {
  const pageSize = opts.pageSize ?? QA_LIMITS.expirePage
  const state = await jobs.get<SweepState>(JOB_ID)
  let cursor = state?.cursor ?? null
  let checked = 0
  let refunded = 0
  let failed = 0
  const effects: string[] = []
  const notices: NewNotification[] = []
  let done = false
  const records: OutboxRecord[] = []
  const written = new Map<string, OrderRecord>()
  for (let page = 0; page < (opts.pages ?? EXPIRE_PAGES_PER_RUN); page++) {
    const rows = await questions.overdue(ctx.now, cursor, pageSize)
    checked += rows.length
    for (let i = 0; i < rows.length; i += EXPIRE_BATCH) {
      const chunk = rows.slice(i, i + EXPIRE_BATCH)
      let batch: Awaited<ReturnType<typeof refundBatch>> | null = null
      try {
        batch = await refundBatch(chunk, ctx.now)
      } catch (error) {
        // one of them cannot be refunded now: each on its own, so the others still are
        console.error(
          JSON.stringify({
            level: 'warn',
            job: JOB_ID,
            batch: chunk.length,
            error: String((error as Error)?.message ?? error),
          }),
        )
      }
      if (batch) {
        refunded += batch.done.length
        for (const d of batch.done) {
          notices.push(refundNotice(d))
          if (d.order) written.set(d.order._id, d.order)
        }
        records.push(...batch.records)
        continue
      }
      for (const q of chunk) {
        try {
          if (await refundQuestion(q._id, ctx.now, (current) => decideExpire(current, ctx.now), { effects, notices }))
            refunded += 1
        } catch (error) {
          failed += 1
          console.error(
            JSON.stringify({
              level: 'error',
              job: JOB_ID,
              questionId: q._id,
              error: String((error as Error)?.message ?? error),
            }),
          )
        }
      }
    }
    if (rows.length < pageSize) {
      cursor = null
      done = true
      break
    }
    const last = rows[rows.length - 1]
    cursor = { d: new Date(last.deadline as Date).getTime(), i: last._id }
  }
  await jobs.save(JOB_ID, { cursor, updatedAt: ctx.now })
  // The askers' notices, then the channel calls, after every refund committed (the finance outbox
  // timer retries any call that fails).
  if (notices.length) await notify(notices, ctx.now)
  // the batches' records and orders as their transactions wrote them: no read of either first
  if (records.length) await dispatchOutbox(ctx.now, { records, orders: written })
  if (effects.length) await dispatchOutbox(ctx.now, { only: effects })
  return { checked, refunded, failed, done }
}
