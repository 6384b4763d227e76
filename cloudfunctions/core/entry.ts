/**
 * Approval entry (审核入圈, docs/features.md §2) and complimentary memberships (赠送会员, §3): pure rules.
 *
 * An application's id is `${circleId}:${openid}`: one record per person per circle. Applying again
 * after a rejection or a lapse overwrites it with the next `round`, and the earlier rounds are kept
 * (briefly) in `history`, so the queue always shows the current round and a stale approve click
 * (an older round) is refused.
 *
 * State machine (docs/entry.md):
 *   (none | rejected | expired) --apply--> pending
 *   pending --approve--> approved   (free approval circle: the membership is made in the same transaction)
 *   pending --approve--> approved + payBy   (approval + paid: the applicant pays within the window)
 *   pending --reject(reason)--> rejected
 *   pending --7 days--> expired     (computed at read time; a timer tidies the stored status)
 *   approved + payBy --payBy passes unpaid--> expired (read time only)
 */
import type { EntryMode, Role } from './vocabulary'
import type {
  ApplicationBrief,
  ApplicationStatus,
  ApplicationView,
  AnswerView,
  QuestionKind,
  Questionnaire,
} from './contracts/member'
import { DomainError } from './errors'
import type { InviteAttribution } from './invites'
import type { CircleRecord, MembershipRecord, MembershipSource, UserSnapshot } from './records'
import { membershipId } from './records'
import { newMembership } from './circle'
import { entryPriceTag } from './money/pricing'
import { type ApprovalQuestion, settingsOf } from './settings'
import type { NewNotification } from './notifications'
import { inShanghai } from './time'
import { ENTRY_LIMITS } from './limits'

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS
/** Earlier rounds kept on the record (a person cannot grow it without bound). */
const HISTORY_KEPT = 10

export interface StoredAnswer {
  questionId: string
  title: string
  kind: QuestionKind
  text: string
  choices: string[]
}

export interface ApplicationRound {
  round: number
  status: ApplicationStatus
  createdAt: Date
  decidedAt: Date | null
  rejectReason: string | null
}

export interface ApplicationRecord {
  _id: string // `${circleId}:${openid}`
  circleId: string
  openid: string
  user: UserSnapshot
  round: number
  /** Stored status; read it through effectiveStatus (lapses are computed at read time). */
  status: ApplicationStatus
  /** The questionnaire as it was when they applied, with their answers. */
  answers: StoredAnswer[]
  note: string
  createdAt: Date
  /** createdAt + 7 days: a pending application lapses then. */
  expiresAt: Date
  decidedAt: Date | null
  decidedBy: string | null
  rejectReason: string | null
  /** Approval + paid: the approved applicant may buy entry until then. */
  payBy: Date | null
  inviterId: string | null
  channel: string | null
  history: ApplicationRound[]
  /** Approval + paid: the round whose pay-window reminder went out (payReminderDue); absent: none yet. */
  payRemindedRound?: number
  updatedAt: Date
}

export const applicationId = (circleId: string, openid: string) => `${circleId}:${openid}`

/** The questionnaire an owner saves: ids by position, choices checked. */
export function buildQuestions(
  input: { kind: QuestionKind; title: string; options: string[]; required: boolean }[],
): ApprovalQuestion[] {
  if (input.length > ENTRY_LIMITS.questions) throw new DomainError('invalid_argument', undefined, 'questions')
  return input.map((q, i) => {
    const options = q.kind === 'text' ? [] : q.options.map((o) => o.trim())
    if (q.kind !== 'text') {
      if (options.length < 2) throw new DomainError('invalid_argument', undefined, `questions.${i}.options`)
      if (new Set(options).size !== options.length)
        throw new DomainError('invalid_argument', undefined, `questions.${i}.options`)
    } else if (q.options.length > 0) {
      throw new DomainError('invalid_argument', undefined, `questions.${i}.options`)
    }
    return { id: `q${i + 1}`, kind: q.kind, title: q.title.trim(), options, required: q.required }
  })
}

/** Whether the circle sells entry: approval + paid makes an approved applicant pay. */
export const isPaidAfterApproval = (circle: Pick<CircleRecord, 'entryMode' | 'pricing'>): boolean =>
  circle.entryMode === 'approval' && !!circle.pricing?.entry

export function questionnaireOf(circle: CircleRecord): Questionnaire {
  const entry = settingsOf(circle).entry
  return {
    circleId: circle._id,
    circleName: circle.name,
    entryMode: circle.entryMode as EntryMode,
    questions: entry.questions.map((q) => ({ ...q, options: [...q.options] })),
    noteMaxChars: ENTRY_LIMITS.noteChars,
    paidAfterApproval: isPaidAfterApproval(circle),
    payWindowHours: entry.payWindowHours,
    entryPrice: isPaidAfterApproval(circle) ? entryPriceTag(circle.pricing?.entry) : null,
  }
}

