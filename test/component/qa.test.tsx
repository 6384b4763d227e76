/** Paid Q&A in the app: its store (src/packageQa/store.ts) and the question card, with the cloud mocked. */
import { act } from 'react'
import type { QuestionView } from '@core/qa'
import { call } from '@/services/cloud'
import { useAppStore } from '@/store'
import { QuestionCard } from '@/packageQa/components/QuestionCard'
import { initialQaState, selectMyQuestions, selectQaFeed, selectQuestion, useQaStore } from '@/packageQa/store'
import { byTestId, mount } from './support/mount'

jest.mock('@/services/cloud', () => ({ ...jest.requireActual('@/services/cloud'), call: jest.fn() }))
const mockCall = call as jest.MockedFunction<typeof call>

const NOW = Date.parse('2026-11-23T02:00:00Z')

function question(over: Partial<QuestionView> = {}): QuestionView {
  return {
    id: 'q1',
    circleId: 'c1',
    asker: { openid: null, nickname: '匿名成员', avatarUrl: '' },
    answerer: { openid: 'o_owner', nickname: '林知远', avatarUrl: '', role: 'owner' },
    text: '怎么找到第一批付费用户？',
    images: [],
    anonymous: true,
    isPublic: true,
    held: false,
    status: 'pending',
    priceFen: 1000,
    askedAt: new Date(NOW - 3_600_000).toISOString(),
    payBy: null,
    deadline: new Date(NOW + 71 * 3_600_000).toISOString(),
    answeredAt: null,
    closedAt: null,
    declineReason: '',
    answer: null,
    locked: false,
    peekCount: 0,
    peekPriceFen: 100,
    relation: 'other',
    orderId: null,
    earnedFen: null,
    ...over,
  }
}

beforeEach(() => {
  useQaStore.setState(initialQaState())
  mockCall.mockReset()
})

it('puts an answer the server returned into every list showing the question, and forgets it all when the viewer changes', async () => {
  mockCall
    .mockResolvedValueOnce({ items: [question()], nextCursor: null } as never)
    .mockResolvedValueOnce({ items: [question()], nextCursor: null } as never)
  await useQaStore.getState().loadQaFeed('c1')
  await useQaStore.getState().loadMyQuestions('c1', 'toAnswer')
  const answered = question({
    status: 'answered',
    answer: { text: '先找十个朋友', images: [], at: new Date(NOW).toISOString() },
  })
  mockCall.mockResolvedValueOnce(answered as never)
  await useQaStore.getState().answerQuestion('q1', '先找十个朋友')
  expect(mockCall).toHaveBeenLastCalledWith('qa', 'answer', { questionId: 'q1', text: '先找十个朋友', images: [] })
  expect(selectQaFeed('c1')(useQaStore.getState()).items[0].status).toBe('answered')
  expect(selectMyQuestions('c1', 'toAnswer')(useQaStore.getState()).items[0].answer?.text).toBe('先找十个朋友')
  expect(selectQuestion('q1')(useQaStore.getState()).data?.status).toBe('answered')
  useAppStore.getState().forgetViewerData()
  expect(useQaStore.getState()).toMatchObject({ feeds: {}, boxes: {}, questions: {} })
})

it('shows a pending question with its countdown and an anonymous asker', async () => {
  await mount(() => <QuestionCard q={question()} now={NOW} />)
  const card = byTestId('qa-card')[0]
  expect(card.textContent).toContain('匿名成员 问 林知远')
  expect(card.textContent).toContain('待回答')
  expect(card.textContent).toContain('剩余 71 小时 0 分')
  expect(byTestId('qa-peek')).toHaveLength(0)
})

it('hides a locked answer behind the 偷看 button and hands the question to the peek', async () => {
  const onPeek = jest.fn()
  const q = question({ status: 'answered', locked: true, peekCount: 3, deadline: null })
  await mount(() => <QuestionCard q={q} now={NOW} onPeek={onPeek} />)
  expect(byTestId('qa-answer')).toHaveLength(0)
  expect(byTestId('qa-card')[0].textContent).toContain('回答已隐藏，¥1.00 偷看')
  expect(byTestId('qa-card')[0].textContent).toContain('3 人偷看')
  await act(async () => {
    byTestId('qa-peek')[0].click()
  })
  expect(onPeek).toHaveBeenCalledWith(q)
})

it('shows the asker what their question earned', async () => {
  const q = question({
    status: 'answered',
    relation: 'asker',
    earnedFen: 48,
    answer: { text: '答案', images: [], at: new Date(NOW).toISOString() },
  })
  await mount(() => <QuestionCard q={q} now={NOW} />)
  expect(byTestId('qa-answer')[0].textContent).toContain('答案')
  expect(byTestId('qa-card')[0].textContent).toContain('偷看收入 ¥0.48')
})

it('stops offering a free question once the server says the term’s free questions are used', async () => {
  const home = (freeLeft: number) => ({
    circleId: 'c1',
    viewer: { openid: 'o_me', canAsk: true, freeLeft },
    answerers: [],
    settings: { expireHours: 72 },
  })
  mockCall.mockResolvedValueOnce(home(1) as never)
  await useQaStore.getState().loadQaHome('c1')
  // the free question goes through; the server now counts 0 left
  mockCall
    .mockResolvedValueOnce({ question: question({ priceFen: 0 }), pay: null } as never)
    .mockResolvedValueOnce(home(0) as never)
  await useQaStore.getState().askQuestion({
    circleId: 'c1',
    answerer: 'o_owner',
    text: '第二个问题',
    images: [],
    anonymous: false,
    isPublic: true,
    platform: 'h5',
  })
  await act(async () => {})
  expect(mockCall).toHaveBeenLastCalledWith('qa', 'home', { circleId: 'c1' })
  expect(useQaStore.getState().homes.c1.data?.viewer.freeLeft).toBe(0)
})
