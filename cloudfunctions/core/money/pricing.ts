/**
 * Prices and terms (docs/features.md §2, §3, §9; docs/money.md "Units", "Terms, trials, coupons and renewal"). The
 * server quotes from the stored product; the client never sends an amount. Display helpers for
 * money live here too, so 元 is formatted in one place.
 */
import { DomainError } from '../errors'
import { assertFen, bpsOf } from './fen'
import type { PriceBreakdown } from './orders'

/** Entry's price as a person deciding sees it (core/money/pricing.ts entryPriceTag). */
export interface EntryPriceTag {
  priceFen: number
  /** A rolling term's days; null for a fixed end date (cohort). */
  days: number | null
  /** "约 0.55 元/天" for a rolling term; null otherwise. */
  perDayText: string | null
}

const DAY_MS = 86_400_000

export type EntryTerm = { kind: 'rolling'; days: number } | { kind: 'cohort'; endsAt: Date }

export interface EntryPricing {
  priceFen: number
  /** 划线价: shown struck through; ignored unless above the price. */
  markedPriceFen?: number | null
  term: EntryTerm
}

export interface PassPricing {
  priceFen: number
  days: number
}

export interface CoursePricing {
  priceFen: number
  memberDiscountBps?: number
}

export interface EntryQuote {
  amountFen: number
  markedPriceFen: number | null
  priceBreakdown: PriceBreakdown
  perDayText: string
  termStartsAt: Date
  termEndsAt: Date
  /** Cohort: whole days left until the fixed end (a started day counts); null for rolling. */
  remainingDays: number | null
}

/**
 * Where a membership ends after buying `days` more: from the later of now and the current expiry,
 * so renewing early loses no day (docs/features.md §3). Shanghai has no daylight saving: a day is 24 h.
 */
export function extendTerm(currentExpiresAt: Date | null, now: Date, days: number): Date {
  if (!Number.isSafeInteger(days) || days < 1) throw new Error(`bad term days ${days}`)
  const from = Math.max(now.getTime(), currentExpiresAt?.getTime() ?? 0)
  return new Date(from + days * DAY_MS)
}

export function quoteEntry(pricing: EntryPricing, ctx: { now: Date; currentExpiresAt: Date | null }): EntryQuote {
  const { now, currentExpiresAt } = ctx
  assertPrice(pricing.priceFen)
  const markedPriceFen =
    pricing.markedPriceFen && pricing.markedPriceFen > pricing.priceFen ? pricing.markedPriceFen : null
  const priceBreakdown: PriceBreakdown = { baseFen: pricing.priceFen, discountFen: 0, discount: null }
  if (pricing.term.kind === 'rolling') {
    const termStartsAt = new Date(Math.max(now.getTime(), currentExpiresAt?.getTime() ?? 0))
    return {
      amountFen: pricing.priceFen,
      markedPriceFen,
      priceBreakdown,
      perDayText: perDayText(pricing.priceFen, pricing.term.days),
      termStartsAt,
      termEndsAt: extendTerm(currentExpiresAt, now, pricing.term.days),
      remainingDays: null,
    }
  }
  // Cohort: everyone ends on the same date; nobody may buy a term that has already ended.
  const { endsAt } = pricing.term
  if (endsAt.getTime() <= now.getTime()) throw new DomainError('product_unavailable')
  if (currentExpiresAt && currentExpiresAt.getTime() >= endsAt.getTime()) throw new DomainError('already_purchased')
  const remainingDays = Math.ceil((endsAt.getTime() - now.getTime()) / DAY_MS)
  return {
    amountFen: pricing.priceFen,
    markedPriceFen,
    priceBreakdown,
    perDayText: perDayText(pricing.priceFen, remainingDays),
    termStartsAt: now,
    termEndsAt: endsAt,
    remainingDays,
  }
}

/** An annual pass for oneself extends like a rolling renewal; a gift pass extends the redeemer's term (extendTerm at redemption). */
export function quotePass(pass: PassPricing, ctx: { now: Date; currentExpiresAt: Date | null }): EntryQuote {
  return quoteEntry({ priceFen: pass.priceFen, term: { kind: 'rolling', days: pass.days } }, ctx)
}

export interface CourseQuote {
  amountFen: number
  priceBreakdown: PriceBreakdown
}

/**
 * Members get the configured discount, floored to the fen (the buyer never pays a fen more than the
 * rate says). amountFen 0 means free for members: grant it without an order (no channel takes 0).
 */
export function quoteCourse(course: CoursePricing, ctx: { isMember: boolean }): CourseQuote {
  assertPrice(course.priceFen)
  const bps = course.memberDiscountBps ?? 0
  if (!Number.isSafeInteger(bps) || bps < 0 || bps > 10_000) throw new Error(`bad memberDiscountBps ${bps}`)
  const discountFen = ctx.isMember ? bpsOf(course.priceFen, bps) : 0
  return {
    amountFen: course.priceFen - discountFen,
    priceBreakdown: { baseFen: course.priceFen, discountFen, discount: discountFen > 0 ? 'member' : null },
  }
}

