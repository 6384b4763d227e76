/** Addresses of the check-in pages (a subpackage: full paths). */
const enc = encodeURIComponent
export const challengesUrl = (circleId: string) => `/packageCheckin/pages/list/index?circleId=${enc(circleId)}`
export const createChallengeUrl = (circleId: string) => `/packageCheckin/pages/create/index?circleId=${enc(circleId)}`
export const challengeUrl = (challengeId: string) => `/packageCheckin/pages/detail/index?id=${enc(challengeId)}`
export const boardUrl = (challengeId: string) => `/packageCheckin/pages/board/index?id=${enc(challengeId)}`
/** The buyer's pages in packagePay (navigation across subpackages is fine; imports are not). */
export const cashierUrl = (orderId: string) => `/packagePay/pages/cashier/index?orderId=${enc(orderId)}`
export const payResultUrl = (orderId: string) => `/packagePay/pages/result/index?orderId=${enc(orderId)}`
