import { act } from 'react'
import Taro from '@tarojs/taro'
import type { MembershipView } from '@core/contract'
import type { NotificationView } from '@core/contracts/notify'
import type { ExpiringMember } from '@core/contracts/term'
import { RENEWAL_TEMPLATE_ID } from '@core/term'
import { ApiError, call } from '@/services/cloud'
import { Inbox } from '@/packageInbox/pages/inbox/Inbox'
import { Expiring } from '@/packageInbox/pages/expiring/Expiring'
import { initialInboxState, useInboxStore } from '@/packageInbox/store'
import { GraceBanner, ReminderOptIn, RenewalPanel } from '@/packageCircle/components/Renewal'
import { byTestId, mount } from './support/mount'

jest.mock('@/services/cloud', () => ({ ...jest.requireActual('@/services/cloud'), call: jest.fn() }))
const mockCall = call as jest.MockedFunction<typeof call>

type Handler = (input: Record<string, unknown>) => unknown
function serve(handlers: Record<string, Handler>) {
  mockCall.mockImplementation((async (fn: string, action: string, input: Record<string, unknown>) => {
    const h = handlers[`${fn}.${action}`]
    if (!h) throw new Error(`unexpected call ${fn}.${action}`)
    return h(input)
  }) as never)
}

async function settle() {
  await act(async () => {
    for (let i = 0; i < 8; i++) await Promise.resolve()
  })
}

async function tap(el: Element) {
  await act(async () => {
    ;(el as HTMLElement).click()
  })
  await settle()
}

const note = (over: Partial<NotificationView> = {}): NotificationView => ({
  id: 'n1',
  kind: 'reply',
  circleId: 'c1',
  title: '小艾 回复了你',
  body: '第三章很好',
  link: '/packageCircle/pages/post/index?id=p1',
  createdAt: '2026-11-20T02:00:00.000Z',
  read: false,
  ...over,
})

beforeEach(() => {
  useInboxStore.setState(initialInboxState())
  mockCall.mockReset()
})

describe('消息通知', () => {
  it('shows loading, then the notifications with the unread count', async () => {
    serve({
      'notify.list': () => ({
        items: [note(), note({ id: 'n2', title: '会员即将到期', kind: 'expiry_reminder', read: true })],
        nextCursor: null,
      }),
      'notify.unreadCount': () => ({ unread: 1 }),
    })
    await mount(() => <Inbox />)
    await settle()
    expect(byTestId('notification').map((el) => el.textContent)).toEqual([
      expect.stringContaining('小艾 回复了你'),
      expect.stringContaining('会员即将到期'),
    ])
    expect(document.body.textContent).toContain('1 条未读')
  })

  it('shows an empty state, and an error with retry', async () => {
    serve({ 'notify.list': () => ({ items: [], nextCursor: null }), 'notify.unreadCount': () => ({ unread: 0 }) })
    await mount(() => <Inbox />)
    await settle()
    expect(byTestId('state-empty')[0].textContent).toContain('还没有消息')

    useInboxStore.setState(initialInboxState())
    document.body.innerHTML = ''
    mockCall.mockRejectedValueOnce(new ApiError('network'))
    await mount(() => <Inbox />)
    await settle()
    expect(byTestId('state-error')[0].textContent).toContain('网络不太好')
  })

  it('marks one read on opening it and opens its link; marks all read', async () => {
    const navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue(undefined as never)
    serve({
      'notify.list': () => ({ items: [note(), note({ id: 'n2' })], nextCursor: null }),
      'notify.unreadCount': () => ({ unread: 2 }),
      'notify.markRead': (input) => (input.id ? { updated: 1, unread: 1 } : { updated: 1, unread: 0 }),
    })
    await mount(() => <Inbox />)
    await settle()
    await tap(byTestId('notification')[0])
    expect(mockCall).toHaveBeenCalledWith('notify', 'markRead', { id: 'n1' })
    expect(navigate).toHaveBeenCalledWith({ url: '/packageCircle/pages/post/index?id=p1' })
    expect(document.body.textContent).toContain('1 条未读')
    await tap(byTestId('read-all')[0])
    expect(mockCall).toHaveBeenCalledWith('notify', 'markRead', {})
    expect(document.body.textContent).toContain('全部已读')
  })
})

