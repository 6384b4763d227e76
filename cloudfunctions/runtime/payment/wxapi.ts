/**
 * WeChat's server API (api.weixin.qq.com) as the functions call it: JSON over Node's own
 * http/https (CloudBase runs the functions on Node 16, which has no global fetch), code2Session
 * for the buyer's session_key, and the access token from the stable-token API
 * (POST /cgi-bin/stable_token), cached until shortly before it expires. The local cloud points
 * the base URL at its simulator; nothing else differs.
 */
import * as http from 'http'
import * as https from 'https'
import { DomainError } from '../../core/errors'

export interface WxApiAnswer {
  status: number
  data: any
}

/** One JSON request; a network failure or a non-JSON answer is payment_channel_unavailable. */
export function requestJson(
  method: 'GET' | 'POST',
  url: string,
  body?: string,
  timeoutMs = 10_000,
): Promise<WxApiAnswer> {
  const target = new URL(url)
  const lib = target.protocol === 'http:' ? http : https
  return new Promise((resolve, reject) => {
    const req = lib.request(
      target,
      {
        method,
        headers:
          body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          try {
            resolve({ status: res.statusCode ?? 0, data: text ? JSON.parse(text) : {} })
          } catch {
            reject(
              new DomainError('payment_channel_unavailable', `${target.pathname}: not JSON (HTTP ${res.statusCode})`),
            )
          }
        })
      },
    )
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', (err) =>
      reject(new DomainError('payment_channel_unavailable', `${target.pathname}: ${err.message}`)),
    )
    req.end(body)
  })
}

export interface WxApiOptions {
  appid: string
  secret: string
  baseUrl: string
  now?: () => Date
}

export interface WxApi {
  /** A valid access_token (stable-token API; cached until 5 minutes before it expires). */
  accessToken(): Promise<string>
  /** wx.login's code → the user's openid and session_key (jscode2session). */
  code2Session(code: string): Promise<{ openid: string; sessionKey: string }>
}

export function createWxApi(options: WxApiOptions): WxApi {
  const now = options.now ?? (() => new Date())
  let token: { value: string; until: number } | null = null
  return {
    async accessToken() {
      if (token && token.until > now().getTime()) return token.value
      const body = JSON.stringify({
        grant_type: 'client_credential',
        appid: options.appid,
        secret: options.secret,
        force_refresh: false,
      })
      const { data } = await requestJson('POST', `${options.baseUrl}/cgi-bin/stable_token`, body)
      if (data?.errcode || typeof data?.access_token !== 'string') {
        throw new DomainError(
          'payment_channel_unavailable',
          `stable_token errcode ${data?.errcode} ${data?.errmsg ?? ''}`,
        )
      }
      const seconds = Number(data.expires_in) || 7200
      token = { value: data.access_token, until: now().getTime() + Math.max(60, seconds - 300) * 1000 }
      return token.value
    },
    async code2Session(code) {
      const q = new URLSearchParams({
        appid: options.appid,
        secret: options.secret,
        js_code: code,
        grant_type: 'authorization_code',
      })
      const { data } = await requestJson('GET', `${options.baseUrl}/sns/jscode2session?${q}`)
      if (data?.errcode || typeof data?.openid !== 'string' || typeof data?.session_key !== 'string') {
        // 40029: the code is invalid or used; 40226: a high-risk user (WeChat's own refusal)
        throw new DomainError(
          'invalid_argument',
          `jscode2session errcode ${data?.errcode} ${data?.errmsg ?? ''}`,
          'code',
        )
      }
      return { openid: data.openid, sessionKey: data.session_key }
    },
  }
}
