/** Addresses of the owner's numbers (a subpackage: full paths). */
const enc = encodeURIComponent
export const dashboardUrl = (circleId: string) => `/packageStats/pages/dashboard/index?circleId=${enc(circleId)}`
export const membersUrl = (circleId: string, segment?: string) =>
  `/packageStats/pages/members/index?circleId=${enc(circleId)}${segment ? `&segment=${enc(segment)}` : ''}`
