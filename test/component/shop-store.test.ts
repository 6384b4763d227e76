import { destinationUrl } from '@/packagePay/routes'
import type { OrderView } from '@core/contract'
import { ApiError, call } from '@/services/cloud'
import { EMPTY_LIST, resetAppStore, useAppStore } from '@/store'
import {
  canPayAgain,
  canSelfRefund,
  effectiveStatus,
  orderStage,
  orderDestination,
  productChoiceOf,
  selectCatalog,
  selectCourse,
  selectMyOrders,
  selectOrder,
  useShopStore,
} from '@/packagePay/store'
import { toPlatform } from '@/services/pay'
import { platformOfUserAgent } from '@/services/device'
import { yuan } from '@/packagePay/money'
import { makeCirclePage } from './support/fixtures'
import { HOUR, makeCatalog, makeOrder, paidOrder } from './shop-fixtures'

jest.mock('@/services/cloud', () => ({ ...jest.requireActual('@/services/cloud'), call: jest.fn() }))
const mockCall = call as jest.MockedFunction<typeof call>
const state = () => useShopStore.getState()
const now = Date.parse('2025-03-02T00:00:00.000Z')

beforeEach(() => {
  resetAppStore()
  mockCall.mockReset()
})

describe('shop selectors', () => {
  it('give the same idle value every time for things nobody loaded (React needs a stable value)', () => {
    expect(selectCatalog('c9')(state())).toBe(selectCatalog('c9')(state()))
    expect(selectCatalog('c9')(state())).toMatchObject({ status: 'idle', data: null })
    expect(selectCourse('k9')(state())).toBe(selectOrder('o9')(state()))
    expect(selectMyOrders(state())).toBe(EMPTY_LIST)
  })

  it('show an order from the list at once while its detail loads', () => {
    const o = makeOrder({ id: 'o7' })
    useShopStore.setState({ myOrders: { items: [o], nextCursor: null, status: 'ready', error: null } })
    expect(selectOrder('o7')(state()).data).toBe(o)
    // the same answer for the same state, or React re-renders forever (error #185)
    expect(selectOrder('o7')(state())).toBe(selectOrder('o7')(state()))
  })

  it("allow a self-service refund only where the server's view offers one, while its window lasts", () => {
    expect(canSelfRefund(paidOrder(now), now)).toBe(true)
    // the server decides (product registry): a paid order it does not offer (a deposit, a used quota) shows no refund
    expect(canSelfRefund(paidOrder(now, { canRefund: false }), now)).toBe(false)
    expect(canSelfRefund(paidOrder(now, { refundableUntil: new Date(now - 1000).toISOString() }), now)).toBe(false)
    expect(canSelfRefund(paidOrder(now, { refundableUntil: null }), now)).toBe(false)
    expect(canSelfRefund(paidOrder(now, { status: 'refunded', canRefund: false, refundableUntil: null }), now)).toBe(
      false,
    )
  })

  it('let a pending order be paid until its 30 minutes run out, then call it closed', () => {
    const pending = makeOrder({ expiresAt: new Date(now + 60_000).toISOString() })
    expect(canPayAgain(pending, now)).toBe(true)
    expect(effectiveStatus(pending, now)).toBe('pending')
    expect(canPayAgain(pending, now + 2 * 60_000)).toBe(false)
    expect(effectiveStatus(pending, now + 2 * 60_000)).toBe('closed')
    expect(effectiveStatus(paidOrder(now), now + 100 * HOUR)).toBe('paid')
  })

  it('know what to buy again and where a paid order leads', () => {
    expect(productChoiceOf(makeOrder())).toEqual({ kind: 'entry' })
    expect(productChoiceOf(makeOrder({ product: { kind: 'pass_gift', id: 'c1', title: '' } }))).toEqual({
      kind: 'pass',
      gift: true,
    })
    const course = makeOrder({ product: { kind: 'course', id: 'k1', title: '布光入门' } })
    expect(productChoiceOf(course)).toEqual({ kind: 'course', courseId: 'k1' })
    expect(orderDestination(course)).toEqual({ kind: 'course', courseId: 'k1' })
    expect(orderDestination(makeOrder())).toEqual({ kind: 'circle', circleId: 'c1' })
    // a ticket leads to its ticket, a question or a peek to the question, a deposit back to its challenge
    expect(orderDestination(makeOrder({ product: { kind: 'ticket', id: 'ev1:o_me', title: '' } }))).toEqual({
      kind: 'ticket',
      eventId: 'ev1',
    })
    expect(orderDestination(makeOrder({ product: { kind: 'peek', id: 'q1', title: '' } }))).toEqual({
      kind: 'question',
      questionId: 'q1',
    })
    expect(destinationUrl(orderDestination(makeOrder({ product: { kind: 'question', id: 'q1', title: '' } })))).toBe(
      '/packageQa/pages/question/index?id=q1',
    )
    expect(destinationUrl(orderDestination(makeOrder({ product: { kind: 'deposit', id: 'ch1', title: '' } })))).toBe(
      '/packageCheckin/pages/detail/index?id=ch1',
    )
  })
})

