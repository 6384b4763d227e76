/**
 * The local cloud's `wx.openApi` endpoint: what answers `cloud.openapi.*` from the unmodified
 * wx-server-sdk 4.0.2.
 *
 * Wire (read from the SDK's own source, src/api/openapi/namespace/generic.ts and
 * src/protobuf/openapi.js):
 * - request: multipart `action=wx.openApi`, `apiName=security.msgSecCheck`, `requestData` = protobuf
 *   `CommApiData { apiType(1): OPEN_API=0, openapiData(2): OpenApiData { pairs(1): KeyValuePair
 *   { key(1), value(2) bytes, contenttype(3), filename(4) } }, appid(6) }`. The SDK converted the
 *   input to snake_case; each top-level key is one pair whose value is the JSON text of the value,
 *   except media (`{ contentType, value: Buffer }`), sent raw with contenttype and filename.
 * - reply: protobuf `CommOpenApiResp { respData(1) bytes, contentType(2), errorCode(3) int32,
 *   httpCode(4) }` with any content type other than exactly `application/json; charset=utf-8`
 *   (that one the SDK parses as a JSON platform error). `errorCode` ≠ 0 is a platform refusal
 *   (e.g. -604101: the function may not call this API); a JSON `respData` with `errcode` ≠ 0 is
 *   WeChat's own refusal (the SDK throws errCode = errcode); a non-JSON content type comes back to
 *   the function as `{ contentType, buffer }` (wxacode images).
 */
import type { WxApiCall, WxApiReply } from '../admin'
import type { LocalDatabase } from '../db'
import { OPENAPI_HANDLERS } from './handlers'
import type { OpenApiContext, OpenApiHandler, OpenApiResult } from './types'

/** Platform error codes the local cloud answers in `CommOpenApiResp.errorCode`. */
export const OPENAPI_ERRORS = {
  /** WeChat's answer when the calling function has no permission for the API (or it does not exist). */
  NO_PERMISSION: -604101,
  /** wx-server-sdk's WX_SYSTEM_ERROR: the local handler crashed. */
  SYSTEM_ERROR: -601001,
} as const

export interface OpenApiDeps {
  db?: LocalDatabase
  now: () => Date
  /** The mini-program's appid (when the call names none). */
  appId: string
  /** Defaults to OPENAPI_HANDLERS. */
  handlers?: Record<string, OpenApiHandler>
  log?: (line: string) => void
  /** Where message pushes go (npm start: the contentCheck function, a little later; tests: a queue). */
  pushMessage?: (event: Record<string, unknown>) => void
}

/** The function the console's 消息推送 is configured to send `wxa_media_check` to (docs/content-security.md). */
export const MESSAGE_PUSH_FUNCTION = 'contentCheck'

/** One decoded `CommApiData`. */
export interface DecodedApiData {
  apiType: number
  appid: string
  /** snake_case keys as the SDK sent them; JSON values parsed; media as `{ contentType, fileName, value }`. */
  body: Record<string, unknown>
}

// ---- protobuf (only what these two messages need: varint and length-delimited fields) ----

class Reader {
  pos = 0
  constructor(private readonly buf: Buffer) {}
  get done(): boolean {
    return this.pos >= this.buf.length
  }
  varint(): bigint {
    let result = 0n
    let shift = 0n
    for (;;) {
      if (this.pos >= this.buf.length) throw new Error('protobuf: truncated varint')
      const byte = this.buf[this.pos++]
      result |= BigInt(byte & 0x7f) << shift
      if ((byte & 0x80) === 0) return result
      shift += 7n
      if (shift > 70n) throw new Error('protobuf: varint too long')
    }
  }
  bytes(): Buffer {
    const length = Number(this.varint())
    if (this.pos + length > this.buf.length) throw new Error('protobuf: truncated field')
    const out = this.buf.subarray(this.pos, this.pos + length)
    this.pos += length
    return Buffer.from(out)
  }
  /** Yields [field number, wire type]; the caller reads or skips the value. */
  tag(): [number, number] {
    const tag = Number(this.varint())
    return [tag >>> 3, tag & 7]
  }
  skip(wireType: number): void {
    if (wireType === 0) this.varint()
    else if (wireType === 1) this.pos += 8
    else if (wireType === 2) this.bytes()
    else if (wireType === 5) this.pos += 4
    else throw new Error(`protobuf: unsupported wire type ${wireType}`)
  }
}

function writeVarint(out: number[], value: bigint): void {
  let v = BigInt.asUintN(64, value)
  while (v > 0x7fn) {
    out.push(Number((v & 0x7fn) | 0x80n))
    v >>= 7n
  }
  out.push(Number(v))
}

function fieldBytes(out: number[], field: number, bytes: Buffer): void {
  writeVarint(out, BigInt((field << 3) | 2))
  writeVarint(out, BigInt(bytes.length))
  for (const b of bytes) out.push(b)
}

function fieldVarint(out: number[], field: number, value: number): void {
  writeVarint(out, BigInt(field << 3))
  // int32 negatives are sign-extended to 64 bits (10 bytes), as protobufjs writes them
  writeVarint(out, BigInt(value))
}

interface Pair {
  key: string
  value: Buffer
  contentType: string
  fileName: string
}

function decodePair(buf: Buffer): Pair {
  const r = new Reader(buf)
  const pair: Pair = { key: '', value: Buffer.alloc(0), contentType: '', fileName: '' }
  while (!r.done) {
    const [field, wire] = r.tag()
    if (wire !== 2) r.skip(wire)
    else if (field === 1) pair.key = r.bytes().toString('utf8')
    else if (field === 2) pair.value = r.bytes()
    else if (field === 3) pair.contentType = r.bytes().toString('utf8')
    else if (field === 4) pair.fileName = r.bytes().toString('utf8')
    else r.skip(wire)
  }
  return pair
}