function assertPrice(priceFen: number) {
  assertFen(priceFen, 'priceFen', { nonNegative: true })
  if (priceFen < 1) throw new DomainError('product_unavailable')
}

/**
 * "约 0.28 元/天": the price per day rounded UP to the fen, so the text never undersells; "约" only
 * when it was rounded. Integer math: ceil(a / b) = floor((a + b − 1) / b).
 */
export function perDayText(priceFen: number, days: number): string {
  assertFen(priceFen, 'priceFen', { nonNegative: true })
  if (!Number.isSafeInteger(days) || days < 1) throw new Error(`bad days ${days}`)
  const perDayFen = Math.floor((priceFen + days - 1) / days)
  const exact = perDayFen * days === priceFen
  return `${exact ? '' : '约 '}${yuanText(perDayFen)} 元/天`
}

/** 1280 → "12.80", 2000000 → "20,000.00" (negative: "-12.80"). No float: integer math only. */
export function yuanText(fen: number): string {
  assertFen(fen, 'fen')
  const abs = Math.abs(fen)
  const text = `${groupThousands(String(Math.floor(abs / 100)))}.${String(abs % 100).padStart(2, '0')}`
  return fen < 0 ? `-${text}` : text
}

// By hand: toLocaleString's grouping differs between the mini-program's JS engines.
function groupThousands(digits: string): string {
  let out = ''
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ','
    out += digits[i]
  }
  return out
}

/**
 * Money for people, from one place: 'symbol' → "¥12.80" (prices), 'yuan' → "12.80 元" (sentences),
 * 'signed' → "+12.80" / "-12.80" (statement lines).
 */
export function formatFen(fen: number, style: 'symbol' | 'yuan' | 'signed' = 'symbol'): string {
  const text = yuanText(fen)
  if (style === 'yuan') return `${text} 元`
  if (style === 'signed') return fen > 0 ? `+${text}` : text
  return fen < 0 ? `-¥${text.slice(1)}` : `¥${text}`
}

// (price input: memberui)
/** What any price field accepts, the same bound as the contract's `fen` (¥0.01 – ¥1,000,000.00). */
export const PRICE_INPUT_RANGE_FEN = { min: 1, max: 100_000_000 } as const

export type PriceInput = { ok: true; fen: number } | { ok: false; problem: string }

/**
 * The one parser of an amount a person types (every price field uses it). Digits only, never
 * parseFloat, so "19.9" is exactly 1990 fen. A sign is refused, not dropped ("-50" is not ¥50),
 * and a refusal says the allowed range. `minFen: 0` lets a field mean "free" with 0.
 */
export function parsePriceInput(
  text: string,
  opts: { label?: string; minFen?: number; maxFen?: number } = {},
): PriceInput {
  const label = opts.label ?? '价格'
  const minFen = opts.minFen ?? PRICE_INPUT_RANGE_FEN.min
  const maxFen = opts.maxFen ?? PRICE_INPUT_RANGE_FEN.max
  const range = `${label}需在 ${formatFen(minFen)} – ${formatFen(maxFen)} 之间`
  const s = text.trim().replace(/^[¥￥]/, '')
  if (!s) return { ok: false, problem: `请填写${label}（元）` }
  if (/^[-－—]/.test(s)) return { ok: false, problem: `${label}不能为负数：${range}` }
  const m = /^(\d+)(?:\.(\d*))?$/.exec(s) ?? /^()\.(\d+)$/.exec(s)
  if (!m) return { ok: false, problem: `${label}只能填数字（元），最多两位小数` }
  const decimals = m[2] ?? ''
  if (decimals.length > 2) return { ok: false, problem: `${label}最多两位小数（精确到分）` }
  const whole = m[1].replace(/^0+(?=\d)/, '')
  // longer than the bound's digits: out of range, without a number JS cannot hold exactly
  if (whole.length > String(Math.floor(maxFen / 100)).length) return { ok: false, problem: range }
  const fen = Number(whole || '0') * 100 + Number(decimals.padEnd(2, '0'))
  if (fen < minFen || fen > maxFen) return { ok: false, problem: range }
  return { ok: true, fen }
}
// (end price input)

// (entry price tag: memberui)
/**
 * Entry's price where a person decides (发现, the landing's 付费加入, the questionnaire, 已通过 ·
 * 去支付), computed here so every view says the same: the price and, for a rolling term, its price
 * per day. A fixed-end (cohort) term's per-day price depends on the day: the buy page says it.
 */
export function entryPriceTag(entry: EntryPricing | null | undefined): EntryPriceTag | null {
  if (!entry || entry.priceFen < 1) return null
  return {
    priceFen: entry.priceFen,
    days: entry.term.kind === 'rolling' ? entry.term.days : null,
    perDayText: entry.term.kind === 'rolling' ? perDayText(entry.priceFen, entry.term.days) : null,
  }
}
// (end entry price tag)