describe('money on screen', () => {
  it('shows integer fen as yuan with two decimals, never through floats', () => {
    expect(yuan(1280)).toBe('¥12.80')
    expect(yuan(5)).toBe('¥0.05')
    expect(yuan(123456789)).toBe('¥1,234,567.89')
    expect(yuan(-990)).toBe('-¥9.90')
  })

  it('names the device as the contract does', () => {
    expect(toPlatform('iOS')).toBe('ios')
    expect(toPlatform('android')).toBe('android')
    expect(toPlatform('devtools')).toBe('devtools')
    expect(toPlatform('ohos')).toBe('android')
  })

  it('takes the H5 device from the browser: an iPhone is iOS, an Android phone Android, a desktop h5', () => {
    expect(
      platformOfUserAgent(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
      ),
    ).toBe('ios')
    expect(
      platformOfUserAgent(
        'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36',
      ),
    ).toBe('android')
    expect(
      platformOfUserAgent(
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0 Safari/537.36',
      ),
    ).toBe('h5')
  })
})

describe('confirming a payment', () => {
  it('stops asking once the server says paid', async () => {
    const answers: OrderView['status'][] = ['pending', 'paid', 'paid']
    mockCall.mockImplementation((async () => makeOrder({ status: answers.shift()! })) as never)
    const order = await state().confirmOrder('o1', { delaysMs: [0, 1, 1, 1] })
    expect(order.status).toBe('paid')
    expect(mockCall).toHaveBeenCalledTimes(2)
    expect(selectOrder('o1')(state()).data?.status).toBe('paid')
  })

  it('joins a second check for the same order instead of asking twice as often', async () => {
    mockCall.mockImplementation((async () => makeOrder({ status: 'paid' })) as never)
    const [a, b] = await Promise.all([
      state().confirmOrder('o1', { delaysMs: [1] }),
      state().confirmOrder('o1', { delaysMs: [1] }),
    ])
    expect(a).toBe(b)
    expect(mockCall).toHaveBeenCalledTimes(1)
  })

  it('keeps asking through a network blip but gives up on a final refusal', async () => {
    mockCall
      .mockRejectedValueOnce(new ApiError('network'))
      .mockResolvedValueOnce(makeOrder({ status: 'paid' }) as never)
    await expect(state().confirmOrder('o1', { delaysMs: [0, 1] })).resolves.toMatchObject({ status: 'paid' })
    mockCall.mockReset()
    mockCall.mockRejectedValue(new ApiError('order_not_found'))
    await expect(state().confirmOrder('o2', { delaysMs: [0, 1, 1] })).rejects.toMatchObject({ code: 'order_not_found' })
    expect(mockCall).toHaveBeenCalledTimes(1)
  })

  it('reloads the circle page and catalog in place once entry is paid, never leaving a shown page without them', async () => {
    const landing = makeCirclePage({ entryMode: 'paid' })
    useAppStore.setState({ circlePages: { c1: { status: 'ready', error: null, page: landing } } })
    useShopStore.setState({
      catalogs: { c1: { status: 'ready', error: null, data: makeCatalog() } },
      orders: { o1: { status: 'ready', error: null, data: makeOrder() } },
    })
    const asMember = makeCirclePage({ entryMode: 'paid', me: { role: 'member', state: 'active' } as never })
    const fresh = makeCatalog({ circleName: '已是成员' })
    let answer!: () => void
    const answered = new Promise<void>((r) => (answer = r))
    mockCall.mockImplementation((async (_fn: string, action: string) => {
      if (action === 'confirm') return makeOrder({ status: 'paid' })
      await answered
      return action === 'get' ? asMember : fresh
    }) as never)
    await state().confirmOrder('o1', { delaysMs: [0] })
    // the pages under the result page (buy, circle) keep what they show while it reloads
    expect(useAppStore.getState().circlePages.c1).toMatchObject({ status: 'loading', page: landing })
    expect(selectCatalog('c1')(state())).toMatchObject({
      status: 'loading',
      data: { circleName: makeCatalog().circleName },
    })
    answer()
    await new Promise((r) => setTimeout(r, 0))
    expect(useAppStore.getState().circlePages.c1).toMatchObject({ status: 'ready', page: asMember })
    expect(selectCatalog('c1')(state())).toMatchObject({ status: 'ready', data: fresh })
    expect(mockCall).toHaveBeenCalledWith('circle', 'get', { circleId: 'c1' })
    expect(mockCall).toHaveBeenCalledWith('shop', 'catalog', { circleId: 'c1' })
  })
})

