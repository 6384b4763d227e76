import { act } from 'react'
import type TestUtils from '@tarojs/test-utils-react'
import Taro from '@tarojs/taro'
import { call } from '@/services/cloud'
import { resetAppStore, useAppStore } from '@/store'
import { Landing } from '@/packageCircle/pages/circle/Landing'
import { makeCirclePage } from './support/fixtures'
import { byTestId, mount } from './support/mount'

jest.mock('@/services/cloud', () => ({ ...jest.requireActual('@/services/cloud'), call: jest.fn() }))
const mockCall = call as jest.MockedFunction<typeof call>

async function mountLanding(entryMode: 'free' | 'paid' | 'approval', onJoined = jest.fn()) {
  const page = makeCirclePage({ entryMode })
  useAppStore.setState({ circlePages: { c1: { status: 'ready', error: null, page } } })
  const t = await mount(() => <Landing page={page} onJoined={onJoined} />)
  return { t, onJoined }
}

async function tapJoin(t: TestUtils) {
  await act(async () => {
    t.fireEvent.click(byTestId('join')[0])
  })
  await act(async () => {
    await Promise.resolve()
  })
}

describe('the circle landing page', () => {
  beforeEach(() => {
    resetAppStore()
  })

  it('shows what a visitor needs to decide: owner, members and activity', async () => {
    await mountLanding('free')
    const text = document.body.textContent ?? ''
    expect(text).toContain('产品经理成长圈')
    expect(text).toContain('圈主 老王')
    expect(byTestId('landing-stats')[0].textContent).toMatch(/12.*成员.*40.*动态.*9.*近7天动态.*5.*精华/)
    expect(byTestId('join')[0].textContent).toContain('免费加入')
  })

  it('takes a visitor of a paid circle to its price, term and refund terms instead of joining', async () => {
    const nav = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'ok' } as never)
    const { t, onJoined } = await mountLanding('paid')
    expect(byTestId('join')[0].textContent).toContain('付费加入')
    await tapJoin(t)
    expect(nav).toHaveBeenCalledWith({ url: '/packagePay/pages/buy/index?circleId=c1' })
    expect(mockCall).not.toHaveBeenCalled()
    expect(onJoined).not.toHaveBeenCalled()
    nav.mockRestore()
  })

  it('takes a visitor of an approval circle to its questionnaire', async () => {
    const nav = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'ok' } as never)
    const { t } = await mountLanding('approval')
    expect(byTestId('join')[0].textContent).toContain('申请加入')
    await tapJoin(t)
    expect(nav).toHaveBeenCalledWith({ url: '/packageJoin/pages/apply/index?circleId=c1' })
    expect(mockCall).not.toHaveBeenCalled()
    nav.mockRestore()
  })

  it.each([
    [{ status: 'pending' }, '审核中', '等待圈主审核'],
    [{ status: 'approved', payBy: '2025-03-04T12:00:00.000Z' }, '已通过 · 去支付', '3月4日 20:00 前完成支付'],
    [{ status: 'rejected', rejectReason: '请补充工作经历' }, '重新申请', '未通过（请补充工作经历）'],
    [{ status: 'expired', paymentLapsed: true }, '重新申请', '未在期限内支付'],
  ])('shows where the visitor’s application stands: %o', async (over, label, note) => {
    const application = {
      round: 1,
      rejectReason: null,
      payBy: null,
      paymentLapsed: false,
      expiresAt: '2025-03-08T00:00:00.000Z',
      ...over,
    } as never
    const page = { ...makeCirclePage({ entryMode: 'approval' }), application }
    useAppStore.setState({ circlePages: { c1: { status: 'ready', error: null, page } } })
    await mount(() => <Landing page={page} onJoined={jest.fn()} />)
    expect(byTestId('join')[0].textContent).toContain(label)
    expect(byTestId('application-note')[0].textContent).toContain(note)
  })

  it('sends an approved applicant to pay, with the invite they came through', async () => {
    const nav = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'ok' } as never)
    mockCall.mockResolvedValue({ circleId: 'c1', inviter: { openid: 'u-b', nickname: '赵悦', avatarUrl: '' } } as never)
    const application = {
      round: 1,
      status: 'approved',
      rejectReason: null,
      payBy: '2099-01-01T00:00:00.000Z',
      paymentLapsed: false,
      expiresAt: '2099-01-01T00:00:00.000Z',
    } as const
    const page = { ...makeCirclePage({ entryMode: 'approval' }), application }
    useAppStore.setState({ circlePages: { c1: { status: 'ready', error: null, page } } })
    const t = await mount(() => <Landing page={page} onJoined={jest.fn()} invitedWith="AbCdEfGhIj" />)
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0))
    })
    expect(mockCall).toHaveBeenCalledWith('member', 'invite', { code: 'AbCdEfGhIj' })
    expect(byTestId('invited-by')[0].textContent).toContain('赵悦 邀请你加入')
    await tapJoin(t)
    expect(nav).toHaveBeenCalledWith({ url: '/packagePay/pages/buy/index?circleId=c1&inviteCode=AbCdEfGhIj' })
    nav.mockRestore()
  })

  it('hands the welcome message over after joining and counts the new member', async () => {
    mockCall.mockResolvedValueOnce({
      membership: { circleId: 'c1', role: 'member', joinedAt: '2025-03-01T00:00:00.000Z', expiresAt: null },
      welcome: '欢迎你！先看置顶。',
    } as never)
    const { t, onJoined } = await mountLanding('free')
    await tapJoin(t)
    expect(onJoined).toHaveBeenCalledWith('欢迎你！先看置顶。')
    const page = useAppStore.getState().circlePages.c1.page!
    expect(page.me?.role).toBe('member')
    expect(page.circle.memberCount).toBe(13)
  })

  it('tells the owner’s funnel it was seen through the invite’s 渠道, and that join was tapped', async () => {
    const nav = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'ok' } as never)
    mockCall.mockResolvedValue({
      circleId: 'c1',
      inviter: { openid: 'u-b', nickname: '赵悦', avatarUrl: '' },
      channel: '公众号',
    } as never)
    const onSeen = jest.fn()
    const onJoinTap = jest.fn()
    const page = makeCirclePage({ entryMode: 'paid' })
    useAppStore.setState({ circlePages: { c1: { status: 'ready', error: null, page } } })
    const t = await mount(() => (
      <Landing page={page} onJoined={jest.fn()} invitedWith="AbCdEfGhIj" onSeen={onSeen} onJoinTap={onJoinTap} />
    ))
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0))
    })
    expect(onSeen).toHaveBeenCalledTimes(1)
    expect(onSeen).toHaveBeenCalledWith('公众号')
    expect(onJoinTap).not.toHaveBeenCalled()
    await tapJoin(t)
    expect(onJoinTap).toHaveBeenCalledTimes(1)
    nav.mockRestore()
  })
})
