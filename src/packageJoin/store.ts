/**
 * Entry's own store (a subpackage store, so its code ships with packageJoin): the questionnaire,
 * the caller's application, the review queue, invitations and complimentary memberships.
 * Actions are named by intent; no toasts or navigation here (pages do that).
 */
import { create } from 'zustand'
import type { InputOf } from '@core/contract'
import type {
  ApplicationView,
  GrantCandidate,
  GrantResult,
  InviteQr,
  InviteView,
  Questionnaire,
} from '@core/contracts/member'
import { call } from '@/services/cloud'
import {
  EMPTY_LIST,
  IDLE_LOADED,
  makeKeyedLoader,
  makeListLoader,
  registerViewerReset,
  useAppStore,
  type ListState,
  type LoadMode,
  type Loaded,
} from '@/store'
import { rememberInvite, rememberedInvite } from '@/utils/invite'

export type QueueTab = 'pending' | 'approved' | 'rejected'
export type QuestionDraft = InputOf<'member', 'saveQuestionnaire'>['questions'][number]
export type AnswerDraft = InputOf<'member', 'apply'>['answers'] extends (infer A)[] | undefined ? A : never

interface JoinState {
  questionnaires: Record<string, Loaded<Questionnaire>>
  myApplications: Record<string, Loaded<ApplicationView | null>>
  /** `${circleId}:${tab}` */
  queues: Record<string, ListState<ApplicationView>>
  invites: Record<string, Loaded<InviteView>>
  qrs: Record<string, Loaded<InviteQr>>
  candidates: Record<string, ListState<GrantCandidate>>
  loadQuestionnaire: (circleId: string) => Promise<void>
  saveQuestionnaire: (circleId: string, questions: QuestionDraft[], payWindowHours?: number) => Promise<Questionnaire>
  loadMyApplication: (circleId: string) => Promise<void>
  submitApplication: (circleId: string, answers: AnswerDraft[], note: string) => Promise<ApplicationView>
  /** The applicant takes back their pending application; the apply page offers the form again. */
  withdrawApplication: (app: ApplicationView) => Promise<ApplicationView>
  loadQueue: (circleId: string, tab: QueueTab, mode?: LoadMode) => Promise<void>
  approve: (app: ApplicationView) => Promise<ApplicationView>
  reject: (app: ApplicationView, reason: string) => Promise<ApplicationView>
  openInvite: (circleId: string, channel: string) => Promise<InviteView>
  loadInviteQr: (code: string) => Promise<void>
  /** Opening someone's invite (a QR scan): what it stands for, remembered for this circle. */
  followInvite: (code: string) => Promise<InviteView>
  loadCandidates: (circleId: string, mode?: LoadMode) => Promise<void>
  grantMembership: (circleId: string, openid: string, days: number) => Promise<GrantResult>
}

const initial = () => ({
  questionnaires: {} as Record<string, Loaded<Questionnaire>>,
  myApplications: {} as Record<string, Loaded<ApplicationView | null>>,
  queues: {} as Record<string, ListState<ApplicationView>>,
  invites: {} as Record<string, Loaded<InviteView>>,
  qrs: {} as Record<string, Loaded<InviteQr>>,
  candidates: {} as Record<string, ListState<GrantCandidate>>,
})

/** A request id per grant attempt: a retried call is a no-op on the server. */
const requestId = () => `g${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`

