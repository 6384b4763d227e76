/**
 * Integer money arithmetic (docs/money.md "Units"): amounts are whole fen, rates are basis points, and
 * no float ever touches a money path. Every helper asserts safe integers, so an overflow is a loud
 * error rather than a silently rounded balance.
 */

export const BPS_DENOMINATOR = 10_000

/** Throws unless n is a safe integer (optionally ≥ 0). A bug guard, not a user error. */
export function assertFen(n: number, what = 'amountFen', opts: { nonNegative?: boolean } = {}): void {
  if (!Number.isSafeInteger(n)) throw new Error(`${what} must be a safe integer of fen, got ${n}`)
  if (opts.nonNegative && n < 0) throw new Error(`${what} must not be negative, got ${n}`)
}

/**
 * floor(a × b / c) for non-negative integers, exact even when a × b passes 2^53 (an order of
 * 1 000 000 元 times a part of it does): BigInt is used only then.
 */
export function mulDivFloor(a: number, b: number, c: number): number {
  assertFen(a, 'a', { nonNegative: true })
  assertFen(b, 'b', { nonNegative: true })
  if (!Number.isSafeInteger(c) || c <= 0) throw new Error(`divisor must be a positive safe integer, got ${c}`)
  const product = a * b
  if (Number.isSafeInteger(product)) return Math.floor(product / c)
  return Number((BigInt(a) * BigInt(b)) / BigInt(c))
}

/** floor(amount × bps / 10000): the one way a rate becomes fen. */
export function bpsOf(amountFen: number, bps: number): number {
  return mulDivFloor(amountFen, bps, BPS_DENOMINATOR)
}

export function sumFen(values: readonly number[]): number {
  let total = 0
  for (const v of values) {
    assertFen(v)
    total += v
    assertFen(total, 'sum')
  }
  return total
}
