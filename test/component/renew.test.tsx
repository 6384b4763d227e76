import { act } from 'react'
import Taro from '@tarojs/taro'
import { ApiError, call } from '@/services/cloud'
import { resetAppStore } from '@/store'
import { RenewView } from '@/packagePay/pages/renew/RenewView'
import { makeCatalog, makeOrder } from './shop-fixtures'
import { byTestId, mount } from './support/mount'

jest.mock('@/services/cloud', () => ({ ...jest.requireActual('@/services/cloud'), call: jest.fn() }))
const mockCall = call as jest.MockedFunction<typeof call>

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
async function tap(el: HTMLElement | undefined) {
  if (!el) throw new Error('nothing to tap')
  await act(async () => {
    el.click()
  })
  await settle()
}
const text = (id: string) => byTestId(id)[0]?.textContent ?? ''

/** A member one day past expiry (2026-03-01 12:00 Shanghai), in the grace tier at 8 折. */
function lapsedCatalog() {
  const base = makeCatalog()
  return makeCatalog({
    entry: {
      ...base.entry!,
      priceFen: 7920,
      baseFen: 9900,
      kind: 'renewal',
      tier: { key: 'within30', label: '宽限期续费价', rule: '过期 30 天内续费', bps: 8000, text: '8 折' },
      termEndsAt: '2027-03-02T04:00:00.000Z',
    },
    standing: {
      state: 'grace',
      expiresAt: '2026-03-01T04:00:00.000Z',
      graceEndsAt: '2026-03-04T04:00:00.000Z',
      trial: false,
    },
    coupons: [
      {
        id: 'c1:LAOYOU85',
        code: 'LAOYOU85',
        title: '老朋友续费',
        kind: 'percent',
        amountFen: 0,
        offBps: 1500,
        text: '8.5 折',
        scopes: ['renewal'],
        validUntil: '2026-04-01T00:00:00.000Z',
      },
      {
        id: 'c1:XINREN20',
        code: 'XINREN20',
        title: '新人立减',
        kind: 'fixed',
        amountFen: 2000,
        offBps: 0,
        text: '立减 20 元',
        scopes: ['entry'],
        validUntil: '2026-04-01T00:00:00.000Z',
      },
    ],
  })
}

beforeEach(() => {
  resetAppStore()
  mockCall.mockReset()
})
afterEach(() => jest.restoreAllMocks())

describe('the renewal page', () => {
  it('says when it expired, the grace until, the tier price and the new expiry in Shanghai dates', async () => {
    serve({ catalog: lapsedCatalog() })
    await mount(() => <RenewView circleId="c1" platform="android" />)
    await settle()
    expect(text('renew-standing')).toBe('你的会员已于 2026年3月1日 12:00 到期，宽限期内可只读浏览至 2026年3月4日 12:00')
    expect(text('renew-tier')).toBe('宽限期续费价 8 折')
    expect(text('renew-price')).toBe('¥79.20')
    expect(text('renew-ends')).toBe('有效期至 2027年3月2日')
    expect(text('renew-total')).toBe('¥79.20')
    // only renewal coupons are offered here
    expect(byTestId('coupon-offer').map((e) => e.textContent)).toEqual([expect.stringContaining('老朋友续费')])
  })

  it('prices a picked coupon on the server and orders with it', async () => {
    const nav = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'ok' } as never)
    serve({
      catalog: lapsedCatalog(),
      quote: {
        baseFen: 9900,
        amountFen: 6732,
        discounts: [
          { kind: 'renewal', label: '宽限期续费价 8 折', fen: 1980 },
          { kind: 'coupon', label: '老朋友续费', fen: 1188 },
        ],
        coupon: lapsedCatalog().coupons[0],
      },
      order: {
        order: makeOrder({ id: 'o7', amountFen: 6732 }),
        pay: { channel: 'local', cashierPath: '/packagePay/pages/cashier/index?orderId=o7', orderId: 'o7' },
      },
    })
    await mount(() => <RenewView circleId="c1" platform="h5" />)
    await settle()
    await tap(byTestId('coupon-offer')[0])
    expect(mockCall).toHaveBeenCalledWith('shop', 'quote', {
      circleId: 'c1',
      product: { kind: 'entry' },
      couponCode: 'LAOYOU85',
    })
    expect(text('renew-total')).toBe('¥67.32')
    expect(text('coupon-applied')).toContain('优惠 ¥11.88')
    await tap(byTestId('renew-pay')[0])
    await settle()
    expect(mockCall).toHaveBeenCalledWith('shop', 'order', {
      circleId: 'c1',
      product: { kind: 'entry' },
      platform: 'h5',
      couponCode: 'LAOYOU85',
    })
    expect(nav).toHaveBeenCalledWith({ url: '/packagePay/pages/cashier/index?orderId=o7' })
  })

  it('shows the server’s refusal of a typed code, and keeps the tier price', async () => {
    serve({ catalog: lapsedCatalog(), quote: new ApiError('coupon_used_up') })
    await mount(() => <RenewView circleId="c1" platform="android" />)
    await settle()
    const input = byTestId('coupon-code')[0].querySelector('input') ?? byTestId('coupon-code')[0]
    await act(async () => {
      ;(input as HTMLInputElement).value = 'gone1'
      input.dispatchEvent(new Event('input', { bubbles: true }))
    })
    await tap(byTestId('coupon-apply')[0])
    expect(text('coupon-error')).toBe('优惠券已被领完')
    expect(text('renew-total')).toBe('¥79.20')
  })

  it('sends someone who never bought (or only tried) to the buy page', async () => {
    serve({
      catalog: makeCatalog({
        standing: { state: 'active', expiresAt: '2026-03-01T04:00:00.000Z', graceEndsAt: null, trial: true },
      }),
    })
    await mount(() => <RenewView circleId="c1" platform="android" />)
    await settle()
    expect(byTestId('renew-to-buy')).toHaveLength(1)
    expect(byTestId('renew-pay')).toHaveLength(0)
  })
})
