/**
 * Paid Q&A as the app sees it (docs/features.md §7; docs/qa.md). A store of its own so its code ships
 * in this subpackage (src/store/index.ts explains); cleared when the viewer changes.
 * No toasts or navigation: pages act on what actions return or throw.
 */
import { create } from 'zustand'
import type { InputOf } from '@core/contract'
import type { AnswererView, AskResult, PeekResult, QaHome, QuestionView } from '@core/contracts/qa'
import type { QaSettings } from '@core/settings'
import { call } from '@/services/cloud'
import {
  EMPTY_LIST,
  IDLE_LOADED,
  makeKeyedLoader,
  makeListLoader,
  registerViewerReset,
  type ListState,
  type LoadMode,
  type Loaded,
} from '@/store'

export type QaBox = 'asked' | 'toAnswer'

interface QaState {
  /** By circle. */
  homes: Record<string, Loaded<QaHome>>
  /** Public answered questions, by circle. */
  feeds: Record<string, ListState<QuestionView>>
  /** By `${circleId}:${box}`. */
  boxes: Record<string, ListState<QuestionView>>
  /** By question. */
  questions: Record<string, Loaded<QuestionView>>
}

interface QaActions {
  loadQaHome: (circleId: string) => Promise<void>
  loadQaFeed: (circleId: string, mode?: LoadMode) => Promise<void>
  loadMyQuestions: (circleId: string, box: QaBox, mode?: LoadMode) => Promise<void>
  loadQuestion: (questionId: string) => Promise<void>
  askQuestion: (input: InputOf<'qa', 'ask'>) => Promise<AskResult>
  answerQuestion: (questionId: string, text: string, images?: string[]) => Promise<QuestionView>
  declineQuestion: (questionId: string, reason: string) => Promise<QuestionView>
  peekAnswer: (questionId: string, platform: InputOf<'qa', 'peek'>['platform']) => Promise<PeekResult>
  setMyPrice: (circleId: string, priceFen: number) => Promise<AnswererView>
  saveQaSettings: (input: InputOf<'qa', 'setSettings'>) => Promise<QaSettings>
}

export type QaStore = QaState & QaActions

export const initialQaState = (): QaState => ({ homes: {}, feeds: {}, boxes: {}, questions: {} })

const loadList = makeListLoader()

export const useQaStore = create<QaStore>()((set, get) => {
  const keyed = makeKeyedLoader<QaState>(set, get)
  /** A question the server answered replaces every copy of it on screen. */
  const upsert = (q: QuestionView) => {
    keyed.settle('questions', q.id, q)
    const swap = (lists: Record<string, ListState<QuestionView>>) =>
      Object.fromEntries(
        Object.entries(lists).map(([k, l]) => [
          k,
          l.items.some((x) => x.id === q.id) ? { ...l, items: l.items.map((x) => (x.id === q.id ? q : x)) } : l,
        ]),
      )
    set({ feeds: swap(get().feeds), boxes: swap(get().boxes) })
  }
  return {
    ...initialQaState(),
    loadQaHome: (circleId) => keyed.load('homes', circleId, () => call('qa', 'home', { circleId })),
    loadQaFeed: (circleId, mode = 'load') =>
      loadList({
        key: `feed:${circleId}`,
        mode,
        current: get().feeds[circleId] ?? EMPTY_LIST,
        write: (next) => set({ feeds: { ...get().feeds, [circleId]: next } }),
        fetchPage: (cursor) => call('qa', 'feed', { circleId, cursor }),
      }),
    loadMyQuestions: (circleId, box, mode = 'load') => {
      const key = `${circleId}:${box}`
      return loadList({
        key,
        mode,
        current: get().boxes[key] ?? EMPTY_LIST,
        write: (next) => set({ boxes: { ...get().boxes, [key]: next } }),
        fetchPage: (cursor) => call('qa', 'mine', { circleId, box, cursor }),
      })
    },
    loadQuestion: (questionId) => keyed.load('questions', questionId, () => call('qa', 'get', { questionId })),
    async askQuestion(input) {
      const res = await call('qa', 'ask', input)
      upsert(res.question)
      // A free question used one of the term's free ones: the home (freeLeft) is stale. Reloaded in
      // place, so the ask button never offers a free question the server would charge for.
      if (get().homes[input.circleId]) void get().loadQaHome(input.circleId)
      return res
    },
    async answerQuestion(questionId, text, images = []) {
      const q = await call('qa', 'answer', { questionId, text, images })
      upsert(q)
      return q
    },
    async declineQuestion(questionId, reason) {
      const q = await call('qa', 'decline', { questionId, reason })
      upsert(q)
      return q
    },
    async peekAnswer(questionId, platform) {
      const res = await call('qa', 'peek', { questionId, platform })
      upsert(res.question)
      return res
    },
    async setMyPrice(circleId, priceFen) {
      const a = await call('qa', 'setPrice', { circleId, priceFen })
      await get().loadQaHome(circleId)
      return a
    },
    async saveQaSettings(input) {
      const saved = await call('qa', 'setSettings', input)
      const home = get().homes[input.circleId]?.data
      if (home) keyed.settle('homes', input.circleId, { ...home, settings: saved })
      return saved
    },
  }
})

registerViewerReset(() => useQaStore.setState(initialQaState()))

// ---- selectors ----
export const selectQaHome = (circleId: string) => (s: QaStore) => s.homes[circleId] ?? (IDLE_LOADED as Loaded<QaHome>)
export const selectQaFeed = (circleId: string) => (s: QaStore) =>
  s.feeds[circleId] ?? (EMPTY_LIST as ListState<QuestionView>)
export const selectMyQuestions = (circleId: string, box: QaBox) => (s: QaStore) =>
  s.boxes[`${circleId}:${box}`] ?? (EMPTY_LIST as ListState<QuestionView>)
export const selectQuestion = (questionId: string) => (s: QaStore) =>
  s.questions[questionId] ?? (IDLE_LOADED as Loaded<QuestionView>)
