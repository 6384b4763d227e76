import {
  bestStreakOf,
  calendarOf,
  challengeDays,
  currentStreak,
  decideCheckin,
  decideReward,
  dayToCheckIn,
  endsAtOf,
  inWindow,
  newChallenge,
  newParticipant,
  phaseAt,
  settleOutcome,
  wordCount,
  type ChallengeDraft,
} from '@core/challenge'
import {
  DEFAULT_SPLIT_RULES,
  depositPaymentJournal,
  forfeitJournal,
  newOrder,
  refundJournal,
  splitOrder,
} from '@core/money'

const draft: ChallengeDraft = {
  title: '早起',
  rules: '',
  startDay: '2026-12-30',
  days: 5,
  requiredDays: 3,
  windowStart: '06:00',
  windowEnd: '23:59',
  minWords: 5,
  photoRequired: false,
  makeupQuota: 1,
  reward: { kind: 'title', title: '早起达人' },
  depositFen: 0,
}
const created = new Date('2026-12-29T02:00:00Z')
const c = newChallenge({ id: 'ch1', circleId: 'c1', createdBy: 'o_owner', draft, now: created })
const p0 = newParticipant({
  challenge: c,
  openid: 'o_a',
  user: { nickname: 'A', avatarUrl: '' },
  deposit: null,
  now: created,
})

describe('challenge days in Asia/Shanghai', () => {
  it('lists the days across a year end and ends at the Shanghai midnight after the last one', () => {
    expect(challengeDays(c)).toEqual(['20261230', '20261231', '20270101', '20270102', '20270103'])
    expect(endsAtOf('2026-12-30', 5).toISOString()).toBe('2027-01-03T16:00:00.000Z')
    expect(phaseAt(c, new Date('2026-12-29T15:59:59Z'))).toBe('upcoming')
    expect(phaseAt(c, new Date('2026-12-29T16:00:00Z'))).toBe('ongoing')
    expect(phaseAt(c, new Date('2027-01-03T16:00:00Z'))).toBe('ended')
  })

  it('opens the daily window on the Shanghai wall clock, its end minute included', () => {
    expect(inWindow(c, new Date('2026-12-30T21:59:00Z'))).toBe(false) // 05:59
    expect(inWindow(c, new Date('2026-12-30T22:00:00Z'))).toBe(true) // 06:00
    expect(inWindow(c, new Date('2026-12-31T15:59:59Z'))).toBe(true) // 23:59:59
  })

  it('refuses a start day that does not exist', () => {
    expect(() =>
      newChallenge({
        id: 'x',
        circleId: 'c1',
        createdBy: 'o',
        draft: { ...draft, startDay: '2027-02-30' },
        now: created,
      }),
    ).toThrow(expect.objectContaining({ code: 'invalid_argument', param: 'startDay' }))
  })

  it('counts words as characters without spaces', () => {
    expect(wordCount('  早 起 ok 😀 ')).toBe(5)
  })
})

describe('streaks', () => {
  it('finds the longest run and the current one, which survives until a whole day passes', () => {
    const days = ['20261230', '20261231', '20270102', '20270103']
    expect(bestStreakOf(days)).toBe(2)
    expect(currentStreak(days, '20270103')).toBe(2)
    expect(currentStreak(days, '20270104')).toBe(2) // today still open
    expect(currentStreak(days, '20270105')).toBe(0)
    expect(bestStreakOf([...days, '20270101'])).toBe(5) // a make-up joins the runs
  })
})

