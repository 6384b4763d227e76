import { act } from 'react'
import Taro from '@tarojs/taro'
import type { OrderView } from '@core/contract'
import { ApiError, call } from '@/services/cloud'
import { resetAppStore } from '@/store'
import { BuyView } from '@/packagePay/pages/buy/BuyView'
import { ResultView } from '@/packagePay/pages/result/ResultView'
import { OrdersView } from '@/packagePay/pages/orders/OrdersView'
import { CourseScreen } from '@/packagePay/pages/course/CourseScreen'
import { RedeemView } from '@/packagePay/pages/redeem/RedeemView'
import { CashierView } from '@/packagePay/pages/cashier/CashierView'
import { makeCatalog, makeCourse, makeOrder, paidOrder } from './shop-fixtures'
import { deferred } from './support/fixtures'
import { byTestId, mount } from './support/mount'

jest.mock('@/services/cloud', () => ({ ...jest.requireActual('@/services/cloud'), call: jest.fn() }))
const mockCall = call as jest.MockedFunction<typeof call>

/** Answers each `shop` action from a table; a function answers per call. */
function serve(answers: Record<string, unknown | ((input: any) => unknown)>) {
  mockCall.mockImplementation((async (fn: string, action: string, input: unknown) => {
    const a = answers[action]
    if (a === undefined) throw new Error(`unexpected call ${fn}.${action}`)
    const v = typeof a === 'function' ? (a as (i: unknown) => unknown)(input) : a
    if (v instanceof Error) throw v
    return v
  }) as never)
}

async function settle() {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0))
  })
}

async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 100; i++) {
    if (check()) return
    await act(async () => {
      await new Promise((r) => setTimeout(r, 5))
    })
  }
  throw new Error('timed out waiting for ' + what)
}

async function tap(el: HTMLElement | undefined) {
  if (!el) throw new Error('nothing to tap')
  await act(async () => {
    el.click()
  })
  await settle()
}

const text = (id: string) => byTestId(id)[0]?.textContent ?? ''

beforeEach(() => {
  resetAppStore()
  mockCall.mockReset()
})

afterEach(() => {
  jest.restoreAllMocks()
})