/** Checks answers against the questionnaire: every required one answered, choices among the options. */
export function checkAnswers(
  questions: ApprovalQuestion[],
  answers: { questionId: string; text?: string; choices?: string[] }[],
): StoredAnswer[] {
  const byId = new Map<string, { text?: string; choices?: string[] }>()
  for (const a of answers) {
    if (byId.has(a.questionId) || !questions.some((q) => q.id === a.questionId))
      throw new DomainError('invalid_argument', undefined, 'answers')
    byId.set(a.questionId, a)
  }
  return questions.map((q) => {
    const a = byId.get(q.id)
    const text = q.kind === 'text' ? (a?.text ?? '').trim() : ''
    const choices = q.kind === 'text' ? [] : [...new Set(a?.choices ?? [])]
    if (q.kind === 'text' && a?.choices?.length) throw new DomainError('invalid_argument', undefined, 'answers')
    if (q.kind !== 'text' && a?.text) throw new DomainError('invalid_argument', undefined, 'answers')
    if (choices.some((c) => !q.options.includes(c))) throw new DomainError('invalid_argument', undefined, 'answers')
    if (q.kind === 'single' && choices.length > 1) throw new DomainError('invalid_argument', undefined, 'answers')
    const answered = q.kind === 'text' ? text.length > 0 : choices.length > 0
    if (q.required && !answered) throw new DomainError('answer_required', undefined, 'answers')
    return { questionId: q.id, title: q.title, kind: q.kind, text, choices }
  })
}

/** The status as of `now`: a pending application lapses after 7 days, an unpaid approval at payBy. */
export function effectiveStatus(
  app: Pick<ApplicationRecord, 'status' | 'expiresAt' | 'payBy'>,
  now: Date,
): ApplicationStatus {
  if (app.status === 'pending' && now.getTime() >= new Date(app.expiresAt).getTime()) return 'expired'
  if (app.status === 'approved' && app.payBy && now.getTime() >= new Date(app.payBy).getTime()) return 'expired'
  return app.status
}

const isCurrentMember = (m: MembershipRecord | null, now: Date): boolean =>
  !!m && m.status === 'active' && (!m.expiresAt || now.getTime() < new Date(m.expiresAt).getTime())

/** The applicant takes back this round while it is still pending (a decided one stays decided). */
export function decideWithdraw(
  application: ApplicationRecord | null,
  args: { round: number; now: Date },
): ApplicationRecord {
  if (!application) throw new DomainError('not_found', undefined, 'circleId')
  if (application.round !== args.round || effectiveStatus(application, args.now) !== 'pending')
    throw new DomainError('application_not_pending', undefined, 'round')
  return {
    ...application,
    status: 'withdrawn',
    decidedAt: args.now,
    decidedBy: application.openid,
    updatedAt: args.now,
  }
}

/** A new round of an application: who may apply now, and what is stored. */
export function decideApply(args: {
  circle: CircleRecord
  existing: ApplicationRecord | null
  membership: MembershipRecord | null
  blacklisted: boolean
  applicant: { openid: string } & UserSnapshot
  answers: { questionId: string; text?: string; choices?: string[] }[]
  note: string
  attribution: InviteAttribution
  now: Date
}): ApplicationRecord {
  const { circle, existing, membership, applicant, now } = args
  if (circle.status === 'closed') throw new DomainError('circle_closed')
  if (circle.entryMode !== 'approval') throw new DomainError('not_approval_circle')
  if (args.blacklisted) throw new DomainError('blacklisted')
  if (isCurrentMember(membership, now)) throw new DomainError('already_member')
  if (existing) {
    const status = effectiveStatus(existing, now)
    if (status === 'pending') throw new DomainError('application_pending')
    // An approved applicant with something still to do (pay) keeps their approval.
    if (status === 'approved' && existing.payBy && !membership) throw new DomainError('application_approved')
  }
  const answers = checkAnswers(settingsOf(circle).entry.questions, args.answers)
  const round = (existing?.round ?? 0) + 1
  const history = existing
    ? [
        {
          round: existing.round,
          status: effectiveStatus(existing, now),
          createdAt: existing.createdAt,
          decidedAt: existing.decidedAt,
          rejectReason: existing.rejectReason,
        },
        ...existing.history,
      ].slice(0, HISTORY_KEPT)
    : []
  return {
    _id: applicationId(circle._id, applicant.openid),
    circleId: circle._id,
    openid: applicant.openid,
    user: { nickname: applicant.nickname, avatarUrl: applicant.avatarUrl },
    round,
    status: 'pending',
    answers,
    note: args.note.trim(),
    createdAt: now,
    expiresAt: new Date(now.getTime() + ENTRY_LIMITS.applicationDays * DAY_MS),
    decidedAt: null,
    decidedBy: null,
    rejectReason: null,
    payBy: null,
    inviterId: args.attribution.inviterId,
    channel: args.attribution.channel,
    history,
    updatedAt: now,
  }
}

