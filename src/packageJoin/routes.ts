/** Addresses of the entry pages (packageJoin: full paths). */
const q = (params: Record<string, string | undefined>) => {
  const parts = Object.entries(params)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${encodeURIComponent(v as string)}`)
  return parts.length ? '?' + parts.join('&') : ''
}

export const applyUrl = (circleId: string) => `/packageJoin/pages/apply/index${q({ circleId })}`
export const applicationsUrl = (circleId: string) => `/packageJoin/pages/applications/index${q({ circleId })}`
export const questionnaireUrl = (circleId: string) => `/packageJoin/pages/questionnaire/index${q({ circleId })}`
export const inviteUrl = (circleId: string) => `/packageJoin/pages/invite/index${q({ circleId })}`
export const grantUrl = (circleId: string) => `/packageJoin/pages/grant/index${q({ circleId })}`
export const circleUrl = (circleId: string, invite?: string) =>
  `/packageCircle/pages/circle/index${q({ id: circleId, invite })}`
