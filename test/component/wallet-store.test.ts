import type { WalletSummary, WithdrawalView } from '@core/contract'
import { ApiError, call } from '@/services/cloud'
import { resetAppStore } from '@/store'
import {
  checkWithdrawAmount,
  selectWalletSummary,
  selectWithdrawals,
  splitReceiversBps,
  useWalletStore,
  withdrawableNowFen,
  type WalletAccount,
} from '@/packageMoney/store'
import { formatBps, formatFen, formatMoneyTime, parsePercentToBps, parseYuanToFen } from '@/packageMoney/money'

jest.mock('@/services/cloud', () => ({ ...jest.requireActual('@/services/cloud'), call: jest.fn() }))
const mockCall = call as jest.MockedFunction<typeof call>
const state = () => useWalletStore.getState()
const owner: WalletAccount = { kind: 'owner', circleId: 'c1' }

const summary = (over: Partial<WalletSummary> = {}): WalletSummary => ({
  title: '圈子收入',
  pendingFen: 0,
  availableFen: 50_000,
  withdrawnTodayFen: 0,
  limits: { minFen: 100, dailyMaxFen: 2_000_000, realNameFromFen: 200_000 },
  openWithdrawal: null,
  ...over,
})
const withdrawal = (over: Partial<WithdrawalView> = {}): WithdrawalView => ({
  id: 'w1',
  amountFen: 10_000,
  state: 'waiting_confirm',
  createdAt: '2025-03-02T02:00:00.000Z',
  confirm: null,
  failReason: null,
  ...over,
})

beforeEach(() => {
  resetAppStore()
  mockCall.mockReset()
})

describe('money as text', () => {
  it('parses yuan into integer fen by digits, never through floating point', () => {
    expect(parseYuanToFen('19.9')).toBe(1990)
    expect(parseYuanToFen('4.35')).toBe(435)
    expect(parseYuanToFen('0.07')).toBe(7)
    expect(parseYuanToFen('0.3')).toBe(30)
    expect(parseYuanToFen('.5')).toBe(50)
    expect(parseYuanToFen('20000')).toBe(2_000_000)
    expect(parseYuanToFen(' 1. ')).toBe(100)
    for (const bad of ['', '1.005', '-1', '1e3', 'abc', '0.1+0.2', '1,000']) expect(parseYuanToFen(bad)).toBeNull()
  })

  it('shows fen as yuan with two decimals, grouped, signed when asked', () => {
    expect(formatFen(1990)).toBe('19.90')
    expect(formatFen(5)).toBe('0.05')
    expect(formatFen(2_000_000)).toBe('20,000.00')
    expect(formatFen(1990, { signed: true })).toBe('+19.90')
    expect(formatFen(-10_000, { signed: true })).toBe('-100.00')
    expect(formatFen(0, { signed: true })).toBe('0.00')
  })

  it('reads percentages as basis points', () => {
    expect(parsePercentToBps('12.5')).toBe(1250)
    expect(parsePercentToBps('3')).toBe(300)
    expect(parsePercentToBps('0.05')).toBe(5)
    expect(parsePercentToBps('100.01')).toBeNull()
    expect(formatBps(1250)).toBe('12.5')
    expect(formatBps(305)).toBe('3.05')
    expect(formatBps(300)).toBe('3')
  })

  it('shows money times in Shanghai', () => {
    expect(formatMoneyTime('2025-03-01T16:30:00Z')).toBe('2025-03-02 00:30')
  })
})