export const useJoinStore = create<JoinState>()((set, get) => {
  const keyed = makeKeyedLoader<JoinState>(set, get)
  const loadList = makeListLoader()

  /** The circle page (another store) shows the application and membership: refresh it after a change. */
  const refreshCircle = (circleId: string) => {
    if (useAppStore.getState().circlePages[circleId]) void useAppStore.getState().loadCirclePage(circleId)
  }

  /** A decided application leaves the pending queue and joins its tab. */
  const moveDecided = (app: ApplicationView) => {
    const queues = { ...get().queues }
    const pendingKey = `${app.circleId}:pending`
    if (queues[pendingKey])
      queues[pendingKey] = {
        ...queues[pendingKey],
        items: queues[pendingKey].items.filter((a) => a.applicant.openid !== app.applicant.openid),
      }
    const doneKey = `${app.circleId}:${app.status}`
    if (queues[doneKey])
      queues[doneKey] = {
        ...queues[doneKey],
        items: [app, ...queues[doneKey].items.filter((a) => a.applicant.openid !== app.applicant.openid)],
      }
    set({ queues })
  }

  return {
    ...initial(),

    loadQuestionnaire: (circleId) =>
      keyed.load('questionnaires', circleId, () => call('member', 'questionnaire', { circleId })),

    saveQuestionnaire: async (circleId, questions, payWindowHours) => {
      const saved = await call('member', 'saveQuestionnaire', { circleId, questions, payWindowHours })
      keyed.settle('questionnaires', circleId, saved)
      return saved
    },

    loadMyApplication: (circleId) =>
      keyed.load('myApplications', circleId, () => call('member', 'myApplication', { circleId })),

    submitApplication: async (circleId, answers, note) => {
      const app = await call('member', 'apply', { circleId, answers, note, inviteCode: rememberedInvite(circleId) })
      keyed.settle('myApplications', circleId, app)
      refreshCircle(circleId)
      return app
    },

    withdrawApplication: async (app) => {
      const withdrawn = await call('member', 'withdrawApplication', { circleId: app.circleId, round: app.round })
      keyed.settle('myApplications', app.circleId, withdrawn)
      refreshCircle(app.circleId)
      return withdrawn
    },

    loadQueue: async (circleId, tab, mode = 'load') => {
      const key = `${circleId}:${tab}`
      await loadList({
        key,
        mode,
        current: get().queues[key] ?? EMPTY_LIST,
        write: (next) => set({ queues: { ...get().queues, [key]: next } }),
        fetchPage: (cursor) => call('member', 'applications', { circleId, status: tab, cursor }),
      })
    },

    approve: async (app) => {
      const done = await call('member', 'review', {
        circleId: app.circleId,
        openid: app.applicant.openid,
        round: app.round,
        decision: 'approve',
      })
      moveDecided(done)
      return done
    },

    reject: async (app, reason) => {
      const done = await call('member', 'review', {
        circleId: app.circleId,
        openid: app.applicant.openid,
        round: app.round,
        decision: 'reject',
        reason,
      })
      moveDecided(done)
      return done
    },

    openInvite: async (circleId, channel) => {
      const invite = await call('member', 'createInvite', { circleId, channel })
      keyed.settle('invites', circleId, invite)
      return invite
    },

    followInvite: async (code) => {
      const invite = await call('member', 'invite', { code })
      rememberInvite(invite.circleId, invite.code)
      return invite
    },

    loadInviteQr: (code) => keyed.load('qrs', code, () => call('member', 'inviteQr', { code })),

    loadCandidates: async (circleId, mode = 'load') => {
      await loadList({
        key: circleId,
        mode,
        current: get().candidates[circleId] ?? EMPTY_LIST,
        write: (next) => set({ candidates: { ...get().candidates, [circleId]: next } }),
        fetchPage: (cursor) => call('member', 'grantCandidates', { circleId, cursor }),
      })
    },

    grantMembership: async (circleId, openid, days) => {
      const result = await call('member', 'grant', { circleId, openid, grantDays: days, requestId: requestId() })
      const list = get().candidates[circleId]
      if (list) {
        const items = list.items.map((c) =>
          c.openid === openid
            ? { ...c, relation: 'member' as const, role: result.role, expiresAt: result.expiresAt }
            : c,
        )
        set({ candidates: { ...get().candidates, [circleId]: { ...list, items } } })
      }
      return result
    },
  }
})

registerViewerReset(() => useJoinStore.setState(initial()))

// ---------- selectors ----------

export const selectQuestionnaire =
  (circleId: string) =>
  (s: JoinState): Loaded<Questionnaire> =>
    s.questionnaires[circleId] ?? IDLE_LOADED
export const selectMyApplication =
  (circleId: string) =>
  (s: JoinState): Loaded<ApplicationView | null> =>
    s.myApplications[circleId] ?? IDLE_LOADED
export const selectQueue =
  (circleId: string, tab: QueueTab) =>
  (s: JoinState): ListState<ApplicationView> =>
    s.queues[`${circleId}:${tab}`] ?? EMPTY_LIST
export const selectInvite =
  (circleId: string) =>
  (s: JoinState): Loaded<InviteView> =>
    s.invites[circleId] ?? IDLE_LOADED
export const selectInviteQr =
  (code: string) =>
  (s: JoinState): Loaded<InviteQr> =>
    s.qrs[code] ?? IDLE_LOADED
export const selectCandidates =
  (circleId: string) =>
  (s: JoinState): ListState<GrantCandidate> =>
    s.candidates[circleId] ?? EMPTY_LIST

/** Resets the store (component tests build their own world). */
export const resetJoinStore = () => useJoinStore.setState(initial())
