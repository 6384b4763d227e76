/**
 * WeChat Pay v3's wire rules as WeChat's side applies them, written for the simulator on their
 * own (not borrowed from the production adapter, so each checks the other): the merchant's
 * Authorization header, signed answers, and notifications encrypted with the APIv3 key and signed
 * with the platform key.
 */
import { createCipheriv, createSign, createVerify, randomBytes } from 'crypto'

export const AUTH_SCHEME = 'WECHATPAY2-SHA256-RSA2048'

export function sign(message: string, privateKeyPem: string): string {
  return createSign('RSA-SHA256').update(message, 'utf8').sign(privateKeyPem, 'base64')
}

export function verify(message: string, signature: string, publicKeyPem: string): boolean {
  try {
    return createVerify('RSA-SHA256').update(message, 'utf8').verify(publicKeyPem, signature, 'base64')
  } catch {
    return false
  }
}

export function nonce(): string {
  return randomBytes(16).toString('hex')
}

export interface AuthCheck {
  ok: boolean
  why?: string
}

/**
 * `Authorization: WECHATPAY2-SHA256-RSA2048 mchid="…",serial_no="…",timestamp="…",nonce_str="…",signature="…"`
 * over `METHOD\nURL\ntimestamp\nnonce\nbody\n`, URL being the path with its query as requested.
 */
export function checkAuthorization(
  header: string | undefined,
  request: { method: string; url: string; body: string },
  merchant: { mchid: string; serial: string; publicKey: string },
  nowSeconds: number,
): AuthCheck {
  if (!header || !header.startsWith(`${AUTH_SCHEME} `))
    return { ok: false, why: 'Authorization is not WECHATPAY2-SHA256-RSA2048' }
  const fields: Record<string, string> = {}
  for (const m of header.slice(AUTH_SCHEME.length + 1).matchAll(/(\w+)="([^"]*)"/g)) fields[m[1]] = m[2]
  const { mchid, serial_no, timestamp, nonce_str, signature } = fields
  if (!mchid || !serial_no || !timestamp || !nonce_str || !signature)
    return { ok: false, why: 'Authorization lacks a field' }
  if (mchid !== merchant.mchid) return { ok: false, why: `unknown mchid ${mchid}` }
  if (serial_no !== merchant.serial) return { ok: false, why: `unknown certificate serial ${serial_no}` }
  if (Math.abs(nowSeconds - Number(timestamp)) > 300) return { ok: false, why: 'timestamp more than 5 minutes off' }
  const message = `${request.method}\n${request.url}\n${timestamp}\n${nonce_str}\n${request.body}\n`
  if (!verify(message, signature, merchant.publicKey)) return { ok: false, why: 'signature does not verify' }
  return { ok: true }
}

/** Headers that sign an answer or a notification: SHA256withRSA over `timestamp\nnonce\nbody\n`. */
export function signedHeaders(
  body: string,
  platform: { keyId: string; privateKey: string },
  timestampSeconds: number,
): Record<string, string> {
  const n = nonce()
  return {
    'Wechatpay-Timestamp': String(timestampSeconds),
    'Wechatpay-Nonce': n,
    'Wechatpay-Serial': platform.keyId,
    'Wechatpay-Signature': sign(`${timestampSeconds}\n${n}\n${body}\n`, platform.privateKey),
    'Wechatpay-Signature-Type': AUTH_SCHEME,
  }
}

export function encryptResource(
  plaintext: string,
  apiv3Key: string,
  associatedData: string,
): {
  algorithm: 'AEAD_AES_256_GCM'
  ciphertext: string
  associated_data: string
  nonce: string
} {
  // WeChat's resource nonce is 12 printable characters
  const iv = randomBytes(6).toString('hex')
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiv3Key, 'utf8'), Buffer.from(iv, 'utf8'))
  cipher.setAAD(Buffer.from(associatedData, 'utf8'))
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString(
    'base64',
  )
  return { algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: associatedData, nonce: iv }
}

/** RFC 3339 in Beijing time, as WeChat writes times. */
export function beijing(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+08:00')
}

export function digits(n: number): string {
  let out = ''
  while (out.length < n) out += randomBytes(8).readBigUInt64BE().toString().slice(1)
  return out.slice(0, n)
}
