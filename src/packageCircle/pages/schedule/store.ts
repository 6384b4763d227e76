/**
 * Scheduled posts, drafts and the content calendar (docs/search.md "Scheduled posts"). A store of
 * its own so its code ships in this subpackage; cleared when the viewer changes. No toasts or
 * navigation here.
 */
import { create } from 'zustand'
import type { CalendarView, ScheduledView } from '@core/contracts/post'
import { call, toApiError, uploadImage, type ApiError } from '@/services/cloud'
import { EMPTY_LIST, makeListLoader, registerViewerReset, type ListState, type LoadMode } from '@/store'

export type ScheduledKind = 'scheduled' | 'drafts'

export interface ScheduleDraft {
  circleId: string
  scheduledId?: string
  text: string
  images: string[]
  /** ISO instant, or null to keep it as a draft. */
  publishAt: string | null
}

interface ScheduleState {
  lists: Record<string, ListState<ScheduledView>>
  calendars: Record<
    string,
    { view: CalendarView | null; status: 'loading' | 'ready' | 'error'; error: ApiError | null }
  >
  saving: boolean
}

interface ScheduleActions {
  loadScheduled: (circleId: string, kind: ScheduledKind, mode?: LoadMode) => Promise<void>
  loadCalendar: (circleId: string, month?: string) => Promise<void>
  saveScheduled: (draft: ScheduleDraft) => Promise<ScheduledView>
  deleteScheduled: (item: ScheduledView) => Promise<void>
  /** Uploads chosen pictures one after another; answers their cloud:// ids. */
  uploadImages: (localPaths: string[]) => Promise<string[]>
}

export type ScheduleStore = ScheduleState & ScheduleActions

export const listKey = (circleId: string, kind: ScheduledKind) => `${circleId}:${kind}`
export const calendarKey = (circleId: string, month: string) => `${circleId}:${month}`

export const initialScheduleState = (): ScheduleState => ({ lists: {}, calendars: {}, saving: false })

const loadList = makeListLoader()

export const useScheduleStore = create<ScheduleStore>()((set, get) => {
  /** After a change both lists and the calendars of that circle are stale. */
  const refresh = async (circleId: string) => {
    const calendars = Object.keys(get().calendars).filter((k) => k.startsWith(`${circleId}:`))
    await Promise.all([
      get().loadScheduled(circleId, 'scheduled'),
      get().loadScheduled(circleId, 'drafts'),
      ...calendars.map((k) => get().loadCalendar(circleId, k.slice(circleId.length + 1))),
    ])
  }
  return {
    ...initialScheduleState(),
    loadScheduled: (circleId, kind, mode = 'load') => {
      const key = listKey(circleId, kind)
      return loadList({
        key,
        mode,
        current: get().lists[key] ?? EMPTY_LIST,
        write: (next) => set({ lists: { ...get().lists, [key]: next } }),
        fetchPage: (cursor) => call('post', 'scheduled', { circleId, kind, cursor }),
      })
    },
    loadCalendar: async (circleId, month) => {
      const key = calendarKey(circleId, month ?? 'now')
      const prev = get().calendars[key]
      set({ calendars: { ...get().calendars, [key]: { view: prev?.view ?? null, status: 'loading', error: null } } })
      try {
        const view = await call('post', 'calendar', month ? { circleId, month } : { circleId })
        set({ calendars: { ...get().calendars, [key]: { view, status: 'ready', error: null } } })
      } catch (error) {
        set({
          calendars: {
            ...get().calendars,
            [key]: { view: prev?.view ?? null, status: 'error', error: toApiError(error) },
          },
        })
      }
    },
    saveScheduled: async (draft) => {
      set({ saving: true })
      try {
        const saved = await call('post', 'schedule', draft)
        void refresh(draft.circleId)
        return saved
      } finally {
        set({ saving: false })
      }
    },
    uploadImages: async (localPaths) => {
      const ids: string[] = []
      for (const p of localPaths) ids.push(await uploadImage(p))
      return ids
    },
    deleteScheduled: async (item) => {
      await call('post', 'unschedule', { scheduledId: item.id })
      await refresh(item.circleId)
    },
  }
})

registerViewerReset(() => useScheduleStore.setState(initialScheduleState()))

export const selectScheduledList =
  (circleId: string, kind: ScheduledKind) =>
  (s: ScheduleStore): ListState<ScheduledView> =>
    s.lists[listKey(circleId, kind)] ?? EMPTY_LIST
export const selectCalendar = (circleId: string, month: string | undefined) => (s: ScheduleStore) =>
  s.calendars[calendarKey(circleId, month ?? 'now')]
export const selectSaving = (s: ScheduleStore) => s.saving
