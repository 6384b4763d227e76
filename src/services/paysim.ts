/**
 * The local pay simulator (H5 against the local cloud only): it stands in for the screens WeChat
 * shows a user — the cashier sheet and the 商家转账 confirmation — on the same origin as the app,
 * as the demo user picked on dev login. What happened is still the server's word (shop.confirm,
 * wallet.refreshWithdrawal).
 */
import { isErrorCode } from '@core/errors'
import { ApiError, getDevOpenid } from './cloud'

export interface CashierSheet {
  amountFen: number
  description: string
  /** The simulator speaks WeChat Pay's trade states: NOTPAY, SUCCESS, REFUND, CLOSED. */
  state: string
  /** An unpaid order past its time limit (WeChat would refuse to pay it). */
  expired?: boolean
}

async function request<T>(method: 'GET' | 'POST', path: string): Promise<T> {
  const openid = getDevOpenid()
  if (!openid) throw new ApiError('unauthenticated')
  let res: Response
  try {
    res = await fetch(path, {
      method,
      headers: { 'content-type': 'application/json', 'x-dev-openid': openid },
      body: method === 'POST' ? '{}' : undefined,
    })
  } catch {
    throw new ApiError('network')
  }
  let body: unknown = null
  try {
    body = await res.json()
  } catch {
    // An empty 2xx answer is a plain acknowledgement.
  }
  if (body && typeof body === 'object' && 'ok' in body) {
    const env = body as { ok: boolean; data?: T; error?: { code?: unknown; param?: string } }
    if (env.ok) return env.data as T
    throw new ApiError(env.error && isErrorCode(env.error.code) ? env.error.code : 'internal', env.error?.param)
  }
  if (res.status === 404) throw new ApiError('order_not_found')
  if (!res.ok) throw new ApiError(res.status >= 500 ? 'internal' : 'network')
  return body as T
}

const base = (orderId: string) => `/paysim/cashier/${encodeURIComponent(orderId)}`

export function getCashierSheet(orderId: string): Promise<CashierSheet> {
  return request<CashierSheet>('GET', base(orderId))
}

export async function payAtCashier(orderId: string): Promise<void> {
  await request('POST', base(orderId) + '/pay')
}

export async function cancelAtCashier(orderId: string): Promise<void> {
  await request('POST', base(orderId) + '/cancel')
}

export const isSheetPaid = (sheet: CashierSheet) => /^(SUCCESS|REFUND)$/i.test(sheet.state)
// A cancelled sheet is only closed, like WeChat's: the order can still be paid until it expires.
export const isSheetClosed = (sheet: CashierSheet) => /^CLOSED$/i.test(sheet.state) || !!sheet.expired

/** The user accepts a 商家转账 in the simulator: what wx.requestMerchantTransfer's page does in WeChat. */
export async function confirmSimulatedTransfer(withdrawalId: string): Promise<void> {
  await request('POST', `/paysim/transfers/${encodeURIComponent(withdrawalId)}/confirm`)
}

/**
 * wx.requestVirtualPayment's sheet, as the local virtual-payment simulator stands in for it: the
 * user sees what WeChat would show and pays; the simulator checks paySig and the user signature,
 * then sends the delivery push to the function, as WeChat does.
 */
export async function payVirtualSheet(params: {
  mode: string
  signData: string
  paySig: string
  signature: string
}): Promise<void> {
  const openid = getDevOpenid()
  if (!openid) throw new ApiError('unauthenticated')
  let res: Response
  try {
    res = await fetch('/wxapi/_sheet/pay', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-dev-openid': openid },
      body: JSON.stringify(params),
    })
  } catch {
    throw new ApiError('network')
  }
  const body = (await res.json().catch(() => null)) as { ok?: boolean; error?: { code?: unknown } } | null
  if (!body?.ok) throw new ApiError(body?.error && isErrorCode(body.error.code) ? body.error.code : 'internal')
}
