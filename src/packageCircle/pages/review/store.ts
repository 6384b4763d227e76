/**
 * The team's review queue of held content (docs/content-security.md). A store of its own so its
 * code ships in this subpackage (src/store/index.ts explains); cleared when the viewer changes.
 * No toasts or navigation: the page acts on what actions return or throw.
 */
import { create } from 'zustand'
import type { HeldItem, ReviewResult } from '@core/contract'
import { call } from '@/services/cloud'
import { EMPTY_LIST, makeListLoader, registerViewerReset, type ListState, type LoadMode } from '@/store'

export type HeldKind = 'post' | 'comment'

interface ReviewState {
  /** By `${circleId}:${kind}`. */
  queues: Record<string, ListState<HeldItem>>
  /** Items being decided (by id), so their buttons wait. */
  deciding: Record<string, boolean>
}

interface ReviewActions {
  loadHeld: (circleId: string, kind: HeldKind, mode?: LoadMode) => Promise<void>
  approveHeld: (item: HeldItem) => Promise<ReviewResult>
  rejectHeld: (item: HeldItem, reason: string) => Promise<ReviewResult>
}

export type ReviewStore = ReviewState & ReviewActions

export const queueKey = (circleId: string, kind: HeldKind) => `${circleId}:${kind}`

export const initialReviewState = (): ReviewState => ({ queues: {}, deciding: {} })

const loadList = makeListLoader()

export const useReviewStore = create<ReviewStore>()((set, get) => {
  const decide = async (item: HeldItem, approve: boolean, reason?: string): Promise<ReviewResult> => {
    set({ deciding: { ...get().deciding, [item.id]: true } })
    try {
      const result = await call('post', 'review', {
        postId: item.postId,
        ...(item.kind === 'comment' ? { commentId: item.id } : {}),
        approve,
        ...(reason ? { reason } : {}),
      })
      const key = queueKey(item.circleId, item.kind)
      const list = get().queues[key]
      if (list)
        set({ queues: { ...get().queues, [key]: { ...list, items: list.items.filter((i) => i.id !== item.id) } } })
      return result
    } finally {
      const { [item.id]: _done, ...rest } = get().deciding
      set({ deciding: rest })
    }
  }
  return {
    ...initialReviewState(),
    loadHeld: (circleId, kind, mode = 'load') => {
      const key = queueKey(circleId, kind)
      return loadList({
        key,
        mode,
        current: get().queues[key] ?? EMPTY_LIST,
        write: (next) => set({ queues: { ...get().queues, [key]: next } }),
        fetchPage: (cursor) => call('post', 'held', { circleId, kind, cursor }),
      })
    },
    approveHeld: (item) => decide(item, true),
    rejectHeld: (item, reason) => decide(item, false, reason),
  }
})

registerViewerReset(() => useReviewStore.setState(initialReviewState()))

export const selectHeldQueue =
  (circleId: string, kind: HeldKind) =>
  (s: ReviewStore): ListState<HeldItem> =>
    s.queues[queueKey(circleId, kind)] ?? EMPTY_LIST
export const selectDeciding = (id: string) => (s: ReviewStore) => !!s.deciding[id]
