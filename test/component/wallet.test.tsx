import { act } from 'react'
import Taro from '@tarojs/taro'
import type { Catalog, OrderView, SplitRulesView, StatementLine, WalletSummary, WithdrawalView } from '@core/contract'
import { ApiError, call } from '@/services/cloud'
import { confirmSimulatedTransfer } from '@/services/paysim'
import { resetAppStore } from '@/store'
import type { WalletAccount } from '@/packageMoney/store'
import { Earnings } from '@/packageMoney/pages/earnings/Earnings'
import { Withdraw } from '@/packageMoney/pages/withdraw/Withdraw'
import { Pricing } from '@/packageMoney/pages/pricing/Pricing'
import { CircleOrders } from '@/packageMoney/pages/orders/CircleOrders'
import { makeCirclePage } from './support/fixtures'
import { byTestId, mount } from './support/mount'

jest.mock('@/services/cloud', () => ({ ...jest.requireActual('@/services/cloud'), call: jest.fn() }))
jest.mock('@/services/paysim', () => ({ confirmSimulatedTransfer: jest.fn() }))
const mockCall = call as jest.MockedFunction<typeof call>
const mockConfirm = confirmSimulatedTransfer as jest.MockedFunction<typeof confirmSimulatedTransfer>

const owner: WalletAccount = { kind: 'owner', circleId: 'c1' }

function makeSummary(over: Partial<WalletSummary> = {}): WalletSummary {
  return {
    title: '圈子收入',
    pendingFen: 12_345,
    availableFen: 67_800,
    withdrawnTodayFen: 0,
    limits: { minFen: 100, dailyMaxFen: 2_000_000, realNameFromFen: 200_000 },
    openWithdrawal: null,
    ...over,
  }
}

function makeWithdrawal(over: Partial<WithdrawalView> = {}): WithdrawalView {
  return {
    id: 'w1',
    amountFen: 10_000,
    state: 'waiting_confirm',
    createdAt: '2025-03-02T02:00:00.000Z',
    confirm: { mchId: '1900000001', appId: 'wx-app', packageInfo: 'pkg-w1' },
    failReason: null,
    ...over,
  }
}

type Handler = (input: Record<string, unknown>) => unknown
/** The cloud as this test's world: one handler per function.action; anything else fails the test. */
function serve(handlers: Record<string, Handler>) {
  mockCall.mockImplementation((async (fn: string, action: string, input: Record<string, unknown>) => {
    const h = handlers[`${fn}.${action}`]
    if (!h) throw new Error(`unexpected call ${fn}.${action}`)
    return h(input)
  }) as never)
}

const calls = (fnAction: string) => mockCall.mock.calls.filter(([fn, action]) => `${fn}.${action}` === fnAction)

async function settle() {
  await act(async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve()
  })
}

async function tap(el: Element) {
  await act(async () => {
    ;(el as HTMLElement).click()
  })
  await settle()
}

async function type(testId: string, value: string, index = 0) {
  const input = byTestId(testId)[index].querySelector('input') as HTMLInputElement
  await act(async () => {
    input.value = value
    input.dispatchEvent(new Event('input', { bubbles: true }))
  })
}

async function waitFor(done: () => boolean) {
  for (let i = 0; i < 50 && !done(); i++) {
    await act(async () => {
      await new Promise((r) => setTimeout(r, 5))
    })
  }
}

const text = (testId: string) => byTestId(testId)[0]?.textContent ?? ''

beforeEach(() => {
  resetAppStore()
  mockCall.mockReset()
})