describe('到期成员', () => {
  const m = (over: Partial<ExpiringMember> = {}): ExpiringMember => ({
    openid: 'o1',
    nickname: '王一鸣',
    avatarUrl: '',
    role: 'member',
    expiresAt: '2026-11-28T00:00:00.000Z',
    state: 'active',
    daysLeft: 3,
    dueAt: null,
    remindersSent: 1,
    ...over,
  })

  it('lists 未续费 with days left, then 已续费 on its tab, with both totals', async () => {
    serve({
      'term.expiring': (input) =>
        input.view === 'renewed'
          ? {
              items: [
                m({
                  openid: 'o3',
                  nickname: '赵悦',
                  dueAt: '2026-11-27T00:00:00.000Z',
                  expiresAt: '2027-11-27T00:00:00.000Z',
                }),
              ],
              nextCursor: null,
              withinDays: 7,
              view: 'renewed',
              counts: { pending: 2, renewed: 1 },
            }
          : {
              items: [m(), m({ openid: 'o2', nickname: '周可', state: 'grace', daysLeft: 0 })],
              nextCursor: null,
              withinDays: 7,
              view: 'pending',
              counts: { pending: 2, renewed: 1 },
            },
    })
    await mount(() => <Expiring circleId="c1" />)
    await settle()
    expect(mockCall).toHaveBeenCalledWith('term', 'expiring', {
      circleId: 'c1',
      withinDays: 7,
      view: 'pending',
      cursor: undefined,
    })
    expect(byTestId('expiring-member').map((el) => el.textContent)).toEqual([
      expect.stringContaining('3 天后到期'),
      expect.stringContaining('宽限期'),
    ])
    expect(byTestId('tab-pending')[0].textContent).toBe('未续费 2')
    await tap(byTestId('tab-renewed')[0])
    expect(byTestId('expiring-member').map((el) => el.textContent)).toEqual([expect.stringContaining('已续费')])
  })
})

describe('around the end of a term', () => {
  const me = (over: Partial<MembershipView> = {}): MembershipView => ({
    circleId: 'c1',
    role: 'member',
    joinedAt: '2025-11-20T00:00:00.000Z',
    expiresAt: '2026-11-20T00:00:00.000Z',
    state: 'grace',
    graceEndsAt: '2026-11-22T16:00:00.000Z',
    ...over,
  })

  it('shows the read-only banner in grace with a way to renew', async () => {
    const navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue(undefined as never)
    await mount(() => <GraceBanner me={me()} />)
    // the date the server gave, in Asia/Shanghai (never counted on the phone's clock)
    expect(byTestId('grace-banner')[0].textContent).toContain('会员已到期，可只读浏览至 2026年11月23日')
    await tap(byTestId('grace-renew')[0])
    expect(navigate).toHaveBeenCalledWith({ url: '/packagePay/pages/renew/index?circleId=c1' })
  })

  it('shows the renewal panel once expired, and nothing in grace for an active member', async () => {
    await mount(() => <RenewalPanel me={me({ state: 'expired', graceEndsAt: null })} />)
    expect(byTestId('renewal-panel')[0].textContent).toContain('会员已到期')
    await mount(() => <GraceBanner me={me({ state: 'active', graceEndsAt: null })} />)
    expect(byTestId('grace-banner')).toHaveLength(0)
  })

  it('asks for a reminder grant on a tap and tells the server what was accepted', async () => {
    jest.spyOn(Taro, 'showModal').mockResolvedValue({ confirm: true, cancel: false } as never)
    jest.spyOn(Taro, 'showToast').mockResolvedValue(undefined as never)
    serve({ 'notify.grant': () => ({ left: { [RENEWAL_TEMPLATE_ID]: 1 } }) })
    await mount(() => (
      <ReminderOptIn me={me({ state: 'active', graceEndsAt: null, expiresAt: '2027-01-01T00:00:00.000Z' })} />
    ))
    await tap(byTestId('reminder-optin')[0])
    expect(mockCall).toHaveBeenCalledWith('notify', 'grant', { accepted: [RENEWAL_TEMPLATE_ID] })
    expect(byTestId('reminder-optin')).toHaveLength(0)
  })
})
