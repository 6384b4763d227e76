/** Addresses of the Q&A pages (a subpackage: full paths). */
const enc = encodeURIComponent
export const qaHomeUrl = (circleId: string) => `/packageQa/pages/home/index?circleId=${enc(circleId)}`
export const askUrl = (circleId: string, answerer?: string) =>
  `/packageQa/pages/ask/index?circleId=${enc(circleId)}${answerer ? `&answerer=${enc(answerer)}` : ''}`
export const myQuestionsUrl = (circleId: string, box: 'asked' | 'toAnswer' = 'asked') =>
  `/packageQa/pages/mine/index?circleId=${enc(circleId)}&box=${box}`
export const questionUrl = (questionId: string) => `/packageQa/pages/question/index?id=${enc(questionId)}`
export const qaSettingsUrl = (circleId: string) => `/packageQa/pages/settings/index?circleId=${enc(circleId)}`
/** The buyer's pages live in packagePay; a page in another subpackage is reached by its path. */
export const cashierUrl = (orderId: string) => `/packagePay/pages/cashier/index?orderId=${enc(orderId)}`
export const payResultUrl = (orderId: string) => `/packagePay/pages/result/index?orderId=${enc(orderId)}`
