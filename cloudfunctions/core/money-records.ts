/** What the database holds for money besides orders and journals (core/money owns those). */
import type { WithdrawalState } from './vocabulary'

export interface AccountRecord {
  _id: string // account id: `owner:${circleId}` or `user:${openid}`
  pendingFen: number
  availableFen: number
  /** The one open withdrawal (docs/money.md: one request at a time), set in the same transaction. */
  openWithdrawalId: string | null
  updatedAt: Date
}

export interface WithdrawalRecord {
  _id: string
  account: string
  /** Who receives the transfer: the owner for a circle's income, else the account's user. */
  openid: string
  amountFen: number
  state: WithdrawalState
  /** Shanghai day (yyyymmdd) it was requested on, for the daily limit. */
  day: string
  confirm: { mchId: string; appId: string; packageInfo: string } | null
  failReason: string | null
  /** 平台收付通: withdrawn from this sub-merchant to its bank card (二级商户提现), not by 商家转账. */
  subMchid?: string | null
  /** Where the bank withdrawal goes, as WeChat reports it (last four digits, bank). */
  bank?: { accountNumber: string; accountBank: string } | null
  createdAt: Date
  updatedAt: Date
}

export type OutboxKind = 'refund' | 'transfer' | 'sharing' | 'ecommerce_sharing'

export interface OutboxRecord {
  _id: string // deterministic: `refund:${orderId}:${seq}`, `transfer:${withdrawalId}`, `sharing:${orderId}`
  kind: OutboxKind
  payload: Record<string, unknown>
  state: 'pending' | 'done'
  attempts: number
  dueAt: Date
  lastError: string | null
  createdAt: Date
}

export interface CourseLesson {
  id: string
  title: string
  body: string
  images: string[]
  videoUrl: string
  free: boolean
}

export interface CourseRecord {
  _id: string
  circleId: string
  title: string
  intro: string
  coverUrl: string
  priceFen: number
  memberDiscountBps: number
  lessons: CourseLesson[]
  createdAt: Date
  updatedAt: Date
}

export interface EntitlementRecord {
  _id: string // `${courseId}:${openid}`
  courseId: string
  openid: string
  orderId: string
  grantedAt: Date
}

export interface GiftRecord {
  _id: string // the code
  orderId: string
  circleId: string
  days: number
  buyer: string
  redeemedBy: string | null
  redeemedAt: Date | null
}

export interface RefundQuotaRecord {
  _id: string // `${circleId}:${openid}`
  used: number
}
