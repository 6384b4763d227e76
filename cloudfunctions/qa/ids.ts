import { createHash } from 'crypto'

export const qaUrl = (questionId: string) => `/packageQa/pages/question/index?id=${questionId}`

/**
 * A peek's order id is derived from (question, member, attempt): the same member tapping twice
 * gets the same open order, so they can never be charged twice for one answer. A new attempt is
 * made only when the previous order lapsed unpaid (WeChat refuses payment after its expiry).
 * 'QK' + 30 hex = 32 characters, the channel's out_trade_no maximum.
 */
export function peekOrderId(questionId: string, openid: string, attempt: number): string {
  return `QK${createHash('sha256').update(`${questionId}:${openid}:${attempt}`).digest('hex').slice(0, 30)}`
}
