/** Entry pages (packageJoin): the questionnaire form, the review queue, the questionnaire editor. */
import { act } from 'react'
import type { ApplicationView, Questionnaire } from '@core/contracts/member'
import { ApiError, call } from '@/services/cloud'
import Taro from '@tarojs/taro'
import { ApplyForm } from '@/packageJoin/pages/apply/ApplyForm'
import { ApplicationStatusCard } from '@/packageJoin/pages/apply/ApplicationStatusCard'
import { Queue } from '@/packageJoin/pages/applications/Queue'
import { questionnaireProblem } from '@/packageJoin/pages/questionnaire/QuestionnaireEditor'
import { resetJoinStore, selectMyApplication, useJoinStore } from '@/packageJoin/store'
import { byTestId, mount } from './support/mount'

jest.mock('@/services/cloud', () => ({ ...jest.requireActual('@/services/cloud'), call: jest.fn() }))
const mockCall = call as jest.MockedFunction<typeof call>

const QUESTIONNAIRE: Questionnaire = {
  circleId: 'c1',
  circleName: '产品经理成长营',
  entryMode: 'approval',
  questions: [
    { id: 'q1', kind: 'text', title: '你现在做什么工作？', options: [], required: true },
    { id: 'q2', kind: 'single', title: '产品经验', options: ['1 年以内', '1–3 年'], required: true },
  ],
  noteMaxChars: 30,
  paidAfterApproval: true,
  payWindowHours: 72,
  entryPrice: { priceFen: 9900, days: 365, perDayText: '约 0.28 元/天' },
}

function app(over: Partial<ApplicationView> = {}): ApplicationView {
  return {
    round: 1,
    status: 'pending',
    rejectReason: null,
    payBy: null,
    paymentLapsed: false,
    expiresAt: '2025-03-08T00:00:00.000Z',
    circleId: 'c1',
    applicant: { openid: 'u-a', nickname: '王一鸣', avatarUrl: '' },
    answers: [{ questionId: 'q1', title: '你现在做什么工作？', kind: 'text', text: '产品助理', choices: [] }],
    note: '想学习',
    createdAt: '2025-03-01T00:00:00.000Z',
    decidedAt: null,
    decidedBy: null,
    channel: '公众号',
    inviter: { openid: 'u-b', nickname: '赵悦', avatarUrl: '' },
    ...over,
  }
}

const click = async (el: HTMLElement) => {
  await act(async () => {
    el.click()
    await new Promise((r) => setTimeout(r, 0))
  })
}

beforeEach(() => {
  resetJoinStore()
  mockCall.mockReset()
})

describe('the questionnaire form', () => {
  it('names the first required question left unanswered and sends nothing', async () => {
    await mount(() => <ApplyForm questionnaire={QUESTIONNAIRE} previous={null} />)
    expect(document.body.textContent).toContain('通过后 72 小时内完成支付')
    await click(byTestId('apply-submit')[0])
    expect(byTestId('apply-error')[0].textContent).toBe('请回答第 1 题：你现在做什么工作？')
    expect(mockCall).not.toHaveBeenCalled()
  })

  it('shows why the last application failed and the server’s refusal in its own words', async () => {
    mockCall.mockRejectedValueOnce(new ApiError('application_pending'))
    await mount(() => (
      <ApplyForm
        questionnaire={{ ...QUESTIONNAIRE, questions: [] }}
        previous={app({ status: 'rejected', rejectReason: '资料不完整' })}
      />
    ))
    expect(document.body.textContent).toContain('原因：资料不完整')
    await click(byTestId('apply-submit')[0])
    expect(mockCall).toHaveBeenCalledWith(
      'member',
      'apply',
      expect.objectContaining({ circleId: 'c1', answers: [], note: '' }),
    )
    expect(byTestId('apply-error')[0].textContent).toBe('你的申请正在审核中，请耐心等待')
  })
})

describe('a pending application', () => {
  it('can be withdrawn by the applicant after a confirmation, and the page then offers the form again', async () => {
    jest.spyOn(Taro, 'showModal').mockResolvedValue({ confirm: true, cancel: false, errMsg: 'ok' } as never)
    mockCall.mockResolvedValueOnce(app({ status: 'withdrawn', decidedAt: '2025-03-02T00:00:00.000Z' }) as never)
    await mount(() => <ApplicationStatusCard app={app()} />)
    await click(byTestId('withdraw-application')[0])
    expect(mockCall).toHaveBeenCalledWith('member', 'withdrawApplication', { circleId: 'c1', round: 1 })
    expect(selectMyApplication('c1')(useJoinStore.getState()).data?.status).toBe('withdrawn')
  })

  it('is not offered for withdrawal once approved', async () => {
    await mount(() => <ApplicationStatusCard app={app({ status: 'approved', payBy: '2025-03-04T00:00:00.000Z' })} />)
    expect(byTestId('withdraw-application')).toHaveLength(0)
  })
})

describe('the review queue', () => {
  it('shows answers, channel and inviter, and moves an approved application out of 待审核', async () => {
    useJoinStore.setState({
      queues: { 'c1:pending': { items: [app()], nextCursor: null, status: 'ready', error: null } },
    })
    mockCall.mockResolvedValueOnce(
      app({ status: 'approved', decidedAt: '2025-03-02T00:00:00.000Z', decidedBy: 'u-owner' }) as never,
    )
    await mount(() => <Queue circleId="c1" tab="pending" />)
    const card = byTestId('application-u-a')[0]
    expect(card.textContent).toContain('产品助理')
    expect(card.textContent).toContain('渠道：公众号')
    expect(card.textContent).toContain('赵悦 邀请')
    await click(byTestId('approve')[0])
    expect(mockCall).toHaveBeenCalledWith('member', 'review', {
      circleId: 'c1',
      openid: 'u-a',
      round: 1,
      decision: 'approve',
    })
    expect(byTestId('application-u-a')).toHaveLength(0)
    expect(byTestId('state-empty')[0].textContent).toContain('暂时没有待审核的申请')
  })

  it('asks for a reason before rejecting', async () => {
    useJoinStore.setState({
      queues: { 'c1:pending': { items: [app()], nextCursor: null, status: 'ready', error: null } },
    })
    await mount(() => <Queue circleId="c1" tab="pending" />)
    await click(byTestId('reject')[0])
    expect(
      byTestId('reject-confirm')[0].hasAttribute('disabled') ||
        byTestId('reject-confirm')[0].getAttribute('aria-disabled') === 'true',
    ).toBe(true)
    expect(mockCall).not.toHaveBeenCalled()
  })
})

describe('the questionnaire editor’s checks', () => {
  it('wants a title and two distinct options per choice question', () => {
    expect(questionnaireProblem([{ kind: 'text', title: ' ', options: [], required: true }])).toBe('第 1 题还没有题目')
    expect(questionnaireProblem([{ kind: 'single', title: '经验', options: ['有', ''], required: true }])).toBe(
      '第 1 题至少需要 2 个选项',
    )
    expect(questionnaireProblem([{ kind: 'multiple', title: '方向', options: ['数据', '数据'], required: true }])).toBe(
      '第 1 题有重复的选项',
    )
    expect(
      questionnaireProblem([{ kind: 'single', title: '经验', options: ['有', '没有'], required: false }]),
    ).toBeNull()
  })
})
