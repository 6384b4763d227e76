/**
 * Paid Q&A and peeks (付费问答与偷看, docs/features.md §7; docs/qa.md). Pure rules: who may ask whom,
 * the question's state machine, deadlines, who sees what, and the view every reader gets.
 *
 *   unpaid ──paid (fulfilment)──▶ pending ──answer──▶ answered
 *     │ (free question: straight to pending)  ├──decline──▶ declined (refunded in full)
 *     └─ order closed: stays unpaid           └──deadline──▶ expired  (refunded by the timer)
 *
 * Money follows the order machinery (core/money): a question is an order of kind `question`,
 * a peek an order of kind `peek`; their shares come from split.ts splitQa.
 */
import type { Role } from './vocabulary'
import { DomainError } from './errors'
import type { QaSettings } from './settings'
import type { UserSnapshot } from './records'
import { QA_LIMITS } from './limits'
import type { NewNotification } from './notifications'

export const ANONYMOUS_NAME = '匿名成员'

export type QuestionStatus = 'unpaid' | 'pending' | 'answered' | 'declined' | 'expired'
export type AnswererRole = Extract<Role, 'owner' | 'guest'>

export interface QuestionAnswer {
  text: string
  images: string[]
  at: Date
}

export interface QuestionRecord {
  _id: string
  circleId: string
  asker: string
  askerUser: UserSnapshot
  answerer: string
  answererUser: UserSnapshot
  answererRole: AnswererRole
  text: string
  images: string[]
  anonymous: boolean
  isPublic: boolean
  /** Content security said `review`: kept out of the public list until the team clears it. */
  held: boolean
  /** What the asker pays (0 for a free question from the quota). */
  priceFen: number
  /** The quota document a free question used (restored when it is declined or expires). */
  quotaId: string | null
  orderId: string | null
  status: QuestionStatus
  /** Snapshotted at ask time from the circle's settings. */
  expireHours: number
  /** An unpaid question's order closes then. */
  payBy: Date | null
  paidAt: Date | null
  /** Unanswered at this instant → expired and refunded. */
  deadline: Date | null
  answer: QuestionAnswer | null
  answeredAt: Date | null
  declineReason: string
  closedAt: Date | null
  /** In the public list (answered, public, not held): the feed index filters on it. */
  listed: boolean
  peekCount: number
  /** Earned from peeks (the asker's and the answerer's parts), kept with _.inc in the peek's fulfilment. */
  askerEarnedFen: number
  answererEarnedFen: number
  createdAt: Date
  updatedAt: Date
}

export interface PeekRecord {
  _id: string // `${questionId}:${openid}`: one peek per member per question
  questionId: string
  circleId: string
  openid: string
  orderId: string
  amountFen: number
  createdAt: Date
}

export interface AnswererRecord {
  _id: string // `${circleId}:${openid}`
  circleId: string
  openid: string
  priceFen: number
  /** Questions answered, kept with _.inc in the answer's transaction. */
  answeredCount: number
  createdAt: Date
  updatedAt: Date
}

export interface QuotaRecord {
  _id: string // quotaId(): per member per term
  circleId: string
  openid: string
  used: number
}

export const peekId = (questionId: string, openid: string) => `${questionId}:${openid}`

/**
 * Free questions are counted per membership term: a term is identified by the membership's
 * expiry (a renewal moves it, so a new term starts with a fresh quota; no expiry: one term).
 */
export function quotaId(circleId: string, openid: string, expiresAt: Date | null): string {
  return `${circleId}:${openid}:${expiresAt ? new Date(expiresAt).getTime() : 'open'}`
}

/** Who may be asked: an active owner or guest who has set a price. */
export function assertCanBeAsked(args: {
  asker: string
  answerer: string
  answererRole: Role | null
  priced: AnswererRecord | null
}): asserts args is typeof args & { priced: AnswererRecord } {
  if (args.asker === args.answerer) throw new DomainError('qa_self_question', undefined, 'answerer')
  if ((args.answererRole !== 'owner' && args.answererRole !== 'guest') || !args.priced) {
    throw new DomainError('qa_not_answerer', undefined, 'answerer')
  }
}

/** Whether this question is free: the member has quota left this term. */
export function freeQuestionLeft(settings: QaSettings, used: number): number {
  return Math.max(0, settings.freeQuestionsPerTerm - used)
}

