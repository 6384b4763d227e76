/**
 * 拼团 as the app sees it (docs/growth.md "拼团"): a circle's offers with their open groups, one
 * group, my groups, and the team's offers. A store of its own so its code ships in this subpackage;
 * cleared when the viewer changes. No toasts or navigation: pages act on what actions return or throw.
 */
import { create } from 'zustand'
import type { Catalog, InputOf } from '@core/contract'
import type { GroupCard, GroupOfferView, GroupStart, GroupView } from '@core/contracts/group'
import { call } from '@/services/cloud'
import { devicePlatform } from '@/services/pay'
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

export interface CircleOffers {
  items: GroupOfferView[]
  canManage: boolean
}

interface GroupState {
  /** By circle: open offers with their forming groups. */
  offers: Record<string, Loaded<CircleOffers>>
  /** By group. */
  groups: Record<string, Loaded<GroupView>>
  /** By circle: the groups I paid into. */
  mine: Record<string, ListState<GroupCard>>
  /** By circle: the team's open offers. */
  managed: Record<string, ListState<GroupOfferView>>
  /** By circle: what it sells, for the team to choose a group offer from. */
  catalogs: Record<string, Loaded<Catalog>>
}

interface GroupActions {
  loadOffers: (circleId: string) => Promise<void>
  loadGroup: (groupId: string) => Promise<void>
  loadMine: (circleId: string, mode?: LoadMode) => Promise<void>
  loadManaged: (circleId: string, mode?: LoadMode) => Promise<void>
  loadCatalog: (circleId: string) => Promise<void>
  /** 开团: the order for the first seat and the cashier to pay it. */
  startGroup: (offerId: string) => Promise<GroupStart>
  /** 参团: the order for a seat in this group. */
  joinGroup: (groupId: string) => Promise<GroupStart>
  createOffer: (input: InputOf<'group', 'createOffer'>) => Promise<GroupOfferView>
  closeOffer: (circleId: string, offerId: string) => Promise<void>
}

export type GroupStore = GroupState & GroupActions

export const initialGroupState = (): GroupState => ({ offers: {}, groups: {}, mine: {}, managed: {}, catalogs: {} })

const loadList = makeListLoader()

export const useGroupStore = create<GroupStore>()((set, get) => {
  const keyed = makeKeyedLoader<GroupState>(set, get)
  return {
    ...initialGroupState(),
    loadOffers: (circleId) => keyed.load('offers', circleId, () => call('group', 'offers', { circleId })),
    loadGroup: (groupId) => keyed.load('groups', groupId, () => call('group', 'get', { groupId })),
    loadMine: (circleId, mode = 'load') =>
      loadList({
        key: `mine:${circleId}`,
        mode,
        current: get().mine[circleId] ?? EMPTY_LIST,
        write: (next) => set({ mine: { ...get().mine, [circleId]: next } }),
        fetchPage: (cursor) => call('group', 'mine', { circleId, cursor }),
      }),
    loadManaged: (circleId, mode = 'load') =>
      loadList({
        key: `managed:${circleId}`,
        mode,
        current: get().managed[circleId] ?? EMPTY_LIST,
        write: (next) => set({ managed: { ...get().managed, [circleId]: next } }),
        fetchPage: (cursor) => call('group', 'manage', { circleId, status: 'open', cursor }),
      }),
    loadCatalog: (circleId) => keyed.load('catalogs', circleId, () => call('shop', 'catalog', { circleId })),
    async startGroup(offerId) {
      const start = await call('group', 'start', { offerId, platform: devicePlatform() })
      keyed.settle('groups', start.group.id, start.group)
      return start
    },
    async joinGroup(groupId) {
      const start = await call('group', 'join', { groupId, platform: devicePlatform() })
      keyed.settle('groups', groupId, start.group)
      return start
    },
    async createOffer(input) {
      const created = await call('group', 'createOffer', input)
      const list = get().managed[input.circleId]
      if (list) set({ managed: { ...get().managed, [input.circleId]: { ...list, items: [created, ...list.items] } } })
      return created
    },
    async closeOffer(circleId, offerId) {
      await call('group', 'closeOffer', { offerId })
      const list = get().managed[circleId]
      if (list)
        set({
          managed: { ...get().managed, [circleId]: { ...list, items: list.items.filter((o) => o.id !== offerId) } },
        })
    },
  }
})

registerViewerReset(() => useGroupStore.setState(initialGroupState()))

// ---- selectors ----
export const selectOffers = (circleId: string) => (s: GroupStore) =>
  s.offers[circleId] ?? (IDLE_LOADED as Loaded<CircleOffers>)
export const selectGroup = (groupId: string) => (s: GroupStore) =>
  s.groups[groupId] ?? (IDLE_LOADED as Loaded<GroupView>)
export const selectMine = (circleId: string) => (s: GroupStore) =>
  s.mine[circleId] ?? (EMPTY_LIST as ListState<GroupCard>)
export const selectManaged = (circleId: string) => (s: GroupStore) =>
  s.managed[circleId] ?? (EMPTY_LIST as ListState<GroupOfferView>)
export const selectCatalog = (circleId: string) => (s: GroupStore) =>
  s.catalogs[circleId] ?? (IDLE_LOADED as Loaded<Catalog>)
