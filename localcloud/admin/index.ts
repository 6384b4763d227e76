// The `/admin` endpoint that the unmodified wx-server-sdk posts to when TCB_CONTEXT_CNFG points at
// the local cloud. Every database, callFunction, openapi and cloudPay call is one POST here:
// database and functions as JSON `{ action, …params, envName, … }`, openapi and cloudPay as
// multipart. Replies are always HTTP 200; a failure is `{ requestId, code, message }`, which the
// SDK turns into a thrown error (a non-200 status would instead surface as "500 Internal Server
// Error" without the code).
import type { IncomingMessage, ServerResponse } from 'node:http'
import { isDbError, type LocalDatabase } from '../db'
import { parseMultipart } from './multipart'

/** One `wx.openApi` / `wx.wxPayApi` call as the SDK sent it. */
export interface WxApiCall {
  action: 'wx.openApi' | 'wx.wxPayApi'
  /** e.g. `subscribeMessage.send`, `unifiedOrder`. */
  apiName: string
  env: string
  /** openApi: protobuf `CommApiData` bytes; wxPayApi: JSON text bytes. */
  requestData: Buffer
  /** Every multipart field, raw. */
  fields: Record<string, Buffer>
}

/**
 * The raw reply. The SDK reads a body of content type exactly `application/json; charset=utf-8`
 * as JSON (that is how errors come back); openApi success replies are protobuf bytes.
 */
export interface WxApiReply {
  contentType?: string
  body: Buffer | string | Record<string, unknown>
}

export interface AdminDeps {
  db: LocalDatabase
  /**
   * Runs a cloud function for `cloud.callFunction`. `callerEnv` carries what the request tells
   * about the caller: `TCB_ENV` / `SCF_NAMESPACE` (the env id) and `TCB_SOURCE`.
   */
  invokeFunction?: (name: string, data: unknown, callerEnv: Record<string, string>) => Promise<unknown>
  openApi?: (call: WxApiCall) => Promise<WxApiReply>
  cloudPay?: (call: WxApiCall) => Promise<WxApiReply>
  /** Sees every request before it is answered (wire-contract recording, logs). */
  observe?: (request: ObservedRequest) => void
}

export interface ObservedRequest {
  /** Path and query, e.g. `/admin?env=local-test&seqId=…`. */
  url: string
  headers: IncomingMessage['headers']
  action: string
  /** The JSON body, or the multipart fields as UTF-8 text. */
  params: Record<string, unknown>
}

type Reply = Record<string, unknown>

const JSON_TYPE = 'application/json; charset=utf-8'

let requestSeq = 0
const nextRequestId = () => `local-${Date.now().toString(36)}-${(++requestSeq).toString(36)}`

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function send(res: ServerResponse, status: number, body: Buffer | string, contentType = JSON_TYPE): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) })
  res.end(body)
}

function errorOf(e: unknown, fallbackCode: string): { code: string; message: string } {
  if (isDbError(e)) return { code: e.code, message: e.message }
  const obj = e as { code?: unknown; message?: unknown; errMsg?: unknown } | null
  if (obj && typeof obj === 'object' && typeof obj.code === 'string') {
    return { code: obj.code, message: String(obj.message ?? obj.errMsg ?? obj.code) }
  }
  return { code: fallbackCode, message: e instanceof Error ? e.message : String(e) }
}