export function deadlineOf(paidAt: Date, expireHours: number): Date {
  if (
    !Number.isSafeInteger(expireHours) ||
    expireHours < QA_LIMITS.minExpireHours ||
    expireHours > QA_LIMITS.maxExpireHours
  ) {
    throw new Error(`bad expireHours ${expireHours}`)
  }
  return new Date(paidAt.getTime() + expireHours * 3_600_000)
}

export function newQuestion(args: {
  id: string
  circleId: string
  asker: { openid: string; user: UserSnapshot }
  answerer: { openid: string; user: UserSnapshot; role: AnswererRole }
  text: string
  images: string[]
  anonymous: boolean
  isPublic: boolean
  held: boolean
  priceFen: number
  quotaId: string | null
  orderId: string | null
  payBy: Date | null
  expireHours: number
  now: Date
}): QuestionRecord {
  const free = args.priceFen === 0
  const base: QuestionRecord = {
    _id: args.id,
    circleId: args.circleId,
    asker: args.asker.openid,
    askerUser: args.asker.user,
    answerer: args.answerer.openid,
    answererUser: args.answerer.user,
    answererRole: args.answerer.role,
    text: args.text,
    images: args.images,
    anonymous: args.anonymous,
    isPublic: args.isPublic,
    held: args.held,
    priceFen: args.priceFen,
    quotaId: args.quotaId,
    orderId: args.orderId,
    status: 'unpaid',
    expireHours: args.expireHours,
    payBy: args.payBy,
    paidAt: null,
    deadline: null,
    answer: null,
    answeredAt: null,
    declineReason: '',
    closedAt: null,
    listed: false,
    peekCount: 0,
    askerEarnedFen: 0,
    answererEarnedFen: 0,
    createdAt: args.now,
    updatedAt: args.now,
  }
  return free ? markPaid(base, args.now) : base
}

/** Paid (or free): the answerer's clock starts. Repeats change nothing. */
export function markPaid(q: QuestionRecord, paidAt: Date): QuestionRecord {
  if (q.status !== 'unpaid') return q
  return { ...q, status: 'pending', paidAt, deadline: deadlineOf(paidAt, q.expireHours), updatedAt: paidAt }
}

/** A pending question past its deadline is expired even before the timer refunds it. */
export function isOverdue(q: Pick<QuestionRecord, 'status' | 'deadline'>, now: Date): boolean {
  return q.status === 'pending' && !!q.deadline && now.getTime() >= new Date(q.deadline).getTime()
}

function assertOpenFor(q: QuestionRecord, openid: string, now: Date): void {
  if (q.answerer !== openid) throw new DomainError('forbidden')
  if (q.status !== 'pending')
    throw new DomainError(q.status === 'declined' || q.status === 'expired' ? 'qa_refunded' : 'qa_not_pending')
  if (isOverdue(q, now)) throw new DomainError('qa_expired')
}

/**
 * One final answer, by the addressed answerer, before the deadline, and never after a refund
 * was requested for the question's order (`orderRefunded`: the owner may refund any order).
 */
export function decideAnswer(
  q: QuestionRecord,
  args: { openid: string; text: string; images: string[]; held: boolean; orderRefunded: boolean; now: Date },
): QuestionRecord {
  assertOpenFor(q, args.openid, args.now)
  if (args.orderRefunded) throw new DomainError('qa_refunded')
  const held = q.held || args.held
  return {
    ...q,
    status: 'answered',
    answer: { text: args.text, images: args.images, at: args.now },
    answeredAt: args.now,
    held,
    listed: q.isPublic && !held,
    updatedAt: args.now,
  }
}

export function decideDecline(q: QuestionRecord, args: { openid: string; reason: string; now: Date }): QuestionRecord {
  assertOpenFor(q, args.openid, args.now)
  return { ...q, status: 'declined', declineReason: args.reason, closedAt: args.now, updatedAt: args.now }
}

/** The timer's decision: null when this question is not (or no longer) due. */
export function decideExpire(q: QuestionRecord, now: Date): QuestionRecord | null {
  if (!isOverdue(q, now)) return null
  return { ...q, status: 'expired', closedAt: now, updatedAt: now }
}

/** How the viewer stands to a question. */
export type QaViewerRelation = 'asker' | 'answerer' | 'peeked' | 'other'

export function relationOf(
  q: Pick<QuestionRecord, 'asker' | 'answerer'>,
  openid: string | null,
  peeked: boolean,
): QaViewerRelation {
  if (openid && q.asker === openid) return 'asker'
  if (openid && q.answerer === openid) return 'answerer'
  return peeked ? 'peeked' : 'other'
}

