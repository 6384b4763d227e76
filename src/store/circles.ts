import type { StateCreator } from 'zustand'
import type { CircleCard, CircleDetail, MemberView, MyCircle } from '@core/contract'
import { call, toApiError } from '@/services/cloud'
import type { AppState, CirclePageState, CirclesSlice, DiscoverFilter } from './state'
import { EMPTY_LIST, makeListLoader, type ListState } from './list'

export const initialCirclesState = () => ({
  discoverFilter: 'all' as DiscoverFilter,
  discover: {} as Partial<Record<DiscoverFilter, ListState<CircleCard>>>,
  circleSearch: {} as Record<string, ListState<CircleCard>>,
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
        ? {
            ...c,
            name: detail.name,
            intro: detail.intro,
            avatarUrl: detail.avatarUrl,
            coverUrl: detail.coverUrl,
            type: detail.type,
            status: detail.status,
            memberCount: detail.memberCount,
            tags: detail.tags,
          }
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

    searchCircles: async (q, mode = 'load') => {
      await loadList({
        key: 'circleSearch:' + q,
        mode,
        current: get().circleSearch[q] ?? EMPTY_LIST,
        write: (next) => set({ circleSearch: { ...get().circleSearch, [q]: next } }),
        fetchPage: (cursor) => call('circle', 'discover', { cursor, q }),
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

    ensureCirclePage: async (circleId) => {
      const cur = get().circlePages[circleId]
      if (cur?.page || cur?.status === 'loading') return
      await get().loadCirclePage(circleId)
    },

    joinCircle: async (circleId, inviteCode) => {
      const result = await call('circle', 'join', { circleId, ...(inviteCode ? { inviteCode } : {}) })
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

    setCircleWatermark: async (circleId, watermark) => {
      const detail = await call('circle', 'update', { circleId, watermark })
      applyDetail(detail)
      const cur = get().circlePages[circleId]
      if (cur?.page)
        set({
          circlePages: {
            ...get().circlePages,
            [circleId]: { ...cur, page: { ...cur.page, protection: { watermark } } },
          },
        })
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

    applyMemberChange: (circleId, openid, change) => {
      const list = get().members[circleId]
      if (!list) return
      const items = list.items.flatMap((m) => (m.openid === openid ? (change(m) ?? []) : [m]))
      set({ members: { ...get().members, [circleId]: { ...list, items } } })
    },
  }
}

export const selectDiscoverFilter = (s: AppState) => s.discoverFilter
export const selectDiscoverList = (s: AppState): ListState<CircleCard> => s.discover[s.discoverFilter] ?? EMPTY_LIST
export const selectCircleSearch =
  (q: string) =>
  (s: AppState): ListState<CircleCard> =>
    s.circleSearch[q] ?? EMPTY_LIST
export const selectMyCircles = (s: AppState) => s.mine
export const selectCirclePage =
  (circleId: string) =>
  (s: AppState): CirclePageState =>
    s.circlePages[circleId] ?? IDLE_PAGE
export const selectMembers =
  (circleId: string) =>
  (s: AppState): ListState<MemberView> =>
    s.members[circleId] ?? EMPTY_LIST