export interface ReviewOutcome {
  application: ApplicationRecord
  /** Free approval circles: the membership the approval creates (null when paid, or already a member). */
  membership: MembershipRecord | null
}

/** A team member decides one round. Approval of a free approval circle admits at once. */
export function decideReview(args: {
  circle: CircleRecord
  application: ApplicationRecord | null
  round: number
  decision: 'approve' | 'reject'
  reason: string
  reviewer: string
  membership: MembershipRecord | null
  blacklisted: boolean
  now: Date
}): ReviewOutcome {
  const { circle, application, now } = args
  if (circle.status === 'closed') throw new DomainError('circle_closed')
  if (!application) throw new DomainError('not_found', undefined, 'openid')
  if (application.round !== args.round || effectiveStatus(application, now) !== 'pending')
    throw new DomainError('application_not_pending')
  const decided = { ...application, decidedAt: now, decidedBy: args.reviewer, updatedAt: now }
  if (args.decision === 'reject') {
    return { application: { ...decided, status: 'rejected', rejectReason: args.reason.trim() }, membership: null }
  }
  if (args.blacklisted) throw new DomainError('blacklisted')
  if (isPaidAfterApproval(circle)) {
    const payBy = new Date(now.getTime() + settingsOf(circle).entry.payWindowHours * HOUR_MS)
    return { application: { ...decided, status: 'approved', rejectReason: null, payBy }, membership: null }
  }
  const approved: ApplicationRecord = { ...decided, status: 'approved', rejectReason: null, payBy: null }
  if (isCurrentMember(args.membership, now)) return { application: approved, membership: null }
  const source: MembershipSource = { kind: 'approval', inviterId: application.inviterId, channel: application.channel }
  const fresh = newMembership(circle._id, { openid: application.openid, ...application.user }, 'member', now)
  return { application: approved, membership: { ...fresh, source } }
}

/**
 * Approval + paid: may this person buy entry now? Anyone who was a member (current, in grace or
 * lapsed) renews without a new approval; otherwise an approval whose pay window is open.
 */
export function assertMayBuyEntry(
  circle: Pick<CircleRecord, 'entryMode'>,
  application: Pick<ApplicationRecord, 'status' | 'expiresAt' | 'payBy'> | null,
  now: Date,
  membership: Pick<MembershipRecord, 'status'> | null = null,
): void {
  if (circle.entryMode !== 'approval') return
  if (membership && (membership.status === 'active' || membership.status === 'expired')) return
  if (!application) throw new DomainError('application_required')
  const status = effectiveStatus(application, now)
  if (status === 'approved') return
  if (status === 'pending') throw new DomainError('application_pending')
  if (status === 'rejected') throw new DomainError('application_rejected')
  throw new DomainError(application.status === 'approved' ? 'payment_window_passed' : 'application_required')
}

/** 赠送会员: extends from the later of now and the current expiry; a lapsed member comes back as a member. */
export function decideComp(args: {
  circle: CircleRecord
  target: MembershipRecord | null
  user: { openid: string } & UserSnapshot
  days: number
  blacklisted: boolean
  now: Date
}): MembershipRecord {
  const { circle, target, now, days } = args
  if (circle.status === 'closed') throw new DomainError('circle_closed')
  if (args.blacklisted) throw new DomainError('blacklisted')
  if (!Number.isSafeInteger(days) || days < 1) throw new DomainError('invalid_argument', undefined, 'days')
  const current = isCurrentMember(target, now) ? target : null
  if (current && !current.expiresAt) throw new DomainError('comp_not_needed')
  const from = Math.max(now.getTime(), current?.expiresAt ? new Date(current.expiresAt).getTime() : 0)
  const expiresAt = new Date(from + days * DAY_MS)
  if (current) return { ...current, expiresAt, updatedAt: now }
  const base = newMembership(circle._id, args.user, 'member', now)
  const role: Role = 'member'
  return {
    ...base,
    ...(target ? { user: target.user } : {}),
    _id: membershipId(circle._id, args.user.openid),
    role,
    expiresAt,
    source: { kind: 'comp', inviterId: null, channel: null },
  }
}