describe('withdrawal rules for instant feedback', () => {
  it('name the first rule an amount breaks with a code of the error table', () => {
    expect(checkWithdrawAmount(summary(), 50)).toBe('withdraw_below_minimum')
    expect(checkWithdrawAmount(summary(), 60_000)).toBe('insufficient_balance')
    expect(checkWithdrawAmount(summary({ availableFen: 3_000_000, withdrawnTodayFen: 1_990_000 }), 20_000)).toBe(
      'withdraw_daily_limit',
    )
    expect(checkWithdrawAmount(summary({ openWithdrawal: withdrawal() }), 1000)).toBe('withdrawal_in_progress')
    expect(checkWithdrawAmount(summary(), 10_000)).toBeNull()
  })

  it('offer at most what is left of today', () => {
    expect(withdrawableNowFen(summary({ availableFen: 3_000_000, withdrawnTodayFen: 1_500_000 }))).toBe(500_000)
    expect(withdrawableNowFen(summary())).toBe(50_000)
  })

  it('count referral and partners against the cap', () => {
    expect(splitReceiversBps({ referrerBps: 1000, partners: [{ bps: 1500 }, { bps: 600 }] })).toBe(3100)
  })
})

describe('withdraw and refreshWithdrawal', () => {
  it('records the request as the open withdrawal and reads the balance again', async () => {
    const balances = [summary(), summary({ availableFen: 40_000, openWithdrawal: withdrawal() })]
    mockCall.mockImplementation((async (_fn: string, action: string) => {
      if (action === 'summary') return balances.shift()
      if (action === 'withdraw') return withdrawal()
      throw new Error(action)
    }) as never)
    await state().loadWalletSummary(owner)
    const w = await state().withdraw(owner, 10_000)
    expect(mockCall).toHaveBeenCalledWith('wallet', 'withdraw', { account: owner, amountFen: 10_000 })
    expect(w.state).toBe('waiting_confirm')
    expect(selectWalletSummary(owner)(state()).data?.openWithdrawal?.id).toBe('w1')
    await new Promise((r) => setTimeout(r, 0))
    expect(selectWalletSummary(owner)(state()).data?.availableFen).toBe(40_000)
  })

  it('asks again with backoff until the transfer is final, through a lost answer', async () => {
    const answers: Array<WithdrawalView | ApiError> = [
      withdrawal({ state: 'transferring' }),
      new ApiError('network'),
      withdrawal({ state: 'transferring' }),
      withdrawal({ state: 'failed', failReason: '收款账户异常' }),
    ]
    mockCall.mockImplementation((async (_fn: string, action: string) => {
      if (action === 'refreshWithdrawal') {
        const a = answers.shift()
        if (a instanceof ApiError) throw a
        return a
      }
      if (action === 'summary') return summary({ availableFen: 50_000 })
      if (action === 'withdrawals') return { items: [], nextCursor: null }
      throw new Error(action)
    }) as never)
    useWalletStore.setState({
      withdrawalLists: { 'owner:c1': { items: [withdrawal()], nextCursor: null, status: 'ready', error: null } },
    })
    const started = Date.now()
    const last = await state().refreshWithdrawal(owner, 'w1', { delaysMs: [5, 10, 20, 40] })
    expect(Date.now() - started).toBeGreaterThanOrEqual(30)
    expect(last).toMatchObject({ state: 'failed', failReason: '收款账户异常' })
    expect(mockCall.mock.calls.filter(([, a]) => a === 'refreshWithdrawal')).toHaveLength(4)
    // Failed: the money went back, so the balance is read again.
    expect(mockCall).toHaveBeenCalledWith('wallet', 'summary', { account: owner })
  })

  it('gives up after the last delay with the transfer still on its way', async () => {
    mockCall.mockResolvedValue(withdrawal({ state: 'transferring' }) as never)
    const last = await state().refreshWithdrawal(owner, 'w1', { delaysMs: [0, 0] })
    expect(last.state).toBe('transferring')
    expect(mockCall).toHaveBeenCalledTimes(3)
  })

  it('stops when asked (the page was left)', async () => {
    mockCall.mockResolvedValue(withdrawal({ state: 'transferring' }) as never)
    const following = state().refreshWithdrawal(owner, 'w1', { delaysMs: [20, 20, 20] })
    await new Promise((r) => setTimeout(r, 5))
    state().stopFollowingWithdrawal('w1')
    await following
    expect(mockCall).toHaveBeenCalledTimes(1)
  })

  it('passes a final refusal on at once', async () => {
    mockCall.mockRejectedValue(new ApiError('withdrawal_not_found'))
    await expect(state().refreshWithdrawal(owner, 'w9', { delaysMs: [0, 0] })).rejects.toMatchObject({
      code: 'withdrawal_not_found',
    })
    expect(mockCall).toHaveBeenCalledTimes(1)
  })

  it('updates the record list in place', async () => {
    useWalletStore.setState({
      withdrawalLists: { 'owner:c1': { items: [withdrawal()], nextCursor: null, status: 'ready', error: null } },
    })
    mockCall.mockImplementation((async (_fn: string, action: string) => {
      if (action === 'refreshWithdrawal') return withdrawal({ state: 'succeeded' })
      if (action === 'summary') return summary()
      return { items: [withdrawal({ state: 'succeeded' })], nextCursor: null }
    }) as never)
    await state().refreshWithdrawal(owner, 'w1', { delaysMs: [] })
    expect(selectWithdrawals(owner)(state()).items.map((w) => w.state)).toEqual(['succeeded'])
  })
})

