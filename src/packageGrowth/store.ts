/**
 * Growth tools as the app sees them: 抽奖 with 助力 (docs/growth.md). A store of its own so its
 * code ships in this subpackage; cleared when the viewer changes. No toasts or navigation: pages
 * act on what actions return or throw.
 */
import { create } from 'zustand'
import type { InputOf } from '@core/contract'
import type { LotteryCard, LotteryView } from '@core/contracts/lottery'
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

interface GrowthState {
  /** By circle. */
  lists: Record<string, ListState<LotteryCard>>
  /** By circle: whether the viewer may create lotteries there. */
  canManage: Record<string, boolean>
  /** By lottery. */
  lotteries: Record<string, Loaded<LotteryView>>
}

interface GrowthActions {
  loadLotteries: (circleId: string, mode?: LoadMode) => Promise<void>
  loadLottery: (lotteryId: string) => Promise<void>
  createLottery: (input: InputOf<'lottery', 'create'>) => Promise<LotteryView>
  enterLottery: (lotteryId: string) => Promise<LotteryView>
  /** 助力 for the entrant whose link was opened; answers whether it counted. */
  helpEntrant: (lotteryId: string, helpee: string) => Promise<{ counted: boolean; helps: number }>
  /** A physical prize's winner gives the shipping address. */
  saveAddress: (input: InputOf<'lottery', 'address'>) => Promise<LotteryView>
  markShipped: (lotteryId: string, openid: string) => Promise<LotteryView>
}

export type GrowthStore = GrowthState & GrowthActions

export const initialGrowthState = (): GrowthState => ({ lists: {}, canManage: {}, lotteries: {} })

const loadList = makeListLoader()

export const useGrowthStore = create<GrowthStore>()((set, get) => {
  const keyed = makeKeyedLoader<GrowthState>(set, get)
  return {
    ...initialGrowthState(),
    loadLotteries: (circleId, mode = 'load') =>
      loadList({
        key: circleId,
        mode,
        current: get().lists[circleId] ?? EMPTY_LIST,
        write: (next) => set({ lists: { ...get().lists, [circleId]: next } }),
        fetchPage: async (cursor) => {
          const page = await call('lottery', 'list', { circleId, cursor })
          set({ canManage: { ...get().canManage, [circleId]: page.canManage } })
          return page
        },
      }),
    loadLottery: (lotteryId) => keyed.load('lotteries', lotteryId, () => call('lottery', 'get', { lotteryId })),
    async createLottery(input) {
      const created = await call('lottery', 'create', input)
      keyed.settle('lotteries', created.id, created)
      const list = get().lists[input.circleId]
      if (list) set({ lists: { ...get().lists, [input.circleId]: { ...list, items: [created, ...list.items] } } })
      return created
    },
    async enterLottery(lotteryId) {
      const view = await call('lottery', 'enter', { lotteryId })
      keyed.settle('lotteries', lotteryId, view)
      return view
    },
    helpEntrant: (lotteryId, helpee) => call('lottery', 'help', { lotteryId, helpee }),
    async saveAddress(input) {
      const view = await call('lottery', 'address', input)
      keyed.settle('lotteries', input.lotteryId, view)
      return view
    },
    async markShipped(lotteryId, openid) {
      const view = await call('lottery', 'ship', { lotteryId, openid })
      keyed.settle('lotteries', lotteryId, view)
      return view
    },
  }
})

registerViewerReset(() => useGrowthStore.setState(initialGrowthState()))

// ---- selectors ----
export const selectLotteries = (circleId: string) => (s: GrowthStore) =>
  s.lists[circleId] ?? (EMPTY_LIST as ListState<LotteryCard>)
export const selectCanManage = (circleId: string) => (s: GrowthStore) => s.canManage[circleId] ?? false
export const selectLottery = (lotteryId: string) => (s: GrowthStore) =>
  s.lotteries[lotteryId] ?? (IDLE_LOADED as Loaded<LotteryView>)
