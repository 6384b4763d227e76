/**
 * Money as the owner's screens see it: integer fen in, integer fen out (docs/money.md: no floats on a
 * money path). Text a person types is parsed as digits, never through parseFloat, so 19.9 is
 * exactly 1990 fen and 4.35 is 435 (4.35 * 100 is 434.99999999999994 in floating point).
 */
import { formatFen as coreFormatFen, parsePriceInput, yuanText } from '@core/money/pricing'
import { inShanghai } from '@core/time'

/** A money event's time as the statement shows it, in Asia/Shanghai whatever the phone's zone. */
export const formatMoneyTime = (at: string): string => inShanghai(at).format('YYYY-MM-DD HH:mm')

/** The one display helper (core's rule): 1990 → "19.90"; signed: "+19.90" / "-19.90". */
export function formatFen(fen: number, opts: { signed?: boolean } = {}): string {
  const n = Math.trunc(fen)
  return opts.signed ? coreFormatFen(n, 'signed') : yuanText(n)
}

/** A whole-yuan or fen amount for rules text: 100 → "1", 2000000 → "20,000", 150 → "1.50". */
export function formatYuanShort(fen: number): string {
  const full = formatFen(fen)
  return full.endsWith('.00') ? full.slice(0, -3) : full
}

/**
 * "19.9" → 1990, "0.3" → 30, "20000" → 2000000; null for anything that is not a plain amount
 * with at most two decimals (no signs, no exponents, no "1.005").
 */
export function parseYuanToFen(text: string): number | null {
  const r = parsePriceInput(text, { minFen: 0 })
  return r.ok ? r.fen : null
}

/** fen → what an amount input shows when filled in for the person ("19.9" stays "19.90"). */
export function fenToInput(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return ''
  return formatFen(fen).replace(/,/g, '')
}

/** "12.5" (percent) → 1250 bps; null unless 0–100 with at most two decimals. */
export function parsePercentToBps(text: string): number | null {
  const m = /^(\d{1,3})(?:\.(\d{0,2}))?$/.exec(text.trim())
  if (!m) return null
  const bps = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
  return bps <= 10_000 ? bps : null
}

/** 1250 → "12.5"; 300 → "3". */
export function formatBps(bps: number): string {
  const whole = Math.floor(bps / 100)
  const rest = bps % 100
  if (rest === 0) return String(whole)
  return `${whole}.${rest < 10 ? '0' + rest : rest % 10 === 0 ? rest / 10 : rest}`
}
