/**
 * Check-in challenges as the app sees them (docs/features.md §6). A store of its own so its code ships
 * in this subpackage (src/store/index.ts explains); cleared when the viewer changes. No toasts or
 * navigation: pages act on what actions return or throw.
 */
import { create } from 'zustand'
import type { InputOf } from '@core/contract'
import type {
  ChallengeCard,
  ChallengeDetail,
  ChallengeView,
  CheckinResult,
  EnrollResult,
  Leaderboard,
} from '@core/contracts/challenge'
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

export type BoardKind = 'total' | 'streak'

interface CheckinState {
  /** By circle. */
  lists: Record<string, ListState<ChallengeCard>>
  /** By circle: whether the viewer may create challenges there. */
  canManage: Record<string, boolean>
  /** By challenge. */
  details: Record<string, Loaded<ChallengeDetail>>
  /** By `${challengeId}:${by}`. */
  boards: Record<string, Loaded<Leaderboard>>
}

interface CheckinActions {
  loadChallenges: (circleId: string, mode?: LoadMode) => Promise<void>
  loadChallenge: (challengeId: string) => Promise<void>
  createChallenge: (input: InputOf<'challenge', 'create'>) => Promise<ChallengeView>
  /** Free: joins. Deposit: answers how to pay (joining happens when the payment arrives). */
  enrollIn: (challengeId: string) => Promise<EnrollResult>
  checkIn: (challengeId: string, content: { text: string; images: string[] }) => Promise<CheckinResult>
  makeUpDay: (challengeId: string, day: string, content: { text: string; images: string[] }) => Promise<CheckinResult>
  loadLeaderboard: (challengeId: string, by: BoardKind) => Promise<void>
}

export type CheckinStore = CheckinState & CheckinActions

export const initialCheckinState = (): CheckinState => ({ lists: {}, canManage: {}, details: {}, boards: {} })

const loadList = makeListLoader()

export const useCheckinStore = create<CheckinStore>()((set, get) => {
  const keyed = makeKeyedLoader<CheckinState>(set, get)
  const settleDetail = (detail: ChallengeDetail) => keyed.settle('details', detail.challenge.id, detail)
  return {
    ...initialCheckinState(),
    loadChallenges: (circleId, mode = 'load') =>
      loadList({
        key: circleId,
        mode,
        current: get().lists[circleId] ?? EMPTY_LIST,
        write: (next) => set({ lists: { ...get().lists, [circleId]: next } }),
        fetchPage: async (cursor) => {
          const page = await call('challenge', 'list', { circleId, cursor })
          set({ canManage: { ...get().canManage, [circleId]: page.canManage } })
          return page
        },
      }),
    loadChallenge: (challengeId) => keyed.load('details', challengeId, () => call('challenge', 'get', { challengeId })),
    async createChallenge(input) {
      const created = await call('challenge', 'create', input)
      const list = get().lists[input.circleId]
      if (list) set({ lists: { ...get().lists, [input.circleId]: { ...list, items: [created, ...list.items] } } })
      return created
    },
    async enrollIn(challengeId) {
      const res = await call('challenge', 'enroll', { challengeId })
      settleDetail(res.detail)
      return res
    },
    async checkIn(challengeId, content) {
      const res = await call('challenge', 'checkIn', { challengeId, ...content })
      settleDetail(res.detail)
      return res
    },
    async makeUpDay(challengeId, day, content) {
      const res = await call('challenge', 'makeUp', { challengeId, day, ...content })
      settleDetail(res.detail)
      return res
    },
    loadLeaderboard: (challengeId, by) =>
      keyed.load('boards', `${challengeId}:${by}`, () => call('challenge', 'leaderboard', { challengeId, by })),
  }
})

registerViewerReset(() => useCheckinStore.setState(initialCheckinState()))

// ---- selectors ----
export const selectChallenges = (circleId: string) => (s: CheckinStore) =>
  s.lists[circleId] ?? (EMPTY_LIST as ListState<ChallengeCard>)
export const selectCanManage = (circleId: string) => (s: CheckinStore) => s.canManage[circleId] ?? false
export const selectChallenge = (challengeId: string) => (s: CheckinStore) =>
  s.details[challengeId] ?? (IDLE_LOADED as Loaded<ChallengeDetail>)
export const selectBoard = (challengeId: string, by: BoardKind) => (s: CheckinStore) =>
  s.boards[`${challengeId}:${by}`] ?? (IDLE_LOADED as Loaded<Leaderboard>)
