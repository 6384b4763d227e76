/**
 * One store of typed slices (docs/architecture.md, house style 7). Actions are named by intent; components subscribe to
 * one named selector each. No toasts or navigation here: pages do that with what actions return
 * or throw (an ApiError carrying the message from the error table).
 */
import { create } from 'zustand'
import { createCirclesSlice, initialCirclesState, type CirclesSlice } from './circles'
import { createComposeSlice, initialComposeState, type ComposeSlice } from './compose'
import { createFeedSlice, initialFeedState, type FeedSlice } from './feed'
import { createPostSlice, initialPostState, type PostSlice } from './post'
import { createSessionSlice, initialSessionState, type SessionSlice } from './session'
import { createWalletSlice, initialWalletState, type WalletSlice } from './wallet'
import { createShopSlice, initialShopState, type ShopSlice } from './shop'

export interface RootSlice {
  /** Drops everything seen as the current user (on switching the demo user). */
  forgetViewerData: () => void
}

export type AppState = SessionSlice &
  CirclesSlice &
  FeedSlice &
  PostSlice &
  ComposeSlice &
  WalletSlice &
  ShopSlice &
  RootSlice

/**
 * Feature stores that live in a subpackage (issues 4–5: check-ins, Q&A, events, …) are stores of
 * their own, so their code ships in their subpackage and not in the main package; each registers
 * here to be cleared when the viewer changes.
 */
const viewerResets = new Set<() => void>()
export function registerViewerReset(reset: () => void): void {
  viewerResets.add(reset)
}

export const useAppStore = create<AppState>()((...a) => ({
  ...createSessionSlice(...a),
  ...createCirclesSlice(...a),
  ...createFeedSlice(...a),
  ...createPostSlice(...a),
  ...createComposeSlice(...a),
  ...createWalletSlice(...a),
  ...createShopSlice(...a),
  forgetViewerData: () => {
    a[0]({
      ...initialCirclesState(),
      ...initialFeedState(),
      ...initialPostState(),
      ...initialComposeState(),
      ...initialWalletState(),
      ...initialShopState(),
    })
    viewerResets.forEach((reset) => reset())
  },
}))

/** Back to a fresh app (tests build their own world with this). */
export function resetAppStore(): void {
  useAppStore.setState({
    ...initialSessionState(),
    ...initialCirclesState(),
    ...initialFeedState(),
    ...initialPostState(),
    ...initialComposeState(),
    ...initialWalletState(),
    ...initialShopState(),
  })
}

export * from './list'
export * from './session'
export * from './circles'
export * from './feed'
export * from './post'
export * from './compose'
export * from './wallet'
export * from './shop'
