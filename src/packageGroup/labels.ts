/** Words of the 拼团 screens (the server's status labels come with each group). */
import type { OrderGroup } from '@core/group'

/** "剩余 1 天 02:03:04" until the deadline; '' once it passed. */
export function countdownText(deadline: string, nowMs: number): string {
  const left = Math.max(0, new Date(deadline).getTime() - nowMs)
  if (left <= 0) return ''
  const s = Math.floor(left / 1000)
  const days = Math.floor(s / 86400)
  const pad = (n: number) => String(n).padStart(2, '0')
  const hms = `${pad(Math.floor((s % 86400) / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`
  return `剩余 ${days > 0 ? `${days} 天 ` : ''}${hms}`
}

/** What the caller's own seat means, said on the group page. */
export const MY_STATE_TEXT: Record<OrderGroup['state'], string> = {
  pending: '你的订单还没有支付，支付后即占座',
  joined: '你已参团，成团后自动开通',
  fulfilled: '拼团成功，已为你开通',
  refused: '这个团已满或已结束，你的付款已全额原路退回',
  refunded: '未在时限内成团，你的付款已全额原路退回',
}

export const KIND_TEXT: Record<string, string> = { entry: '入圈', pass: '年卡', course: '课程' }
