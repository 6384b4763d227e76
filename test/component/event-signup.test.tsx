/** The event page's 报名 and 取消报名 (packageEvent/pages/detail): what the member sees when they work or fail. */
import { act } from 'react'
import Taro from '@tarojs/taro'
import type { EventDetail, MySignup } from '@core/contracts/event'
import { ApiError, call } from '@/services/cloud'
import EventDetailPage from '@/packageEvent/pages/detail/index'
import { useEventStore } from '@/packageEvent/store'
import { byTestId, mount } from './support/mount'

// The page reads its event id from the router (here it opened event e1); coming back to it is not tested here.
jest.mock('@tarojs/taro', () => ({
  __esModule: true,
  ...jest.requireActual('@tarojs/taro'),
  useRouter: () => ({ params: { id: 'e1' } }),
  useDidShow: () => undefined,
}))
// Signed in already: the test loads the event into the store itself.
jest.mock('@/hooks/useSignedIn', () => ({
  useSignedIn: () => ({ ready: false, status: 'ready', error: null, retry: () => undefined }),
}))
jest.mock('@/services/cloud', () => ({ ...jest.requireActual('@/services/cloud'), call: jest.fn() }))
const mockCall = call as jest.MockedFunction<typeof call>

function event(over: Partial<EventDetail> = {}): EventDetail {
  return {
    id: 'e1',
    circleId: 'c1',
    title: '周末读书会',
    startAt: '2030-03-08T06:00:00.000Z',
    endAt: '2030-03-08T08:00:00.000Z',
    place: { kind: 'offline', address: '上海市徐汇区漕溪北路 1 号' },
    capacity: 20,
    priceFen: 0,
    audience: 'members',
    seatsLeft: 5,
    waitlistCount: 0,
    waitlist: false,
    phase: 'open',
    circleName: '产品经理成长营',
    description: '',
    form: {
      name: true,
      phone: false,
      fields: [{ id: 'job', label: '职业', kind: 'text', options: [], required: false }],
    },
    signupDeadline: '2030-03-07T06:00:00.000Z',
    cancelDeadline: '2030-03-07T06:00:00.000Z',
    refundPct: 100,
    seatsTaken: 15,
    checkedInCount: 0,
    me: null,
    canManage: false,
    canSignUp: true,
    ...over,
  }
}

function mine(over: Partial<MySignup> = {}): MySignup {
  return {
    eventId: 'e1',
    status: 'confirmed',
    payBy: null,
    orderId: null,
    paidFen: 0,
    refundFen: 0,
    createdAt: '2030-03-01T00:00:00.000Z',
    promotedAt: null,
    checkedInAt: null,
    waitlistAhead: null,
    cancelRefundFen: 0,
    ...over,
  } as MySignup
}

const settle = async () => {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0))
  })
}
const click = async (el: HTMLElement) => {
  await act(async () => {
    el.click()
    await new Promise((r) => setTimeout(r, 0))
  })
}
const type = async (el: HTMLElement, value: string) => {
  await act(async () => {
    const input = el.querySelector('input') ?? el
    ;(input as HTMLInputElement).value = value
    input.dispatchEvent(new Event('input', { bubbles: true }))
    await new Promise((r) => setTimeout(r, 0))
  })
}

/** The page as the router opens it, with the server answering `event.get` with `detail`. */
async function openPage(detail: EventDetail) {
  mockCall.mockImplementation(async (fn, action) => {
    if (fn === 'event' && action === 'get') return detail as never
    throw new Error(`unexpected call ${fn}.${action}`)
  })
  await act(async () => {
    await useEventStore.getState().loadEvent(detail.id)
  })
  await mount(EventDetailPage)
  await settle()
}

let toast: jest.SpyInstance
beforeEach(() => {
  mockCall.mockReset()
  toast = jest.spyOn(Taro, 'showToast').mockResolvedValue({ errMsg: 'ok' } as never)
})
afterEach(() => jest.restoreAllMocks())

describe('signing up for an event', () => {
  it('asks for the name before sending anything', async () => {
    await openPage(event())
    mockCall.mockClear()
    await click(byTestId('signup-submit')[0])
    expect(document.body.textContent).toContain('请填写姓名')
    expect(mockCall).not.toHaveBeenCalled()
  })

  it('sends the form once and says 报名成功', async () => {
    await openPage(event())
    let answer: (d: EventDetail) => void = () => undefined
    mockCall.mockImplementation(async (fn, action) => {
      if (fn === 'event' && action === 'signUp') return new Promise((r) => (answer = r as never)) as never
      if (fn === 'event' && action === 'get') return event() as never
      throw new Error(`unexpected call ${fn}.${action}`)
    })
    await type(byTestId('signup-name')[0], '王一鸣')
    await click(byTestId('signup-submit')[0])
    await click(byTestId('signup-submit')[0])
    expect(mockCall.mock.calls.filter(([, action]) => action === 'signUp')).toHaveLength(1)
    expect(mockCall).toHaveBeenCalledWith('event', 'signUp', { eventId: 'e1', contactName: '王一鸣', answers: {} })
    await act(async () => {
      answer(event({ me: mine(), seatsLeft: 4 }))
      await new Promise((r) => setTimeout(r, 0))
    })
    expect(toast).toHaveBeenCalledWith({ title: '报名成功', icon: 'success' })
  })

  it('names the form field the server refused, under the form and not in a toast', async () => {
    await openPage(event())
    mockCall.mockImplementation(async (fn, action) => {
      if (fn === 'event' && action === 'signUp') throw new ApiError('invalid_argument', 'answers.job')
      throw new Error(`unexpected call ${fn}.${action}`)
    })
    await type(byTestId('signup-name')[0], '王一鸣')
    await type(byTestId('signup-field-job')[0], '产品经理')
    await click(byTestId('signup-submit')[0])
    expect(document.body.textContent).toContain('「职业」填写有误，请检查后再试')
    expect(toast).not.toHaveBeenCalled()
  })

  it('shows the server’s refusal in its own words', async () => {
    await openPage(event())
    mockCall.mockRejectedValue(new ApiError('event_full'))
    await type(byTestId('signup-name')[0], '王一鸣')
    await click(byTestId('signup-submit')[0])
    expect(document.body.textContent).toContain(new ApiError('event_full').message)
  })
})

describe('cancelling a signup', () => {
  it('cancels after the member confirms and says 已取消', async () => {
    await openPage(event({ me: mine(), seatsLeft: 4, canSignUp: true }))
    jest.spyOn(Taro, 'showModal').mockResolvedValue({ confirm: true, cancel: false, errMsg: 'ok' } as never)
    mockCall.mockImplementation(async (fn, action) => {
      if (fn === 'event' && action === 'cancel') return event({ me: mine({ status: 'cancelled' }) }) as never
      throw new Error(`unexpected call ${fn}.${action}`)
    })
    await click(byTestId('event-cancel')[0])
    expect(mockCall).toHaveBeenCalledWith('event', 'cancel', { eventId: 'e1' })
    expect(toast).toHaveBeenCalledWith({ title: '已取消', icon: 'success' })
  })

  it('sends nothing when the member thinks again', async () => {
    await openPage(event({ me: mine(), seatsLeft: 4 }))
    jest.spyOn(Taro, 'showModal').mockResolvedValue({ confirm: false, cancel: true, errMsg: 'ok' } as never)
    mockCall.mockClear()
    await click(byTestId('event-cancel')[0])
    expect(mockCall).not.toHaveBeenCalled()
  })
})
