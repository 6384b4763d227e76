/**
 * The owner's money screens rendered on an iPhone without iOS virtual payment (docs/payments.md
 * "Owner money screens on iOS"). They are the seller's own books — income, wallet, withdrawal, the
 * circle's orders, the 收款账户 — and sell nothing to the person looking: they show every amount
 * on every device, and carry no price list to buy from, no buy or pay button, and no path to
 * buying anything elsewhere.
 */
import { act } from 'react'
import type { OrderView, StatementLine, WalletSummary } from '@core/contract'
import { call } from '@/services/cloud'
import { resetAppStore, useAppStore } from '@/store'
import type { WalletAccount } from '@/packageMoney/store'
import { Earnings } from '@/packageMoney/pages/earnings/Earnings'
import { Withdraw } from '@/packageMoney/pages/withdraw/Withdraw'
import { CircleOrders } from '@/packageMoney/pages/orders/CircleOrders'
import { NOT_SOLD, paidOrder } from './shop-fixtures'
import { byTestId, mount } from './support/mount'

jest.mock('@/services/cloud', () => ({ ...jest.requireActual('@/services/cloud'), call: jest.fn() }))
const mockCall = call as jest.MockedFunction<typeof call>

const owner: WalletAccount = { kind: 'owner', circleId: 'c1' }
const NOW = Date.parse('2026-12-07T08:00:00.000Z')

/** Words that would invite the viewer to buy, or point to paying elsewhere. */
const PURCHASE_PATH = [
  '购买',
  '去支付',
  '付费加入',
  '续费',
  '已购',
  '订阅',
  '安卓',
  'Android',
  '电脑',
  '礼品码',
  '指引',
  '二维码',
]

function expectNoPurchasePath() {
  const text = document.body.textContent ?? ''
  for (const word of PURCHASE_PATH) expect({ word, found: text.includes(word) }).toEqual({ word, found: false })
  for (const id of [
    'buy-entry',
    'buy-pass',
    'buy-gift',
    'buy-course',
    'renew-pay',
    'qa-peek',
    'order-pay',
    'ios-notice',
  ])
    expect(byTestId(id)).toHaveLength(0)
  // And nothing of the "not on this device" line: these screens are not closed on iOS.
  expect(text).not.toContain('iOS 暂不支持')
}

const summary: WalletSummary = {
  title: '圈子收入',
  pendingFen: 12_345,
  availableFen: 67_800,
  withdrawnTodayFen: 0,
  limits: { minFen: 100, dailyMaxFen: 2_000_000, realNameFromFen: 200_000 },
  openWithdrawal: null,
  payout: { kind: 'bank', bankAccount: '**** **** **** 8888', bankName: '招商银行' },
}

const line: StatementLine = {
  journalId: 'j1',
  kind: 'payment',
  memo: '入圈 · 小李',
  amountFen: 19_780,
  bucket: 'pending',
  movedFen: 0,
  movements: [{ bucket: 'pending', amountFen: 19_780 }],
  at: '2026-12-06T16:30:00.000Z',
  orderId: 'o1',
}

function serve(handlers: Record<string, () => unknown>) {
  mockCall.mockImplementation((async (fn: string, action: string) => {
    const h = handlers[`${fn}.${action}`]
    if (!h) throw new Error(`unexpected call ${fn}.${action}`)
    return h()
  }) as never)
}

async function settle() {
  await act(async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve()
  })
}

const text = (testId: string) => byTestId(testId)[0]?.textContent ?? ''

beforeEach(() => {
  resetAppStore()
  mockCall.mockReset()
  // Signed in on an iPhone without iOS virtual payment: the server says virtual goods are not sold here.
  useAppStore.setState({
    me: {
      openid: 'o_owner',
      nickname: '圈主',
      avatarUrl: '',
      createdAt: '2026-01-01T00:00:00.000Z',
      virtualGoods: NOT_SOLD,
    },
  } as never)
})

describe("the owner's money screens on an iPhone", () => {
  it('income: the withdrawable and pending amounts, the statement with its amounts, the bank card and 提现', async () => {
    serve({
      'wallet.summary': () => summary,
      'wallet.statement': () => ({ items: [line], nextCursor: null }),
    })
    await mount(() => (
      <Earnings
        account={owner}
        tab="statement"
        onTab={() => undefined}
        onWithdraw={() => undefined}
        onMerchant={() => undefined}
      />
    ))
    await settle()
    expect(text('available')).toBe('678.00')
    expect(text('pending')).toBe('123.45')
    expect(text('statement-amount')).toContain('197.80')
    expect(text('payout-note')).toContain('招商银行 **** **** **** 8888')
    expect(byTestId('go-withdraw')).toHaveLength(1)
    expectNoPurchasePath()
  })

  it('withdrawal: the balance to take out and the button, as on any device', async () => {
    serve({
      'wallet.summary': () => summary,
      'wallet.statement': () => ({ items: [], nextCursor: null }),
    })
    await mount(() => <Withdraw account={owner} onDone={() => undefined} />)
    await settle()
    expect(document.body.textContent).toContain('678.00')
    expect(byTestId('withdraw-amount')).toHaveLength(1)
    expect(byTestId('withdraw-submit')).toHaveLength(1)
    expectNoPurchasePath()
  })

  it("the circle's orders: every sale with its amount and state, and the owner's refund — whatever `sale` says", async () => {
    // Even a view that says "not priced on this device" is a seller's record here: the screen never
    // hides its own books (the server now answers these records as shown; older answers said otherwise).
    const order: OrderView = paidOrder(NOW, {
      sale: NOT_SOLD,
      ownerRefundableFen: 9900,
      buyer: { openid: 'o_b', nickname: '小李', avatarUrl: '' },
    })
    serve({ 'shop.circleOrders': () => ({ items: [order], nextCursor: null }) })
    await mount(() => <CircleOrders circleId="c1" />)
    await settle()
    expect(byTestId('order-row')).toHaveLength(1)
    expect(byTestId('order-row')[0].textContent).toContain('¥99.00')
    expect(byTestId('order-row')[0].textContent).toContain('小李')
    expect(byTestId('refund')).toHaveLength(1)
    expectNoPurchasePath()
  })
})
