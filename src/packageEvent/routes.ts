/** Addresses of the event pages (a subpackage: full paths). */
const enc = encodeURIComponent
export const eventsUrl = (circleId: string) => `/packageEvent/pages/list/index?circleId=${enc(circleId)}`
export const eventEditUrl = (circleId: string, eventId?: string) =>
  `/packageEvent/pages/edit/index?circleId=${enc(circleId)}${eventId ? `&id=${enc(eventId)}` : ''}`
export const eventUrl = (eventId: string) => `/packageEvent/pages/detail/index?id=${enc(eventId)}`
export const ticketUrl = (eventId: string) => `/packageEvent/pages/ticket/index?eventId=${enc(eventId)}`
export const checkInUrl = (eventId: string) => `/packageEvent/pages/checkin/index?eventId=${enc(eventId)}`
export const signupsUrl = (eventId: string) => `/packageEvent/pages/signups/index?eventId=${enc(eventId)}`
export const MY_EVENTS_URL = '/packageEvent/pages/mine/index'
