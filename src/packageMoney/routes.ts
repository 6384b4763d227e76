/** Addresses of the owner's money pages (a subpackage: full paths). */
const q = (params: Record<string, string | undefined>) => {
  const parts = Object.entries(params)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${encodeURIComponent(v as string)}`)
  return parts.length ? '?' + parts.join('&') : ''
}

/** With a circle: that circle's income (its owner); without: the caller's own shares. */
export const earningsUrl = (circleId?: string) => `/packageMoney/pages/earnings/index${q({ circleId })}`
export const withdrawUrl = (circleId?: string) => `/packageMoney/pages/withdraw/index${q({ circleId })}`
export const pricingUrl = (circleId: string) => `/packageMoney/pages/pricing/index${q({ circleId })}`
export const coursesUrl = (circleId: string) => `/packageMoney/pages/courses/index${q({ circleId })}`
export const courseEditUrl = (circleId: string, courseId?: string) =>
  `/packageMoney/pages/course-edit/index${q({ circleId, courseId })}`
export const circleOrdersUrl = (circleId: string) => `/packageMoney/pages/orders/index${q({ circleId })}`
/** The team's coupons for a circle (create, list with used counts, stop). */
export const couponsUrl = (circleId: string) => `/packageMoney/pages/coupons/index${q({ circleId })}`
/** 收款账户: the owner's WeChat Pay sub-merchant (平台收付通 onboarding and status). */
export const merchantUrl = () => '/packageMoney/pages/merchant/index'