describe('the earnings page', () => {
  const lines: StatementLine[] = [
    {
      journalId: 'j1',
      kind: 'payment',
      memo: '入圈 · 小李',
      amountFen: 1990,
      bucket: 'pending',
      movedFen: 0,
      movements: [{ bucket: 'pending', amountFen: 1990 }],
      at: '2025-03-01T16:30:00.000Z',
      orderId: 'o1',
    },
    {
      journalId: 'j2',
      kind: 'withdrawal',
      memo: '提现到微信零钱',
      amountFen: -10_000,
      bucket: 'available',
      movedFen: 0,
      movements: [{ bucket: 'available', amountFen: -10_000 }],
      at: '2025-02-28T02:00:00.000Z',
      orderId: null,
    },
  ]
  const settlement: StatementLine = {
    journalId: 'j0',
    kind: 'settlement',
    memo: '退款期已过，收入转为可提现',
    amountFen: 0,
    bucket: 'available',
    movedFen: 19_184,
    movements: [
      { bucket: 'pending', amountFen: -19_184 },
      { bucket: 'available', amountFen: 19_184 },
    ],
    at: '2025-02-27T02:00:00.000Z',
    orderId: 'o0',
  }

  it('shows a settlement as one line, the amount that became withdrawable, and the bucket movements in its detail', async () => {
    serve({
      'wallet.summary': () => makeSummary(),
      'wallet.statement': () => ({ items: [settlement], nextCursor: null }),
    })
    await mount(() => <Earnings account={owner} tab="statement" onTab={() => undefined} onWithdraw={() => undefined} />)
    await settle()
    const rows = byTestId('statement-line')
    expect(rows).toHaveLength(1)
    expect(text('statement-amount')).toBe('191.84')
    expect(rows[0].textContent).toContain('转入可提现')
    expect(byTestId('statement-detail')).toHaveLength(0)
    await tap(rows[0])
    expect(text('statement-detail')).toContain('待结算 -191.84')
    expect(text('statement-detail')).toContain('可提现 +191.84')
  })

  it('shows pending apart from available, and why income waits', async () => {
    serve({ 'wallet.summary': () => makeSummary(), 'wallet.statement': () => ({ items: lines, nextCursor: null }) })
    await mount(() => <Earnings account={owner} tab="statement" onTab={() => undefined} onWithdraw={() => undefined} />)
    await settle()
    expect(mockCall).toHaveBeenCalledWith('wallet', 'summary', { account: owner })
    expect(text('available')).toBe('678.00')
    expect(text('pending')).toBe('123.45')
    expect(text('pending-note')).toContain('72 小时内可以退款')
    expect(text('withdraw-limits')).toContain('每天最多 20,000 元')
  })

  it('says where a circle’s income is: the owner’s 收款账户 and its bank card, or the operator’s own account with nothing to withdraw', async () => {
    serve({
      'wallet.summary': () =>
        makeSummary({ payout: { kind: 'bank', bankAccount: '**** **** **** 5678', bankName: '招商银行' } }),
      'wallet.statement': () => ({ items: lines, nextCursor: null }),
    })
    const onMerchant = jest.fn()
    await mount(() => (
      <Earnings
        account={owner}
        tab="statement"
        onTab={() => undefined}
        onWithdraw={() => undefined}
        onMerchant={onMerchant}
      />
    ))
    await settle()
    expect(text('payout-note')).toContain('招商银行 **** **** **** 5678（提现 T+1 到账）')
    expect(byTestId('go-withdraw')).toHaveLength(1)
  })

  it('offers no withdrawal of the operator’s own income (直连)', async () => {
    serve({
      'wallet.summary': () => makeSummary({ payout: { kind: 'operator' } }),
      'wallet.statement': () => ({ items: lines, nextCursor: null }),
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
    expect(text('payout-note')).toContain('无需提现')
    expect(byTestId('go-withdraw')).toHaveLength(0)
  })

  it('tells a person in 平台收付通 their shares reach 零钱 by 分账, with nothing to withdraw', async () => {
    const self: WalletAccount = { kind: 'self' }
    serve({
      'wallet.summary': () => makeSummary({ availableFen: 0, payout: { kind: 'sharing' } }),
      'wallet.statement': () => ({ items: lines, nextCursor: null }),
    })
    await mount(() => <Earnings account={self} tab="statement" onTab={() => undefined} onWithdraw={() => undefined} />)
    await settle()
    expect(text('payout-note')).toContain('分账直接转入你的微信零钱，无需提现')
    expect(byTestId('go-withdraw')).toHaveLength(0)
    expect(byTestId('withdraw-limits')).toHaveLength(0)
  })

  it('lists every statement line with its sign, cause, bucket and Shanghai time', async () => {
    serve({ 'wallet.summary': () => makeSummary(), 'wallet.statement': () => ({ items: lines, nextCursor: null }) })
    await mount(() => <Earnings account={owner} tab="statement" onTab={() => undefined} onWithdraw={() => undefined} />)
    await settle()
    const rows = byTestId('statement-line')
    expect(rows).toHaveLength(2)
    const amounts = byTestId('statement-amount')
    expect(amounts.map((a) => a.textContent)).toEqual(['+19.90', '-100.00'])
    expect(amounts[0].className).toContain('money-in')
    expect(amounts[1].className).toContain('money-out')
    expect(rows[0].textContent).toContain('入圈 · 小李')
    expect(rows[0].textContent).toContain('待结算')
    // 16:30 UTC on 1 March is 00:30 on 2 March in Shanghai.
    expect(rows[0].textContent).toContain('2025-03-02 00:30')
    expect(rows[1].textContent).toContain('可提现')
  })

  it('shows a withdrawal waiting for the owner with the action it needs', async () => {
    serve({
      'wallet.summary': () => makeSummary({ openWithdrawal: makeWithdrawal() }),
      'wallet.statement': () => ({ items: [], nextCursor: null }),
    })
    const onWithdraw = jest.fn()
    await mount(() => <Earnings account={owner} tab="statement" onTab={() => undefined} onWithdraw={onWithdraw} />)
    await settle()
    expect(text('open-withdrawal')).toContain('提现 100.00 元 · 待确认收款')
    expect(text('open-withdrawal')).toContain('去确认收款')
    expect(byTestId('state-empty')[0].textContent).toContain('还没有收支明细')
    await tap(byTestId('open-withdrawal')[0])
    expect(onWithdraw).toHaveBeenCalled()
  })

  it('offers a retry when the balance cannot be loaded', async () => {
    let fail = true
    serve({
      'wallet.summary': () => {
        if (fail) throw new ApiError('network')
        return makeSummary()
      },
      'wallet.statement': () => ({ items: [], nextCursor: null }),
    })
    await mount(() => <Earnings account={owner} tab="statement" onTab={() => undefined} onWithdraw={() => undefined} />)
    await settle()
    expect(text('state-error')).toContain('网络不太好')
    fail = false
    await tap(byTestId('state-error')[0].querySelector('.state__action')!)
    expect(text('available')).toBe('678.00')
  })
})

describe('withdrawing', () => {
  async function mountWithdraw(handlers: Record<string, Handler>) {
    serve({
      'wallet.summary': () => makeSummary(),
      'wallet.statement': () => ({ items: [], nextCursor: null }),
      ...handlers,
    })
    const onDone = jest.fn()
    // No waiting between asks in tests (the backoff itself is covered in the store tests).
    const t = await mount(() => <Withdraw account={owner} onDone={onDone} pollDelaysMs={[0, 0, 0, 0, 0]} />)
    await settle()
    return { t, onDone }
  }

  it('refuses 0.5 元 at once, in the words of the error table, without asking the server', async () => {
    await mountWithdraw({})
    expect(text('withdraw-rules')).toContain('单笔至少 1 元')
    await type('withdraw-amount', '0.5')
    await tap(byTestId('withdraw-submit')[0])
    expect(text('withdraw-error')).toBe('单次提现至少 1 元')
    expect(calls('wallet.withdraw')).toHaveLength(0)
  })

  it("shows the server's insufficient_balance message from the table", async () => {
    await mountWithdraw({
      'wallet.withdraw': () => {
        throw new ApiError('insufficient_balance')
      },
    })
    await type('withdraw-amount', '100')
    await tap(byTestId('withdraw-submit')[0])
    expect(calls('wallet.withdraw')[0][2]).toEqual({ account: owner, amountFen: 10_000 })
    expect(text('withdraw-error')).toBe('可提现余额不足')
  })

  it('fills in all that can be withdrawn today', async () => {
    serve({ 'wallet.summary': () => makeSummary({ availableFen: 1_999_990, withdrawnTodayFen: 1_500_000 }) })
    await mount(() => <Withdraw account={owner} onDone={() => undefined} />)
    await settle()
    await tap(byTestId('withdraw-all')[0])
    const input = byTestId('withdraw-amount')[0].querySelector('input') as HTMLInputElement
    expect(input.value).toBe('5000.00')
  })

  it('after the user confirms receipt, asks again until the transfer succeeded', async () => {
    const states: WithdrawalView['state'][] = ['transferring', 'transferring', 'succeeded']
    const { onDone } = await mountWithdraw({
      'wallet.withdraw': () => makeWithdrawal(),
      'wallet.refreshWithdrawal': () => makeWithdrawal({ state: states.shift() ?? 'succeeded', confirm: null }),
    })
    await type('withdraw-amount', '100')
    await tap(byTestId('withdraw-submit')[0])
    expect(text('withdraw-state')).toBe('待确认收款')

    // H5: the local pay simulator stands in for WeChat's confirm-receipt page.
    await tap(byTestId('confirm-receipt')[0])
    expect(byTestId('paysim-sheet')).toHaveLength(1)
    await tap(byTestId('paysim-confirm')[0])
    expect(mockConfirm).toHaveBeenCalledWith('w1')
    await waitFor(() => byTestId('withdraw-result').length > 0)
    await settle()
    expect(calls('wallet.refreshWithdrawal')).toHaveLength(3)
    expect(calls('wallet.refreshWithdrawal')[0][2]).toEqual({ withdrawalId: 'w1' })
    expect(text('withdraw-result')).toContain('提现成功')
    expect(text('withdraw-result')).toContain('¥100.00')
    // Balances are read again once the money moved.
    expect(calls('wallet.summary').length).toBeGreaterThanOrEqual(3)
    await tap(byTestId('withdraw-result')[0].parentElement!.querySelector('.btn--primary')!)
    expect(onDone).toHaveBeenCalled()
  })

  it('says the money is back in 可提现 when the transfer expired', async () => {
    serve({
      'wallet.summary': () => makeSummary({ openWithdrawal: makeWithdrawal({ state: 'transferring', confirm: null }) }),
      'wallet.refreshWithdrawal': () => makeWithdrawal({ state: 'expired', confirm: null }),
    })
    await mount(() => <Withdraw account={owner} onDone={() => undefined} />)
    await settle()
    expect(text('withdraw-state')).toBe('转账中')
    await tap(byTestId('refresh-withdrawal')[0])
    expect(text('withdraw-result')).toContain('提现已过期')
    expect(text('withdraw-result')).toContain('金额已退回可提现余额')
  })
})

describe('pricing and shares', () => {
  const emptyCatalog: Catalog = {
    circleId: 'c1',
    circleName: '产品经理成长圈',
    entry: null,
    pass: null,
    courses: [],
    channel: 'local',
    sale: {
      entry: { purchasable: true, showPrice: true },
      pass: { purchasable: true, showPrice: true },
      course: { purchasable: true, showPrice: true },
    },
    member: null,
    standing: null,
    trial: null,
    coupons: [],
  }
  const rules: SplitRulesView = { circleId: 'c1', platformFeeBps: 300, referrerBps: 1000, partners: [], capBps: 3000 }

  async function mountPricing(handlers: Record<string, Handler> = {}) {
    serve({ 'shop.catalog': () => emptyCatalog, 'wallet.splitRules': () => rules, ...handlers })
    const circle = makeCirclePage({ entryMode: 'paid' }).circle
    const t = await mount(() => <Pricing circle={circle} />)
    await settle()
    return t
  }

  it.each([
    ['19.9', 1990],
    ['4.35', 435], // 4.35 * 100 is 434.99999999999994 in floating point
    ['0.3', 30], // what 0.1 + 0.2 should have been
    ['1.1', 110],
  ])('turns %s 元 into exactly %i fen', async (typed, fen) => {
    await mountPricing({ 'shop.setPricing': () => emptyCatalog })
    jest.spyOn(Taro, 'showToast').mockImplementation((() => Promise.resolve()) as never)
    await type('entry-price', typed)
    await tap(byTestId('save-pricing')[0])
    const sent = calls('shop.setPricing')[0][2] as { entry: { priceFen: number; term: unknown }; pass: unknown }
    expect(sent.entry.priceFen).toBe(fen)
    expect(Number.isInteger(sent.entry.priceFen)).toBe(true)
    expect(sent.entry.term).toEqual({ kind: 'rolling', days: 365 })
    expect(sent.pass).toBeNull()
  })

  it('refuses a price with more than two decimals before sending it', async () => {
    await mountPricing({ 'shop.setPricing': () => emptyCatalog })
    await type('entry-price', '1.005')
    await tap(byTestId('save-pricing')[0])
    expect(text('pricing-error')).toContain('最多两位小数')
    expect(calls('shop.setPricing')).toHaveLength(0)
  })

  it('shows the platform fee and the cap, and the server’s split_cap_exceeded from the table', async () => {
    await mountPricing({
      'wallet.setSplitRules': () => {
        throw new ApiError('split_cap_exceeded')
      },
    })
    expect(text('platform-fee')).toBe('3%')
    expect(text('split-sum')).toContain('合计 10%，上限 30%')
    await type('referrer-percent', '12.5')
    await tap(byTestId('save-split')[0])
    expect(calls('wallet.setSplitRules')[0][2]).toEqual({ circleId: 'c1', referrerBps: 1250, partners: [] })
    expect(text('split-error')).toBe('分给合伙人和推荐人的比例合计超过了分账上限')
  })

  it('flags shares over the cap at once', async () => {
    await mountPricing()
    await type('referrer-percent', '35')
    expect(byTestId('split-sum')[0].className).toContain('money-sum--over')
    await tap(byTestId('save-split')[0])
    expect(text('split-error')).toBe('分给合伙人和推荐人的比例合计超过了分账上限')
    expect(calls('wallet.setSplitRules')).toHaveLength(0)
  })
})

describe("the circle's orders", () => {
  const order: OrderView = {
    id: 'o1',
    circleId: 'c1',
    circleName: '产品经理成长圈',
    product: { kind: 'entry', id: 'c1', title: '加入 产品经理成长圈' },
    amountFen: 9900,
    status: 'paid',
    channel: 'local',
    createdAt: '2025-03-01T00:00:00.000Z',
    expiresAt: '2025-03-01T00:30:00.000Z',
    paidAt: '2025-03-01T00:01:00.000Z',
    canRefund: false,
    refundableUntil: null,
    refundableFen: 0,
    refundNote: null,
    refunding: false,
    ownerRefundableFen: 9900,
    refundedFen: 0,
    giftCode: null,
    giftRedeemed: false,
    buyer: { openid: 'o_b', nickname: '小白', avatarUrl: '' },
    sale: { purchasable: true, showPrice: true },
  }

  it("offers no refund button where the server's view offers none (a deposit)", async () => {
    const deposit: OrderView = {
      ...order,
      product: { kind: 'deposit', id: 'ch1', title: '三天跑步挑战 · 押金' },
      ownerRefundableFen: 0,
    }
    serve({ 'shop.circleOrders': () => ({ items: [deposit], nextCursor: null }) })
    await mount(() => <CircleOrders circleId="c1" />)
    await settle()
    expect(text('order-status')).toBe('已支付')
    expect(byTestId('refund')).toHaveLength(0)
  })

  it('refunds after a confirm, and shows refund_not_covered from the table', async () => {
    serve({
      'shop.circleOrders': () => ({ items: [order], nextCursor: null }),
      'shop.ownerRefund': () => {
        throw new ApiError('refund_not_covered')
      },
    })
    const modal = jest
      .spyOn(Taro, 'showModal')
      .mockResolvedValue({ confirm: true, cancel: false, errMsg: 'showModal:ok' } as never)
    await mount(() => <CircleOrders circleId="c1" />)
    await settle()
    expect(text('order-row')).toContain('¥99.00')
    expect(text('order-status')).toBe('已支付')
    await tap(byTestId('refund')[0])
    expect(modal).toHaveBeenCalled()
    expect(calls('shop.ownerRefund')[0][2]).toEqual({ orderId: 'o1', reason: '' })
    expect(text('refund-error')).toBe('圈主账户余额不足以退款，请联系圈主')
  })

  it('shows the empty state for a circle without orders', async () => {
    serve({ 'shop.circleOrders': () => ({ items: [], nextCursor: null }) })
    await mount(() => <CircleOrders circleId="c1" />)
    await settle()
    expect(text('state-empty')).toContain('还没有订单')
  })
})
