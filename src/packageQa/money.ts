import { formatFen, parsePriceInput } from '@core/money/pricing'

/** ¥12.00 */
export const yuan = (fen: number): string => formatFen(Math.trunc(fen), 'symbol')
/** 12 or 12.50: a price typed or shown in 元. */
export const yuanPlain = (fen: number): string => (fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2))
/** 元 typed by a person → fen; null when it is not an amount. */
export function parseYuan(text: string): number | null {
  const r = parsePriceInput(text, { minFen: 0 })
  return r.ok ? r.fen : null
}
