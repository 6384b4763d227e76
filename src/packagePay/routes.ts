/** Addresses of the buyer's pages (a subpackage: full paths). */
import type { OrderDestination } from './store'
import { circleUrl } from '@/utils/routes'

const q = (params: Record<string, string | undefined>) => {
  const parts = Object.entries(params)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${encodeURIComponent(v as string)}`)
  return parts.length ? '?' + parts.join('&') : ''
}

export const buyUrl = (circleId: string, inviteCode?: string) =>
  `/packagePay/pages/buy/index${q({ circleId, inviteCode })}`
export const cashierUrl = (orderId: string) => `/packagePay/pages/cashier/index${q({ orderId })}`
export const resultUrl = (orderId: string) => `/packagePay/pages/result/index${q({ orderId })}`
export const MY_ORDERS_URL = '/packagePay/pages/orders/index'
export const orderUrl = (orderId: string) => `/packagePay/pages/order/index${q({ id: orderId })}`
export const redeemUrl = (code?: string) => `/packagePay/pages/redeem/index${q({ code })}`
export const courseUrl = (courseId: string) => `/packagePay/pages/course/index${q({ id: courseId })}`
/** The renewal page: an expired (or soon expiring) member renews at the tier price. */
export const renewUrl = (circleId: string, inviteCode?: string) =>
  `/packagePay/pages/renew/index${q({ circleId, inviteCode })}`
/** An event ticket (packageEvent) after paying for it. */
export const eventTicketUrl = (eventId: string) => `/packageEvent/pages/ticket/index${q({ eventId })}`

/** Where a paid order leads: the course, the ticket, the question, the challenge, or the circle. */
export function destinationUrl(where: OrderDestination): string {
  switch (where.kind) {
    case 'course':
      return courseUrl(where.courseId)
    case 'ticket':
      return eventTicketUrl(where.eventId)
    case 'question':
      return `/packageQa/pages/question/index${q({ id: where.questionId })}`
    case 'challenge':
      return `/packageCheckin/pages/detail/index${q({ id: where.challengeId })}`
    default:
      return circleUrl(where.circleId)
  }
}

export const DESTINATION_LABEL: Record<OrderDestination['kind'], string> = {
  course: '开始学习',
  ticket: '查看门票',
  question: '查看问题',
  challenge: '回到挑战',
  circle: '进入圈子',
}
