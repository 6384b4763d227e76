/**
 * The local 小程序虚拟支付 and the parts of WeChat's server API it needs (api.weixin.qq.com),
 * under /wxapi on the local cloud's port. The functions reach it through WX_API_BASE_URL with the
 * keys it made (VPAY_OFFER_ID, VPAY_APP_KEY, WX_APP_SECRET); the production code is unchanged.
 *
 * WeChat's side, in WeChat's formats:
 * - GET  /wxapi/sns/jscode2session?appid&secret&js_code&grant_type  → { openid, session_key } (a code works once: 40029)
 * - POST /wxapi/cgi-bin/stable_token { grant_type, appid, secret }   → { access_token, expires_in }
 * - POST /wxapi/xpay/query_order?access_token&pay_sig  { openid, env, order_id }  → { errcode: 0, order }
 * - POST /wxapi/xpay/refund_order?access_token&pay_sig { openid, order_id, refund_order_id, left_fee, refund_fee, … }
 *   pay_sig = hex(HMAC-SHA256(AppKey, uri + '&' + body)); a bad token is 40001, a bad pay_sig 268435463
 *   (this simulator's choice of code), an unknown order 268490002 数据不存在.
 * What WeChat's client does for the user (the H5 app shows it):
 * - POST /wxapi/_dev/login                       stands in for wx.login: a one-time code for x-dev-openid
 * - POST /wxapi/_sheet/pay { mode, signData, paySig, signature }: wx.requestVirtualPayment — checks
 *   paySig with the AppKey and signature with the user's session_key, takes the money, then sends
 *   the delivery push (xpay_goods_deliver_notify) to the fulfilment function as a function event,
 *   the way 消息推送 does in production.
 */
import { createHmac, randomBytes } from 'crypto'
import type { IncomingMessage, ServerResponse } from 'http'
import { devOpenid, HttpError, readJson, sendError, sendJson } from '../http'
import type { SimClock } from '../clock'

const hmac = (key: string, message: string) =>
  createHmac('sha256', Buffer.from(key, 'utf8')).update(message, 'utf8').digest('hex')

/** query_order's order.status (WeChat's codes). */
export const XPAY_STATUS = { CREATED: 1, PAID: 2, DELIVERED: 4, REFUNDED: 5, REFUND_FAILED: 7, REFUND_DONE: 8 } as const

export interface XpayOrder {
  orderId: string
  openid: string
  productId: string
  orderFee: number
  paidFee: number
  leftFee: number
  status: number
  /** 0 payment, 1 refund */
  orderType: 0 | 1
  wxOrderId: string
  wxpayOrderId: string
  paidTime: number
  createTime: number
  env: 0 | 1
  bizMeta?: string
}

export class XpayError extends Error {
  constructor(
    readonly errcode: number,
    message: string,
  ) {
    super(message)
  }
}

export interface XpaySimOptions {
  appId: string
  clock: SimClock
  /** Where the delivery push goes: the fulfilment function, invoked with the push as its event. */
  deliver: (event: Record<string, unknown>) => Promise<unknown>
  log?: (line: string) => void
}

export class XpaySimulator {
  readonly appSecret = randomBytes(16).toString('hex')
  readonly offerId = `1450${randomBytes(4).readUInt32BE(0) % 100000000}`
  readonly appKey = randomBytes(16).toString('hex')
  private readonly codes = new Map<string, string>()
  private readonly sessions = new Map<string, string>()
  private readonly tokens = new Set<string>()
  readonly orders = new Map<string, XpayOrder>()
  /** Every delivery push sent, with the function's answer. */
  readonly pushes: Array<{ orderId: string; answer: unknown }> = []
  private seq = 0

  constructor(private readonly options: XpaySimOptions) {}

