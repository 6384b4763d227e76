/**
 * Cursor pagination (docs/architecture.md "Scale": never skip over large collections). A cursor is the sort
 * key of the last item of a page, opaque to the client.
 */
import { DomainError } from './errors'

export type CursorKey = Record<string, string | number>

export function encodeCursor(key: CursorKey): string {
  const json = JSON.stringify(key)
  return base64UrlEncode(json)
}

export function decodeCursor(cursor: string | undefined, fields: readonly string[]): CursorKey | null {
  if (!cursor) return null
  let parsed: unknown
  try {
    parsed = JSON.parse(base64UrlDecode(cursor))
  } catch {
    throw new DomainError('invalid_argument', undefined, 'cursor')
  }
  if (!parsed || typeof parsed !== 'object') throw new DomainError('invalid_argument', undefined, 'cursor')
  const key = parsed as Record<string, unknown>
  for (const f of fields) {
    const v = key[f]
    if (typeof v !== 'string' && typeof v !== 'number') throw new DomainError('invalid_argument', undefined, 'cursor')
  }
  return key as CursorKey
}

/** Given limit+1 fetched rows, the page and the cursor of its last row (null when no more). */
export function pageOf<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => CursorKey,
): { rows: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { rows, nextCursor: null }
  const page = rows.slice(0, limit)
  return { rows: page, nextCursor: encodeCursor(keyOf(page[page.length - 1])) }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

// Hand-rolled over UTF-8 bytes because neither Buffer (app) nor btoa (mini-program) exists everywhere.
function base64UrlEncode(text: string): string {
  const bytes = utf8Encode(text)
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0)
    const chars = [(n >> 18) & 63, (n >> 12) & 63, (n >> 6) & 63, n & 63].map((x) => B64[x])
    out += chars.slice(0, Math.ceil((Math.min(3, bytes.length - i) * 8) / 6)).join('')
  }
  return out
}

function base64UrlDecode(text: string): string {
  const bytes: number[] = []
  let buffer = 0
  let bits = 0
  for (const ch of text) {
    const v = B64.indexOf(ch)
    if (v < 0) throw new Error('bad base64')
    buffer = (buffer << 6) | v
    bits += 6
    if (bits >= 8) {
      bits -= 8
      bytes.push((buffer >> bits) & 0xff)
    }
  }
  return utf8Decode(bytes)
}

function utf8Encode(text: string): number[] {
  const out: number[] = []
  for (const ch of text) {
    const c = ch.codePointAt(0)!
    if (c < 0x80) out.push(c)
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63))
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
  }
  return out
}

function utf8Decode(bytes: number[]): string {
  let out = ''
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]
    let c: number
    if (b < 0x80) {
      c = b
      i += 1
    } else if (b < 0xe0) {
      c = ((b & 31) << 6) | (bytes[i + 1] & 63)
      i += 2
    } else if (b < 0xf0) {
      c = ((b & 15) << 12) | ((bytes[i + 1] & 63) << 6) | (bytes[i + 2] & 63)
      i += 3
    } else {
      c = ((b & 7) << 18) | ((bytes[i + 1] & 63) << 12) | ((bytes[i + 2] & 63) << 6) | (bytes[i + 3] & 63)
      i += 4
    }
    if (Number.isNaN(c)) throw new Error('bad utf-8')
    out += String.fromCodePoint(c)
  }
  return out
}
