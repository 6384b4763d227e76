/** How the dashboard writes its figures. */
export const bpsText = (bps: number | null) => (bps === null ? '—' : `${(bps / 100).toFixed(bps % 100 ? 1 : 0)}%`)
export const yuanText = (fen: number) => `¥${(fen / 100).toFixed(2)}`
export function minutesText(m: number | null): string {
  if (m === null) return '—'
  if (m < 60) return `${m} 分钟`
  const h = Math.floor(m / 60)
  return m % 60 ? `${h} 小时 ${m % 60} 分钟` : `${h} 小时`
}
