import type { StateCreator } from 'zustand'
import type {
  CircleCard,
  CircleDetail,
  CirclePage,
  CircleType,
  InputOf,
  JoinResult,
  MemberView,
  MyCircle,
  Role,
} from '@core/contract'
import { call, toApiError, type ApiError } from '@/services/cloud'
import type { AppState } from './index'
import { EMPTY_LIST, makeListLoader, type ListState, type LoadMode, type LoadStatus } from './list'

export type DiscoverFilter = CircleType | 'all'

export interface CirclePageState {
  status: LoadStatus
  error: ApiError | null
  page: CirclePage | null
}

export interface CirclesSlice {
  discoverFilter: DiscoverFilter
  discover: Partial<Record<DiscoverFilter, ListState<CircleCard>>>
  mine: ListState<MyCircle>
  circlePages: Record<string, CirclePageState>
  members: Record<string, ListState<MemberView>>
  chooseDiscoverFilter: (filter: DiscoverFilter) => void
  loadDiscover: (mode?: LoadMode) => Promise<void>
  loadMine: (mode?: LoadMode) => Promise<void>
  loadCirclePage: (circleId: string) => Promise<void>
  joinCircle: (circleId: string) => Promise<JoinResult>
  createCircle: (input: InputOf<'circle', 'create'>) => Promise<CircleDetail>
  updateCircle: (input: InputOf<'circle', 'update'>) => Promise<CircleDetail>
  closeCircle: (circleId: string) => Promise<CircleDetail>
  loadMembers: (circleId: string, mode?: LoadMode) => Promise<void>
  setMemberRole: (circleId: string, openid: string, role: Exclude<Role, 'owner'>) => Promise<MemberView>
}

export const initialCirclesState = () => ({
  discoverFilter: 'all' as DiscoverFilter,
  discover: {} as Partial<Record<DiscoverFilter, ListState<CircleCard>>>,
  mine: EMPTY_LIST as ListState<MyCircle>,
  circlePages: {} as Record<string, CirclePageState>,
  members: {} as Record<string, ListState<MemberView>>,
})

const IDLE_PAGE: CirclePageState = Object.freeze({ status: 'idle', error: null, page: null }) as CirclePageState

export const createCirclesSlice: StateCreator<AppState, [], [], CirclesSlice> = (set, get) => {
  const loadList = makeListLoader()

  /** A circle's detail changed: every cached view of it (page, discover cards, my list) follows. */
  const applyDetail = (detail: CircleDetail) => {
    const s = get()
    const cur = s.circlePages[detail.id]
    const patchCard = <T extends CircleCard>(c: T): T =>
      c.id === detail.id
        ? { ...c, name: detail.name, intro: detail.intro, avatarUrl: detail.avatarUrl, coverUrl: detail.coverUrl, type: detail.type, status: detail.status, memberCount: detail.memberCount, tags: detail.tags }
        : c
    set({
      circlePages: cur?.page
        ? { ...s.circlePages, [detail.id]: { ...cur, page: { ...cur.page, circle: detail } } }
        : s.circlePages,
      mine: { ...s.mine, items: s.mine.items.map(patchCard) },
      discover: Object.fromEntries(
        Object.entries(s.discover).map(([k, l]) => [k, l && { ...l, items: l.items.map(patchCard) }]),
      ),
    })
  }

  return {
    ...initialCirclesState(),

    chooseDiscoverFilter: (filter) => set({ discoverFilter: filter }),

    loadDiscover: async (mode = 'load') => {
      const filter = get().discoverFilter
      await loadList({
        key: 'discover:' + filter,
        mode,
        current: get().discover[filter] ?? EMPTY_LIST,
        write: (next) => set({ discover: { ...get().discover, [filter]: next } }),
        fetchPage: (cursor) => call('circle', 'discover', { cursor, type: filter === 'all' ? undefined : filter }),
      })
    },

    loadMine: async (mode = 'load') => {
      await loadList({
        key: 'mine',
        mode,
        current: get().mine,
        write: (next) => set({ mine: next }),
        fetchPage: (cursor) => call('circle', 'mine', { cursor }),
      })
    },

    loadCirclePage: async (circleId) => {
      const cur = get().circlePages[circleId] ?? IDLE_PAGE
      set({ circlePages: { ...get().circlePages, [circleId]: { ...cur, status: 'loading', error: null } } })
      try {
        const page = await call('circle', 'get', { circleId })
        const s = get()
        // Preview posts join the shared post map, so likes stay in step everywhere.
        const posts = { ...s.posts }
        for (const p of page.previewPosts) posts[p.id] = p
        set({
          posts,
          circlePages: { ...s.circlePages, [circleId]: { status: 'ready', error: null, page } },
          viewerRoles: page.me ? { ...s.viewerRoles, [circleId]: page.me.role } : s.viewerRoles,
        })
        if (page.feed) get().seedFeed(circleId, page.feed)
      } catch (e) {
        const latest = get().circlePages[circleId] ?? IDLE_PAGE
        set({ circlePages: { ...get().circlePages, [circleId]: { ...latest, status: 'error', error: toApiError(e) } } })
      }
    },

    joinCircle: async (circleId) => {
      const result = await call('circle', 'join', { circleId })
      const s = get()
      const cur = s.circlePages[circleId]
      if (cur?.page) {
        const { circle, stats } = cur.page
        set({
          circlePages: {
            ...s.circlePages,
            [circleId]: {
              ...cur,
              page: {
                ...cur.page,
                me: result.membership,
                circle: { ...circle, memberCount: circle.memberCount + 1 },
                stats: { ...stats, memberCount: stats.memberCount + 1 },
              },
            },
          },
        })
      }
      set({ viewerRoles: { ...get().viewerRoles, [circleId]: result.membership.role } })
      return result
    },

    createCircle: async (input) => {
      const detail = await call('circle', 'create', input)
      return detail
    },

    updateCircle: async (input) => {
      const detail = await call('circle', 'update', input)
      applyDetail(detail)
      return detail
    },

    closeCircle: async (circleId) => {
      const detail = await call('circle', 'close', { circleId })
      applyDetail(detail)
      return detail
    },

    loadMembers: async (circleId, mode = 'load') => {
      await loadList({
        key: 'members:' + circleId,
        mode,
        current: get().members[circleId] ?? EMPTY_LIST,
        write: (next) => set({ members: { ...get().members, [circleId]: next } }),
        fetchPage: (cursor) => call('circle', 'members', { circleId, cursor }),
      })
    },

    setMemberRole: async (circleId, openid, role) => {
      const member = await call('circle', 'setRole', { circleId, openid, role })
      const list = get().members[circleId]
      if (list) {
        set({
          members: {
            ...get().members,
            [circleId]: { ...list, items: list.items.map((m) => (m.openid === openid ? member : m)) },
          },
        })
      }
      return member
    },
  }
}

export const selectDiscoverFilter = (s: AppState) => s.discoverFilter
export const selectDiscoverList = (s: AppState): ListState<CircleCard> => s.discover[s.discoverFilter] ?? EMPTY_LIST
export const selectMyCircles = (s: AppState) => s.mine
export const selectCirclePage =
  (circleId: string) =>
  (s: AppState): CirclePageState =>
    s.circlePages[circleId] ?? IDLE_PAGE
export const selectMembers =
  (circleId: string) =>
  (s: AppState): ListState<MemberView> =>
    s.members[circleId] ?? EMPTY_LIST
