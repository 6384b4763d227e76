/**
 * The owner's numbers as the app sees them (docs/stats.md): the dashboard by period, segments,
 * the filtered member list, actions on a segment, CSV exports. A store of its own so its code
 * ships in this subpackage; cleared when the viewer changes. No toasts or navigation here.
 */
import { create } from 'zustand'
import type { InputOf } from '@core/contract'
import type { DashboardView, MemberRow, SegmentsView } from '@core/contracts/stats'
import type { SegmentFilter, SegmentRules } from '@core/stats'
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

export type Period = DashboardView['period']
export type MemberFilter = Omit<InputOf<'stats', 'members'>, 'circleId' | 'cursor'>
export type ExportKind = InputOf<'stats', 'export'>['kind']

interface StatsState {
  /** By `${circleId}:${period}`. */
  dashboards: Record<string, Loaded<DashboardView>>
  segments: Record<string, Loaded<SegmentsView>>
  /** By `${circleId}:${JSON.stringify(filter)}`. */
  members: Record<string, ListState<MemberRow>>
}

interface StatsActions {
  loadDashboard: (circleId: string, period: Period) => Promise<void>
  loadSegments: (circleId: string) => Promise<void>
  saveRules: (circleId: string, rules: SegmentRules) => Promise<SegmentsView>
  loadMembers: (circleId: string, filter: MemberFilter, mode?: LoadMode) => Promise<void>
  tagMember: (circleId: string, openid: string, tags: string[], note: string) => Promise<MemberRow>
  /** Works through the whole segment, a page per call. */
  winBack: (
    circleId: string,
    segment: SegmentFilter,
    amountFen: number,
    days: number,
  ) => Promise<{ issued: number; already: number }>
  remindSegment: (
    circleId: string,
    segment: SegmentFilter,
    text: string,
  ) => Promise<{ notified: number; messages: number }>
  /** Every page of an export joined: one CSV text (UTF-8 with BOM). */
  exportCsv: (
    circleId: string,
    kind: ExportKind,
    challengeId?: string,
    onProgress?: (rows: number) => void,
  ) => Promise<{ csv: string; rows: number }>
}

export type StatsStore = StatsState & StatsActions

export const initialStatsState = (): StatsState => ({ dashboards: {}, segments: {}, members: {} })

export const memberListKey = (circleId: string, filter: MemberFilter) => `${circleId}:${JSON.stringify(filter)}`

const loadList = makeListLoader()

export const useStatsStore = create<StatsStore>()((set, get) => {
  const keyed = makeKeyedLoader<StatsState>(set, get)
  return {
    ...initialStatsState(),
    loadDashboard: (circleId, period) =>
      keyed.load('dashboards', `${circleId}:${period}`, () => call('stats', 'dashboard', { circleId, period })),
    loadSegments: (circleId) => keyed.load('segments', circleId, () => call('stats', 'segments', { circleId })),
    async saveRules(circleId, rules) {
      const view = await call('stats', 'saveRules', { circleId, rules })
      keyed.settle('segments', circleId, view)
      return view
    },
    loadMembers: (circleId, filter, mode = 'load') => {
      const key = memberListKey(circleId, filter)
      return loadList({
        key,
        mode,
        current: get().members[key] ?? EMPTY_LIST,
        write: (next) => set({ members: { ...get().members, [key]: next } }),
        fetchPage: (cursor) => call('stats', 'members', { circleId, ...filter, cursor }),
      })
    },
    async tagMember(circleId, openid, tags, note) {
      const row = await call('stats', 'tagMember', { circleId, openid, tags, note })
      const members = Object.fromEntries(
        Object.entries(get().members).map(([k, list]) => [
          k,
          k.startsWith(`${circleId}:`)
            ? { ...list, items: list.items.map((m) => (m.openid === openid ? row : m)) }
            : list,
        ]),
      )
      set({ members })
      return row
    },
    async winBack(circleId, segment, amountFen, days) {
      let issued = 0
      let already = 0
      let cursor: string | undefined
      for (;;) {
        const page = await call('stats', 'winBack', { circleId, segment, amountFen, days, cursor })
        issued += page.issued
        already += page.already
        if (!page.nextCursor) return { issued, already }
        cursor = page.nextCursor
      }
    },
    async remindSegment(circleId, segment, text) {
      let notified = 0
      let messages = 0
      let cursor: string | undefined
      for (;;) {
        const page = await call('stats', 'remind', { circleId, segment, text, cursor })
        notified += page.notified
        messages += page.messages
        if (!page.nextCursor) return { notified, messages }
        cursor = page.nextCursor
      }
    },
    async exportCsv(circleId, kind, challengeId, onProgress) {
      let csv = ''
      let rows = 0
      let cursor: string | undefined
      for (;;) {
        const page = await call('stats', 'export', { circleId, kind, challengeId, cursor })
        csv += page.csv
        rows += page.rows
        onProgress?.(rows)
        if (!page.nextCursor) return { csv, rows }
        cursor = page.nextCursor
      }
    },
  }
})

registerViewerReset(() => useStatsStore.setState(initialStatsState()))

// ---- selectors ----

export const selectDashboard = (circleId: string, period: Period) => (s: StatsStore) =>
  s.dashboards[`${circleId}:${period}`] ?? (IDLE_LOADED as Loaded<DashboardView>)
export const selectSegments = (circleId: string) => (s: StatsStore) =>
  s.segments[circleId] ?? (IDLE_LOADED as Loaded<SegmentsView>)
export const selectMembers = (circleId: string, filter: MemberFilter) => (s: StatsStore) =>
  s.members[memberListKey(circleId, filter)] ?? (EMPTY_LIST as ListState<MemberRow>)
