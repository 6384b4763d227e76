/**
 * Moderation as a member and the team meet it inside a circle (issue 4 item 7): the caller's own
 * publishing status (muted, quiet hours), reporting a post, and the team's actions on one member
 * (mute, remove with or without a refund, blacklist). The members, post and compose pages of this
 * subpackage use it; the team's settings, report queue and blacklist live in packageAdmin's store.
 * A store of its own beside its pages so its code ships in this subpackage (decision 19); cleared
 * when the viewer changes. No toasts or navigation: pages act on what actions return or throw.
 */
import { create } from 'zustand'
import type { InputOf } from '@core/contract'
import type { MuteDurationName, PublishStatusView, RefundQuoteView } from '@core/contracts/moderate'
import { call } from '@/services/cloud'
import { registerViewerReset, useAppStore, type LoadStatus } from '@/store'

interface CircleModerationState {
  publishStatus: Record<string, { status: LoadStatus; data: PublishStatusView | null }>
}

interface CircleModerationActions {
  loadPublishStatus: (circleId: string) => Promise<PublishStatusView | null>
  muteMember: (circleId: string, openid: string, duration: MuteDurationName) => Promise<void>
  unmuteMember: (circleId: string, openid: string) => Promise<void>
  quoteRemovalRefund: (circleId: string, openid: string) => Promise<RefundQuoteView>
  removeMember: (circleId: string, openid: string, refund: boolean) => Promise<{ refundFen: number }>
  blacklistMember: (circleId: string, openid: string, reason: string) => Promise<void>
  reportContent: (input: InputOf<'moderate', 'report'>) => Promise<void>
}

export type CircleModerationStore = CircleModerationState & CircleModerationActions

export const initialCircleModerationState = (): CircleModerationState => ({ publishStatus: {} })

/** The member list (root store: the pricing page lists members too) shows a team action at once. */
const memberRow = () => useAppStore.getState().applyMemberChange

export const useCircleModerationStore = create<CircleModerationStore>()((set, get) => ({
  ...initialCircleModerationState(),
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
    memberRow()(circleId, openid, (m) => (m.team ? { ...m, team: { ...m.team, mute: { until: res.until } } } : m))
  },
  unmuteMember: async (circleId, openid) => {
    await call('moderate', 'unmute', { circleId, openid })
    memberRow()(circleId, openid, (m) => (m.team ? { ...m, team: { ...m.team, mute: null } } : m))
  },
  quoteRemovalRefund: (circleId, openid) => call('moderate', 'refundQuote', { circleId, openid }),
  removeMember: async (circleId, openid, refund) => {
    const res = await call('moderate', 'remove', { circleId, openid, refund })
    memberRow()(circleId, openid, () => null)
    return { refundFen: res.refundFen }
  },
  blacklistMember: async (circleId, openid, reason) => {
    await call('moderate', 'blacklist', { circleId, openid, reason })
    memberRow()(circleId, openid, () => null)
  },
  reportContent: async (input) => {
    await call('moderate', 'report', input)
  },
}))

registerViewerReset(() => useCircleModerationStore.setState(initialCircleModerationState()))

export const selectPublishStatus =
  (circleId: string) =>
  (s: CircleModerationStore): PublishStatusView | null =>
    s.publishStatus[circleId]?.data ?? null
