/**
 * Perks, points and titles as the app sees them (docs/features.md §9). A store of its own so its code
 * ships in this subpackage (src/store/index.ts explains); cleared when the viewer changes.
 * No toasts or navigation: pages act on what actions return or throw.
 */
import { create } from 'zustand'
import type { Catalog, InputOf } from '@core/contract'
import type { Leaderboard, PerkClaimRow, PerkView, PointsSettingsView } from '@core/contracts/perk'
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

interface PerkState {
  /** By circle. */
  perks: Record<string, Loaded<PerkView[]>>
  /** By perk. */
  claims: Record<string, ListState<PerkClaimRow>>
  /** By `${circleId}:${month}` (month '' = this month). */
  boards: Record<string, Loaded<Leaderboard>>
  pointsSettings: Record<string, Loaded<PointsSettingsView>>
  /** The circle's courses a perk may unlock, by circle (from its catalog). */
  courseChoices: Record<string, Loaded<Catalog['courses']>>
}

interface PerkActions {
  loadPerks: (circleId: string) => Promise<void>
  loadCourseChoices: (circleId: string) => Promise<void>
  claimPerk: (perkId: string) => Promise<PerkView>
  savePerk: (input: InputOf<'perk', 'save'>) => Promise<PerkView>
  archivePerk: (perkId: string) => Promise<PerkView>
  loadClaims: (perkId: string, mode?: LoadMode) => Promise<void>
  loadLeaderboard: (circleId: string, month?: string) => Promise<void>
  loadPointsSettings: (circleId: string) => Promise<void>
  savePointsSettings: (input: InputOf<'perk', 'setPointsSettings'>) => Promise<PointsSettingsView>
  grantTitle: (circleId: string, openid: string, title: string | null) => Promise<string | null>
}

export type PerkStore = PerkState & PerkActions

export const initialPerkState = (): PerkState => ({
  perks: {},
  claims: {},
  boards: {},
  pointsSettings: {},
  courseChoices: {},
})

const loadList = makeListLoader()

export const usePerkStore = create<PerkStore>()((set, get) => {
  const keyed = makeKeyedLoader<PerkState>(set, get)
  /** Puts a perk the server answered into its circle's list (claims and edits show at once). */
  const upsert = (perk: PerkView) => {
    const current = get().perks[perk.circleId]
    if (!current?.data) return
    const exists = current.data.some((p) => p.id === perk.id)
    const data = exists ? current.data.map((p) => (p.id === perk.id ? perk : p)) : [perk, ...current.data]
    keyed.settle('perks', perk.circleId, data)
  }
  return {
    ...initialPerkState(),
    loadPerks: (circleId) => keyed.load('perks', circleId, () => call('perk', 'list', { circleId })),
    loadCourseChoices: (circleId) =>
      keyed.load('courseChoices', circleId, async () => (await call('shop', 'catalog', { circleId })).courses),
    async claimPerk(perkId) {
      const perk = await call('perk', 'claim', { perkId })
      upsert(perk)
      return perk
    },
    async savePerk(input) {
      const perk = await call('perk', 'save', input)
      upsert(perk)
      return perk
    },
    async archivePerk(perkId) {
      const perk = await call('perk', 'archive', { perkId })
      upsert(perk)
      return perk
    },
    loadClaims: (perkId, mode = 'load') =>
      loadList({
        key: perkId,
        mode,
        current: get().claims[perkId] ?? EMPTY_LIST,
        write: (next) => set({ claims: { ...get().claims, [perkId]: next } }),
        fetchPage: (cursor) => call('perk', 'claims', { perkId, cursor }),
      }),
    loadLeaderboard: (circleId, month) =>
      keyed.load('boards', `${circleId}:${month ?? ''}`, () =>
        call('perk', 'leaderboard', { circleId, ...(month ? { month } : {}) }),
      ),
    loadPointsSettings: (circleId) =>
      keyed.load('pointsSettings', circleId, () => call('perk', 'pointsSettings', { circleId })),
    async savePointsSettings(input) {
      const saved = await call('perk', 'setPointsSettings', input)
      keyed.settle('pointsSettings', input.circleId, saved)
      return saved
    },
    async grantTitle(circleId, openid, title) {
      const res = await call('perk', 'grantTitle', { circleId, openid, title })
      // the leaderboard shows titles: read it again
      await get().loadLeaderboard(circleId)
      return res.title
    },
  }
})

registerViewerReset(() => usePerkStore.setState(initialPerkState()))

// ---- selectors ----
export const selectPerks = (circleId: string) => (s: PerkStore) =>
  s.perks[circleId] ?? (IDLE_LOADED as Loaded<PerkView[]>)
export const selectClaims = (perkId: string) => (s: PerkStore) =>
  s.claims[perkId] ?? (EMPTY_LIST as ListState<PerkClaimRow>)
export const selectBoard = (circleId: string, month?: string) => (s: PerkStore) =>
  s.boards[`${circleId}:${month ?? ''}`] ?? (IDLE_LOADED as Loaded<Leaderboard>)
export const selectPointsSettings = (circleId: string) => (s: PerkStore) =>
  s.pointsSettings[circleId] ?? (IDLE_LOADED as Loaded<PointsSettingsView>)
export const selectCourseChoices = (circleId: string) => (s: PerkStore) =>
  s.courseChoices[circleId] ?? (IDLE_LOADED as Loaded<Catalog['courses']>)
