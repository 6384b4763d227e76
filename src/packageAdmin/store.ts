/**
 * Moderation as the team sees it (issue 4 item 7): the circle's moderation settings, the report
 * queue and the blacklist. The team's actions on one member, reporting and the caller's own
 * publishing status live in the circles slice (src/store/circles.ts): the members, post and
 * compose pages in packageCircle use them.
 * A store of its own so its code ships in this subpackage (src/store/index.ts explains); cleared
 * when the viewer changes. No toasts or navigation: pages act on what actions return or throw.
 */
import { create } from 'zustand'
import type { InputOf } from '@core/contract'
import type { BlacklistEntryView, ModerationSettingsView, ReportView } from '@core/contracts/moderate'
import { call } from '@/services/cloud'
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

export type ReportTab = 'open' | 'closed'

interface ModerationState {
  settings: Record<string, Loaded<ModerationSettingsView>>
  /** By `${circleId}:${tab}`. */
  reports: Record<string, ListState<ReportView>>
  blacklist: Record<string, ListState<BlacklistEntryView>>
}

interface ModerationActions {
  loadSettings: (circleId: string) => Promise<void>
  saveSettings: (input: InputOf<'moderate', 'setSettings'>) => Promise<ModerationSettingsView>
  loadReports: (circleId: string, tab: ReportTab, mode?: LoadMode) => Promise<void>
  resolveReport: (
    circleId: string,
    reportId: string,
    decision: 'remove' | 'dismiss',
    reason: string,
  ) => Promise<ReportView>
  loadBlacklist: (circleId: string, mode?: LoadMode) => Promise<void>
  unblacklistMember: (circleId: string, openid: string) => Promise<void>
}

export type ModerationStore = ModerationState & ModerationActions

export const initialModerationState = (): ModerationState => ({ settings: {}, reports: {}, blacklist: {} })

const loadList = makeListLoader()

export const useModerationStore = create<ModerationStore>()((set, get) => {
  const keyed = makeKeyedLoader<ModerationState>(set, get)
  /** Takes a handled report out of the open queue at once. */
  const dropOpenReport = (circleId: string, reportId: string) => {
    const key = `${circleId}:open`
    const list = get().reports[key]
    if (list)
      set({ reports: { ...get().reports, [key]: { ...list, items: list.items.filter((r) => r.id !== reportId) } } })
  }
  return {
    ...initialModerationState(),
    loadSettings: (circleId) => keyed.load('settings', circleId, () => call('moderate', 'settings', { circleId })),
    async saveSettings(input) {
      const saved = await call('moderate', 'setSettings', input)
      keyed.settle('settings', input.circleId, saved)
      return saved
    },
    loadReports: (circleId, tab, mode = 'load') => {
      const key = `${circleId}:${tab}`
      return loadList({
        key,
        mode,
        current: get().reports[key] ?? EMPTY_LIST,
        write: (next) => set({ reports: { ...get().reports, [key]: next } }),
        fetchPage: (cursor) => call('moderate', 'reports', { circleId, status: tab, cursor }),
      })
    },
    async resolveReport(circleId, reportId, decision, reason) {
      const done = await call('moderate', 'resolveReport', { reportId, decision, reason })
      dropOpenReport(circleId, reportId)
      return done
    },
    loadBlacklist: (circleId, mode = 'load') =>
      loadList({
        key: circleId,
        mode,
        current: get().blacklist[circleId] ?? EMPTY_LIST,
        write: (next) => set({ blacklist: { ...get().blacklist, [circleId]: next } }),
        fetchPage: (cursor) => call('moderate', 'blacklisted', { circleId, cursor }),
      }),
    async unblacklistMember(circleId, openid) {
      await call('moderate', 'unblacklist', { circleId, openid })
      const list = get().blacklist[circleId]
      if (list)
        set({
          blacklist: {
            ...get().blacklist,
            [circleId]: { ...list, items: list.items.filter((b) => b.openid !== openid) },
          },
        })
    },
  }
})

registerViewerReset(() => useModerationStore.setState(initialModerationState()))

export const selectModerationSettings =
  (circleId: string) =>
  (s: ModerationStore): Loaded<ModerationSettingsView> =>
    s.settings[circleId] ?? IDLE_LOADED
export const selectReports =
  (circleId: string, tab: ReportTab) =>
  (s: ModerationStore): ListState<ReportView> =>
    s.reports[`${circleId}:${tab}`] ?? EMPTY_LIST
export const selectBlacklist =
  (circleId: string) =>
  (s: ModerationStore): ListState<BlacklistEntryView> =>
    s.blacklist[circleId] ?? EMPTY_LIST
