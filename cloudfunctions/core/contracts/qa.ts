/** The `qa` function's contract: 付费问答与偷看（issue 5; docs/qa.md）. */
import { z } from 'zod'
import type { PayParams, SaleView } from './shop'
import type { Page, Platform, Role } from '../vocabulary'
import type { QuestionView } from '../qa'
import type { QaSettings } from '../settings'
import { chars, cursor, fileId, id } from './base'
import { QA_LIMITS as L } from '../limits'

export type { QuestionView }

// contract.ts imports this file: its PLATFORMS value is not there yet when this runs, so the list is repeated (typed against it).
const platform = z.enum(['ios', 'android', 'windows', 'mac', 'devtools', 'h5'] as const satisfies readonly Platform[])

export const qaInputs = {
  /** The circle's Q&A page: settings, answerers with prices, the caller's free questions left. */
  home: z.strictObject({ circleId: id }),
  /** Public answered questions, newest answer first. */
  feed: z.strictObject({ circleId: id, cursor }),
  get: z.strictObject({ questionId: id }),
  /** Asks an answerer: free from the quota when there is any left, else an order to pay (the cashier flow). */
  ask: z
    .strictObject({
      circleId: id,
      answerer: id,
      text: chars(0, L.questionChars),
      images: z.array(fileId).max(L.questionImages).default([]),
      anonymous: z.boolean().default(false),
      isPublic: z.boolean().default(true),
      platform: platform.default('h5'),
    })
    .refine((q) => q.text.length > 0, { message: 'a question needs text', path: ['text'] }),
  answer: z
    .strictObject({
      questionId: id,
      text: chars(0, L.answerChars),
      images: z.array(fileId).max(L.answerImages).default([]),
    })
    .refine((a) => a.text.length > 0 || a.images.length > 0, {
      message: 'an answer needs text or an image',
      path: ['text'],
    }),
  decline: z.strictObject({ questionId: id, reason: chars(0, L.declineReasonChars).default('') }),
  /** Pays the peek price to read a public answer (free for the asker, the answerer, and who already peeked). */
  peek: z.strictObject({ questionId: id, platform: platform.default('h5') }),
  /** asked: the caller's questions; toAnswer: questions waiting for the caller's answer (most urgent first). */
  mine: z.strictObject({ circleId: id, box: z.enum(['asked', 'toAnswer']), cursor }),
  /** An owner or guest opens (or changes) their price. */
  setPrice: z.strictObject({ circleId: id, priceFen: z.number().int().min(L.minPriceFen).max(L.maxPriceFen) }),
  setSettings: z.strictObject({
    circleId: id,
    freeQuestionsPerTerm: z.number().int().min(0).max(L.maxFreeQuestionsPerTerm),
    expireHours: z.number().int().min(L.minExpireHours).max(L.maxExpireHours),
    peekPriceFen: z.number().int().min(L.minPeekPriceFen).max(L.maxPeekPriceFen),
    askerShareBps: z.number().int().min(0).max(10_000),
    /** 平台收付通: a guest answerer's share of each paid question; omitted: unchanged. */
    guestShareBps: z.number().int().min(0).max(10_000).optional(),
  }),
} as const

export interface AnswererView {
  openid: string
  nickname: string
  avatarUrl: string
  role: 'owner' | 'guest'
  priceFen: number
  /** Questions this answerer answered (public and private). */
  answeredCount: number
}

export interface QaHome {
  circleId: string
  circleName: string
  settings: QaSettings
  presetsFen: number[]
  answerers: AnswererView[]
  /** Whether this device may pay for a question / a peek and see their prices. */
  sale: { question: SaleView; peek: SaleView }
  /**
   * 平台收付通: the most the owner may set as a guest's share (the 30 % cap less the platform fee);
   * null in 直连, where guests earn all that is left after the fees.
   */
  guestShareMaxBps?: number | null
  viewer: {
    openid: string | null
    role: Role | null
    /** Active: may ask and peek (grace: read only). */
    canAsk: boolean
    /** Owner or guest: answers, sets a price. */
    canAnswer: boolean
    /** Owner or partner: the Q&A settings. */
    canManage: boolean
    freeLeft: number
    /** The caller's own price, when they answer. */
    myPriceFen: number | null
  }
}

export interface AskResult {
  question: QuestionView
  /** null for a free question (it is pending at once). */
  pay: PayParams | null
}

export interface PeekResult {
  question: QuestionView
  /** null when the caller may read it without paying (now or already). */
  pay: PayParams | null
  orderId: string | null
}

export interface QaOutputs {
  home: QaHome
  feed: Page<QuestionView>
  get: QuestionView
  ask: AskResult
  answer: QuestionView
  decline: QuestionView
  peek: PeekResult
  mine: Page<QuestionView>
  setPrice: AnswererView
  setSettings: QaSettings
}
