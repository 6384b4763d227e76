/** questions, peeks, qaAnswerers, qaQuotas: every Q&A query, with the index it uses (schema.ts), and Q&A fulfilment. */
import { decodeCursor, pageOf } from '../../core/cursor'
import { platformQaEarnings, splitQa, subMchidOf, type OrderRecord } from '../../core/money'
import {
  markPaid,
  peekId,
  type AnswererRecord,
  type PeekRecord,
  type QuestionRecord,
  type QuotaRecord,
} from '../../core/qa'
import { notificationRecord, type NewNotification } from '../../core/notifications'
import { cmd, db, getById, getMany, newestFirst, rowsOf, type Tx } from '../db'
import { NOTIFICATIONS } from './notifications'
import { withoutId } from './users'

type Source = Tx | ReturnType<typeof db>

const QUESTIONS = 'questions'
const PEEKS = 'peeks'
const ANSWERERS = 'qaAnswerers'
const QUOTAS = 'qaQuotas'

const put = async <T extends { _id: string }>(collection: string, doc: T, tx: Source) => {
  await (tx as Tx)
    .collection(collection)
    .doc(doc._id)
    .set({ data: withoutId(doc) })
}

export const questions = {
  get: (id: string, source: Source = db()) => getById<QuestionRecord>(source, QUESTIONS, id),
  put: (q: QuestionRecord, tx: Source) => put(QUESTIONS, q, tx),

  /** A circle's public answered questions, newest answer first (index circle_listed_answeredAt). */
  async listed(circleId: string, cursor: string | undefined, limit: number) {
    const _ = cmd()
    const after = decodeCursor(cursor, ['a', 'i'])
    const where = { circleId, listed: true }
    const query = after
      ? _.and([
          where,
          _.or([
            { answeredAt: _.lt(new Date(after.a)) },
            { answeredAt: new Date(after.a), _id: _.lt(String(after.i)) },
          ]),
        ])
      : where
    const res = await db()
      .collection(QUESTIONS)
      .where(query)
      .orderBy('answeredAt', 'desc')
      .orderBy('_id', 'desc')
      .limit(limit + 1)
      .get()
    return pageOf(rowsOf<QuestionRecord>(res), limit, (q) => ({
      a: new Date(q.answeredAt as Date).getTime(),
      i: q._id,
    }))
  },

  /** The caller's questions in a circle, newest first (index circle_asker_createdAt). */
  async askedBy(circleId: string, asker: string, cursor: string | undefined, limit: number) {
    const where = { circleId, asker }
    return newestFirst<QuestionRecord>(QUESTIONS, where, cursor, limit)
  },

  /** Pending questions waiting for one answerer, most urgent first (index circle_answerer_status_deadline). */
  async waitingFor(circleId: string, answerer: string, cursor: string | undefined, limit: number) {
    const _ = cmd()
    const after = decodeCursor(cursor, ['d', 'i'])
    const where = { circleId, answerer, status: 'pending' }
    const query = after
      ? _.and([
          where,
          _.or([{ deadline: _.gt(new Date(after.d)) }, { deadline: new Date(after.d), _id: _.gt(String(after.i)) }]),
        ])
      : where
    const res = await db()
      .collection(QUESTIONS)
      .where(query)
      .orderBy('deadline', 'asc')
      .orderBy('_id', 'asc')
      .limit(limit + 1)
      .get()
    return pageOf(rowsOf<QuestionRecord>(res), limit, (q) => ({ d: new Date(q.deadline as Date).getTime(), i: q._id }))
  },

  /**
   * Pending questions whose deadline has passed, by (deadline, _id) after the cursor (index
   * status_deadline): the expiry sweep's page.
   */
  async overdue(now: Date, after: { d: number; i: string } | null, limit: number) {
    const _ = cmd()
    const where = { status: 'pending', deadline: _.lte(now) }
    const query = after
      ? _.and([
          where,
          _.or([{ deadline: _.gt(new Date(after.d)) }, { deadline: new Date(after.d), _id: _.gt(after.i) }]),
        ])
      : where
    const res = await db()
      .collection(QUESTIONS)
      .where(query)
      .orderBy('deadline', 'asc')
      .orderBy('_id', 'asc')
      .limit(limit)
      .get()
    return rowsOf<QuestionRecord>(res)
  },
}

