/** Addresses of the buyer's pages (a subpackage: full paths). */
const q = (params: Record<string, string | undefined>) => {
  const parts = Object.entries(params)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${encodeURIComponent(v as string)}`)
  return parts.length ? '?' + parts.join('&') : ''
}

export const buyUrl = (circleId: string) => `/packagePay/pages/buy/index${q({ circleId })}`
export const cashierUrl = (orderId: string) => `/packagePay/pages/cashier/index${q({ orderId })}`
export const resultUrl = (orderId: string) => `/packagePay/pages/result/index${q({ orderId })}`
export const MY_ORDERS_URL = '/packagePay/pages/orders/index'
export const orderUrl = (orderId: string) => `/packagePay/pages/order/index${q({ id: orderId })}`
export const redeemUrl = (code?: string) => `/packagePay/pages/redeem/index${q({ code })}`
export const courseUrl = (courseId: string) => `/packagePay/pages/course/index${q({ id: courseId })}`
