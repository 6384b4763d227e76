/**
 * The local pay simulator (H5 against the local cloud only). It stands in for the screens WeChat
 * shows a user; calls go to the same origin as the app, as the demo user picked on dev login.
 */
import { isErrorCode } from '@core/errors'
import { ApiError, getDevOpenid } from './cloud'

async function post(path: string): Promise<unknown> {
  const openid = getDevOpenid()
  if (!openid) throw new ApiError('unauthenticated')
  let res: Response
  try {
    res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-dev-openid': openid }, body: '{}' })
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
    const env = body as { ok: boolean; data?: unknown; error?: { code?: unknown; param?: string } }
    if (env.ok) return env.data
    throw new ApiError(env.error && isErrorCode(env.error.code) ? env.error.code : 'internal', env.error?.param)
  }
  if (!res.ok) throw new ApiError(res.status >= 500 ? 'internal' : 'network')
  return body
}

/** The user accepts a 商家转账 in the simulator: what wx.requestMerchantTransfer's page does in WeChat. */
export async function confirmSimulatedTransfer(withdrawalId: string): Promise<void> {
  await post(`/paysim/transfers/${encodeURIComponent(withdrawalId)}/confirm`)
}