  /** What the functions are given (CloudBase's console holds the real ones). */
  functionEnv(baseUrl: string): Record<string, string> {
    return {
      WX_API_BASE_URL: `${baseUrl}/wxapi`,
      WX_APP_SECRET: this.appSecret,
      VPAY_OFFER_ID: this.offerId,
      VPAY_APP_KEY: this.appKey,
      VPAY_ENV: '0',
    }
  }

  /** Forgets users and orders; issued access tokens stay valid (they live 2 hours at WeChat too). */
  wipe(): void {
    this.codes.clear()
    this.sessions.clear()
    this.orders.clear()
    this.pushes.length = 0
  }

  private nowSeconds(): number {
    return Math.floor(this.options.clock.now().getTime() / 1000)
  }

  // ---- what WeChat's client does ----

  /** wx.login: a one-time code for this user. */
  login(openid: string): string {
    const code = `code_${randomBytes(8).toString('hex')}`
    this.codes.set(code, openid)
    return code
  }

  /** wx.requestVirtualPayment: verifies what the app was given, takes the money, pushes the delivery `copies` times. */
  async pay(
    openid: string,
    params: { mode?: string; signData: string; paySig: string; signature: string },
    opts: { copies?: number } = {},
  ): Promise<XpayOrder> {
    if (params.mode !== 'short_series_goods')
      throw new HttpError(400, 'invalid_argument', 'mode must be short_series_goods')
    if (hmac(this.appKey, `requestVirtualPayment&${params.signData}`) !== params.paySig)
      throw new HttpError(400, 'invalid_argument', 'paySig does not verify')
    const sessionKey = this.sessions.get(openid)
    if (!sessionKey || hmac(sessionKey, params.signData) !== params.signature)
      throw new HttpError(400, 'invalid_argument', 'signature does not verify with the user session_key')
    let data: any
    try {
      data = JSON.parse(params.signData)
    } catch {
      throw new HttpError(400, 'invalid_argument', 'signData is not JSON')
    }
    if (
      data.offerId !== this.offerId ||
      data.currencyType !== 'CNY' ||
      !Number.isInteger(data.goodsPrice) ||
      typeof data.outTradeNo !== 'string'
    ) {
      throw new HttpError(400, 'invalid_argument', 'signData does not name our offerId, CNY, goodsPrice and outTradeNo')
    }
    const amount = data.goodsPrice * (data.buyQuantity ?? 1)
    const existing = this.orders.get(data.outTradeNo)
    if (existing && existing.status !== XPAY_STATUS.CREATED) return existing
    this.seq += 1
    const order: XpayOrder = {
      orderId: data.outTradeNo,
      openid,
      productId: String(data.productId),
      orderFee: amount,
      paidFee: amount,
      leftFee: amount,
      status: XPAY_STATUS.PAID,
      orderType: 0,
      wxOrderId: `wxo${Date.now().toString(36)}${this.seq}`,
      wxpayOrderId: `420000${String(Date.now()).slice(-10)}${String(this.seq).padStart(6, '0')}`,
      paidTime: this.nowSeconds(),
      createTime: this.nowSeconds(),
      env: data.env === 1 ? 1 : 0,
    }
    this.orders.set(order.orderId, order)
    for (let i = 0; i < (opts.copies ?? 1); i += 1) await this.push(order.orderId)
    return order
  }

  /** The delivery push as 消息推送 sends it to a function (also for tests: duplicates). */
  deliveryPush(orderId: string): Record<string, unknown> {
    const o = this.orders.get(orderId)
    if (!o) throw new HttpError(404, 'not_found', 'no such virtual order')
    return {
      ToUserName: this.options.appId,
      FromUserName: o.openid,
      CreateTime: this.nowSeconds(),
      MsgType: 'event',
      Event: 'xpay_goods_deliver_notify',
      OpenId: o.openid,
      OutTradeNo: o.orderId,
      Env: o.env,
      WeChatPayInfo: { MchOrderNo: o.wxOrderId, TransactionId: o.wxpayOrderId, PaidTime: o.paidTime },
      GoodsInfo: {
        ProductId: o.productId,
        Quantity: 1,
        OrigPrice: o.orderFee,
        ActualPrice: o.paidFee,
        Attach: o.orderId,
      },
    }
  }

