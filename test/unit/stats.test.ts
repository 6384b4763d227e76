import { BUYER_PAYMENTS, CHANNEL_FEE, PLATFORM_FEE, REFUNDS, type Entry } from '@core/money/accounts'
import {
  addDays,
  capChannels,
  classify,
  DEFAULT_SEGMENT_RULES,
  incomeOfJournal,
  MAX_CHANNELS,
  median,
  type SegmentRules,
  streakOf,
  sumDays,
  emptyDay,
  validateSegmentRules,
} from '@core/stats'
import { dayRange } from '@core/stats'

/** Journal entries as the ledger books them (core/money/ledger.ts): signed, summing to zero. */
const ACCOUNT_FOR_TEST = {
  payment: (gross: number, platform: number, channel: number): Entry[] => [
    { account: BUYER_PAYMENTS, bucket: 'available', amountFen: -gross },
    { account: PLATFORM_FEE, bucket: 'pending', amountFen: platform },
    { account: CHANNEL_FEE, bucket: 'pending', amountFen: channel },
    { account: 'owner:c1', bucket: 'pending', amountFen: gross - platform - channel },
  ],
  refund: (amount: number, platform: number, channel: number): Entry[] => [
    { account: PLATFORM_FEE, bucket: 'pending', amountFen: -platform },
    { account: CHANNEL_FEE, bucket: 'pending', amountFen: -channel },
    { account: 'owner:c1', bucket: 'pending', amountFen: -(amount - platform - channel) },
    { account: REFUNDS, bucket: 'available', amountFen: amount },
  ],
}

const TODAY = '20261207'
const rules: SegmentRules = {
  ...DEFAULT_SEGMENT_RULES,
  windowDays: 30,
  coreMinDays: 8,
  coreStreakDays: 7,
  coreMinTenureDays: 0,
  silentDays: 14,
}
const joinedDaysAgo = (n: number) => new Date(dayRange(addDays(TODAY, -n)).from.getTime() + 3600_000)
const lastDays = (n: number, from = TODAY) => Array.from({ length: n }, (_, i) => addDays(from, -i)).reverse()
const member = (joined: number, days: string[] = [], checkinDays: string[] = []) => ({
  joinedAt: joinedDaysAgo(joined),
  activity: { lastDay: days.length ? days[days.length - 1] : null, days, checkinDays },
})

describe('segment rules at their boundaries', () => {
  it('makes a member core at exactly the minimum active days in the window, not one fewer', () => {
    expect(classify(member(100, lastDays(8)), rules, TODAY)).toBe('core')
    expect(classify(member(100, lastDays(7)), rules, TODAY)).toBe('potential')
  })

  it('counts only active days inside the window', () => {
    // 8 active days ending 30 days ago: the oldest falls outside a 30-day window ending today
    const days = lastDays(8, addDays(TODAY, -22))
    expect(days[0]).toBe(addDays(TODAY, -29))
    const patient = { ...rules, silentDays: 60 }
    expect(classify(member(100, days), patient, TODAY)).toBe('core')
    const shifted = lastDays(8, addDays(TODAY, -23))
    expect(classify(member(100, shifted), patient, TODAY)).toBe('potential')
  })

  it('makes a check-in streak of exactly the threshold core, one short not', () => {
    expect(classify(member(100, lastDays(7), lastDays(7)), { ...rules, coreMinDays: 20 }, TODAY)).toBe('core')
    expect(classify(member(100, lastDays(6), lastDays(6)), { ...rules, coreMinDays: 20 }, TODAY)).toBe('potential')
  })

  it('keeps a streak alive through today until the day ends, and breaks it on a missed day', () => {
    expect(streakOf(lastDays(5, addDays(TODAY, -1)), TODAY)).toBe(5)
    expect(streakOf(lastDays(5, addDays(TODAY, -2)), TODAY)).toBe(0)
    expect(streakOf([...lastDays(3, addDays(TODAY, -5)), ...lastDays(2)], TODAY)).toBe(2)
  })

  it('makes a member silent after exactly silentDays without activity, not a day sooner', () => {
    expect(classify(member(100, [addDays(TODAY, -14)]), rules, TODAY)).toBe('silent')
    expect(classify(member(100, [addDays(TODAY, -13)]), rules, TODAY)).toBe('potential')
  })

  it('never calls a new member silent before they have been in the circle for silentDays', () => {
    expect(classify(member(13), rules, TODAY)).toBe('potential')
    expect(classify(member(14), rules, TODAY)).toBe('silent')
  })

  it('asks for the minimum tenure before a member can be core', () => {
    const r = { ...rules, coreMinTenureDays: 30 }
    expect(classify(member(29, lastDays(10)), r, TODAY)).toBe('potential')
    expect(classify(member(30, lastDays(10)), r, TODAY)).toBe('core')
  })

  it('refuses rules outside their limits or a frequency larger than its window', () => {
    expect(() => validateSegmentRules({ ...rules, silentDays: 2 })).toThrow(
      expect.objectContaining({ code: 'invalid_argument', param: 'silentDays' }),
    )
    expect(() => validateSegmentRules({ ...rules, windowDays: 7, coreMinDays: 8 })).toThrow(
      expect.objectContaining({ param: 'coreMinDays' }),
    )
    expect(validateSegmentRules(rules)).toEqual(rules)
  })
})

