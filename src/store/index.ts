/**
 * One store of typed slices (docs/architecture.md, house style 7) for what the main package's pages
 * share: the session, circles, the feed, posts and the composer. Actions are named by intent;
 * components subscribe to one named selector each. No toasts or navigation here: pages do that
 * with what actions return or throw (an ApiError carrying the message from the error table).
 *
 * Every feature that lives in a subpackage (the buyer's shop in packagePay, the owner's wallet in
 * packageMoney, check-ins, Q&A, events, …) has a store of its own beside its pages (decision 19),
 * so its code ships in that subpackage and not in the main package; each registers here to be
 * cleared when the viewer changes.
 *
 * The slices import their state's type from ./state, which imports only their state types, so
 * this folder has no import cycle.
 */
import { create } from 'zustand'
import { createCirclesSlice, initialCirclesState } from './circles'
import { createComposeSlice, initialComposeState } from './compose'
import { createFeedSlice, initialFeedState } from './feed'
import { createPostSlice, initialPostState } from './post'
import { createSessionSlice, initialSessionState } from './session'
import type { AppState } from './state'

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
  forgetViewerData: () => {
    a[0]({
      ...initialCirclesState(),
      ...initialFeedState(),
      ...initialPostState(),
      ...initialComposeState(),
    })
    viewerResets.forEach((reset) => reset())
  },
}))

/** Back to a fresh app (tests build their own world with this): the root store and every feature store. */
export function resetAppStore(): void {
  useAppStore.setState({
    ...initialSessionState(),
    ...initialCirclesState(),
    ...initialFeedState(),
    ...initialPostState(),
    ...initialComposeState(),
  })
  viewerResets.forEach((reset) => reset())
}

export type {
  AppState,
  CirclePageState,
  CirclesSlice,
  ComposeFile,
  ComposeImage,
  ComposeSlice,
  ComposeState,
  DiscoverFilter,
  FeedQuery,
  FeedSlice,
  PostLoad,
  PostSlice,
  RootSlice,
  SessionSlice,
} from './state'
export * from './list'
export * from './session'
export * from './circles'
export * from './feed'
export * from './post'
export * from './compose'