describe('orders, refunds and gifts', () => {
  it('pages my orders with the server’s cursor', async () => {
    mockCall.mockResolvedValueOnce({ items: [makeOrder({ id: 'a' })], nextCursor: 'n1' } as never)
    await state().loadMyOrders()
    mockCall.mockResolvedValueOnce({ items: [makeOrder({ id: 'b' })], nextCursor: null } as never)
    await state().loadMyOrders('more')
    expect(mockCall).toHaveBeenLastCalledWith('shop', 'orders', { cursor: 'n1' })
    expect(selectMyOrders(state()).items.map((o) => o.id)).toEqual(['a', 'b'])
  })

  it('puts a new order at the top of a loaded list', async () => {
    useShopStore.setState({
      myOrders: { items: [makeOrder({ id: 'old' })], nextCursor: null, status: 'ready', error: null },
    })
    mockCall.mockResolvedValueOnce({
      order: makeOrder({ id: 'new' }),
      pay: { channel: 'local', cashierPath: '', orderId: 'new' },
    } as never)
    await state().buy('c1', { kind: 'entry' }, 'h5')
    expect(selectMyOrders(state()).items.map((o) => o.id)).toEqual(['new', 'old'])
  })

  it('updates the row after a refund and leaves it as it was when the server refuses', async () => {
    const o = paidOrder(now)
    useShopStore.setState({ myOrders: { items: [o], nextCursor: null, status: 'ready', error: null } })
    mockCall.mockRejectedValueOnce(new ApiError('refund_window_passed'))
    await expect(state().refundOrder('o1')).rejects.toMatchObject({
      code: 'refund_window_passed',
      message: '已超过自助退款期限',
    })
    expect(selectMyOrders(state()).items[0].status).toBe('paid')
    mockCall.mockResolvedValueOnce({ ...o, status: 'refunded', refundedFen: 9900, refundableUntil: null } as never)
    await state().refundOrder('o1')
    expect(selectMyOrders(state()).items[0]).toMatchObject({ status: 'refunded', refundedFen: 9900 })
  })

  it('redeems a gift code as the server spells it', async () => {
    mockCall.mockResolvedValueOnce({
      circleId: 'c1',
      circleName: '人像摄影进阶',
      expiresAt: '2026-03-01T00:00:00.000Z',
    } as never)
    await state().redeemGift('  gift-ab12-cd34 ')
    expect(mockCall).toHaveBeenCalledWith('shop', 'redeem', { code: 'GIFT-AB12-CD34' })
  })
})

describe('a refund the channel confirms later', () => {
  it('shows the order as 退款中 at once and as 已退款 once the channel confirms, with no second refund offered', async () => {
    const o = paidOrder(now)
    useShopStore.setState({ myOrders: { items: [o], nextCursor: null, status: 'ready', error: null } })
    const asked = { ...o, refunding: true, canRefund: false, refundableUntil: null }
    const done = {
      ...o,
      status: 'refunded' as const,
      refunding: false,
      canRefund: false,
      refundedFen: o.amountFen,
      refundableUntil: null,
    }
    const answers = [asked, asked, done]
    mockCall.mockImplementation((async (_fn: string, action: string) =>
      action === 'refund' ? asked : answers.shift()) as never)
    const answer = await state().refundOrder('o1', '', { delaysMs: [0, 1, 1, 1] })
    expect(answer.refunding).toBe(true)
    const row = () => selectMyOrders(state()).items[0]
    expect(orderStage(row(), now)).toBe('refunding')
    expect(canSelfRefund(row(), now)).toBe(false)
    for (let i = 0; i < 100 && row().refunding; i++) await new Promise((r) => setTimeout(r, 10))
    expect(row()).toMatchObject({ status: 'refunded', refunding: false })
    expect(orderStage(row(), now)).toBe('refunded')
    expect(selectOrder('o1')(state()).data?.status).toBe('refunded')
    expect(mockCall.mock.calls.filter(([, action]) => action === 'getOrder')).toHaveLength(3)
  })
})
