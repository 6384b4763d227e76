/**
 * Growth tools as the app sees them: 抽奖 with 助力, 新人任务, 邀请里程碑 (docs/growth.md). A store of its own so its
 * code ships in this subpackage; cleared when the viewer changes. No toasts or navigation: pages
 * act on what actions return or throw.
 */
import { create } from 'zustand'
import type { InputOf } from '@core/contract'
import type { LotteryCard, LotteryView } from '@core/contracts/lottery'
import type { MilestonesView, NewcomerView } from '@core/contracts/growth'
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
  /** By circle: the viewer's newcomer checklist, and their invite milestones. */
  newcomer: Record<string, Loaded<NewcomerView>>
  milestones: Record<string, Loaded<MilestonesView>>
  /** By circle: the perks a prize or a task may name (the team's forms). */
  perkOptions: Record<string, Loaded<{ id: string; title: string }[]>>
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
  loadNewcomer: (circleId: string) => Promise<void>
  saveNewcomer: (input: InputOf<'growth', 'saveNewcomer'>) => Promise<NewcomerView>
  readGuide: (circleId: string) => Promise<NewcomerView>
  /** The checklist's reward; answers what was given (null: nothing more to give). */
  claimNewcomer: (circleId: string) => Promise<NewcomerView & { given: { text: string } | null }>
  loadMilestones: (circleId: string) => Promise<void>
  saveMilestones: (input: InputOf<'growth', 'saveMilestones'>) => Promise<MilestonesView>
  claimMilestone: (circleId: string, invitees: number) => Promise<MilestonesView>
  loadPerkOptions: (circleId: string) => Promise<void>
}

export type GrowthStore = GrowthState & GrowthActions

export const initialGrowthState = (): GrowthState => ({
  lists: {},
  canManage: {},
  lotteries: {},
  newcomer: {},
  milestones: {},
  perkOptions: {},
})

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
    loadNewcomer: (circleId) => keyed.load('newcomer', circleId, () => call('growth', 'newcomer', { circleId })),
    async saveNewcomer(input) {
      const view = await call('growth', 'saveNewcomer', input)
      keyed.settle('newcomer', input.circleId, view)
      return view
    },
    async readGuide(circleId) {
      const view = await call('growth', 'readGuide', { circleId })
      keyed.settle('newcomer', circleId, view)
      return view
    },
    async claimNewcomer(circleId) {
      const view = await call('growth', 'claimNewcomer', { circleId })
      keyed.settle('newcomer', circleId, view)
      return view
    },
    loadMilestones: (circleId) => keyed.load('milestones', circleId, () => call('growth', 'milestones', { circleId })),
    async saveMilestones(input) {
      const view = await call('growth', 'saveMilestones', input)
      keyed.settle('milestones', input.circleId, view)
      return view
    },
    async claimMilestone(circleId, invitees) {
      const view = await call('growth', 'claimMilestone', { circleId, invitees })
      keyed.settle('milestones', circleId, view)
      return view
    },
    loadPerkOptions: (circleId) =>
      keyed.load('perkOptions', circleId, async () =>
        (await call('perk', 'list', { circleId }))
          .filter((p) => p.status === 'active')
          .map((p) => ({ id: p.id, title: p.title })),
      ),
  }
})

registerViewerReset(() => useGrowthStore.setState(initialGrowthState()))

// ---- selectors ----
export const selectLotteries = (circleId: string) => (s: GrowthStore) =>
  s.lists[circleId] ?? (EMPTY_LIST as ListState<LotteryCard>)
export const selectCanManage = (circleId: string) => (s: GrowthStore) => s.canManage[circleId] ?? false
export const selectLottery = (lotteryId: string) => (s: GrowthStore) =>
  s.lotteries[lotteryId] ?? (IDLE_LOADED as Loaded<LotteryView>)
export const selectNewcomer = (circleId: string) => (s: GrowthStore) =>
  s.newcomer[circleId] ?? (IDLE_LOADED as Loaded<NewcomerView>)
export const selectMilestones = (circleId: string) => (s: GrowthStore) =>
  s.milestones[circleId] ?? (IDLE_LOADED as Loaded<MilestonesView>)
export const selectPerkOptions = (circleId: string) => (s: GrowthStore) =>
  s.perkOptions[circleId] ?? (IDLE_LOADED as Loaded<{ id: string; title: string }[]>)