  async push(orderId: string): Promise<unknown> {
    const answer = await this.options
      .deliver(this.deliveryPush(orderId))
      .catch((e: Error) => ({ ErrCode: -1, ErrMsg: e?.message ?? String(e) }))
    this.pushes.push({ orderId, answer })
    const o = this.orders.get(orderId)
    if (o && o.status === XPAY_STATUS.PAID && (answer as { ErrCode?: number })?.ErrCode === 0)
      o.status = XPAY_STATUS.DELIVERED
    this.options.log?.(`[xpay] delivery ${orderId} → ${JSON.stringify(answer)}`)
    return answer
  }

  // ---- WeChat's server API ----

  code2Session(query: URLSearchParams): Record<string, unknown> {
    if (query.get('appid') !== this.options.appId || query.get('secret') !== this.appSecret)
      return { errcode: 40125, errmsg: 'invalid appsecret' }
    if (query.get('grant_type') !== 'authorization_code') return { errcode: 40002, errmsg: 'invalid grant_type' }
    const code = query.get('js_code') ?? ''
    const openid = this.codes.get(code)
    if (!openid) return { errcode: 40029, errmsg: 'invalid code' }
    this.codes.delete(code)
    // a new login replaces the session_key, as WeChat does
    const sessionKey = randomBytes(16).toString('base64')
    this.sessions.set(openid, sessionKey)
    return { openid, session_key: sessionKey }
  }

  stableToken(body: any): Record<string, unknown> {
    if (body?.grant_type !== 'client_credential') return { errcode: 40002, errmsg: 'invalid grant_type' }
    if (body?.appid !== this.options.appId || body?.secret !== this.appSecret)
      return { errcode: 40125, errmsg: 'invalid appsecret' }
    const token = `local_at_${randomBytes(12).toString('hex')}`
    this.tokens.add(token)
    return { access_token: token, expires_in: 7200 }
  }

  /** Checks access_token and pay_sig of an /xpay/* call. */
  checkXpay(uri: string, query: URLSearchParams, rawBody: string): void {
    if (!this.tokens.has(query.get('access_token') ?? ''))
      throw new XpayError(40001, 'invalid credential, access_token is invalid or not latest')
    if (hmac(this.appKey, `${uri}&${rawBody}`) !== query.get('pay_sig')) throw new XpayError(268435463, 'pay_sig error')
  }

  private view(o: XpayOrder): Record<string, unknown> {
    return {
      order_id: o.orderId,
      create_time: o.createTime,
      update_time: o.paidTime,
      status: o.status,
      biz_type: 2,
      order_fee: o.orderFee,
      coupon_fee: 0,
      paid_fee: o.paidFee,
      order_type: o.orderType,
      refund_fee: o.orderType === 1 ? o.orderFee : o.paidFee - o.leftFee,
      paid_time: o.paidTime,
      provide_time: o.status === XPAY_STATUS.DELIVERED ? o.paidTime : 0,
      biz_meta: o.bizMeta ?? '',
      env_type: o.env,
      token: '',
      left_fee: o.leftFee,
      wx_order_id: o.wxOrderId,
      channel_order_id: o.wxOrderId,
      wxpay_order_id: o.wxpayOrderId,
    }
  }

  queryOrder(body: any): Record<string, unknown> {
    const o = this.orders.get(String(body?.order_id ?? ''))
    if (!o || o.openid !== body?.openid) throw new XpayError(268490002, '数据不存在')
    return { errcode: 0, errmsg: 'ok', order: this.view(o) }
  }

