import type { EntryPricing } from '@core/money'
import { DEFAULT_SETTINGS } from '@core/settings'
import {
  decideTrial,
  discountText,
  quoteMembership,
  renewalTier,
  standingOf,
  validateTiers,
  type Standing,
} from '@core/renewal'
import type { MembershipRecord } from '@core/records'

const DAY = 86_400_000
const SEC = 1000
const T0 = new Date('2026-03-01T04:00:00.000Z') // 12:00 in Shanghai
const tiers = { beforeExpiryBps: 9000, within30DaysBps: 8000, laterBps: 7000 }
const rolling = { priceFen: 9900, term: { kind: 'rolling' as const, days: 365 } }

function member(
  expiresAt: Date,
  extra: Partial<MembershipRecord> = {},
): Pick<MembershipRecord, 'status' | 'expiresAt' | 'source'> {
  return { status: 'active', expiresAt, source: { kind: 'paid', inviterId: null, channel: null }, ...extra }
}

describe('renewal tier at the exact boundaries', () => {
  const expiry = T0
  it('is "before" until the last millisecond of the term', () => {
    expect(renewalTier(expiry, new Date(expiry.getTime() - SEC))).toBe('before')
    expect(renewalTier(expiry, new Date(expiry.getTime() - 1))).toBe('before')
  })
  it('is "within30" from the expiry instant and one second after', () => {
    expect(renewalTier(expiry, expiry)).toBe('within30')
    expect(renewalTier(expiry, new Date(expiry.getTime() + SEC))).toBe('within30')
  })
  it('is "within30" one second before +30 days and "later" at exactly +30 days', () => {
    expect(renewalTier(expiry, new Date(expiry.getTime() + 30 * DAY - SEC))).toBe('within30')
    expect(renewalTier(expiry, new Date(expiry.getTime() + 30 * DAY))).toBe('later')
    expect(renewalTier(expiry, new Date(expiry.getTime() + 400 * DAY))).toBe('later')
  })
})

describe('renewal arithmetic', () => {
  const quote = (
    m: Pick<MembershipRecord, 'status' | 'expiresAt' | 'source'> | null,
    now: Date,
    pricing: EntryPricing = rolling,
  ) => quoteMembership(pricing, tiers, standingOf(m, now), now)

  it('early: the "before" tier price, extended from the current expiry (no day lost)', () => {
    const expiresAt = new Date(T0.getTime() + 10 * DAY)
    const q = quote(member(expiresAt), T0)
    expect(q).toMatchObject({ kind: 'renewal', tier: 'before', tierBps: 9000, baseFen: 9900, amountFen: 8910 })
    expect(q.termEndsAt.getTime()).toBe(expiresAt.getTime() + 365 * DAY)
    expect(q.priceBreakdown).toEqual({ baseFen: 9900, discountFen: 990, discount: 'renewal' })
  })

  it('grace (within 30 days after expiry): the within30 price, a new term from now', () => {
    const expiresAt = new Date(T0.getTime() - 3 * DAY)
    const q = quote(member(expiresAt, { status: 'expired' }), T0)
    expect(q).toMatchObject({ kind: 'renewal', tier: 'within30', amountFen: 7920 })
    expect(q.termEndsAt.getTime()).toBe(T0.getTime() + 365 * DAY)
  })

  it('lapsed (more than 30 days): the later price', () => {
    const q = quote(member(new Date(T0.getTime() - 31 * DAY)), T0)
    expect(q).toMatchObject({ kind: 'renewal', tier: 'later', amountFen: 6930 })
    expect(q.termEndsAt.getTime()).toBe(T0.getTime() + 365 * DAY)
  })

  it('cohort: the tier applies, the term ends on the fixed date', () => {
    const endsAt = new Date(T0.getTime() + 100 * DAY)
    const q = quote(member(new Date(T0.getTime() - 5 * DAY)), T0, { priceFen: 9900, term: { kind: 'cohort', endsAt } })
    expect(q).toMatchObject({ kind: 'renewal', tier: 'within30', amountFen: 7920, remainingDays: 100 })
    expect(q.termEndsAt).toEqual(endsAt)
  })

  it('cohort: a member whose term already reaches the end cannot buy it again', () => {
    const endsAt = new Date(T0.getTime() + 100 * DAY)
    expect(() => quote(member(endsAt), T0, { priceFen: 9900, term: { kind: 'cohort', endsAt } })).toThrow(
      expect.objectContaining({ code: 'already_purchased' }),
    )
  })

  it('a newcomer, someone who left, and a trial user pay the base price (entry, no tier)', () => {
    expect(quote(null, T0)).toMatchObject({ kind: 'entry', tier: null, amountFen: 9900 })
    expect(quote(member(new Date(T0.getTime() - DAY), { status: 'left' }), T0)).toMatchObject({
      kind: 'entry',
      amountFen: 9900,
    })
    const trialEnd = new Date(T0.getTime() + 3 * DAY)
    const trial = quote(member(trialEnd, { source: { kind: 'trial', inviterId: null, channel: null } }), T0)
    expect(trial).toMatchObject({ kind: 'entry', amountFen: 9900 })
    // buying during the trial extends from the trial's end
    expect(trial.termEndsAt.getTime()).toBe(trialEnd.getTime() + 365 * DAY)
  })

  it('an expired trial converts from now', () => {
    const s: Standing = standingOf(
      member(new Date(T0.getTime() - DAY), { source: { kind: 'trial', inviterId: null, channel: null } }),
      T0,
    )
    expect(s).toEqual({ kind: 'entry', currentExpiresAt: null, lapsedFrom: null })
  })

  it('rounds the discount down to the fen (the buyer pays the rest), never below 1 fen', () => {
    // 999 × 15 % = 149.85 → discount 149, pays 850
    expect(
      quoteMembership(
        { priceFen: 999, term: rolling.term },
        { ...tiers, beforeExpiryBps: 8500 },
        standingOf(member(new Date(T0.getTime() + DAY)), T0),
        T0,
      ).amountFen,
    ).toBe(850)
    expect(
      quoteMembership(
        { priceFen: 1, term: rolling.term },
        { ...tiers, laterBps: 5000 },
        standingOf(member(new Date(T0.getTime() - 90 * DAY)), T0),
        T0,
      ).amountFen,
    ).toBe(1)
  })

  it('defaults are the full price for every tier', () => {
    const q = quoteMembership(
      rolling,
      DEFAULT_SETTINGS.renewal,
      standingOf(member(new Date(T0.getTime() - DAY)), T0),
      T0,
    )
    expect(q).toMatchObject({ tier: 'within30', amountFen: 9900, priceBreakdown: { discountFen: 0, discount: null } })
  })
})