describe('checking in', () => {
  const at = new Date('2026-12-31T01:00:00Z')
  it('chooses today, or a missed earlier day for a make-up', () => {
    expect(dayToCheckIn(c, p0, { text: '今天早起了', images: [] }, at)).toEqual({ day: '20261231', makeup: false })
    expect(dayToCheckIn(c, p0, { text: '今天早起了', images: [], makeupDay: '2026-12-30' }, at)).toEqual({
      day: '20261230',
      makeup: true,
    })
    expect(() => dayToCheckIn(c, p0, { text: '今天早起了', images: [], makeupDay: '2026-12-31' }, at)).toThrow(
      expect.objectContaining({ code: 'makeup_day_invalid' }),
    )
    expect(() => dayToCheckIn(c, p0, { text: '早起', images: [] }, at)).toThrow(
      expect.objectContaining({ code: 'checkin_too_short' }),
    )
  })

  it('completes at the required day and rewards once', () => {
    let p = p0
    const days = ['20261230', '20261231', '20270101', '20270102']
    const completions: boolean[] = []
    for (const day of days) {
      const d = decideCheckin({
        challenge: c,
        participant: p,
        day,
        makeup: false,
        input: { text: 'x', images: [] },
        status: 'published',
        now: at,
      })
      completions.push(d.completedNow)
      const r = decideReward(c, d.participant, 'CKCODE')
      p = r.participant
      if (d.completedNow) expect(r.grant).toEqual({ kind: 'title', title: '早起达人' })
      else expect(r.grant).toBeNull()
    }
    expect(completions).toEqual([false, false, true, false])
    expect(p).toMatchObject({ total: 4, bestStreak: 4, rewarded: true, honorTitle: '早起达人' })
    expect(calendarOf(c, p, at).map((d) => d.state)).toEqual(['done', 'done', 'done', 'done', 'future'])
  })

  it('names the personal coupon a coupon reward issues, once', () => {
    const withCoupon = { ...c, reward: { kind: 'coupon' as const, amountFen: 500 } }
    const done = { ...p0, completedAt: at }
    const first = decideReward(withCoupon, done, 'CKCODE')
    expect(first).toMatchObject({
      participant: { rewardCoupon: 'CKCODE', rewarded: true },
      grant: { kind: 'coupon', amountFen: 500 },
    })
    expect(decideReward(withCoupon, first.participant, 'CKCODE').grant).toBeNull()
  })

  it('settles a held deposit by completion', () => {
    const held = { ...p0, deposit: { amountFen: 100, orderId: 'QZ1', state: 'held' as const } }
    expect(settleOutcome(held)).toBe('forfeit')
    expect(settleOutcome({ ...held, completedAt: at })).toBe('refund')
    expect(settleOutcome({ ...held, deposit: { ...held.deposit, state: 'refunding' } })).toBe('none')
    expect(settleOutcome(p0)).toBe('none')
  })
})

describe('deposit journals', () => {
  const order = newOrder({
    id: 'QZ20261201000000abcdef0123456789',
    buyer: 'o_a',
    circleId: 'c1',
    circleName: '圈',
    product: { kind: 'deposit', id: 'ch1', title: '早起 · 押金' },
    priceBreakdown: { baseFen: 9999, discountFen: 0 },
    splitRules: DEFAULT_SPLIT_RULES,
    channel: 'wxpay',
    now: created,
  })
  it('holds the deposit as a liability and either refunds it whole or forfeits it to income', () => {
    const pay = depositPaymentJournal(order, created)
    expect(pay.entries).toEqual([
      { account: 'buyer_payments', bucket: 'available', amountFen: -9999 },
      { account: 'deposits', bucket: 'available', amountFen: 9999 },
    ])
    const refund = refundJournal({ order, payment: pay, refundFen: 9999, seq: 1, settled: false, at: created })
    expect(refund.entries).toEqual([
      { account: 'deposits', bucket: 'available', amountFen: -9999 },
      { account: 'refunds', bucket: 'available', amountFen: 9999 },
    ])
    const shares = splitOrder({ amountFen: 9999, circleId: 'c1', buyer: 'o_a', channel: 'wxpay' }, DEFAULT_SPLIT_RULES)
    const forfeit = forfeitJournal(order, shares, created)
    expect(forfeit.entries.reduce((s, e) => s + e.amountFen, 0)).toBe(0)
    expect(forfeit.entries[0]).toEqual({ account: 'deposits', bucket: 'available', amountFen: -9999 })
    expect(forfeit.entries.every((e) => e.bucket === 'available')).toBe(true)
    expect(forfeit._id).toBe(`${order._id}:forfeit`)
  })
})