/** Decodes the SDK's `CommApiData` request bytes. Throws on malformed bytes or non-JSON values. */
export function decodeCommApiData(bytes: Buffer): DecodedApiData {
  const r = new Reader(bytes)
  const out: DecodedApiData = { apiType: 0, appid: '', body: {} }
  while (!r.done) {
    const [field, wire] = r.tag()
    if (field === 1 && wire === 0) out.apiType = Number(BigInt.asIntN(32, r.varint()))
    else if (field === 2 && wire === 2) {
      const data = new Reader(r.bytes())
      while (!data.done) {
        const [f, w] = data.tag()
        if (f === 1 && w === 2) {
          const pair = decodePair(data.bytes())
          out.body[pair.key] = pair.contentType
            ? { contentType: pair.contentType, fileName: pair.fileName, value: pair.value }
            : JSON.parse(pair.value.toString('utf8'))
        } else data.skip(w)
      }
    } else if (field === 6 && wire === 2) out.appid = r.bytes().toString('utf8')
    else r.skip(wire)
  }
  return out
}

/** Encodes a `CommApiData` the way the SDK does (tests; values are JSON-encoded). */
export function encodeCommApiData(body: Record<string, unknown>, appid?: string): Buffer {
  const pairs: number[] = []
  for (const [key, value] of Object.entries(body)) {
    const pair: number[] = []
    fieldBytes(pair, 1, Buffer.from(key))
    fieldBytes(pair, 2, Buffer.from(JSON.stringify(value)))
    fieldBytes(pairs, 1, Buffer.from(pair))
  }
  const out: number[] = []
  fieldVarint(out, 1, 0)
  fieldBytes(out, 2, Buffer.from(pairs))
  if (appid) fieldBytes(out, 6, Buffer.from(appid))
  return Buffer.from(out)
}

export interface CommOpenApiResp {
  respData?: Buffer
  contentType?: string
  errorCode?: number
  httpCode?: number
}

export function encodeCommOpenApiResp(resp: CommOpenApiResp): Buffer {
  const out: number[] = []
  if (resp.respData) fieldBytes(out, 1, resp.respData)
  if (resp.contentType) fieldBytes(out, 2, Buffer.from(resp.contentType))
  if (resp.errorCode) fieldVarint(out, 3, resp.errorCode)
  if (resp.httpCode) fieldVarint(out, 4, resp.httpCode)
  return Buffer.from(out)
}

export function decodeCommOpenApiResp(bytes: Buffer): CommOpenApiResp {
  const r = new Reader(bytes)
  const out: CommOpenApiResp = {}
  while (!r.done) {
    const [field, wire] = r.tag()
    if (field === 1 && wire === 2) out.respData = r.bytes()
    else if (field === 2 && wire === 2) out.contentType = r.bytes().toString('utf8')
    else if (field === 3 && wire === 0) out.errorCode = Number(BigInt.asIntN(32, r.varint()))
    else if (field === 4 && wire === 0) out.httpCode = Number(BigInt.asUintN(32, r.varint()))
    else r.skip(wire)
  }
  return out
}

// ---- the endpoint ----

const PB_TYPE = 'application/octet-stream'

function pbReply(resp: CommOpenApiResp): WxApiReply {
  return { contentType: PB_TYPE, body: encodeCommOpenApiResp(resp) }
}

function isBinary(result: OpenApiResult): result is { buffer: Buffer; contentType: string } {
  return (
    Buffer.isBuffer((result as { buffer?: unknown }).buffer) &&
    typeof (result as { contentType?: unknown }).contentType === 'string'
  )
}

/** The `openApi` dependency of the admin endpoint (`createAdminHandler({ openApi })`). */
export function createOpenApi(deps: OpenApiDeps): (call: WxApiCall) => Promise<WxApiReply> {
  const handlers = deps.handlers ?? OPENAPI_HANDLERS
  const log = deps.log ?? (() => undefined)
  return async (call) => {
    let decoded: DecodedApiData
    try {
      decoded = decodeCommApiData(call.requestData)
    } catch (e) {
      // WeChat answers a request it cannot read with 'invalid args'
      log(`[openapi] ${call.apiName}: unreadable request (${(e as Error).message})`)
      return pbReply({ errorCode: -601002 })
    }
    const handler = Object.prototype.hasOwnProperty.call(handlers, call.apiName) ? handlers[call.apiName] : undefined
    if (!handler) {
      log(`[openapi] ${call.apiName}: no such API in the local cloud → ${OPENAPI_ERRORS.NO_PERMISSION}`)
      return pbReply({ errorCode: OPENAPI_ERRORS.NO_PERMISSION })
    }
    const ctx: OpenApiContext = {
      appid: decoded.appid || deps.appId,
      // the wire carries no caller: WeChat APIs that concern a user name them in the body
      openid: null,
      now: deps.now(),
      db: deps.db,
      push: deps.pushMessage,
    }
    let result: OpenApiResult
    try {
      result = await handler(decoded.body, ctx)
    } catch (e) {
      log(`[openapi] ${call.apiName} failed: ${(e as Error)?.stack ?? e}`)
      return pbReply({ errorCode: OPENAPI_ERRORS.SYSTEM_ERROR })
    }
    if (isBinary(result)) {
      return pbReply({ respData: result.buffer, contentType: result.contentType, httpCode: 200 })
    }
    const json = { errcode: 0, errmsg: 'ok', ...result }
    return pbReply({
      respData: Buffer.from(JSON.stringify(json)),
      contentType: 'application/json; encoding=utf-8',
      httpCode: 200,
    })
  }
}