const iso = (d: Date | string) => new Date(d).toISOString()

export function applicationBrief(app: ApplicationRecord, now: Date): ApplicationBrief {
  const status = effectiveStatus(app, now)
  return {
    round: app.round,
    status,
    rejectReason: status === 'rejected' ? app.rejectReason : null,
    payBy: app.payBy ? iso(app.payBy) : null,
    paymentLapsed: status === 'expired' && app.status === 'approved',
    expiresAt: iso(app.expiresAt),
  }
}

export function applicationView(
  app: ApplicationRecord,
  now: Date,
  inviter: { openid: string; nickname: string; avatarUrl: string } | null,
): ApplicationView {
  const answers: AnswerView[] = app.answers.map((a) => ({ ...a, choices: [...a.choices] }))
  return {
    ...applicationBrief(app, now),
    circleId: app.circleId,
    applicant: { openid: app.openid, nickname: app.user.nickname, avatarUrl: app.user.avatarUrl },
    answers,
    note: app.note,
    createdAt: iso(app.createdAt),
    decidedAt: app.decidedAt ? iso(app.decidedAt) : null,
    decidedBy: app.decidedBy,
    channel: app.channel,
    inviter,
  }
}

export const SOURCE_LABELS: Record<MembershipSource['kind'], string> = {
  owner: '创建者',
  free: '免费加入',
  approval: '审核通过',
  paid: '付费加入',
  trial: '免费试用',
  comp: '圈主赠送',
  pass: '年卡',
  gift: '礼品码',
  guest: '嘉宾',
}

// ---------- the reminder before an approved applicant's pay window closes ----------

/** How long before the pay window closes the approved applicant is reminded (at most half the window). */
export const PAY_REMINDER_LEAD_HOURS = 24

/**
 * An approved applicant who has not paid is reminded once per round: from 24 hours before payBy
 * (or, for a window shorter than 48 h, from its half-way point) until payBy. `paid`: the person
 * already holds a membership here (nothing to remind).
 */
export function payReminderDue(
  app: Pick<ApplicationRecord, 'status' | 'payBy' | 'decidedAt' | 'round' | 'payRemindedRound'>,
  paid: boolean,
  now: Date,
): boolean {
  if (paid || app.status !== 'approved' || !app.payBy || app.payRemindedRound === app.round) return false
  const payBy = new Date(app.payBy).getTime()
  const decided = app.decidedAt ? new Date(app.decidedAt).getTime() : payBy - 2 * PAY_REMINDER_LEAD_HOURS * HOUR_MS
  const lead = Math.min(PAY_REMINDER_LEAD_HOURS * HOUR_MS, Math.max(0, payBy - decided) / 2)
  return now.getTime() >= payBy - lead && now.getTime() < payBy
}

/** Its id, derived from the application's round: the notice and the message go once per round. */
export const payReminderId = (app: Pick<ApplicationRecord, '_id' | 'round'>) => `pay_reminder:${app._id}:${app.round}`

const payByText = (payBy: Date | string) => inShanghai(new Date(payBy)).format('M月D日 HH:mm')
/** The circle's buy page, where an approved applicant pays. */
export const payPath = (circleId: string) => `/packagePay/pages/buy/index?circleId=${encodeURIComponent(circleId)}`

/** The in-app reminder (once per round: its id is payReminderId). */
export function payReminderNotice(
  app: Pick<ApplicationRecord, '_id' | 'round' | 'openid' | 'circleId' | 'payBy'>,
  circleName: string,
): NewNotification {
  return {
    id: payReminderId(app),
    openid: app.openid,
    circleId: app.circleId,
    kind: 'payment_reminder',
    title: '入圈付款即将截止',
    body: `你加入「${circleName}」的申请已通过，请在 ${payByText(app.payBy!)} 前完成支付，逾期需要重新申请。`,
    link: payPath(app.circleId),
  }
}

/** The subscription message's fields (thing1 圈子名称, time2 截止时间, thing3 温馨提示). */
export function payReminderMessageData(circleName: string, payBy: Date | string): Record<string, { value: string }> {
  const name = [...circleName]
  return {
    thing1: { value: name.length <= 20 ? circleName : `${name.slice(0, 19).join('')}…` },
    time2: { value: inShanghai(new Date(payBy)).format('YYYY年M月D日 HH:mm') },
    thing3: { value: '审核已通过，逾期需重新申请' },
  }
}
