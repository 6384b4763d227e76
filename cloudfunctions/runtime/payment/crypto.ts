/**
 * The cryptography of WeChat Pay API v3 and virtual payment, as plain functions over node:crypto
 * (the adapters and the unit tests use them; the simulator has its own, written independently).
 */
import { createDecipheriv, createHmac, createSign, createVerify, randomBytes, type KeyObject } from 'crypto'
import { DomainError } from '../../core/errors'

/** WeChat refuses a signed message more than 5 minutes away from its clock; so do we. */
export const MAX_CLOCK_SKEW_SECONDS = 300

export function nonceStr(bytes = 16): string {
  return randomBytes(bytes).toString('hex').toUpperCase()
}

export function rsaSign(message: string, privateKey: KeyObject | string): string {
  return createSign('RSA-SHA256').update(message, 'utf8').sign(privateKey, 'base64')
}

export function rsaVerify(message: string, signatureBase64: string, publicKey: KeyObject | string): boolean {
  try {
    return createVerify('RSA-SHA256').update(message, 'utf8').verify(publicKey, signatureBase64, 'base64')
  } catch {
    return false
  }
}

/** JSAPI / mini-program paySign: `appId\ntimeStamp\nnonceStr\npackage\n`, SHA256withRSA with the merchant key. */
export function jsapiPaySign(
  params: { appId: string; timeStamp: string; nonceStr: string; package: string },
  merchantPrivateKey: KeyObject | string,
): string {
  return rsaSign(`${params.appId}\n${params.timeStamp}\n${params.nonceStr}\n${params.package}\n`, merchantPrivateKey)
}

export function hmacSha256Hex(key: string, message: string): string {
  return createHmac('sha256', Buffer.from(key, 'utf8')).update(message, 'utf8').digest('hex')
}

/** AEAD_AES_256_GCM as WeChat uses it: base64(ciphertext ‖ 16-byte tag), the nonce and AAD as UTF-8 strings. */
export function decryptAeadAes256Gcm(
  apiv3Key: string,
  nonce: string,
  associatedData: string,
  ciphertextBase64: string,
): string {
  const key = Buffer.from(apiv3Key, 'utf8')
  if (key.length !== 32) throw new Error('the APIv3 key must be 32 bytes')
  const buf = Buffer.from(ciphertextBase64, 'base64')
  if (buf.length < 17) throw new Error('ciphertext too short')
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'utf8'))
  decipher.setAuthTag(buf.subarray(buf.length - 16))
  decipher.setAAD(Buffer.from(associatedData ?? '', 'utf8'))
  return Buffer.concat([decipher.update(buf.subarray(0, buf.length - 16)), decipher.final()]).toString('utf8')
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const wanted = name.toLowerCase()
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value[0] : value
  }
  return undefined
}

export interface VerifiedNotification {
  /** The notification envelope: id, create_time, event_type, resource_type, summary. */
  envelope: { id?: string; create_time?: string; event_type?: string; resource_type?: string; summary?: string }
  /** The decrypted resource. */
  resource: Record<string, any>
}

const reject = (why: string): never => {
  throw new DomainError('notification_rejected', `notification rejected: ${why}`)
}

/**
 * Verifies a WeChat Pay v3 notification in public-key mode and decrypts its resource:
 * Wechatpay-Serial must be our WeChat Pay public key id, Wechatpay-Timestamp within 5 minutes of
 * `now`, Wechatpay-Signature = SHA256withRSA(`timestamp\nnonce\nbody\n`) under that key, and the
 * resource must open with the APIv3 key (the GCM tag proves it was not altered).
 */
export function verifyNotification(
  request: {
    headers: Record<string, string | string[] | undefined>
    body: string | Record<string, unknown>
    isBase64Encoded?: boolean
  },
  keys: { publicKeyId: string; publicKey: KeyObject | string; apiv3Key: string },
  now: Date,
): VerifiedNotification {
  if (typeof request?.body !== 'string') return reject('the body must be the raw string that was signed')
  const body = request.isBase64Encoded ? Buffer.from(request.body, 'base64').toString('utf8') : request.body
  const headers = request.headers ?? {}
  const timestamp = header(headers, 'Wechatpay-Timestamp')
  const nonce = header(headers, 'Wechatpay-Nonce')
  const signature = header(headers, 'Wechatpay-Signature')
  const serial = header(headers, 'Wechatpay-Serial')
  if (!timestamp || !nonce || !signature || !serial) return reject('Wechatpay-* headers missing')
  if (serial !== keys.publicKeyId) return reject(`unknown Wechatpay-Serial ${serial}`)
  if (!/^\d{1,12}$/.test(timestamp)) return reject('malformed Wechatpay-Timestamp')
  const skew = Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp))
  if (skew > MAX_CLOCK_SKEW_SECONDS) return reject(`timestamp ${skew} s away from now`)
  if (!rsaVerify(`${timestamp}\n${nonce}\n${body}\n`, signature, keys.publicKey)) return reject('bad signature')

  let envelope: any
  try {
    envelope = JSON.parse(body)
  } catch {
    return reject('body is not JSON')
  }
  const resource = envelope?.resource
  if (
    !resource ||
    resource.algorithm !== 'AEAD_AES_256_GCM' ||
    typeof resource.ciphertext !== 'string' ||
    typeof resource.nonce !== 'string'
  ) {
    return reject('resource is not AEAD_AES_256_GCM')
  }
  let plain: string
  try {
    plain = decryptAeadAes256Gcm(keys.apiv3Key, resource.nonce, resource.associated_data ?? '', resource.ciphertext)
  } catch {
    return reject('resource does not decrypt with the APIv3 key')
  }
  let decrypted: any
  try {
    decrypted = JSON.parse(plain)
  } catch {
    return reject('resource is not JSON')
  }
  const { resource: _drop, ...rest } = envelope
  void _drop
  return { envelope: rest, resource: decrypted }
}

/** RFC 3339 in Beijing time, as WeChat Pay writes and expects times: 2026-11-23T19:30:00+08:00. */
export function rfc3339Beijing(at: Date): string {
  const shifted = new Date(at.getTime() + 8 * 3600_000)
  return shifted.toISOString().replace(/\.\d{3}Z$/, '+08:00')
}
