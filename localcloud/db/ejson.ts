// EJSON codec for the SDK's wire format. @cloudbase/database sends queries, orders, projections,
// update data and documents as *canonical* EJSON strings (`{"$numberInt":"1"}`,
// `{"$date":{"$numberLong":"…"}}`) and parses replies with `EJSON.parse`, so dates come back as
// Dates and numbers as numbers. Inside the emulator values are plain JS (number, Date, RegExp) so
// mingo can evaluate them; the int/double distinction is not kept (JS has one number type, and the
// SDK's relaxed parse loses it on the way in anyway).
import { BSONRegExp, EJSON } from 'bson'

/** `db.serverDate({ offset })` travels as `{"$tcb_server_date":{"offset":N}}`; the server resolves it. */
const SERVER_DATE = '$tcb_server_date'

export type Plain = null | boolean | number | string | Date | RegExp | Plain[] | { [key: string]: Plain }
export type PlainDoc = { [key: string]: Plain }

const JS_REGEX_FLAGS = new Set(['i', 'm', 's', 'u', 'g'])

function toPlain(value: unknown, now: () => Date): Plain {
  if (value === null || value === undefined) return null
  if (Array.isArray(value)) return value.map((v) => toPlain(v, now))
  if (value instanceof Date || typeof value !== 'object') return value as Plain
  if (value instanceof BSONRegExp) {
    const flags = [...value.options].filter((f) => JS_REGEX_FLAGS.has(f)).join('')
    return new RegExp(value.pattern, flags)
  }
  if (value instanceof RegExp) return value
  const bsontype = (value as { _bsontype?: string })._bsontype
  if (bsontype) return value as Plain // ObjectId, Decimal128, Binary…: kept as is, encoded back verbatim
  const obj = value as Record<string, unknown>
  const keys = Object.keys(obj)
  if (keys.length === 1 && keys[0] === SERVER_DATE) {
    const spec = obj[SERVER_DATE] as { offset?: unknown } | null
    const offset = typeof spec?.offset === 'number' ? spec.offset : 0
    return new Date(now().getTime() + offset)
  }
  const out: Record<string, Plain> = {}
  for (const key of keys) out[key] = toPlain(obj[key], now)
  return out
}

/** Parse one EJSON string from the wire into plain values, resolving serverDate with `now`. */
export function decode(text: string, now: () => Date): Plain {
  return toPlain(EJSON.parse(text, { relaxed: true }), now)
}

/** Convert an already parsed value (e.g. an aggregate stage) the same way. */
export function fromWireValue(value: unknown, now: () => Date): Plain {
  return toPlain(value, now)
}

/** Canonical EJSON, exactly what the SDK's `EJSON.parse` expects in `data.list`. */
export function encode(value: unknown): string {
  return EJSON.stringify(value as EJSON.SerializableTypes, { relaxed: false })
}

/** Relaxed EJSON for the files on disk: readable, dates as ISO strings. */
export function encodeForDisk(value: unknown): string {
  return EJSON.stringify(value as EJSON.SerializableTypes, { relaxed: true })
}

export function decodeFromDisk(text: string): Plain {
  return toPlain(EJSON.parse(text, { relaxed: true }), () => new Date(0))
}

/** Deep copy that keeps Dates and RegExps (documents handed out must not alias the store). */
export function clone<T>(value: T): T {
  // Not structuredClone: it makes Dates of the outer realm, which under jest's vm sandbox fail
  // `instanceof Date`, so mingo would compare and sort them as plain objects.
  return cloneValue(value) as T
}

function cloneValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value
  if (Object.prototype.toString.call(value) === '[object Date]') return new Date((value as Date).getTime())
  if (Array.isArray(value)) return value.map(cloneValue)
  if (Object.prototype.toString.call(value) === '[object RegExp]') {
    const re = value as RegExp
    return new RegExp(re.source, re.flags)
  }
  if (ArrayBuffer.isView(value)) return (value as Uint8Array).slice()
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = cloneValue(v)
  return out
}

export function isPlainObject(value: unknown): value is Record<string, Plain> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof RegExp) &&
    !(value as { _bsontype?: string })._bsontype
  )
}
