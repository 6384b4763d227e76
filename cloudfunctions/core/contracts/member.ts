/** The `member` function's contract: 入圈申请（问卷审核）、赠送会员、邀请（issue 4 items 1–3）. */
import { z } from 'zod'
import type { EntryPriceTag } from '../money/pricing'
import type { Page, Role, UserView } from '../vocabulary'
import { ENTRY_LIMITS } from '../limits'
import { chars, cursor, id } from './base'

export const QUESTION_KINDS = ['text', 'single', 'multiple'] as const

const question = z.strictObject({
  kind: z.enum(QUESTION_KINDS),
  title: chars(1, ENTRY_LIMITS.questionTitleChars),
  options: z.array(chars(1, ENTRY_LIMITS.optionChars)).max(ENTRY_LIMITS.options).default([]),
  required: z.boolean().default(true),
})

const answer = z.strictObject({
  questionId: id,
  /** A text question's answer. */
  text: chars(0, ENTRY_LIMITS.answerChars).optional(),
  /** The options chosen (by their text) for single and multiple choice. */
  choices: z.array(chars(1, ENTRY_LIMITS.optionChars)).max(ENTRY_LIMITS.options).optional(),
})

/** An invite code as it travels in links and QR scenes (unknown codes are ignored, never an error). */
export const inviteCodeInput = z
  .string()
  .trim()
  .max(32)
  .regex(/^[A-Za-z0-9_-]*$/)

export const memberInputs = {
  /** The circle's questionnaire, for the apply page and the editor. */
  questionnaire: z.strictObject({ circleId: id }),
  /** Owner / partner: replaces the questionnaire (ids are given by position: q1…q10). */
  saveQuestionnaire: z.strictObject({
    circleId: id,
    questions: z.array(question).max(ENTRY_LIMITS.questions),
    payWindowHours: z.number().int().min(1).max(720).optional(),
  }),
  /** Apply to an approval circle (again, after a rejection or a lapse). */
  apply: z.strictObject({
    circleId: id,
    answers: z.array(answer).max(ENTRY_LIMITS.questions).default([]),
    note: chars(0, ENTRY_LIMITS.noteChars).default(''),
    inviteCode: inviteCodeInput.optional(),
  }),
  /** The caller's own application in a circle (null when none). */
  myApplication: z.strictObject({ circleId: id }),
  /** The applicant takes back their pending application (this round); they may apply again later. */
  withdrawApplication: z.strictObject({ circleId: id, round: z.number().int().min(1) }),
  /** The review queue: pending (oldest first, lapsed ones left out), or decided ones. */
  applications: z.strictObject({
    circleId: id,
    status: z.enum(['pending', 'approved', 'rejected']).default('pending'),
    cursor,
  }),
  /** Approve or reject one round of an application; a rejection needs a reason. */
  review: z
    .strictObject({
      circleId: id,
      openid: id,
      round: z.number().int().min(1),
      decision: z.enum(['approve', 'reject']),
      reason: chars(0, ENTRY_LIMITS.rejectReasonChars).default(''),
    })
    .refine((r) => r.decision === 'approve' || r.reason.length > 0, {
      message: 'a rejection needs a reason',
      path: ['reason'],
    }),
  /** Owner / partner: a complimentary membership of N days (赠送会员). `requestId` makes a retry a no-op. */
  grant: z.strictObject({
    circleId: id,
    openid: id,
    grantDays: z.number().int().min(1).max(ENTRY_LIMITS.compDaysMax),
    requestId: z.string().regex(/^[A-Za-z0-9_-]{8,40}$/),
  }),
  /** People the team may grant to: past and present members and applicants, newest first. */
  grantCandidates: z.strictObject({ circleId: id, cursor }),
  /** A member's invite link for a channel (渠道); the same inviter and channel always get the same code. */
  createInvite: z.strictObject({ circleId: id, channel: chars(0, ENTRY_LIMITS.channelChars).default('') }),
  /** What an invite code stands for (the landing page's 「X 邀请你加入」). */
  invite: z.strictObject({ code: inviteCodeInput.pipe(z.string().min(1)) }),
  /** The invite's mini-program code (QR) as a PNG data URL. */
  inviteQr: z.strictObject({ code: inviteCodeInput.pipe(z.string().min(1)) }),
} as const

// ---------- outputs ----------

export type QuestionKind = (typeof QUESTION_KINDS)[number]

export interface QuestionView {
  id: string
  kind: QuestionKind
  title: string
  options: string[]
  required: boolean
}

export interface Questionnaire {
  circleId: string
  circleName: string
  entryMode: 'free' | 'approval' | 'paid'
  questions: QuestionView[]
  noteMaxChars: number
  /** Approval + paid: the applicant pays after approval within this many hours. */
  paidAfterApproval: boolean
  payWindowHours: number
  /** What entry costs after approval (approval + paid); null otherwise. */
  entryPrice: EntryPriceTag | null
}

/**
 * pending → approved | rejected, or expired after 7 days unreviewed, or withdrawn by the applicant
 * while pending. approved with a payBy (approval + paid) reads as expired once payBy passes
 * unpaid. Each re-application is a new round.
 */
export type ApplicationStatus = 'pending' | 'approved' | 'rejected' | 'expired' | 'withdrawn'

/** What the circle page shows a visitor about their own application. */
export interface ApplicationBrief {
  round: number
  status: ApplicationStatus
  rejectReason: string | null
  /** Approval + paid: pay before this instant (null when nothing is to pay). */
  payBy: string | null
  /** The approval lapsed because the pay window passed (rather than the review taking 7 days). */
  paymentLapsed: boolean
  expiresAt: string
}

export interface AnswerView {
  questionId: string
  title: string
  kind: QuestionKind
  text: string
  choices: string[]
}

export interface ApplicationView extends ApplicationBrief {
  circleId: string
  applicant: UserView
  answers: AnswerView[]
  note: string
  createdAt: string
  decidedAt: string | null
  decidedBy: string | null
  /** 渠道 and inviter the applicant came through. */
  channel: string | null
  inviter: UserView | null
}

export interface GrantResult {
  openid: string
  role: Role
  expiresAt: string
  /** Days added by this grant. */
  days: number
}

export interface GrantCandidate extends UserView {
  /** Why they are known to the circle. */
  relation: 'member' | 'expired' | 'left' | 'applicant'
  role: Role | null
  expiresAt: string | null
}

export interface InviteView {
  code: string
  circleId: string
  circleName: string
  circleAvatarUrl: string
  circleIntro: string
  inviter: UserView
  channel: string | null
  /** The app page an invite opens (the landing page with the code). */
  path: string
}

export interface InviteQr {
  code: string
  /** data:image/png;base64,… of the mini-program code (a QR of the H5 link in the local cloud). */
  imageDataUrl: string
}

export interface MemberOutputs {
  questionnaire: Questionnaire
  saveQuestionnaire: Questionnaire
  apply: ApplicationView
  myApplication: ApplicationView | null
  withdrawApplication: ApplicationView
  applications: Page<ApplicationView>
  review: ApplicationView
  grant: GrantResult
  grantCandidates: Page<GrantCandidate>
  createInvite: InviteView
  invite: InviteView
  inviteQr: InviteQr
}
