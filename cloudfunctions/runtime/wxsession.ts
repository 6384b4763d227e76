/**
 * The buyer's WeChat session for virtual payment: code2Session at login keeps the session_key on
 * the server (collection wxSessions), and the virtual prepay signs with it. Light on purpose: the
 * user function uses it without loading the payment adapters.
 */
import { DomainError } from '../core/errors'
import { now } from './clock'
import { readVirtualPayConfig, wxApiBaseUrl } from './payment/config'
import { createWxApi, type WxApi } from './payment/wxapi'
import { wxSessions } from './repos/sessions'

let api: WxApi | null | undefined
/** WeChat's server API with the mini-program's AppSecret; null where none is configured. */
function wxApi(): WxApi | null {
  if (api === undefined) {
    const appid = readVirtualPayConfig(process.env)?.appid
    const secret = process.env.WX_APP_SECRET
    api = appid && secret ? createWxApi({ appid, secret, baseUrl: wxApiBaseUrl(process.env), now }) : null
  }
  return api
}

/**
 * A session_key older than this is fetched again at the next login: WeChat replaces it whenever
 * the user logs in again and expires it after inactivity, and a stale key makes the signature fail.
 */
export const SESSION_KEY_TTL_MS = 24 * 3600_000

/**
 * user.login with wx.login's code: exchanges it for the session_key (code2Session) and keeps that
 * server-side. The openid WeChat answers must be the caller's (the function's WeChat context).
 * Without virtual payment configured there is nothing to keep, and the code is not used.
 */
export async function rememberSession(openid: string, code: string, at: Date): Promise<void> {
  const client = wxApi()
  if (!client) return
  const session = await client.code2Session(code)
  if (session.openid !== openid) throw new DomainError('forbidden', 'code2Session answered another user', 'code')
  await wxSessions.put({ _id: openid, sessionKey: session.sessionKey, obtainedAt: at })
}

/** The buyer's current session_key, or `session_expired` (the app logs in again and retries). */
export async function sessionKeyOf(openid: string, at: Date): Promise<string> {
  const record = await wxSessions.get(openid)
  if (!record || at.getTime() - new Date(record.obtainedAt).getTime() > SESSION_KEY_TTL_MS)
    throw new DomainError('session_expired')
  return record.sessionKey
}
