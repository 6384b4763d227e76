import {
  DEFAULT_WITHDRAWAL_RULES,
  checkWithdrawal,
  decideWithdrawalState,
  isOpenWithdrawal,
  newWithdrawalId,
  stateOfTransferBill,
  transferBillNo,
  withdrawalDay,
  withdrawnOnDay,
} from '@core/money'
import { codeOf } from './helpers'

const ok = {
  amountFen: 10_000,
  availableFen: 50_000,
  withdrawnTodayFen: 0,
  hasOpenRequest: false,
  realNameVerified: false,
}

describe('withdrawal checks', () => {
  it('allows a withdrawal within every rule', () => {
    expect(codeOf(() => checkWithdrawal(ok))).toBeUndefined()
  })
  it('refuses below 1 元', () => {
    expect(codeOf(() => checkWithdrawal({ ...ok, amountFen: 99 }))).toBe('withdraw_below_minimum')
    expect(codeOf(() => checkWithdrawal({ ...ok, amountFen: 100 }))).toBeUndefined()
  })
  it('refuses more than is available', () => {
    expect(codeOf(() => checkWithdrawal({ ...ok, amountFen: 50_001 }))).toBe('insufficient_balance')
    expect(codeOf(() => checkWithdrawal({ ...ok, amountFen: 50_000 }))).toBeUndefined()
  })
  it('refuses past 20 000 元 a day', () => {
    const rich = { ...ok, availableFen: 10_000_000, realNameVerified: true }
    expect(codeOf(() => checkWithdrawal({ ...rich, amountFen: 1_000_001, withdrawnTodayFen: 1_000_000 }))).toBe(
      'withdraw_daily_limit',
    )
    expect(
      codeOf(() => checkWithdrawal({ ...rich, amountFen: 1_000_000, withdrawnTodayFen: 1_000_000 })),
    ).toBeUndefined()
  })
  it('refuses a second request while one is open, before anything else', () => {
    expect(codeOf(() => checkWithdrawal({ ...ok, amountFen: 1, hasOpenRequest: true }))).toBe('withdrawal_in_progress')
  })
  it('requires a real name from 2 000 元', () => {
    const big = { ...ok, availableFen: 1_000_000 }
    expect(codeOf(() => checkWithdrawal({ ...big, amountFen: 199_999 }))).toBeUndefined()
    expect(codeOf(() => checkWithdrawal({ ...big, amountFen: 200_000 }))).toBe('real_name_required')
    expect(codeOf(() => checkWithdrawal({ ...big, amountFen: 200_000, realNameVerified: true }))).toBeUndefined()
  })
  it('refuses a non-integer amount as a bad argument', () => {
    expect(codeOf(() => checkWithdrawal({ ...ok, amountFen: 100.5 }))).toBe('invalid_argument')
  })
  it('takes configurable rules', () => {
    expect(codeOf(() => checkWithdrawal(ok, { ...DEFAULT_WITHDRAWAL_RULES, minFen: 20_000 }))).toBe(
      'withdraw_below_minimum',
    )
  })
})

describe('the daily limit on Shanghai days, with the machine in UTC', () => {
  const zone = process.env.TZ
  beforeAll(() => {
    process.env.TZ = 'UTC'
  })
  afterAll(() => {
    process.env.TZ = zone
  })

  it('counts a withdrawal at 23:59:59 Shanghai on that day and resets at Shanghai midnight', () => {
    const before = new Date('2026-11-23T15:59:59Z') // 23:59:59 in Shanghai
    const midnight = new Date('2026-11-23T16:00:00Z') // 00:00:00 next day in Shanghai
    expect(new Date(before).getDate()).toBe(new Date(midnight).getDate()) // the same UTC day
    expect(withdrawalDay(before)).toBe('20261123')
    expect(withdrawalDay(midnight)).toBe('20261124')
    const history = [{ day: withdrawalDay(before), amountFen: 2_000_000, state: 'succeeded' as const }]
    expect(withdrawnOnDay(history, before)).toBe(2_000_000)
    expect(withdrawnOnDay(history, midnight)).toBe(0)
  })

  it('does not count transfers that failed or expired', () => {
    const day = withdrawalDay(new Date('2026-11-23T04:00:00Z'))
    const history = [
      { day, amountFen: 500, state: 'failed' as const },
      { day, amountFen: 700, state: 'expired' as const },
      { day, amountFen: 900, state: 'waiting_confirm' as const },
    ]
    expect(withdrawnOnDay(history, new Date('2026-11-23T05:00:00Z'))).toBe(900)
  })
})

describe('the withdrawal state machine', () => {
  it('moves requested → transferring → waiting_confirm → succeeded', () => {
    expect(decideWithdrawalState('requested', 'transferring')).toEqual({
      state: 'transferring',
      returnsMoney: false,
      changed: true,
    })
    expect(decideWithdrawalState('transferring', 'waiting_confirm').changed).toBe(true)
    expect(decideWithdrawalState('waiting_confirm', 'succeeded')).toEqual({
      state: 'succeeded',
      returnsMoney: false,
      changed: true,
    })
  })
  it('returns the money on failure or expiry, once', () => {
    expect(decideWithdrawalState('transferring', 'failed').returnsMoney).toBe(true)
    expect(decideWithdrawalState('waiting_confirm', 'expired').returnsMoney).toBe(true)
    expect(decideWithdrawalState('failed', 'failed')).toEqual({ state: 'failed', returnsMoney: false, changed: false })
  })
  it('refuses to leave a final state', () => {
    expect(codeOf(() => decideWithdrawalState('succeeded', 'failed'))).toBe('id_conflict')
    expect(codeOf(() => decideWithdrawalState('expired', 'succeeded'))).toBe('id_conflict')
  })
  it('maps WeChat transfer-bill states', () => {
    expect(stateOfTransferBill('WAIT_USER_CONFIRM')).toBe('waiting_confirm')
    expect(stateOfTransferBill('CANCELLED')).toBe('expired')
    expect(stateOfTransferBill('FAIL')).toBe('failed')
    expect(stateOfTransferBill('SUCCESS')).toBe('succeeded')
    expect(() => stateOfTransferBill('WHAT')).toThrow()
  })
  it('knows which states hold the one open slot', () => {
    expect(isOpenWithdrawal('waiting_confirm')).toBe(true)
    expect(isOpenWithdrawal('expired')).toBe(false)
  })
})

describe('transfer bill numbers', () => {
  it('are the withdrawal id itself: the same bill on every retry', () => {
    const id = newWithdrawalId(new Date('2026-11-23T16:00:00Z'), '0123456789abcdef')
    expect(id).toBe('WD202611240000000123456789abcdef')
    expect(transferBillNo(id)).toBe(id)
    expect(transferBillNo(id)).toBe(transferBillNo(id))
    expect(() => transferBillNo('wd:bad')).toThrow()
  })
})