export const peeks = {
  get: (questionId: string, openid: string, source: Source = db()) =>
    getById<PeekRecord>(source, PEEKS, peekId(questionId, openid)),
  /** Which of these questions the viewer peeked (one read). */
  async of(questionIds: string[], openid: string): Promise<Set<string>> {
    const rows = await getMany<PeekRecord>(
      PEEKS,
      questionIds.map((q) => peekId(q, openid)),
    )
    return new Set(rows.map((p) => p.questionId))
  },
}

export const answerers = {
  get: (circleId: string, openid: string, source: Source = db()) =>
    getById<AnswererRecord>(source, ANSWERERS, `${circleId}:${openid}`),
  put: (a: AnswererRecord, tx: Source = db()) => put(ANSWERERS, a, tx),
  /** A circle's priced answerers (the owner and a few guests; index circle). */
  async ofCircle(circleId: string) {
    const res = await db().collection(ANSWERERS).where({ circleId }).limit(100).get()
    return rowsOf<AnswererRecord>(res)
  },
}

export const quotas = {
  get: (id: string, source: Source = db()) => getById<QuotaRecord>(source, QUOTAS, id),
  put: (q: QuotaRecord, tx: Source) => put(QUOTAS, q, tx),
}

/**
 * Fulfilment of paid Q&A, inside the transaction that marks the order paid (runtime/fulfil.ts):
 * a question starts its answer clock; a peek unlocks the answer for its buyer and counts what the
 * question earned (with _.inc, in this same transaction). Always true: there is always something.
 */
export async function fulfilQa(tx: Tx, order: OrderRecord, now: Date): Promise<boolean> {
  const questionId = order.product.id
  const q = await questions.get(questionId, tx)
  if (!q) throw new Error(`order ${order._id}: question ${questionId} is missing`)
  if (order.product.kind === 'question') {
    const paid = markPaid(q, order.paidAt ? new Date(order.paidAt) : now)
    await questions.put(paid, tx)
    // The answerer's in-app notice is a document with an id from its cause: written with the
    // question it announces (a re-run of this body writes the same document), no outside effect.
    const notice = notificationRecord(receivedNotice(paid), now)
    await tx
      .collection(NOTIFICATIONS)
      .doc(notice._id)
      .set({ data: withoutId(notice) })
    return true
  }
  // 平台收付通: what 分账 actually sends (and the owner's rest), not the 直连 split.
  const shares = subMchidOf(order) ? platformQaEarnings(order) : splitQa(order, order.splitRules)
  const part = (account: string | null | undefined) =>
    shares.filter((s) => s.account === account).reduce((t, s) => t + s.amountFen, 0)
  const askerFen = part(order.qa?.asker)
  const answererFen = part(order.qa?.answerer)
  const peek: PeekRecord = {
    _id: peekId(questionId, order.buyer),
    questionId,
    circleId: order.circleId,
    openid: order.buyer,
    orderId: order._id,
    amountFen: order.amountFen,
    createdAt: now,
  }
  await put(PEEKS, peek, tx)
  const _ = cmd()
  await tx
    .collection(QUESTIONS)
    .doc(questionId)
    .update({
      data: {
        peekCount: _.inc(1),
        askerEarnedFen: _.inc(askerFen),
        answererEarnedFen: _.inc(answererFen),
        updatedAt: now,
      },
    })
  return true
}

/** "你收到一个新提问" for the answerer, once per question (the free path sends it after its commit). */
export function receivedNotice(q: QuestionRecord): NewNotification {
  return {
    id: `question_received:${q._id}`,
    openid: q.answerer,
    circleId: q.circleId,
    kind: 'question_received',
    title: q.priceFen > 0 ? `你收到一个 ${(q.priceFen / 100).toFixed(2)} 元的付费提问` : '你收到一个新提问',
    body: q.text.slice(0, 60),
    link: `/packageQa/pages/question/index?id=${q._id}`,
  }
}
