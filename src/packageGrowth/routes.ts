/** Addresses of the growth pages (a subpackage: full paths). */
const enc = encodeURIComponent
export const lotteriesUrl = (circleId: string) => `/packageGrowth/pages/list/index?circleId=${enc(circleId)}`
/** `helpee`: the entrant whose shared link was opened (the page offers 助力 for them). */
export const lotteryUrl = (lotteryId: string, helpee?: string) =>
  `/packageGrowth/pages/lottery/index?id=${enc(lotteryId)}${helpee ? `&helpee=${enc(helpee)}` : ''}`
export const createLotteryUrl = (circleId: string) => `/packageGrowth/pages/create/index?circleId=${enc(circleId)}`
export const newcomerUrl = (circleId: string) => `/packageGrowth/pages/newcomer/index?circleId=${enc(circleId)}`
export const milestonesUrl = (circleId: string) => `/packageGrowth/pages/milestones/index?circleId=${enc(circleId)}`
export const growthSettingsUrl = (circleId: string) => `/packageGrowth/pages/settings/index?circleId=${enc(circleId)}`
