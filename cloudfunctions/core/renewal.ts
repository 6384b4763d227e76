/**
 * Renewal (docs/features.md §3): what buying entry costs and where the term ends, for a newcomer, a
 * trial user, a member renewing early, and a member whose term lapsed. Pure: `now` is an argument.
 *
 * Rules (docs/money.md "Renewal"):
 * - A renewal is a purchase by someone who has, or had, a bought term in the circle (any source but
 *   a trial; not after leaving or removal). Everyone else buys entry at the base price.
 * - The tier is chosen by when the renewal is bought relative to `expiresAt`, to the millisecond:
 *   `before` while now < expiresAt; `within30` from expiresAt until 30 days after it (exclusive);
 *   `later` from expiresAt + 30 days on. Each tier's price is a share of the base price
 *   (5000–10000 bps), and the discount is floored to the fen (the buyer pays the rest), the same
 *   rounding as every other discount.
 * - The term extends from the later of now and the current expiry (extendTerm), so early renewal
 *   loses no day; a cohort circle ends everyone on its fixed date.
 */
import { DomainError } from './errors'
import { bpsOf } from './money/fen'
import { perDayText as perDay, quoteEntry, type EntryPricing, type EntryQuote } from './money/pricing'
import type { MembershipRecord } from './records'
import type { RenewalSettings } from './settings'

const DAY_MS = 86_400_000
/** The second tier lasts this long after expiry. */
export const WITHIN_DAYS = 30
export const TIER_MIN_BPS = 5000
export const TIER_MAX_BPS = 10_000

export type RenewalTier = 'before' | 'within30' | 'later'

/** How each tier is named to the member (the renewal page and the buy page). */
export const RENEWAL_TIER_LABELS: Record<RenewalTier, string> = {
  before: '提前续费价',
  within30: '宽限期续费价',
  later: '回归续费价',
}

/** When each tier applies, said to the owner and the member. */
export const RENEWAL_TIER_RULES: Record<RenewalTier, string> = {
  before: '到期前续费',
  within30: `过期 ${WITHIN_DAYS} 天内续费`,
  later: `过期超过 ${WITHIN_DAYS} 天续费`,
}

export function renewalTier(expiresAt: Date, now: Date): RenewalTier {
  const t = now.getTime()
  const end = expiresAt.getTime()
  if (t < end) return 'before'
  if (t < end + WITHIN_DAYS * DAY_MS) return 'within30'
  return 'later'
}

export function tierBps(
  settings: Pick<RenewalSettings, 'beforeExpiryBps' | 'within30DaysBps' | 'laterBps'>,
  tier: RenewalTier,
): number {
  return tier === 'before'
    ? settings.beforeExpiryBps
    : tier === 'within30'
      ? settings.within30DaysBps
      : settings.laterBps
}

/** "8 折", "8.5 折", "原价" for 10000 bps. */
export function discountText(payBps: number): string {
  if (payBps >= 10_000) return '原价'
  const tenths = payBps / 1000
  return `${String(Number(tenths.toFixed(2)))} 折`
}

/** The tiers an owner saves must each lie within 50–100 % of the base price. */
export function validateTiers(
  settings: Pick<RenewalSettings, 'beforeExpiryBps' | 'within30DaysBps' | 'laterBps'>,
): void {
  const fields = ['beforeExpiryBps', 'within30DaysBps', 'laterBps'] as const
  for (const f of fields) {
    const v = settings[f]
    if (!Number.isSafeInteger(v) || v < TIER_MIN_BPS || v > TIER_MAX_BPS)
      throw new DomainError('invalid_argument', undefined, `renewal.${f}`)
  }
}

/** What the caller's membership means for buying entry again. */
export interface Standing {
  kind: 'entry' | 'renewal'
  /** The term a purchase extends from (null: starts now). Only a current (not lapsed) term counts. */
  currentExpiresAt: Date | null
  /** For a renewal: the expiry the tier is measured from. */
  lapsedFrom: Date | null
}

