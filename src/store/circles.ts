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
import type { MuteDurationName, PublishStatusView, RefundQuoteView } from '@core/contracts/moderate'
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
  /** Loads the circle's page unless it is on hand or on its way (pages that need it once: gates, editors). */
  ensureCirclePage: (circleId: string) => Promise<void>
  /** inviteCode: the invite the visitor came through (entry: recorded as the member's 渠道). */
  joinCircle: (circleId: string, inviteCode?: string) => Promise<JoinResult>
  createCircle: (input: InputOf<'circle', 'create'>) => Promise<CircleDetail>
  updateCircle: (input: InputOf<'circle', 'update'>) => Promise<CircleDetail>
  /** Content protection: images carry the viewer's nickname (circle.update watermark). */
  setCircleWatermark: (circleId: string, watermark: boolean) => Promise<void>
  closeCircle: (circleId: string) => Promise<CircleDetail>
  loadMembers: (circleId: string, mode?: LoadMode) => Promise<void>
  setMemberRole: (circleId: string, openid: string, role: Exclude<Role, 'owner'>) => Promise<MemberView>
  // ---- moderation: the team's actions on a member, reporting, the caller's publishing status ----
  publishStatus: Record<string, { status: LoadStatus; data: PublishStatusView | null }>
  loadPublishStatus: (circleId: string) => Promise<PublishStatusView | null>
  muteMember: (circleId: string, openid: string, duration: MuteDurationName) => Promise<void>
  unmuteMember: (circleId: string, openid: string) => Promise<void>
  quoteRemovalRefund: (circleId: string, openid: string) => Promise<RefundQuoteView>
  removeMember: (circleId: string, openid: string, refund: boolean) => Promise<{ refundFen: number }>
  blacklistMember: (circleId: string, openid: string, reason: string) => Promise<void>
  reportContent: (input: InputOf<'moderate', 'report'>) => Promise<void>
  // (end moderation)
  // ---- posts: 发现's search by circle name and tag (docs/search.md) ----
  circleSearch: Record<string, ListState<CircleCard>>
  searchCircles: (q: string, mode?: LoadMode) => Promise<void>
}

export const initialCirclesState = () => ({
  discoverFilter: 'all' as DiscoverFilter,
  discover: {} as Partial<Record<DiscoverFilter, ListState<CircleCard>>>,
  circleSearch: {} as Record<string, ListState<CircleCard>>,
  mine: EMPTY_LIST as ListState<MyCircle>,
  circlePages: {} as Record<string, CirclePageState>,
  members: {} as Record<string, ListState<MemberView>>,
  publishStatus: {} as CirclesSlice['publishStatus'],
})

const IDLE_PAGE: CirclePageState = Object.freeze({ status: 'idle', error: null, page: null }) as CirclePageState

export const createCirclesSlice: StateCreator<AppState, [], [], CirclesSlice> = (set, get) => {
  const loadList = makeListLoader()

  // ---- moderation: a member's row after a team action ----
  const patchMember = (circleId: string, openid: string, f: (m: MemberView) => MemberView) => {
    const list = get().members[circleId]
    if (list)
      set({
        members: {
          ...get().members,
          [circleId]: { ...list, items: list.items.map((m) => (m.openid === openid ? f(m) : m)) },
        },
      })
  }
  const dropMember = (circleId: string, openid: string) => {
    const list = get().members[circleId]
    if (list)
      set({
        members: { ...get().members, [circleId]: { ...list, items: list.items.filter((m) => m.openid !== openid) } },
      })
  }
  // (end moderation)

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

    // ---- moderation ----
    loadPublishStatus: async (circleId) => {
      const cur = get().publishStatus[circleId]
      set({ publishStatus: { ...get().publishStatus, [circleId]: { status: 'loading', data: cur?.data ?? null } } })
      try {
        const data = await call('moderate', 'myStatus', { circleId })
        set({ publishStatus: { ...get().publishStatus, [circleId]: { status: 'ready', data } } })
        return data
      } catch {
        // not knowing is not a refusal: the server still decides when the member publishes
        set({ publishStatus: { ...get().publishStatus, [circleId]: { status: 'error', data: null } } })
        return null
      }
    },
    muteMember: async (circleId, openid, duration) => {
      const res = await call('moderate', 'mute', { circleId, openid, duration })
      patchMember(circleId, openid, (m) => (m.team ? { ...m, team: { ...m.team, mute: { until: res.until } } } : m))
    },
    unmuteMember: async (circleId, openid) => {
      await call('moderate', 'unmute', { circleId, openid })
      patchMember(circleId, openid, (m) => (m.team ? { ...m, team: { ...m.team, mute: null } } : m))
    },
    quoteRemovalRefund: (circleId, openid) => call('moderate', 'refundQuote', { circleId, openid }),
    removeMember: async (circleId, openid, refund) => {
      const res = await call('moderate', 'remove', { circleId, openid, refund })
      dropMember(circleId, openid)
      return { refundFen: res.refundFen }
    },
    blacklistMember: async (circleId, openid, reason) => {
      await call('moderate', 'blacklist', { circleId, openid, reason })
      dropMember(circleId, openid)
    },
    reportContent: async (input) => {
      await call('moderate', 'report', input)
    },
    // (end moderation)
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
export const selectPublishStatus =
  (circleId: string) =>
  (s: AppState): PublishStatusView | null =>
    s.publishStatus[circleId]?.data ?? null
