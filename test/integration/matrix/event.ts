/** event: members (or anyone, for open events) sign up; the team creates, sees signups, checks in and exports. */
import { newEvent } from '@core/event'
import { matrixFor, type Kit } from './_kit'

const HOUR = 3600_000

/** A fresh free, members-only event in the free circle, starting in 10 days. */
async function freshEvent(k: Kit): Promise<string> {
  const start = k.now.getTime() + 240 * HOUR
  const e = newEvent(
    {
      title: '矩阵测试活动',
      description: '',
      startAt: new Date(start),
      endAt: new Date(start + 2 * HOUR),
      place: { kind: 'offline', address: '测试地址 1 号' },
      capacity: 10,
      priceFen: 0,
      audience: 'members',
      form: { name: false, phone: false, fields: [] },
      signupDeadline: new Date(start),
      cancelDeadline: new Date(start),
      refundPct: 100,
      waitlist: true,
    },
    { id: `ev_${Math.random().toString(36).slice(2, 10)}`, circleId: k.circleId, createdBy: 'm_owner', now: k.now },
  )
  await k.insert('events', e as unknown as Record<string, unknown>)
  return e._id
}

export default matrixFor('event', {
  // visitors see the open events only (none here); anyone signed in may ask
  list: { need: 'signedIn', input: (k) => ({ circleId: k.circleId }) },
  get: { need: 'circle.read', input: async (k) => ({ eventId: await freshEvent(k) }) },
  save: {
    need: 'event.manage',
    input: (k) => {
      const start = k.now.getTime() + 48 * HOUR
      return {
        circleId: k.circleId,
        title: '新活动',
        startAt: new Date(start).toISOString(),
        endAt: new Date(start + HOUR).toISOString(),
        place: { kind: 'offline', address: '测试地址' },
        capacity: 5,
        priceFen: 0,
      }
    },
  },
  signUp: { need: 'event.signUp', input: async (k) => ({ eventId: await freshEvent(k) }) },
  // one's own signup (none here: event_not_signed_up for everyone signed in)
  pay: { need: 'signedIn', input: async (k) => ({ eventId: await freshEvent(k) }) },
  cancel: { need: 'signedIn', input: async (k) => ({ eventId: await freshEvent(k) }) },
  ticket: { need: 'signedIn', input: async (k) => ({ eventId: await freshEvent(k) }) },
  mine: { need: 'signedIn', input: () => ({}) },
  signups: { need: 'event.manage', input: async (k) => ({ eventId: await freshEvent(k) }) },
  checkIn: { need: 'event.checkIn', input: async (k) => ({ eventId: await freshEvent(k), code: 'not-a-ticket.x' }) },
  exportSignups: { need: 'event.manage', input: async (k) => ({ eventId: await freshEvent(k) }) },
})