export function createAdminHandler(deps: AdminDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const { db } = deps

  async function answerJson(params: Record<string, unknown>, req: IncomingMessage): Promise<Reply> {
    const action = typeof params.action === 'string' ? params.action : ''
    if (action.startsWith('database.')) {
      try {
        return await db.handle(action, params)
      } catch (e) {
        if (!isDbError(e)) console.error('[localcloud/admin] database failure', action, e)
        return errorOf(e, 'DATABASE_REQUEST_FAILED')
      }
    }
    if (action === 'functions.invokeFunction') {
      const name = typeof params.function_name === 'string' ? params.function_name : ''
      if (!deps.invokeFunction) {
        return {
          code: 'FUNCTIONS_REQUEST_FAIL',
          message: `local cloud: no function gateway attached, cannot call ${name}`,
        }
      }
      const raw = typeof params.request_data === 'string' ? params.request_data : ''
      const env = typeof params.envName === 'string' ? params.envName : ''
      const source = req.headers['x-tcb-source']
      try {
        const result = await deps.invokeFunction(name, raw ? JSON.parse(raw) : {}, {
          TCB_ENV: env,
          SCF_NAMESPACE: env,
          TCB_SOURCE: typeof source === 'string' ? source : '',
        })
        return { data: { response_data: JSON.stringify(result ?? null) } }
      } catch (e) {
        return errorOf(e, 'FUNCTIONS_EXECUTE_FAIL')
      }
    }
    return { code: 'INVALID_PARAM', message: `local cloud: unknown action "${action}"` }
  }

  async function answerWxApi(fields: Record<string, Buffer>): Promise<{ body: Buffer | string; contentType: string }> {
    const action = fields.action?.toString('utf8') ?? ''
    const apiName = fields.apiName?.toString('utf8') ?? ''
    const handler = action === 'wx.openApi' ? deps.openApi : action === 'wx.wxPayApi' ? deps.cloudPay : undefined
    const jsonError = (code: string, message: string) => ({
      body: JSON.stringify({ requestId: nextRequestId(), code, message }),
      contentType: JSON_TYPE,
    })
    if (action !== 'wx.openApi' && action !== 'wx.wxPayApi') {
      return jsonError('INVALID_PARAM', `local cloud: unknown action "${action}"`)
    }
    if (!handler) {
      return jsonError('SYS_ERR', `local cloud: ${action} (${apiName}) has no local handler attached yet`)
    }
    try {
      const reply = await handler({
        action,
        apiName,
        env: fields.envName?.toString('utf8') ?? '',
        requestData: fields.requestData ?? Buffer.alloc(0),
        fields,
      })
      const body =
        Buffer.isBuffer(reply.body) || typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body)
      return { body, contentType: reply.contentType ?? JSON_TYPE }
    } catch (e) {
      const { code, message } = errorOf(e, 'SYS_ERR')
      return jsonError(code, message)
    }
  }

  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://local')
    if (req.method !== 'POST' || url.pathname !== '/admin') {
      send(res, 404, JSON.stringify({ code: 'NOT_FOUND', message: `${req.method} ${url.pathname} is not served here` }))
      return
    }
    void (async () => {
      const body = await readBody(req)
      const contentType = req.headers['content-type'] ?? ''
      if (contentType.startsWith('multipart/form-data')) {
        const fields = parseMultipart(body, contentType)
        deps.observe?.({
          url: req.url ?? '',
          headers: req.headers,
          action: fields.action?.toString('utf8') ?? '',
          params: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.toString('utf8')])),
        })
        const reply = await answerWxApi(fields)
        send(res, 200, reply.body, reply.contentType)
        return
      }
      let params: Record<string, unknown>
      try {
        params = JSON.parse(body.toString('utf8')) as Record<string, unknown>
      } catch {
        send(
          res,
          200,
          JSON.stringify({ requestId: nextRequestId(), code: 'INVALID_PARAM', message: 'body is not JSON' }),
        )
        return
      }
      deps.observe?.({ url: req.url ?? '', headers: req.headers, action: String(params.action ?? ''), params })
      const reply = await answerJson(params, req)
      send(res, 200, JSON.stringify({ requestId: nextRequestId(), ...reply }))
    })().catch((e: unknown) => {
      console.error('[localcloud/admin] unexpected failure', e)
      if (!res.headersSent)
        send(res, 200, JSON.stringify({ requestId: nextRequestId(), code: 'SYS_ERR', message: String(e) }))
    })
  }
}
