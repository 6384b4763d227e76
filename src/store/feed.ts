import type { StateCreator } from 'zustand'
import type { PostView, Role } from '@core/contract'
import { call } from '@/services/cloud'
import type { AppState, FeedQuery, FeedSlice } from './state'
import { EMPTY_LIST, makeListLoader, type ListState, type LoadMode } from './list'

export function feedKey(q: FeedQuery): string {
  return `${q.circleId}|${q.tab}|${q.tab === 'tag' ? (q.tag ?? '') : ''}`
}

export const initialFeedState = () => ({
  feeds: {} as Record<string, ListState<string>>,
  viewerRoles: {} as Record<string, Role>,
})

export const createFeedSlice: StateCreator<AppState, [], [], FeedSlice> = (set, get) => {
  const loadList = makeListLoader()
  const liking = new Set<string>()

  const putPosts = (list: PostView[]) => {
    if (list.length === 0) return
    const posts = { ...get().posts }
    for (const p of list) posts[p.id] = p
    set({ posts })
  }

  const patchPost = (postId: string, patch: Partial<PostView>) => {
    const p = get().posts[postId]
    if (p) set({ posts: { ...get().posts, [postId]: { ...p, ...patch } } })
  }

  /** Feeds seeded from circle.get and not yet shown: their first load needs no request. */
  const seeded = new Set<string>()

  const load = async (q: FeedQuery, mode: LoadMode) => {
    const key = feedKey(q)
    if (mode === 'load' && seeded.delete(key) && get().feeds[key]?.status === 'ready') return
    await loadList<string, PostView>({
      key,
      mode,
      current: get().feeds[key] ?? EMPTY_LIST,
      write: (next) => set({ feeds: { ...get().feeds, [key]: next } }),
      fetchPage: async (cursor) => {
        const page = await call('post', 'list', {
          circleId: q.circleId,
          tab: q.tab,
          tag: q.tab === 'tag' ? q.tag : undefined,
          cursor,
        })
        putPosts(page.items)
        set({ viewerRoles: { ...get().viewerRoles, [q.circleId]: page.viewerRole } })
        return page
      },
      map: (page) => page.items.map((p) => p.id),
    })
  }

  return {
    ...initialFeedState(),

    loadFeed: (q, mode = 'load') => load(q, mode),

    seedFeed: (circleId, page) => {
      const key = feedKey({ circleId, tab: 'latest' })
      putPosts(page.items)
      seeded.add(key)
      set({
        feeds: {
          ...get().feeds,
          [key]: { items: page.items.map((p) => p.id), nextCursor: page.nextCursor, status: 'ready', error: null },
        },
        viewerRoles: { ...get().viewerRoles, [circleId]: page.viewerRole },
      })
    },
    loadMoreFeed: (q) => load(q, 'more'),

    likePost: async (postId) => {
      const before = get().posts[postId]
      if (!before || liking.has(postId)) return
      liking.add(postId)
      const liked = !before.liked
      patchPost(postId, { liked, likeCount: Math.max(0, before.likeCount + (liked ? 1 : -1)) })
      try {
        const r = await call('post', 'like', { postId, liked })
        patchPost(postId, { liked: r.liked, likeCount: r.likeCount })
      } catch (e) {
        patchPost(postId, { liked: before.liked, likeCount: before.likeCount })
        throw e
      } finally {
        liking.delete(postId)
      }
    },

    pinPost: async (postId, pinned) => {
      const post = await call('post', 'pin', { postId, pinned })
      putPosts([post])
    },

    featurePost: async (postId, featured) => {
      const post = await call('post', 'feature', { postId, featured })
      putPosts([post])
    },

    setPostPreview: async (postId, inPreview) => {
      const post = get().posts[postId]
      const { previewPostIds } = await call('post', 'setPreview', { postId, inPreview })
      patchPost(postId, { inPreview: previewPostIds.includes(postId) })
      const circleId = post?.circleId
      const cur = circleId ? get().circlePages[circleId] : undefined
      if (circleId && cur?.page) {
        set({
          circlePages: {
            ...get().circlePages,
            [circleId]: { ...cur, page: { ...cur.page, circle: { ...cur.page.circle, previewPostIds } } },
          },
        })
      }
    },

    removePost: async (postId, reason) => {
      await call('post', 'remove', reason ? { postId, reason } : { postId })
      const s = get()
      const feeds: Record<string, ListState<string>> = {}
      for (const [k, l] of Object.entries(s.feeds))
        feeds[k] = l.items.includes(postId) ? { ...l, items: l.items.filter((id) => id !== postId) } : l
      const posts = { ...s.posts }
      delete posts[postId]
      set({ feeds, posts })
    },
  }
}

export const selectFeed =
  (q: FeedQuery) =>
  (s: AppState): ListState<string> =>
    s.feeds[feedKey(q)] ?? EMPTY_LIST
export const selectViewerRole =
  (circleId: string) =>
  (s: AppState): Role | null => {
    const me = s.circlePages[circleId]?.page?.me
    // in the read-only grace (or expired) the member may read but act as nobody
    if (me && me.state !== 'active') return null
    return me?.role ?? s.viewerRoles[circleId] ?? null
  }