describe('figures', () => {
  it('books a payment journal as gross less fees, and a refund as a refund with its fees given back', () => {
    const pay = { kind: 'payment', entries: ACCOUNT_FOR_TEST.payment(10_000, 300, 60) }
    expect(incomeOfJournal(pay, '入圈')).toEqual({
      kind: '入圈',
      grossFen: 10_000,
      refundFen: 0,
      feeFen: 360,
      netFen: 9_640,
    })
    const refund = { kind: 'refund', entries: ACCOUNT_FOR_TEST.refund(5_000, 150, 30) }
    expect(incomeOfJournal(refund, '入圈')).toEqual({
      kind: '入圈',
      grossFen: 0,
      refundFen: 5_000,
      feeFen: -180,
      netFen: -4_820,
    })
    expect(incomeOfJournal({ kind: 'withdrawal', entries: [] }, '入圈')).toBeNull()
  })

  it('adds days into a period: nets members, averages active, rates check-ins over participant-days', () => {
    const a = emptyDay('20261201')
    a.members = { new: 5, renewed: 1, expired: 2, left: 1 }
    a.active = 4
    a.challenges = [{ challengeId: 'c1', title: '早起', checkins: 3, participants: 4 }]
    a.qa = { answered: 2, unanswered: 1, answerMinutes: [10, 30] }
    const b = emptyDay('20261202')
    b.active = 2
    b.challenges = [{ challengeId: 'c1', title: '早起', checkins: 1, participants: 4 }]
    b.qa = { answered: 1, unanswered: 0, answerMinutes: [20] }
    const p = sumDays([a, b])
    expect(p.members).toEqual({ new: 5, renewed: 1, expired: 2, left: 1, net: 2 })
    expect(p.active).toEqual({ averagePerDay: 3, peak: 4 })
    expect(p.challenges).toEqual([{ challengeId: 'c1', title: '早起', checkins: 4, possible: 8, rateBps: 5000 }])
    expect(p.qa).toEqual({ answered: 3, unanswered: 1, answerRateBps: 7500, medianAnswerMinutes: 20 })
  })

  it('keeps the biggest channels apart and adds the rest up as 其他', () => {
    const rows = Array.from({ length: MAX_CHANNELS + 5 }, (_, i) => ({
      channel: `渠道${i}`,
      views: 100 - i,
      taps: 1,
      orders: 0,
      paid: 0,
    }))
    const capped = capChannels(rows)
    expect(capped).toHaveLength(MAX_CHANNELS)
    expect(capped.reduce((s, r) => s + r.views, 0)).toBe(rows.reduce((s, r) => s + r.views, 0))
    expect(capped.find((r) => r.channel === '其他')?.taps).toBe(6)
  })

  it('takes the median of an even count as the rounded mean of the middle two', () => {
    expect(median([])).toBeNull()
    expect(median([5, 1, 3])).toBe(3)
    expect(median([1, 2, 3, 6])).toBe(3)
  })
})