/** Private questions are for their two people only; public ones for members once answered (and not held). */
export function canSee(q: QuestionRecord, relation: QaViewerRelation): boolean {
  if (relation === 'asker' || relation === 'answerer') return true
  return q.listed
}

/**
 * Whether the viewer must pay to read the answer. The asker and the answerer never pay (they
 * just see it); a member who peeked once reads it for good.
 */
export function assertPeekable(q: QuestionRecord, relation: QaViewerRelation): 'free' | 'pay' {
  if (relation === 'asker' || relation === 'answerer' || relation === 'peeked') return 'free'
  if (!q.listed || q.status !== 'answered') throw new DomainError('qa_not_peekable')
  return 'pay'
}

// ---------- views ----------

export interface QaPersonView {
  /** null when anonymous to this viewer. */
  openid: string | null
  nickname: string
  avatarUrl: string
}

export interface QuestionView {
  id: string
  circleId: string
  asker: QaPersonView
  answerer: QaPersonView & { role: AnswererRole }
  text: string
  images: string[]
  anonymous: boolean
  isPublic: boolean
  held: boolean
  status: QuestionStatus
  /** 0: a free question from the quota. */
  priceFen: number
  askedAt: string
  payBy: string | null
  deadline: string | null
  answeredAt: string | null
  closedAt: string | null
  declineReason: string
  /** The answer, when this viewer may read it; null otherwise (locked or none yet). */
  answer: { text: string; images: string[]; at: string } | null
  /** There is an answer this viewer must peek (pay) to read. */
  locked: boolean
  peekCount: number
  peekPriceFen: number
  relation: QaViewerRelation
  /** The asker's order (to pay an unpaid question): the asker only. */
  orderId: string | null
  /** What peeks earned: each side sees only their own part. */
  earnedFen: number | null
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null)

export function questionView(
  q: QuestionRecord,
  args: { viewer: string | null; peeked: boolean; peekPriceFen: number },
): QuestionView {
  const relation = relationOf(q, args.viewer, args.peeked)
  const mayRead = relation !== 'other'
  const hideAsker = q.anonymous && relation !== 'asker'
  return {
    id: q._id,
    circleId: q.circleId,
    asker: hideAsker
      ? { openid: null, nickname: ANONYMOUS_NAME, avatarUrl: '' }
      : { openid: q.asker, nickname: q.askerUser.nickname, avatarUrl: q.askerUser.avatarUrl },
    answerer: {
      openid: q.answerer,
      nickname: q.answererUser.nickname,
      avatarUrl: q.answererUser.avatarUrl,
      role: q.answererRole,
    },
    text: q.text,
    images: q.images,
    anonymous: q.anonymous,
    isPublic: q.isPublic,
    held: q.held,
    status: q.status,
    priceFen: q.priceFen,
    askedAt: new Date(q.createdAt).toISOString(),
    payBy: iso(q.payBy),
    deadline: iso(q.deadline),
    answeredAt: iso(q.answeredAt),
    closedAt: iso(q.closedAt),
    declineReason: relation === 'asker' || relation === 'answerer' ? q.declineReason : '',
    answer:
      q.answer && mayRead
        ? { text: q.answer.text, images: q.answer.images, at: new Date(q.answer.at).toISOString() }
        : null,
    locked: !!q.answer && !mayRead,
    peekCount: q.peekCount,
    peekPriceFen: args.peekPriceFen,
    relation,
    orderId: relation === 'asker' ? q.orderId : null,
    earnedFen: relation === 'asker' ? q.askerEarnedFen : relation === 'answerer' ? q.answererEarnedFen : null,
  }
}

// ---------- display rules (shared with the app) ----------

export const QUESTION_STATUS_TEXT: Record<QuestionStatus, string> = {
  unpaid: '待支付',
  pending: '待回答',
  answered: '已回答',
  declined: '已拒绝·已退款',
  expired: '已过期·已退款',
}

/** The countdown both sides see, e.g. 剩余 71 小时 59 分; null once it is over. */
export function countdownText(deadline: Date | string | null, now: Date | number): string | null {
  if (!deadline) return null
  const ms = new Date(deadline).getTime() - (typeof now === 'number' ? now : now.getTime())
  if (ms <= 0) return null
  const minutes = Math.ceil(ms / 60_000)
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  return h > 0 ? `剩余 ${h} 小时 ${m} 分` : `剩余 ${m} 分钟`
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