describe('tier validation and text', () => {
  it('accepts 50–100 % and refuses outside', () => {
    expect(() => validateTiers({ beforeExpiryBps: 5000, within30DaysBps: 10_000, laterBps: 7500 })).not.toThrow()
    expect(() => validateTiers({ beforeExpiryBps: 4999, within30DaysBps: 10_000, laterBps: 7500 })).toThrow(
      expect.objectContaining({ code: 'invalid_argument', param: 'renewal.beforeExpiryBps' }),
    )
    expect(() => validateTiers({ beforeExpiryBps: 5000, within30DaysBps: 10_001, laterBps: 7500 })).toThrow(
      expect.objectContaining({ param: 'renewal.within30DaysBps' }),
    )
  })
  it('says the share as 折', () => {
    expect(discountText(8000)).toBe('8 折')
    expect(discountText(8500)).toBe('8.5 折')
    expect(discountText(8750)).toBe('8.75 折')
    expect(discountText(10_000)).toBe('原价')
  })
})

describe('the free trial', () => {
  const base = { trialDays: 7, onSale: true, cohortEndsAt: null, hadTrial: false, membership: null, now: T0 }
  it('gives N days to a newcomer', () => {
    expect(decideTrial(base).getTime()).toBe(T0.getTime() + 7 * DAY)
  })
  it('once per user per circle: a second trial is refused, also after the first lapsed', () => {
    expect(() => decideTrial({ ...base, hadTrial: true })).toThrow(expect.objectContaining({ code: 'trial_used' }))
    expect(() =>
      decideTrial({ ...base, membership: { status: 'expired', expiresAt: new Date(T0.getTime() - DAY) } }),
    ).toThrow(expect.objectContaining({ code: 'trial_used' }))
  })
  it('not for a current member, nor where no trial is offered', () => {
    expect(() =>
      decideTrial({ ...base, membership: { status: 'active', expiresAt: new Date(T0.getTime() + DAY) } }),
    ).toThrow(expect.objectContaining({ code: 'already_member' }))
    expect(() => decideTrial({ ...base, trialDays: 0 })).toThrow(expect.objectContaining({ code: 'trial_unavailable' }))
    expect(() => decideTrial({ ...base, onSale: false })).toThrow(
      expect.objectContaining({ code: 'trial_unavailable' }),
    )
  })
  it('never outlasts a cohort', () => {
    const endsAt = new Date(T0.getTime() + 3 * DAY)
    expect(decideTrial({ ...base, cohortEndsAt: endsAt })).toEqual(endsAt)
    expect(() => decideTrial({ ...base, cohortEndsAt: T0 })).toThrow(
      expect.objectContaining({ code: 'trial_unavailable' }),
    )
  })
})
