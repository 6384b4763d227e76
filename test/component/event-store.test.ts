/** The events store (src/packageEvent/store.ts) and its display rules, with the cloud mocked. */
import type { EventDetail } from '@core/contracts/event'
import { ApiError, call } from '@/services/cloud'
import { mySignupText, parseYuanToFen, seatsText, timeRangeText } from '@/packageEvent/format'
import { canSignUpNow, initialEventState, selectEvent, useEventStore } from '@/packageEvent/store'

jest.mock('@/services/cloud', () => ({ ...jest.requireActual('@/services/cloud'), call: jest.fn() }))
const mockCall = call as jest.MockedFunction<typeof call>

function detail(extra: Partial<EventDetail> = {}): EventDetail {
  return {
    id: 'ev1',
    circleId: 'c1',
    title: '外拍',
    startAt: '2026-11-29T11:00:00.000Z',
    endAt: '2026-11-29T14:00:00.000Z',
    place: { kind: 'offline', address: '外滩' },
    capacity: 10,
    priceFen: 9900,
    audience: 'open',
    seatsLeft: 3,
    waitlistCount: 0,
    waitlist: true,
    phase: 'open',
    circleName: '人像摄影进阶',
    description: '',
    form: { name: true, phone: true, fields: [] },
    signupDeadline: '2026-11-28T11:00:00.000Z',
    cancelDeadline: '2026-11-27T11:00:00.000Z',
    refundPct: 80,
    seatsTaken: 7,
    checkedInCount: 0,
    me: null,
    canManage: false,
    canSignUp: true,
    ...extra,
  }
}

const held = (orderId: string | null) =>
  detail({
    me: {
      eventId: 'ev1',
      status: 'held',
      payBy: '2026-11-24T11:00:00.000Z',
      orderId,
      paidFen: 0,
      refundFen: 0,
      createdAt: '2026-11-23T11:00:00.000Z',
      promotedAt: null,
      checkedInAt: null,
      waitlistAhead: null,
      cancelRefundFen: 0,
    },
  })

beforeEach(() => {
  useEventStore.setState(initialEventState())
  mockCall.mockReset()
})

describe('paying for a held seat', () => {
  it('reopens the cashier for the pending order', async () => {
    useEventStore.setState({ details: { ev1: { status: 'ready', error: null, data: held('QZ1') } } })
    mockCall.mockResolvedValueOnce({
      order: { id: 'QZ1' },
      pay: { channel: 'local', orderId: 'QZ1', cashierPath: '' },
    } as never)
    const start = await useEventStore.getState().payForSeat('ev1')
    expect(start.order.id).toBe('QZ1')
    expect(mockCall.mock.calls.map((c) => `${c[0]}.${c[1]}`)).toEqual(['shop.pay'])
  })

  it('asks the event for a new order when the old one ran out, then opens its cashier', async () => {
    useEventStore.setState({ details: { ev1: { status: 'ready', error: null, data: held('QZ1') } } })
    mockCall
      .mockRejectedValueOnce(new ApiError('order_closed'))
      .mockResolvedValueOnce(held('QZ2') as never)
      .mockResolvedValueOnce({
        order: { id: 'QZ2' },
        pay: { channel: 'local', orderId: 'QZ2', cashierPath: '' },
      } as never)
    const start = await useEventStore.getState().payForSeat('ev1')
    expect(start.order.id).toBe('QZ2')
    expect(mockCall.mock.calls.map((c) => `${c[0]}.${c[1]}`)).toEqual(['shop.pay', 'event.pay', 'shop.pay'])
    expect(selectEvent('ev1')(useEventStore.getState()).data?.me?.orderId).toBe('QZ2')
  })
})

describe('display rules', () => {
  it('offers signing up only while it is open and the person is not already in', () => {
    expect(canSignUpNow(detail())).toBe(true)
    expect(canSignUpNow(held('QZ1'))).toBe(false)
    expect(canSignUpNow(detail({ phase: 'closed' }))).toBe(false)
    expect(canSignUpNow(detail({ seatsLeft: 0, waitlist: false }))).toBe(false)
    expect(canSignUpNow(detail({ seatsLeft: 0, waitlist: true }))).toBe(true)
    expect(canSignUpNow(detail({ canSignUp: false }))).toBe(false)
  })

  it('reads times in Shanghai and money in whole fen', () => {
    expect(timeRangeText(detail())).toBe('11月29日 周日 19:00–22:00')
    expect(seatsText(detail({ seatsLeft: 0, waitlistCount: 4 }))).toBe('名额已满 · 4 人候补')
    expect(mySignupText(held('QZ1').me!)).toBe('名额已为你保留，请在 11月24日 周二 19:00 前完成支付')
    expect(parseYuanToFen('99')).toBe(9900)
    expect(parseYuanToFen('4.35')).toBe(435)
    expect(parseYuanToFen('1.005')).toBeNull()
    expect(parseYuanToFen('-1')).toBeNull()
  })
})
