/**
 * Amounts as the buyer's screens show them: integer fen from the server, never a float
 * (docs/money.md). 1280 → "¥12.80". The rule lives in core (one place for app and server).
 */
import { formatFen } from '@core/money/pricing'

export const yuan = (fen: number): string => formatFen(Math.trunc(fen), 'symbol')
