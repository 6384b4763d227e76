/**
 * Declined and expired questions are refunded in full, automatically (docs/qa.md "Money"). One
 * transaction decides it: the question's new status, the order's refund request and its reversing
 * journal (runtime/refunds.ts bookRefund), and the outbox record of the channel's refund call —
 * which runs after commit. The question document is in that transaction, so an answer racing a
 * refund conflicts with it, and whichever re-runs second finds the question no longer pending.
 */
import { DomainError } from '../core/errors'
import { committedRefundFen, decideQuestionRefund } from '../core/money'
import { decideExpire, type QuestionRecord } from '../core/qa'
import { transaction } from '../runtime/db'
import type { ActionContext } from '../runtime/handler'
import { jobs } from '../runtime/repos/operations'
import { notify } from '../runtime/notifications'
import type { NewNotification } from '../core/notifications'
import { bookRefund } from '../runtime/refunds'
import { dispatchOutbox } from '../runtime/outbox'
import { orders } from '../runtime/repos/money'
import { questions, quotas } from '../runtime/repos/questions'
import { qaUrl } from './ids'
import { QA_LIMITS } from '../core/limits'

const REASON = { declined: '回答者拒绝了提问，费用原路退回', expired: '提问超时未回答，费用原路退回' } as const

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
    const q = await questions.get(questionId, tx)
    if (!q) throw new DomainError('not_found', undefined, 'questionId')
    const next = decide(q)
    if (!next) return null
    if (next.status !== 'declined' && next.status !== 'expired') throw new Error(`refundQuestion: ${next.status}`)
    let refundedFen = 0
    if (q.orderId) {
      const order = await orders.get(q.orderId, tx)
      if (!order) throw new Error(`question ${q._id}: order ${q.orderId} is missing`)
      if (order.refunds.some((r) => r.status !== 'failed')) {
        // Already refunded by the owner: nothing more to give back.
        refundedFen = committedRefundFen(order)
      } else {
        const { order: after, refund } = decideQuestionRefund(order, { reason: REASON[next.status], now })
        effects.push(await bookRefund(tx, order, refund, now))
        await orders.put(after, tx)
        refundedFen = refund.amountFen
      }
    } else if (q.quotaId) {
      // A free question gives its quota back.
      await quotas.giveBack(q.quotaId, tx)
    }
    const saved: QuestionRecord = { ...next, listed: false }
    await questions.put(saved, tx)
    return { saved, refundedFen }
  })
  if (!done) return null
  if (opts.effects) opts.effects.push(...effects)
  else if (effects.length) await dispatchOutbox(now, { only: effects })
  const q = done.saved
  const money = done.refundedFen > 0 ? `，${(done.refundedFen / 100).toFixed(2)} 元已原路退回` : ''
  const notice: NewNotification = {
    id: `question_refunded:${q._id}`,
    openid: q.asker,
    circleId: q.circleId,
    kind: 'question_refunded',
    title: q.status === 'declined' ? '你的提问被婉拒了' : '你的提问超时未回答',
    body: `${q.text.slice(0, 40)}${money}`,
    link: qaUrl(q._id),
  }
  // a sweep collects a page's notices and writes them in one batch (2 calls, not 2 per question)
  if (opts.notices) opts.notices.push(notice)
  else await notify([notice], now)
  return q
}

interface SweepState {
  _id: string
  cursor: { d: number; i: string } | null
  updatedAt: Date
}

const JOB_ID = 'qaExpire'
/**
 * Pages per run. A page of 50 refunds is ≈ 1 000 database calls (about 20 per question: two
 * transactions, the journal, the balance, the outbox, the notification; `npm run bench`), which
 * must finish well inside the function's timeout, so a run does one page and the timer runs
 * every minute (3 000 refunds an hour).
 */
export const EXPIRE_PAGES_PER_RUN = 1

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
  for (let page = 0; page < (opts.pages ?? EXPIRE_PAGES_PER_RUN); page++) {
    const rows = await questions.overdue(ctx.now, cursor, pageSize)
    for (const q of rows) {
      checked += 1
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
  if (effects.length) await dispatchOutbox(ctx.now, { only: effects })
  return { checked, refunded, failed, done }
}
