import { extendTerm, formatFen, perDayText, quoteCourse, quoteEntry, quotePass } from '@core/money'
import { T0, codeOf } from './helpers'

const DAY = 86_400_000

describe('per-day price text', () => {
  it('rounds up to the fen and says 约 when it rounded', () => {
    expect(perDayText(9800, 365)).toBe('约 0.27 元/天')
    expect(perDayText(9900, 365)).toBe('约 0.28 元/天')
    expect(perDayText(36_500, 365)).toBe('1.00 元/天')
    expect(perDayText(1, 365)).toBe('约 0.01 元/天')
  })
})

describe('formatting money', () => {
  it('formats fen as 元 from one place', () => {
    expect(formatFen(1280)).toBe('¥12.80')
    expect(formatFen(5)).toBe('¥0.05')
    expect(formatFen(-1280)).toBe('-¥12.80')
    expect(formatFen(1280, 'yuan')).toBe('12.80 元')
    expect(formatFen(1280, 'signed')).toBe('+12.80')
    expect(formatFen(-3, 'signed')).toBe('-0.03')
    expect(formatFen(100_000_000)).toBe('¥1,000,000.00')
  })
})

describe('term extension', () => {
  it('starts from now when there is no membership or it has expired', () => {
    expect(extendTerm(null, T0, 365)).toEqual(new Date(T0.getTime() + 365 * DAY))
    expect(extendTerm(new Date(T0.getTime() - DAY), T0, 30)).toEqual(new Date(T0.getTime() + 30 * DAY))
  })
  it('extends from the current expiry on early renewal, losing no day', () => {
    const expires = new Date(T0.getTime() + 10 * DAY)
    expect(extendTerm(expires, T0, 365)).toEqual(new Date(T0.getTime() + 375 * DAY))
  })
})

describe('quoting paid entry', () => {
  it('quotes a rolling term from the later of now and the current expiry', () => {
    const expires = new Date(T0.getTime() + 5 * DAY)
    const q = quoteEntry(
      { priceFen: 9800, markedPriceFen: 19_800, term: { kind: 'rolling', days: 365 } },
      { now: T0, currentExpiresAt: expires },
    )
    expect(q).toMatchObject({
      amountFen: 9800,
      markedPriceFen: 19_800,
      perDayText: '约 0.27 元/天',
      termStartsAt: expires,
      remainingDays: null,
    })
    expect(q.termEndsAt).toEqual(new Date(expires.getTime() + 365 * DAY))
    expect(q.priceBreakdown).toEqual({ baseFen: 9800, discountFen: 0, discount: null })
  })

  it('hides a marked price that is not above the price', () => {
    const q = quoteEntry(
      { priceFen: 9800, markedPriceFen: 9800, term: { kind: 'rolling', days: 365 } },
      { now: T0, currentExpiresAt: null },
    )
    expect(q.markedPriceFen).toBeNull()
  })

  it('quotes a cohort to its fixed end with the days left', () => {
    const endsAt = new Date(T0.getTime() + 100 * DAY - 1000)
    const q = quoteEntry({ priceFen: 10_000, term: { kind: 'cohort', endsAt } }, { now: T0, currentExpiresAt: null })
    expect(q).toMatchObject({ termStartsAt: T0, termEndsAt: endsAt, remainingDays: 100, perDayText: '1.00 元/天' })
  })

  it('refuses a cohort that has ended, and a member who already has it to the end', () => {
    const endsAt = new Date(T0.getTime() + DAY)
    expect(
      codeOf(() =>
        quoteEntry({ priceFen: 100, term: { kind: 'cohort', endsAt: T0 } }, { now: T0, currentExpiresAt: null }),
      ),
    ).toBe('product_unavailable')
    expect(
      codeOf(() =>
        quoteEntry({ priceFen: 100, term: { kind: 'cohort', endsAt } }, { now: T0, currentExpiresAt: endsAt }),
      ),
    ).toBe('already_purchased')
  })

  it('quotes an annual pass like a rolling renewal', () => {
    expect(quotePass({ priceFen: 36_500, days: 365 }, { now: T0, currentExpiresAt: null }).termEndsAt).toEqual(
      new Date(T0.getTime() + 365 * DAY),
    )
  })
})

describe('quoting a course', () => {
  it('gives members their discount, floored to the fen', () => {
    expect(quoteCourse({ priceFen: 999, memberDiscountBps: 1500 }, { isMember: true })).toEqual({
      amountFen: 850,
      priceBreakdown: { baseFen: 999, discountFen: 149, discount: 'member' },
    })
    expect(quoteCourse({ priceFen: 999, memberDiscountBps: 1500 }, { isMember: false }).amountFen).toBe(999)
  })
  it('can be free for members', () => {
    expect(quoteCourse({ priceFen: 999, memberDiscountBps: 10_000 }, { isMember: true }).amountFen).toBe(0)
  })
})
