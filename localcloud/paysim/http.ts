/**
 * The simulator's HTTP face under /paysim:
 * - /paysim/v3/…  the WeChat Pay API v3 calls 圈子 makes, checked (Authorization signed by the
 *   merchant key) and answered signed with the platform key, as api.mch.weixin.qq.com does;
 * - /paysim/cashier/:orderId[/pay|/cancel] and /paysim/transfers/:outBillNo[/confirm]: what WeChat's
 *   own screens do for the user (the H5 app shows them; `x-dev-openid` is who is paying/confirming).
 */
import type { IncomingMessage, ServerResponse } from 'http'
import { devOpenid, HttpError, readBody, sendError, sendJson } from '../http'
import { WxError } from './model'
import { PaySimulator } from './simulator'
import { checkAuthorization, signedHeaders } from './wire'
import { ECOMMERCE_API, parseMultipart } from './ecommerce'

function sendSigned(sim: PaySimulator, res: ServerResponse, status: number, payload: unknown): void {
  const body = payload === undefined ? '' : JSON.stringify(payload)
  // answers are signed on the real clock: the merchant SDK compares them with the machine's time
  const headers = signedHeaders(
    body,
    { keyId: sim.keys.publicKeyId, privateKey: sim.keys.platformPrivateKey },
    Math.floor(Date.now() / 1000),
  )
  res.writeHead(status, {
    ...headers,
    'Request-ID': `paysim-${Date.now().toString(36)}`,
    ...(body ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    'content-length': Buffer.byteLength(body),
  })
  res.end(body)
}

type Api = (
  sim: PaySimulator,
  m: RegExpExecArray,
  body: any,
  ctx: { query: URLSearchParams; req: IncomingMessage },
) => unknown

const API: Array<[string, RegExp, Api]> = [
  ['POST', /^\/v3\/pay\/transactions\/jsapi$/, (sim, _m, body) => sim.prepay(body)],
  [
    'GET',
    /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/,
    (sim, m, _b, { query }) => {
      if (query.get('mchid') !== sim.keys.mchid) throw new WxError(400, 'PARAM_ERROR', 'mchid 不正确')
      return sim.queryOrder(decodeURIComponent(m[1]))
    },
  ],
  [
    'POST',
    /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/,
    (sim, m, body) => {
      if (body?.mchid !== sim.keys.mchid) throw new WxError(400, 'PARAM_ERROR', 'mchid 不正确')
      sim.closeOrder(decodeURIComponent(m[1]))
      return undefined
    },
  ],
  ['POST', /^\/v3\/refund\/domestic\/refunds$/, (sim, _m, body) => sim.refund(body)],
  ['GET', /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/, (sim, m) => sim.queryRefund(decodeURIComponent(m[1]))],
  ['POST', /^\/v3\/profitsharing\/receivers\/add$/, (sim, _m, body) => sim.addReceiver(body)],
  ['POST', /^\/v3\/profitsharing\/orders$/, (sim, _m, body) => sim.profitSharing(body)],
  ['POST', /^\/v3\/profitsharing\/orders\/unfreeze$/, (sim, _m, body) => sim.unfreeze(body)],
  [
    'GET',
    /^\/v3\/profitsharing\/orders\/([^/]+)$/,
    (sim, m, _b, { query }) => sim.querySharing(decodeURIComponent(m[1]), query.get('transaction_id')),
  ],
  [
    'POST',
    /^\/v3\/fund-app\/mch-transfer\/transfer-bills$/,
    (sim, _m, body, { req }) => {
      const serial = req.headers['wechatpay-serial']
      return sim.createTransfer(body, Array.isArray(serial) ? serial[0] : serial)
    },
  ],
  [
    'GET',
    /^\/v3\/fund-app\/mch-transfer\/transfer-bills\/out-bill-no\/([^/]+)$/,
    (sim, m) => sim.queryTransfer(decodeURIComponent(m[1])),
  ],
  [
    'POST',
    /^\/v3\/fund-app\/mch-transfer\/transfer-bills\/out-bill-no\/([^/]+)\/cancel$/,
    (sim, m) => sim.cancelTransfer(decodeURIComponent(m[1])),
  ],
]

/** Handles everything under /paysim; `sub` is the path after /paysim. */
export async function handlePaysim(
  sim: PaySimulator,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  sub: string,
): Promise<void> {
  if (sub.startsWith('/v3/')) return handleApi(sim, req, res, url, sub)

  const cashier = /^\/cashier\/([^/]+)(?:\/(pay|cancel))?$/.exec(sub)
  const transfer = /^\/transfers\/([^/]+)(?:\/(confirm))?$/.exec(sub)
  try {
    if (cashier) {
      const orderId = decodeURIComponent(cashier[1])
      if (!cashier[2]) {
        if (req.method !== 'GET') throw new HttpError(405, 'invalid_argument', 'GET the cashier')
        return sendJson(res, 200, sim.cashierView(orderId))
      }
      if (req.method !== 'POST') throw new HttpError(405, 'invalid_argument', `POST to ${cashier[2]}`)
      return sendJson(res, 200, cashier[2] === 'pay' ? sim.pay(orderId, devOpenid(req)) : sim.cancel(orderId))
    }
    if (transfer) {
      const outBillNo = decodeURIComponent(transfer[1])
      if (!transfer[2]) {
        if (req.method !== 'GET') throw new HttpError(405, 'invalid_argument', 'GET the transfer')
        return sendJson(res, 200, sim.transferView(outBillNo))
      }
      if (req.method !== 'POST') throw new HttpError(405, 'invalid_argument', 'POST to confirm')
      return sendJson(res, 200, sim.confirmTransfer(outBillNo, devOpenid(req)))
    }
  } catch (err) {
    if (err instanceof WxError) return sendError(res, err.status, appCode(err), err.message)
    throw err
  }
  throw new HttpError(404, 'not_found', `no pay simulator route ${req.method} /paysim${sub}`)
}

/** The cashier speaks the product's error vocabulary (the H5 app shows it), not WeChat's codes. */
function appCode(err: WxError): string {
  switch (err.code) {
    case 'ORDER_NOT_EXIST':
    case 'NOT_FOUND':
      return 'not_found'
    case 'ORDERCLOSED':
      return 'order_closed'
    case 'NO_AUTH':
      return 'forbidden'
    default:
      return 'invalid_argument'
  }
}

async function handleApi(
  sim: PaySimulator,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  sub: string,
): Promise<void> {
  const buffer = await readBody(req, 8 * 1024 * 1024)
  if (sub === '/v3/merchant/media/upload' && req.method === 'POST') return handleUpload(sim, req, res, url, buffer)
  const raw = buffer.toString('utf8')
  const auth = checkAuthorization(
    req.headers.authorization,
    { method: req.method ?? 'GET', url: req.url ?? '', body: raw },
    { mchid: sim.keys.mchid, serial: sim.keys.merchantSerial, publicKey: sim.keys.merchantPublicKey },
    Math.floor(Date.now() / 1000),
  )
  if (!auth.ok) return sendSigned(sim, res, 401, { code: 'SIGN_ERROR', message: `签名错误：${auth.why}` })
  let body: any = undefined
  if (raw) {
    try {
      body = JSON.parse(raw)
    } catch {
      return sendSigned(sim, res, 400, { code: 'PARAM_ERROR', message: '请求体不是 JSON' })
    }
  }
  for (const [method, pattern, handler] of API) {
    const m = pattern.exec(sub)
    if (!m || method !== req.method) continue
    try {
      const out = handler(sim, m, body, { query: url.searchParams, req })
      return sendSigned(sim, res, out === undefined ? 204 : 200, out)
    } catch (err) {
      if (err instanceof WxError) return sendSigned(sim, res, err.status, { code: err.code, message: err.message })
      throw err
    }
  }
  const serial = req.headers['wechatpay-serial']
  for (const [method, pattern, handler] of ECOMMERCE_API) {
    const m = pattern.exec(sub)
    if (!m || method !== req.method) continue
    try {
      const out = handler(sim, m, body, { query: url.searchParams, serial: Array.isArray(serial) ? serial[0] : serial })
      return sendSigned(sim, res, out === undefined ? 204 : 200, out)
    } catch (err) {
      if (err instanceof WxError) return sendSigned(sim, res, err.status, { code: err.code, message: err.message })
      throw err
    }
  }
  return sendSigned(sim, res, 404, { code: 'NOT_FOUND', message: `paysim 不支持 ${req.method} ${sub}` })
}

/** /v3/merchant/media/upload: multipart; the request is signed over the `meta` JSON, as at WeChat. */
async function handleUpload(
  sim: PaySimulator,
  req: IncomingMessage,
  res: ServerResponse,
  _url: URL,
  buffer: Buffer,
): Promise<void> {
  try {
    const parts = parseMultipart(buffer, req.headers['content-type'])
    const metaRaw = parts.meta?.toString('utf8') ?? ''
    const auth = checkAuthorization(
      req.headers.authorization,
      { method: 'POST', url: req.url ?? '', body: metaRaw },
      { mchid: sim.keys.mchid, serial: sim.keys.merchantSerial, publicKey: sim.keys.merchantPublicKey },
      Math.floor(Date.now() / 1000),
    )
    if (!auth.ok) return sendSigned(sim, res, 401, { code: 'SIGN_ERROR', message: `签名错误：${auth.why}` })
    let meta: any
    try {
      meta = JSON.parse(metaRaw)
    } catch {
      throw new WxError(400, 'PARAM_ERROR', 'meta 不是 JSON')
    }
    return sendSigned(sim, res, 200, sim.ecommerce.uploadMedia(meta, parts.file ?? Buffer.alloc(0)))
  } catch (err) {
    if (err instanceof WxError) return sendSigned(sim, res, err.status, { code: err.code, message: err.message })
    throw err
  }
}