export function standingOf(
  membership: Pick<MembershipRecord, 'status' | 'expiresAt' | 'source'> | null,
  now: Date,
): Standing {
  if (!membership || membership.status === 'left' || membership.status === 'removed' || !membership.expiresAt) {
    return { kind: 'entry', currentExpiresAt: null, lapsedFrom: null }
  }
  const expiresAt = new Date(membership.expiresAt)
  const current = membership.status === 'active' && now.getTime() < expiresAt.getTime() ? expiresAt : null
  // A trial is not a bought term: converting it is entry at the base price, extended from the trial's end.
  if (membership.source?.kind === 'trial') return { kind: 'entry', currentExpiresAt: current, lapsedFrom: null }
  return { kind: 'renewal', currentExpiresAt: current, lapsedFrom: expiresAt }
}

export interface MembershipQuote extends EntryQuote {
  kind: 'entry' | 'renewal'
  baseFen: number
  tier: RenewalTier | null
  /** The share of the base price this tier pays (null for entry). */
  tierBps: number | null
}

/**
 * Entry or renewal, priced: the tier's discount (floored to the fen) on the base price, the term
 * from quoteEntry (rolling from max(now, current expiry); cohort to its fixed end).
 */
export function quoteMembership(
  pricing: EntryPricing,
  renewal: Pick<RenewalSettings, 'beforeExpiryBps' | 'within30DaysBps' | 'laterBps'>,
  standing: Standing,
  now: Date,
): MembershipQuote {
  const base = quoteEntry(pricing, { now, currentExpiresAt: standing.currentExpiresAt })
  if (standing.kind === 'entry' || !standing.lapsedFrom)
    return { ...base, kind: 'entry', baseFen: pricing.priceFen, tier: null, tierBps: null }
  const tier = renewalTier(standing.lapsedFrom, now)
  const bps = tierBps(renewal, tier)
  const discountFen = Math.min(bpsOf(pricing.priceFen, TIER_MAX_BPS - bps), pricing.priceFen - 1)
  const amountFen = pricing.priceFen - discountFen
  const days = base.remainingDays ?? (pricing.term.kind === 'rolling' ? pricing.term.days : 1)
  return {
    ...base,
    kind: 'renewal',
    amountFen,
    baseFen: pricing.priceFen,
    priceBreakdown: { baseFen: pricing.priceFen, discountFen, discount: discountFen > 0 ? 'renewal' : null },
    perDayText: perDay(amountFen, days),
    tier,
    tierBps: bps,
  }
}

/**
 * The free trial (docs/features.md §2): paid circles with trial days, once per user per circle, for
 * newcomers only (anyone who was ever a member here has had their chance). A cohort circle's
 * trial never outlasts the cohort. Returns where the trial ends, or throws why not.
 */
export function decideTrial(args: {
  trialDays: number
  onSale: boolean
  cohortEndsAt: Date | null
  hadTrial: boolean
  membership: Pick<MembershipRecord, 'status' | 'expiresAt'> | null
  now: Date
}): Date {
  const { trialDays, now } = args
  if (!args.onSale || trialDays < 1) throw new DomainError('trial_unavailable')
  if (args.cohortEndsAt && args.cohortEndsAt.getTime() <= now.getTime()) throw new DomainError('trial_unavailable')
  if (args.hadTrial) throw new DomainError('trial_used')
  const m = args.membership
  if (m && m.status === 'active' && (!m.expiresAt || now.getTime() < new Date(m.expiresAt).getTime()))
    throw new DomainError('already_member')
  if (m) throw new DomainError('trial_used')
  const end = new Date(now.getTime() + trialDays * DAY_MS)
  return args.cohortEndsAt && args.cohortEndsAt.getTime() < end.getTime() ? args.cohortEndsAt : end
}
