import type { StateCreator } from 'zustand'
import type { CommentView, PostView } from '@core/contract'
import { call, toApiError } from '@/services/cloud'
import type { AppState, PostLoad, PostSlice } from './state'
import { EMPTY_LIST, makeListLoader, type ListState } from './list'

export const initialPostState = () => ({
  posts: {} as Record<string, PostView>,
  postLoads: {} as Record<string, PostLoad>,
  comments: {} as Record<string, ListState<CommentView>>,
})

const IDLE_LOAD: PostLoad = Object.freeze({ status: 'idle', error: null }) as PostLoad

export const createPostSlice: StateCreator<AppState, [], [], PostSlice> = (set, get) => {
  const loadList = makeListLoader()

  const bumpCommentCount = (postId: string, delta: number) => {
    const p = get().posts[postId]
    if (p) set({ posts: { ...get().posts, [postId]: { ...p, commentCount: Math.max(0, p.commentCount + delta) } } })
  }

  return {
    ...initialPostState(),

    loadPost: async (postId) => {
      set({ postLoads: { ...get().postLoads, [postId]: { status: 'loading', error: null } } })
      try {
        const post = await call('post', 'get', { postId })
        set({
          posts: { ...get().posts, [postId]: post },
          postLoads: { ...get().postLoads, [postId]: { status: 'ready', error: null } },
        })
      } catch (e) {
        set({ postLoads: { ...get().postLoads, [postId]: { status: 'error', error: toApiError(e) } } })
      }
    },

    loadComments: async (postId, mode = 'load') => {
      await loadList({
        key: postId,
        mode,
        current: get().comments[postId] ?? EMPTY_LIST,
        write: (next) => set({ comments: { ...get().comments, [postId]: next } }),
        fetchPage: (cursor) => call('post', 'comments', { postId, cursor }),
      })
    },

    commentOnPost: async (postId, text, parentId) => {
      const comment = await call('post', 'comment', { postId, text, parentId })
      const list = get().comments[postId] ?? EMPTY_LIST
      set({
        comments: {
          ...get().comments,
          [postId]: {
            ...list,
            status: list.status === 'idle' ? 'ready' : list.status,
            items: [...list.items, comment],
          },
        },
      })
      // a held comment (content security) is counted when the team approves it
      if (!comment.held) bumpCommentCount(postId, 1)
      return comment
    },

    openPostFile: (postId, index) => call('post', 'openFile', { postId, index }),

    removeComment: async (postId, commentId, reason) => {
      await call('post', 'removeComment', reason ? { commentId, reason } : { commentId })
      const list = get().comments[postId]
      if (list) {
        set({
          comments: { ...get().comments, [postId]: { ...list, items: list.items.filter((c) => c.id !== commentId) } },
        })
      }
      bumpCommentCount(postId, -1)
    },
  }
}

export const selectPost =
  (postId: string) =>
  (s: AppState): PostView | undefined =>
    s.posts[postId]
export const selectPostLoad =
  (postId: string) =>
  (s: AppState): PostLoad =>
    s.postLoads[postId] ?? IDLE_LOAD
/** The viewer's nickname when the post's circle watermarks images (content protection); '' when off. */
export const selectWatermarkText =
  (circleId: string) =>
  (s: AppState): string =>
    s.circlePages[circleId]?.page?.protection?.watermark ? (s.me?.nickname ?? '') : ''
export const selectComments =
  (postId: string) =>
  (s: AppState): ListState<CommentView> =>
    s.comments[postId] ?? EMPTY_LIST

export interface CommentThread {
  comment: CommentView
  replies: CommentView[]
}

/** One level of replies under each top-level comment, in the order the server sent them. */
export function threadComments(comments: readonly CommentView[]): CommentThread[] {
  const threads: CommentThread[] = []
  const byId = new Map<string, CommentThread>()
  for (const c of comments) {
    if (c.parentId === null) {
      const t = { comment: c, replies: [] as CommentView[] }
      threads.push(t)
      byId.set(c.id, t)
    }
  }
  for (const c of comments) {
    if (c.parentId === null) continue
    const parent = byId.get(c.parentId)
    // A reply whose parent is on a later page (or was removed) still shows, on its own.
    if (parent) parent.replies.push(c)
    else threads.push({ comment: c, replies: [] })
  }
  return threads
}