describe('pricing, shares, orders and courses', () => {
  it('keeps the catalog the server answered after saving prices', async () => {
    const catalog = {
      circleId: 'c1',
      circleName: 'x',
      entry: null,
      pass: null,
      courses: [],
      channel: 'local',
      sale: {
        entry: { purchasable: true, showPrice: true },
        pass: { purchasable: true, showPrice: true },
        course: { purchasable: true, showPrice: true },
      },
    }
    mockCall.mockResolvedValueOnce(catalog as never)
    await state().savePricing({
      circleId: 'c1',
      entry: { priceFen: 1990, markedPriceFen: null, term: { kind: 'rolling', days: 365 } },
      pass: null,
    })
    expect(state().ownerCatalogs.c1).toEqual({ status: 'ready', error: null, data: catalog })
  })

  it('adds a saved course to the catalog the owner sees', async () => {
    useWalletStore.setState({
      ownerCatalogs: {
        c1: {
          status: 'ready',
          error: null,
          data: {
            circleId: 'c1',
            circleName: 'x',
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
          },
        },
      },
    })
    const course = {
      id: 'k1',
      circleId: 'c1',
      title: '入门课',
      intro: '',
      coverUrl: '',
      priceFen: 4990,
      memberPriceFen: 3992,
      lessonCount: 1,
      freeLessonCount: 0,
      owned: true,
      lessons: [{ id: 'l1', title: '第一课', free: false, locked: false, body: '', images: [], videoUrl: '' }],
    }
    mockCall.mockResolvedValueOnce(course as never)
    await state().saveCourse({
      circleId: 'c1',
      title: '入门课',
      priceFen: 4990,
      memberDiscountBps: 2000,
      lessons: [{ title: '第一课', body: '' }],
    })
    expect(state().ownerCatalogs.c1.data?.courses.map((c) => c.id)).toEqual(['k1'])
    expect(state().editableCourses.k1.data?.lessons).toHaveLength(1)
  })

  it('replaces a refunded order in the list', async () => {
    const order = { id: 'o1', status: 'paid', amountFen: 9900, refundedFen: 0 }
    useWalletStore.setState({
      circleOrders: { c1: { items: [order as never], nextCursor: null, status: 'ready', error: null } },
    })
    mockCall.mockResolvedValueOnce({ ...order, status: 'refunded', refundedFen: 9900 } as never)
    await state().refundOrderAsOwner('c1', 'o1', '')
    expect(mockCall).toHaveBeenCalledWith('shop', 'ownerRefund', { orderId: 'o1', reason: '' })
    expect(state().circleOrders.c1.items[0]).toMatchObject({ status: 'refunded', refundedFen: 9900 })
  })
})
