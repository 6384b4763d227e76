import { act } from 'react'
import type TestUtils from '@tarojs/test-utils-react'
import Taro from '@tarojs/taro'
import { ApiError, call } from '@/services/cloud'
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

  it('shows the approval message for a circle that reviews applicants', async () => {
    mockCall.mockRejectedValueOnce(new ApiError('entry_requires_approval'))
    const { t } = await mountLanding('approval')
    await tapJoin(t)
    expect(byTestId('join-error')[0].textContent).toBe('该圈子需要审核后加入，审核入圈即将开放')
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
})