describe('the buy page', () => {
  it('shows price, marked price, per-day price, term, end date and the refund guarantee before paying', async () => {
    serve({ catalog: makeCatalog() })
    await mount(() => <BuyView circleId="c1" platform="android" />)
    await settle()
    expect(mockCall).toHaveBeenCalledWith('shop', 'catalog', { circleId: 'c1' })
    expect(text('entry-offer')).toContain('¥99.00')
    expect(text('marked-price')).toBe('¥199.00')
    expect(text('per-day')).toBe('约 0.27 元/天')
    expect(text('term')).toBe('购买后 365 天有效')
    expect(text('term-ends')).toContain('2026年3月1日')
    expect(text('refund-guarantee')).toContain('72 小时内')
    expect(text('refund-guarantee')).toContain('会员资格立即结束')
    expect(text('pass-offer')).toContain('¥299.00')
    expect(text('course-offer')).toMatch(/共 8 节 · 2 节免费试看.*¥49.00.*成员价 ¥39.00/)
  })

  it('shows the fixed end date and the days left for a cohort circle', async () => {
    const catalog = makeCatalog()
    serve({
      catalog: {
        ...catalog,
        entry: { ...catalog.entry!, term: { kind: 'cohort', endsAt: '2025-12-31T15:59:59.000Z' }, remainingDays: 42 },
      },
    })
    await mount(() => <BuyView circleId="c1" platform="android" />)
    await settle()
    expect(text('term')).toBe('统一到期（2025年12月31日），还剩 42 天')
  })

  it('orders entry for this device and opens the local cashier', async () => {
    const nav = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'ok' } as never)
    serve({
      catalog: makeCatalog(),
      order: {
        order: makeOrder({ id: 'o9' }),
        pay: { channel: 'local', cashierPath: '/packagePay/pages/cashier/index?orderId=o9', orderId: 'o9' },
      },
    })
    await mount(() => <BuyView circleId="c1" platform="h5" />)
    await settle()
    await tap(byTestId('buy-entry')[0])
    expect(mockCall).toHaveBeenCalledWith('shop', 'order', {
      circleId: 'c1',
      product: { kind: 'entry' },
      platform: 'h5',
    })
    expect(nav).toHaveBeenCalledWith({ url: '/packagePay/pages/cashier/index?orderId=o9' })
  })

  it('sells normally where the server says this device may buy (an iPhone with iOS virtual payment)', async () => {
    serve({ catalog: makeCatalog() })
    await mount(() => <BuyView circleId="c1" platform="ios" />)
    await settle()
    expect(byTestId('not-on-this-device')).toHaveLength(0)
    expect(text('buy-entry')).toBe('立即购买')
  })

  it('says paid entry is not open yet while the owner’s 收款账户 is not ready, and offers no buy button', async () => {
    serve({ catalog: makeCatalog({ selling: { open: false, code: 'merchant_not_ready' } }) })
    await mount(() => <BuyView circleId="c1" platform="android" />)
    await settle()
    expect(text('selling-closed')).toBe('圈主还没有开通微信支付收款，暂时不能付费加入')
    expect(byTestId('buy-entry')).toHaveLength(0)
    expect(byTestId('buy-gift')).toHaveLength(0)
    expect(mockCall).not.toHaveBeenCalledWith('shop', 'order', expect.anything())
  })

  it('shows the error and no buy button when the server refuses this device’s channel', async () => {
    serve({ catalog: makeCatalog(), order: new ApiError('payment_channel_unavailable') })
    await mount(() => <BuyView circleId="c1" platform="android" />)
    await settle()
    await tap(byTestId('buy-entry')[0])
    expect(text('buy-error')).toBe('当前设备暂不支持这种支付方式')
    expect(byTestId('buy-entry')).toHaveLength(0)
  })

  it('shows loading, then an error with retry when the catalog does not load', async () => {
    const reply = deferred<never>()
    serve({ catalog: () => reply.promise })
    await mount(() => <BuyView circleId="c1" platform="android" />)
    expect(byTestId('state-loading')).toHaveLength(1)
    await act(async () => {
      reply.reject(new ApiError('network'))
    })
    await settle()
    expect(text('state-error')).toContain('网络不太好')
    serve({ catalog: makeCatalog() })
    await tap(byTestId('state-error')[0].querySelector('button, taro-button-core') as HTMLElement)
    expect(text('marked-price')).toBe('¥199.00')
  })
})

describe('the result page', () => {
  it('asks the server until the order is paid, then leads into the circle', async () => {
    const replies = [deferred<OrderView>(), deferred<OrderView>(), deferred<OrderView>()]
    let asked = 0
    serve({ confirm: () => replies[asked++].promise })
    await mount(() => <ResultView orderId="o1" delaysMs={[0, 1, 1, 1, 1]} />)
    for (const [i, status] of (['pending', 'pending'] as const).entries()) {
      await until(() => asked === i + 1, `question ${i + 1}`)
      expect(byTestId('result-checking')).toHaveLength(1)
      await act(async () => replies[i].resolve(makeOrder({ status })))
    }
    await until(() => asked === 3, 'question 3')
    await act(async () => replies[2].resolve(makeOrder({ status: 'paid', paidAt: '2025-03-01T00:05:00.000Z' })))
    await until(() => byTestId('result-paid').length > 0, 'paid')
    expect(asked).toBe(3)
    expect(mockCall).toHaveBeenCalledWith('shop', 'confirm', { orderId: 'o1' })
    expect(text('result-paid')).toContain('支付成功')
    expect(text('result-paid')).toContain('¥99.00')
    expect(text('result-enter')).toBe('进入圈子')
  })

  it('shows the gift code of a gift pass to copy', async () => {
    serve({
      confirm: makeOrder({
        status: 'paid',
        product: { kind: 'pass_gift', id: 'c1', title: '人像摄影进阶 · 年卡（赠送）' },
        giftCode: 'GIFT-7K2M-9QX4',
      }),
    })
    await mount(() => <ResultView orderId="o1" delaysMs={[0]} />)
    await until(() => byTestId('gift-code').length > 0, 'gift code')
    expect(text('gift-code')).toBe('GIFT-7K2M-9QX4')
    const copy = jest.spyOn(Taro, 'setClipboardData').mockResolvedValue({ errMsg: 'ok' } as never)
    await tap(byTestId('copy-gift')[0])
    expect(copy).toHaveBeenCalledWith({ data: 'GIFT-7K2M-9QX4' })
  })

  it('says the payment is still being confirmed when the server never says paid', async () => {
    serve({ confirm: makeOrder({ status: 'pending' }) })
    await mount(() => <ResultView orderId="o1" delaysMs={[0, 1, 1]} />)
    await until(() => byTestId('result-pending').length > 0, 'pending')
    expect(mockCall).toHaveBeenCalledTimes(3)
    expect(text('result-recheck')).toContain('重新查询')
  })
})

