/** Addresses of the 拼团 pages (a subpackage: full paths). */
const enc = encodeURIComponent
export const offersUrl = (circleId: string) => `/packageGroup/pages/offers/index?circleId=${enc(circleId)}`
export const groupUrl = (groupId: string) => `/packageGroup/pages/group/index?id=${enc(groupId)}`
export const manageUrl = (circleId: string) => `/packageGroup/pages/manage/index?circleId=${enc(circleId)}`
