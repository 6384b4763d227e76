/** Addresses of the moderation pages (a subpackage: full paths). */
const enc = encodeURIComponent
export const moderationSettingsUrl = (circleId: string) =>
  `/packageAdmin/pages/settings/index?circleId=${enc(circleId)}`
export const reportsUrl = (circleId: string) => `/packageAdmin/pages/reports/index?circleId=${enc(circleId)}`
export const blacklistUrl = (circleId: string) => `/packageAdmin/pages/blacklist/index?circleId=${enc(circleId)}`
