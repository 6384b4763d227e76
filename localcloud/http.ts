/** Small helpers over node:http shared by the local cloud's routes. */
import type { IncomingMessage, ServerResponse } from 'http'
import { ERROR_MESSAGES } from '../cloudfunctions/core/errors'

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  })
  res.end(text)
}

export function sendError(res: ServerResponse, status: number, code: string, message: string, param?: string): void {
  sendJson(res, status, { ok: false, error: { code, message, ...(param ? { param } : {}) } })
}

/** Reads the whole body, refusing more than `limit` bytes (413 request_too_large, the error table's words). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0)
    if (declared > limit) {
      req.resume()
      reject(new HttpError(413, 'request_too_large', ERROR_MESSAGES.request_too_large))
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        req.removeAllListeners('data')
        req.resume()
        reject(new HttpError(413, 'request_too_large', ERROR_MESSAGES.request_too_large))
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

export async function readJson(req: IncomingMessage, limit = 1024 * 1024): Promise<any> {
  const body = await readBody(req, limit)
  if (body.length === 0) return {}
  try {
    return JSON.parse(body.toString('utf8'))
  } catch {
    throw new HttpError(400, 'request_not_json', ERROR_MESSAGES.request_not_json)
  }
}

const OPENID = /^[A-Za-z0-9_-]{1,64}$/

/** The dev login's stand-in for WeChat's identity: header x-dev-openid. */
export function devOpenid(req: IncomingMessage): string | undefined {
  const raw = req.headers['x-dev-openid']
  const value = Array.isArray(raw) ? raw[0] : raw
  if (value === undefined || value === '') return undefined
  if (!OPENID.test(value)) throw new HttpError(400, 'invalid_argument', 'x-dev-openid must be 1-64 of A-Z a-z 0-9 _ -')
  return value
}