describe('my orders', () => {
  const now = Date.parse('2025-03-02T00:00:00.000Z')

  it('labels every status in Chinese', async () => {
    serve({
      orders: {
        items: [
          makeOrder({ id: 'a', status: 'pending', expiresAt: new Date(now + 60_000).toISOString() }),
          paidOrder(now, { id: 'b' }),
          makeOrder({ id: 'c', status: 'refunded', refundedFen: 9900 }),
          makeOrder({ id: 'd', status: 'partially_refunded', refundedFen: 100 }),
          makeOrder({ id: 'e', status: 'closed' }),
        ],
        nextCursor: null,
      },
    })
    await mount(() => <OrdersView platform="android" now={now} />)
    await settle()
    expect(byTestId('order-status').map((e) => e.textContent)).toEqual([
      '待支付',
      '已支付',
      '已退款',
      '部分退款',
      '已关闭',
    ])
    expect(byTestId('order-pay')).toHaveLength(1)
    expect(byTestId('order-refund')).toHaveLength(1)
  })

  it("refunds after the buyer confirms the amount the server's view offers and what the refund takes back", async () => {
    const modal = jest
      .spyOn(Taro, 'showModal')
      .mockResolvedValue({ confirm: true, cancel: false, errMsg: 'ok' } as never)
    jest.spyOn(Taro, 'showToast').mockResolvedValue({ errMsg: 'ok' } as never)
    serve({
      orders: { items: [paidOrder(now)], nextCursor: null },
      refund: makeOrder({ status: 'refunded', refundedFen: 9900 }),
    })
    await mount(() => <OrdersView platform="android" now={now} />)
    await settle()
    await tap(byTestId('order-refund')[0])
    expect(modal).toHaveBeenCalledWith(
      expect.objectContaining({ content: expect.stringContaining('¥99.00 将原路退回') }),
    )
    expect(modal).toHaveBeenCalledWith(
      expect.objectContaining({ content: expect.stringContaining('会员时长立即收回') }),
    )
    expect(mockCall).toHaveBeenCalledWith('shop', 'refund', { orderId: 'o1', reason: '' })
    expect(text('order-status')).toBe('已退款')
    expect(byTestId('order-refund')).toHaveLength(0)
  })

  it.each([
    ['refund_window_passed', '已超过自助退款期限'],
    ['refund_limit_reached', '你在这个圈子的自助退款次数已用完'],
  ] as const)('shows the table’s message when the server refuses a refund (%s)', async (code, message) => {
    jest.spyOn(Taro, 'showModal').mockResolvedValue({ confirm: true, cancel: false, errMsg: 'ok' } as never)
    serve({ orders: { items: [paidOrder(now)], nextCursor: null }, refund: new ApiError(code) })
    await mount(() => <OrdersView platform="android" now={now} />)
    await settle()
    await tap(byTestId('order-refund')[0])
    expect(text('order-error')).toBe(message)
    expect(text('order-status')).toBe('已支付')
  })

  it('does nothing when the buyer thinks again', async () => {
    jest.spyOn(Taro, 'showModal').mockResolvedValue({ confirm: false, cancel: true, errMsg: 'ok' } as never)
    serve({ orders: { items: [paidOrder(now)], nextCursor: null } })
    await mount(() => <OrdersView platform="android" now={now} />)
    await settle()
    await tap(byTestId('order-refund')[0])
    expect(mockCall).not.toHaveBeenCalledWith('shop', 'refund', expect.anything())
  })

  it('shows the empty state when there are no orders', async () => {
    serve({ orders: { items: [], nextCursor: null } })
    await mount(() => <OrdersView platform="android" now={now} />)
    await settle()
    expect(text('state-empty')).toContain('还没有订单')
  })
})

