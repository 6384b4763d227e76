/** questions, peeks, qaAnswerers, qaQuotas: every Q&A query, with the index it uses (schema.ts). */
import { decodeCursor, pageOf } from '../../core/cursor'
import { peekId, type AnswererRecord, type PeekRecord, type QuestionRecord, type QuotaRecord } from '../../core/qa'
import { cmd, db, getById, getMany, newestFirst, rowsOf, type Tx } from '../db'
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

  /** Counts one paid peek and what it earned the asker and the answerer (_.inc, in the payment's transaction). */
  async countPeek(id: string, earned: { askerFen: number; answererFen: number }, now: Date, tx: Tx) {
    const _ = cmd()
    await tx
      .collection(QUESTIONS)
      .doc(id)
      .update({
        data: {
          peekCount: _.inc(1),
          askerEarnedFen: _.inc(earned.askerFen),
          answererEarnedFen: _.inc(earned.answererFen),
          updatedAt: now,
        },
      })
  },

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
  put: (p: PeekRecord, tx: Source) => put(PEEKS, p, tx),
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
  /** One more answer given (_.inc, in the answer's transaction); the answerer is always there (only a priced one can be asked). */
  async countAnswer(circleId: string, openid: string, tx: Tx): Promise<void> {
    await tx
      .collection(ANSWERERS)
      .doc(`${circleId}:${openid}`)
      .update({ data: { answeredCount: cmd().inc(1) } })
  },
  /** A circle's priced answerers (the owner and a few guests; index circle). */
  async ofCircle(circleId: string) {
    const res = await db().collection(ANSWERERS).where({ circleId }).limit(100).get()
    return rowsOf<AnswererRecord>(res)
  },
}

export const quotas = {
  get: (id: string, source: Source = db()) => getById<QuotaRecord>(source, QUOTAS, id),
  put: (q: QuotaRecord, tx: Source) => put(QUOTAS, q, tx),
  /** A free question's quota given back (its question was refunded or expired). */
  async giveBack(id: string, tx: Tx): Promise<void> {
    await tx
      .collection(QUOTAS)
      .doc(id)
      .update({ data: { used: cmd().inc(-1) } })
  },
}
