/** Addresses of the perk and points pages (a subpackage: full paths). */
const enc = encodeURIComponent
export const perksUrl = (circleId: string) => `/packagePerk/pages/perks/index?circleId=${enc(circleId)}`
export const perkEditUrl = (circleId: string, perkId?: string) =>
  `/packagePerk/pages/perk-edit/index?circleId=${enc(circleId)}${perkId ? `&perkId=${enc(perkId)}` : ''}`
export const perkClaimsUrl = (circleId: string, perkId: string) =>
  `/packagePerk/pages/claims/index?circleId=${enc(circleId)}&perkId=${enc(perkId)}`
export const pointsUrl = (circleId: string) => `/packagePerk/pages/points/index?circleId=${enc(circleId)}`
export const pointsSettingsUrl = (circleId: string) =>
  `/packagePerk/pages/points-settings/index?circleId=${enc(circleId)}`
