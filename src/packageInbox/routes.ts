/** Addresses of the notification centre and the owner's expiring list (a subpackage: full paths). */
export const INBOX_URL = '/packageInbox/pages/inbox/index'
export const expiringUrl = (circleId: string) =>
  `/packageInbox/pages/expiring/index?circleId=${encodeURIComponent(circleId)}`
