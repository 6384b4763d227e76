/**
 * The notification centre and the owner's expiring list as the app sees them (issue 4). A store
 * of its own so its code ships in this subpackage (src/store/index.ts explains); cleared when the
 * viewer changes. No toasts or navigation: pages act on what actions return or throw.
 */
import { create } from 'zustand'
import type { NotificationView } from '@core/contracts/notify'
import type { ExpiringMember, ExpiringPage } from '@core/contracts/term'
import { call } from '@/services/cloud'
import { EMPTY_LIST, makeListLoader, registerViewerReset, type ListState, type LoadMode } from '@/store'

export type ExpiringView = 'pending' | 'renewed'
export type ExpiringWindow = 7 | 30 | 90

interface InboxState {
  inbox: ListState<NotificationView>
  unread: number
  /** By `${circleId}:${withinDays}:${view}`. */
  expiring: Record<string, ListState<ExpiringMember>>
  /** Both tabs' totals by `${circleId}:${withinDays}` (from the first page). */
  expiringCounts: Record<string, { pending: number; renewed: number }>
  /** The list the expiring page shows now (pull-down and reach-bottom act on it). */
  currentExpiring: { circleId: string; withinDays: ExpiringWindow; view: ExpiringView } | null
}

interface InboxActions {
  loadInbox: (mode?: LoadMode) => Promise<void>
  refreshUnread: () => Promise<void>
  /** Opening one marks it read (shown at once; the server follows). */
  openNotification: (id: string) => Promise<void>
  markAllRead: () => Promise<void>
  loadExpiring: (circleId: string, withinDays: ExpiringWindow, view: ExpiringView, mode?: LoadMode) => Promise<void>
  setCurrentExpiring: (current: InboxState['currentExpiring']) => void
}

export type InboxStore = InboxState & InboxActions

export const initialInboxState = (): InboxState => ({
  inbox: EMPTY_LIST,
  unread: 0,
  expiring: {},
  expiringCounts: {},
  currentExpiring: null,
})

const loadList = makeListLoader()
export const expiringKey = (circleId: string, withinDays: number, view: ExpiringView) =>
  `${circleId}:${withinDays}:${view}`

export const useInboxStore = create<InboxStore>()((set, get) => ({
  ...initialInboxState(),
  async loadInbox(mode = 'load') {
    await loadList({
      key: 'inbox',
      mode,
      current: get().inbox,
      write: (inbox) => set({ inbox }),
      fetchPage: (cursor) => call('notify', 'list', { cursor }),
    })
    if (mode === 'load') await get().refreshUnread()
  },
  async refreshUnread() {
    try {
      set({ unread: (await call('notify', 'unreadCount', {})).unread })
    } catch {
      // the badge keeps its last value
    }
  },
  async openNotification(id) {
    const inbox = get().inbox
    const target = inbox.items.find((n) => n.id === id)
    if (!target || target.read) return
    set({
      inbox: { ...inbox, items: inbox.items.map((n) => (n.id === id ? { ...n, read: true } : n)) },
      unread: Math.max(0, get().unread - 1),
    })
    const res = await call('notify', 'markRead', { id })
    set({ unread: res.unread })
  },
  async markAllRead() {
    const res = await call('notify', 'markRead', {})
    const inbox = get().inbox
    set({ inbox: { ...inbox, items: inbox.items.map((n) => ({ ...n, read: true })) }, unread: res.unread })
  },
  setCurrentExpiring: (currentExpiring) => set({ currentExpiring }),
  loadExpiring: (circleId, withinDays, view, mode = 'load') => {
    const key = expiringKey(circleId, withinDays, view)
    return loadList<ExpiringMember, ExpiringMember>({
      key,
      mode,
      current: get().expiring[key] ?? EMPTY_LIST,
      write: (next) => set({ expiring: { ...get().expiring, [key]: next } }),
      fetchPage: async (cursor) => {
        const page: ExpiringPage = await call('term', 'expiring', { circleId, withinDays, view, cursor })
        if (page.counts)
          set({ expiringCounts: { ...get().expiringCounts, [`${circleId}:${withinDays}`]: page.counts } })
        return page
      },
    })
  },
}))

registerViewerReset(() => useInboxStore.setState(initialInboxState()))

// ---- selectors ----
export const selectInbox = (s: InboxStore) => s.inbox
export const selectUnread = (s: InboxStore) => s.unread
export const selectExpiring = (circleId: string, withinDays: number, view: ExpiringView) => (s: InboxStore) =>
  s.expiring[expiringKey(circleId, withinDays, view)] ?? (EMPTY_LIST as ListState<ExpiringMember>)
export const selectExpiringCounts = (circleId: string, withinDays: number) => (s: InboxStore) =>
  s.expiringCounts[`${circleId}:${withinDays}`] ?? null
