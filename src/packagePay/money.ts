/**
 * Amounts as the buyer's screens show them: integer fen from the server, never a float
 * (money.md). 1280 → "¥12.80". The one display helper of this package.
 */
export function yuan(fen: number): string {
  const n = Math.trunc(fen)
  const abs = Math.abs(n)
  const whole = String(Math.floor(abs / 100))
  const cents = abs % 100
  let grouped = ''
  // By hand: toLocaleString's grouping differs between the mini-program engines.
  for (let i = 0; i < whole.length; i++) {
    if (i > 0 && (whole.length - i) % 3 === 0) grouped += ','
    grouped += whole[i]
  }
  return `${n < 0 ? '-' : ''}¥${grouped}.${cents < 10 ? '0' : ''}${cents}`
}