  refundOrder(body: any): Record<string, unknown> {
    const paid = this.orders.get(String(body?.order_id ?? ''))
    if (!paid || paid.openid !== body?.openid || paid.orderType !== 0) throw new XpayError(268490002, '数据不存在')
    const refundId = String(body?.refund_order_id ?? '')
    if (!/^[A-Za-z0-9_-]{8,32}$/.test(refundId)) throw new XpayError(268490001, 'refund_order_id 不合法')
    const again = this.orders.get(refundId)
    if (again)
      return {
        errcode: 0,
        errmsg: 'ok',
        refund_order_id: refundId,
        refund_wx_order_id: again.wxOrderId,
        pay_order_id: paid.orderId,
        pay_wx_order_id: paid.wxOrderId,
      }
    const fee = Number(body?.refund_fee)
    if (Number(body?.left_fee) !== paid.leftFee) throw new XpayError(268490001, 'left_fee 与订单剩余可退金额不一致')
    if (!Number.isInteger(fee) || fee <= 0 || fee > paid.leftFee) throw new XpayError(268490001, 'refund_fee 不合法')
    this.seq += 1
    const refund: XpayOrder = {
      ...paid,
      orderId: refundId,
      orderFee: fee,
      paidFee: fee,
      leftFee: 0,
      orderType: 1,
      status: XPAY_STATUS.REFUND_DONE,
      wxOrderId: `wxr${Date.now().toString(36)}${this.seq}`,
      paidTime: this.nowSeconds(),
      createTime: this.nowSeconds(),
      bizMeta: String(body?.biz_meta ?? ''),
    }
    this.orders.set(refundId, refund)
    paid.leftFee -= fee
    if (paid.leftFee === 0) paid.status = XPAY_STATUS.REFUNDED
    return {
      errcode: 0,
      errmsg: 'ok',
      refund_order_id: refundId,
      refund_wx_order_id: refund.wxOrderId,
      pay_order_id: paid.orderId,
      pay_wx_order_id: paid.wxOrderId,
    }
  }
}

/** The simulator's HTTP face under /wxapi (`rest` is the path after /wxapi). */
export async function handleXpay(
  sim: XpaySimulator,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  rest: string,
): Promise<void> {
  try {
    if (req.method === 'GET' && rest === '/sns/jscode2session')
      return sendJson(res, 200, sim.code2Session(url.searchParams))
    if (req.method === 'POST' && rest === '/cgi-bin/stable_token')
      return sendJson(res, 200, sim.stableToken(await readJson(req)))
    if (req.method === 'POST' && (rest === '/xpay/query_order' || rest === '/xpay/refund_order')) {
      const chunks: Buffer[] = []
      for await (const c of req) chunks.push(c as Buffer)
      const raw = Buffer.concat(chunks).toString('utf8')
      sim.checkXpay(rest, url.searchParams, raw)
      const body = JSON.parse(raw || '{}')
      return sendJson(res, 200, rest === '/xpay/query_order' ? sim.queryOrder(body) : sim.refundOrder(body))
    }
    // WeChat's client, for the H5 app (who: x-dev-openid)
    if (req.method === 'POST' && rest === '/_dev/login') {
      const openid = devOpenid(req)
      if (!openid) throw new HttpError(401, 'unauthenticated', 'x-dev-openid is required')
      return sendJson(res, 200, { ok: true, data: { code: sim.login(openid) } })
    }
    if (req.method === 'POST' && rest === '/_sheet/pay') {
      const openid = devOpenid(req)
      if (!openid) throw new HttpError(401, 'unauthenticated', 'x-dev-openid is required')
      const order = await sim.pay(openid, await readJson(req))
      return sendJson(res, 200, { ok: true, data: { orderId: order.orderId, amountFen: order.paidFee } })
    }
    return sendError(res, 404, 'not_found', `no simulated WeChat API at ${rest}`)
  } catch (err) {
    if (err instanceof XpayError) return sendJson(res, 200, { errcode: err.errcode, errmsg: err.message })
    if (err instanceof HttpError) return sendError(res, err.status, err.code, err.message)
    throw err
  }
}