describe('a course', () => {
  it('lets anyone read a free lesson and shows the rest locked with the buy button', async () => {
    serve({ course: makeCourse() })
    await mount(() => <CourseScreen courseId="k1" platform="android" />)
    await settle()
    expect(byTestId('lesson-locked')).toHaveLength(1)
    expect(text('buy-course')).toBe('购买课程')
    await tap(byTestId('lesson')[0])
    expect(text('lesson-body')).toContain('光比是主光与辅光之比')
    expect(byTestId('lesson-body')[0].querySelector('taro-image-core')?.getAttribute('src')).toBe(
      '/files/uploads/a.jpg',
    )
  })

  it('is fully readable once bought, with no buy button', async () => {
    serve({
      course: makeCourse({
        owned: true,
        lessons: makeCourse().lessons.map((l) => ({ ...l, locked: false, body: l.body || '三灯各司其职' })),
      }),
    })
    await mount(() => <CourseScreen courseId="k1" platform="android" />)
    await settle()
    expect(byTestId('lesson-locked')).toHaveLength(0)
    expect(byTestId('buy-course')).toHaveLength(0)
    await tap(byTestId('lesson')[1])
    expect(text('lesson-body')).toContain('三灯各司其职')
  })
})

describe('redeeming a gift code', () => {
  it('shows the circle and the new expiry', async () => {
    serve({ redeem: { circleId: 'c1', circleName: '人像摄影进阶', expiresAt: '2026-03-01T04:00:00.000Z' } })
    await mount(() => <RedeemView initialCode="gift-7k2m-9qx4" />)
    await tap(byTestId('redeem-submit')[0])
    expect(mockCall).toHaveBeenCalledWith('shop', 'redeem', { code: 'GIFT-7K2M-9QX4' })
    expect(text('redeem-done')).toContain('人像摄影进阶')
    expect(text('redeem-expires')).toBe('会员有效期至 2026年3月1日')
  })

  it('shows the table’s message for a code that does not work', async () => {
    serve({ redeem: new ApiError('gift_code_invalid') })
    await mount(() => <RedeemView initialCode="GIFT-0000-0000" />)
    await tap(byTestId('redeem-submit')[0])
    expect(text('redeem-error')).toBe('礼品码无效或已被领取')
  })
})

describe('the local cashier (H5 against the local cloud)', () => {
  function fakeSimulator(sheet: Record<string, unknown>) {
    const requests: string[] = []
    const fetchMock = jest.fn(async (url: string, init?: { method?: string }) => {
      requests.push(`${init?.method ?? 'GET'} ${url}`)
      const body = url.endsWith('/pay') ? { ...sheet, state: 'SUCCESS' } : sheet
      return { ok: true, status: 200, json: async () => body } as Response
    })
    ;(globalThis as { fetch?: unknown }).fetch = fetchMock
    return requests
  }

  beforeEach(() => {
    Taro.setStorageSync('quanzi.devOpenid', 'o_buyer')
  })
  afterEach(() => {
    Taro.removeStorageSync('quanzi.devOpenid')
    delete (globalThis as { fetch?: unknown }).fetch
  })

  it('shows the amount and pays, then goes to the result page to confirm', async () => {
    const requests = fakeSimulator({
      orderId: 'o1',
      amountFen: 9900,
      description: '人像摄影进阶 · 入圈',
      state: 'NOTPAY',
      expired: false,
    })
    const redirect = jest.spyOn(Taro, 'redirectTo').mockResolvedValue({ errMsg: 'ok' } as never)
    await mount(() => <CashierView orderId="o1" />)
    await settle()
    expect(text('cashier-amount')).toBe('¥99.00')
    expect(text('cashier')).toContain('人像摄影进阶 · 入圈')
    await tap(byTestId('cashier-pay')[0])
    expect(requests).toEqual(['GET /paysim/cashier/o1', 'POST /paysim/cashier/o1/pay'])
    expect(redirect).toHaveBeenCalledWith({ url: '/packagePay/pages/result/index?orderId=o1' })
  })

  it('offers no payment for an order that timed out', async () => {
    fakeSimulator({ orderId: 'o1', amountFen: 9900, description: '入圈', state: 'NOTPAY', expired: true })
    await mount(() => <CashierView orderId="o1" />)
    await settle()
    expect(byTestId('cashier-pay')).toHaveLength(0)
    expect(text('cashier')).toContain('订单已超时关闭')
  })
})
