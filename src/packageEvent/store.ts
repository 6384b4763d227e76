/**
 * Events as the app sees them (docs/features.md §8). A store of its own so its code ships in this
 * subpackage (src/store/index.ts explains); cleared when the viewer changes. No toasts or
 * navigation here: pages act on what actions return or throw.
 */
import { create } from 'zustand'
import type { InputOf, OrderStart } from '@core/contract'
import type { CheckInResult, EventCard, EventDetail, MySignupCard, SignupRow, TicketView } from '@core/contracts/event'
import type { SignupStatus } from '@core/event'
import { call, isApiError } from '@/services/cloud'
import {
  EMPTY_LIST,
  IDLE_LOADED,
  makeKeyedLoader,
  makeListLoader,
  registerViewerReset,
  type ListState,
  type LoadMode,
  type Loaded,
} from '@/store'

export type EventsWhen = 'upcoming' | 'past'

interface EventState {
  /** By `${circleId}:${when}`. */
  lists: Record<string, ListState<EventCard>>
  details: Record<string, Loaded<EventDetail>>
  tickets: Record<string, Loaded<TicketView>>
  /** By `${eventId}:${status ?? 'all'}`. */
  signups: Record<string, ListState<SignupRow>>
  mine: ListState<MySignupCard>
}

interface EventActions {
  loadEvents: (circleId: string, when: EventsWhen, mode?: LoadMode) => Promise<void>
  loadEvent: (eventId: string) => Promise<void>
  saveEvent: (input: InputOf<'event', 'save'>) => Promise<EventDetail>
  signUp: (input: InputOf<'event', 'signUp'>) => Promise<EventDetail>
  /** The cashier for a held seat: the pending order, or a new one while the time to pay lasts. */
  payForSeat: (eventId: string) => Promise<OrderStart>
  cancelSignup: (eventId: string) => Promise<EventDetail>
  loadTicket: (eventId: string) => Promise<void>
  loadSignups: (eventId: string, status: SignupStatus | undefined, mode?: LoadMode) => Promise<void>
  checkInTicket: (eventId: string, code: string) => Promise<CheckInResult>
  /** Every page of the export joined: one CSV text (UTF-8 with BOM). */
  exportSignupsCsv: (eventId: string, onProgress?: (rows: number) => void) => Promise<{ csv: string; rows: number }>
  loadMyEvents: (mode?: LoadMode) => Promise<void>
}

export type EventStore = EventState & EventActions

export const initialEventState = (): EventState => ({
  lists: {},
  details: {},
  tickets: {},
  signups: {},
  mine: EMPTY_LIST as ListState<MySignupCard>,
})

const loadList = makeListLoader()

export const useEventStore = create<EventStore>()((set, get) => {
  const keyed = makeKeyedLoader<EventState>(set, get)
  /** A fresh detail from any action shows at once; lists and the ticket are read again next time. */
  const settle = (detail: EventDetail) => {
    keyed.settle('details', detail.id, detail)
    const { [detail.id]: _ticket, ...tickets } = get().tickets
    set({ tickets })
    return detail
  }
  return {
    ...initialEventState(),
    loadEvents: (circleId, when, mode = 'load') =>
      loadList({
        key: `${circleId}:${when}`,
        mode,
        current: get().lists[`${circleId}:${when}`] ?? EMPTY_LIST,
        write: (next) => set({ lists: { ...get().lists, [`${circleId}:${when}`]: next } }),
        fetchPage: (cursor) => call('event', 'list', { circleId, when, cursor }),
      }),
    loadEvent: (eventId) => keyed.load('details', eventId, () => call('event', 'get', { eventId })),
    async saveEvent(input) {
      const saved = settle(await call('event', 'save', input))
      set({
        lists: Object.fromEntries(Object.entries(get().lists).filter(([k]) => !k.startsWith(`${input.circleId}:`))),
      })
      return saved
    },
    signUp: async (input) => settle(await call('event', 'signUp', input)),
    async payForSeat(eventId) {
      const orderId = get().details[eventId]?.data?.me?.orderId
      if (orderId) {
        try {
          return await call('shop', 'pay', { orderId })
        } catch (e) {
          // The order ran out: a held seat whose time to pay lasts gets a new one below.
          if (!isApiError(e) || e.code !== 'order_closed') throw e
        }
      }
      const detail = settle(await call('event', 'pay', { eventId }))
      return call('shop', 'pay', { orderId: detail.me!.orderId! })
    },
    cancelSignup: async (eventId) => settle(await call('event', 'cancel', { eventId })),
    loadTicket: (eventId) => keyed.load('tickets', eventId, () => call('event', 'ticket', { eventId })),
    loadSignups: (eventId, status, mode = 'load') => {
      const key = `${eventId}:${status ?? 'all'}`
      return loadList({
        key,
        mode,
        current: get().signups[key] ?? EMPTY_LIST,
        write: (next) => set({ signups: { ...get().signups, [key]: next } }),
        fetchPage: (cursor) => call('event', 'signups', { eventId, ...(status ? { status } : {}), cursor }),
      })
    },
    async checkInTicket(eventId, code) {
      const result = await call('event', 'checkIn', { eventId, code: code.trim() })
      // the team's list shows check-ins: read again when next opened
      set({ signups: Object.fromEntries(Object.entries(get().signups).filter(([k]) => !k.startsWith(`${eventId}:`))) })
      return result
    },
    async exportSignupsCsv(eventId, onProgress) {
      let csv = ''
      let rows = 0
      let cursor: string | undefined
      for (;;) {
        const page = await call('event', 'exportSignups', { eventId, cursor })
        csv += page.csv
        rows += page.rows
        onProgress?.(rows)
        if (!page.nextCursor) return { csv, rows }
        cursor = page.nextCursor
      }
    },
    loadMyEvents: (mode = 'load') =>
      loadList({
        key: 'mine',
        mode,
        current: get().mine,
        write: (next) => set({ mine: next }),
        fetchPage: (cursor) => call('event', 'mine', { cursor }),
      }),
  }
})

registerViewerReset(() => useEventStore.setState(initialEventState()))

// ---- selectors ----
export const selectEvents = (circleId: string, when: EventsWhen) => (s: EventStore) =>
  s.lists[`${circleId}:${when}`] ?? (EMPTY_LIST as ListState<EventCard>)
export const selectEvent = (eventId: string) => (s: EventStore) =>
  s.details[eventId] ?? (IDLE_LOADED as Loaded<EventDetail>)
export const selectTicket = (eventId: string) => (s: EventStore) =>
  s.tickets[eventId] ?? (IDLE_LOADED as Loaded<TicketView>)
export const selectSignups = (eventId: string, status?: SignupStatus) => (s: EventStore) =>
  s.signups[`${eventId}:${status ?? 'all'}`] ?? (EMPTY_LIST as ListState<SignupRow>)
export const selectMyEvents = (s: EventStore) => s.mine

/** Whether the person may sign up now (the server decides; this picks which button shows). */
export function canSignUpNow(d: EventDetail): boolean {
  const active = d.me && (d.me.status === 'confirmed' || d.me.status === 'held' || d.me.status === 'waitlisted')
  return d.canSignUp && d.phase === 'open' && !active && (d.seatsLeft > 0 || d.waitlist)
}
