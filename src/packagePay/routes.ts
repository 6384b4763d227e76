/** Addresses of the buyer's pages (a subpackage: full paths). */
const q = (params: Record<string, string | undefined>) => {
  const parts = Object.entries(params)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${encodeURIComponent(v as string)}`)
  return parts.length ? '?' + parts.join('&') : ''
}

export const buyUrl = (circleId: string, inviteCode?: string) => `/packagePay/pages/buy/index${q({ circleId, inviteCode })}`
export const cashierUrl = (orderId: string) => `/packagePay/pages/cashier/index${q({ orderId })}`
export const resultUrl = (orderId: string) => `/packagePay/pages/result/index${q({ orderId })}`
export const MY_ORDERS_URL = '/packagePay/pages/orders/index'
export const orderUrl = (orderId: string) => `/packagePay/pages/order/index${q({ id: orderId })}`
export const redeemUrl = (code?: string) => `/packagePay/pages/redeem/index${q({ code })}`
export const courseUrl = (courseId: string) => `/packagePay/pages/course/index${q({ id: courseId })}`
/** The renewal page: an expired (or soon expiring) member renews at the tier price. */
export const renewUrl = (circleId: string, inviteCode?: string) => `/packagePay/pages/renew/index${q({ circleId, inviteCode })}`
/** An event ticket (packageEvent) after paying for it. */
export const eventTicketUrl = (eventId: string) => `/packageEvent/pages/ticket/index${q({ eventId })}`
