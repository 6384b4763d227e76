/**
 * The `virtual` adapter: 小程序虚拟支付 (wx.requestVirtualPayment, mode short_series_goods).
 *
 * - paySig    = hex(HMAC-SHA256(AppKey,      'requestVirtualPayment&' + signData))
 * - signature = hex(HMAC-SHA256(session_key, signData))
 * - server APIs (/xpay/…): pay_sig = hex(HMAC-SHA256(AppKey, uri + '&' + body)), uri without the query.
 *
 * signData is sent to the app as the exact string that was signed. Fulfilment comes from the
 * delivery push (xpay_goods_deliver_notify), which WeChat delivers to a cloud function through
 * 消息推送 — the platform's own call, so it needs no signature of ours — with the order query as
 * fallback. Refunds go through /xpay/refund_order (its state read back with /xpay/query_order);
 * 分账 and transfers are not virtual payment's. Server calls use Node's https (no global fetch on
 * CloudBase's Node 16) and an access token from the stable-token API.
 */
import { createHash } from 'crypto'
import { DomainError } from '../../core/errors'
import type { VirtualPayConfig } from './config'
import { hmacSha256Hex } from './crypto'
import { requestJson } from './wxapi'
import type {
  CashierParams,
  NotificationRequest,
  OrderQueryResult,
  PaymentChannel,
  PaymentNotification,
  PrepayInput,
  RefundInput,
  RefundResult,
  TradeState,
} from './types'

export const XPAY_HOST = 'https://api.weixin.qq.com'
/** /xpay/* errcode 268490002 数据不存在: no such order at WeChat. */
export const XPAY_NOT_FOUND = 268490002

export function virtualPaySig(appKey: string, signData: string): string {
  return hmacSha256Hex(appKey, `requestVirtualPayment&${signData}`)
}

export function virtualUserSignature(sessionKey: string, signData: string): string {
  return hmacSha256Hex(sessionKey, signData)
}

/** pay_sig of a server API call: the uri is the path without the query string. */
export function xpayPaySig(appKey: string, uri: string, body: string): string {
  return hmacSha256Hex(appKey, `${uri}&${body}`)
}

/** The signData string (key order as WeChat documents it; the signed bytes are what the app sends). */
export function buildSignData(
  config: VirtualPayConfig,
  input: { orderId: string; productId: string; goodsPriceFen: number; attach?: string },
): string {
  return JSON.stringify({
    offerId: config.offerId,
    buyQuantity: 1,
    env: config.env,
    currencyType: 'CNY',
    productId: input.productId,
    goodsPrice: input.goodsPriceFen,
    outTradeNo: input.orderId,
    attach: input.attach ?? input.orderId,
  })
}

/** POST /xpay/query_order, built exactly as WeChat checks it (the same body string is signed and sent). */
export function buildQueryOrderRequest(
  config: VirtualPayConfig,
  input: { orderId: string; payerOpenid: string; accessToken: string },
  host: string = XPAY_HOST,
): { url: string; body: string; paySig: string } {
  return buildXpayRequest(
    config,
    '/xpay/query_order',
    { openid: input.payerOpenid, env: config.env, order_id: input.orderId },
    input.accessToken,
    host,
  )
}

/** Any /xpay/* call: the body string that is signed is the body that is sent. */
export function buildXpayRequest(
  config: VirtualPayConfig,
  uri: string,
  payload: Record<string, unknown>,
  accessToken: string,
  host: string = XPAY_HOST,
) {
  const body = JSON.stringify(payload)
  const paySig = xpayPaySig(config.appKey, uri, body)
  return { url: `${host}${uri}?access_token=${encodeURIComponent(accessToken)}&pay_sig=${paySig}`, body, paySig }
}

/**
 * refund_order_id allows 8–32 of [A-Za-z0-9_-]; ours (`<orderId>R<n>`) can be longer, so a longer
 * one is replaced by a digest of itself: deterministic, so a retried refund is the same refund.
 */
export function xpayRefundOrderId(refundId: string): string {
  if (/^[A-Za-z0-9_-]{8,32}$/.test(refundId)) return refundId
  return `R${createHash('sha256').update(refundId, 'utf8').digest('hex').slice(0, 31)}`
}

/** A refund order's status in query_order: 8 用户退款完成; 7 退款失败; anything else still running. */
export function xpayRefundState(status: number): 'SUCCESS' | 'CLOSED' | 'PROCESSING' {
  return status === 8 ? 'SUCCESS' : status === 7 ? 'CLOSED' : 'PROCESSING'
}

/** xpay query_order's order.status → the port's states (0 下单, 1 待支付, 2 已支付, 3 已发货, 4 发货失败, 5 已退款, 6 已关闭, 7 退款失败, 8 用户退款中). */
export function xpayOrderState(status: number): TradeState {
  switch (status) {
    case 2:
    case 3:
    case 4:
      return 'SUCCESS'
    case 5:
    case 7:
    case 8:
      return 'REFUND'
    case 6:
      return 'CLOSED'
    default:
      return 'NOTPAY'
  }
}

/**
 * The delivery push (消息推送 event xpay_goods_deliver_notify) as the function receives it.
 * Anything else is rejected; the caller still checks order and amount against its own record.
 */
export function parseDeliveryPush(event: Record<string, any>): PaymentNotification {
  if (!event || typeof event !== 'object' || event.Event !== 'xpay_goods_deliver_notify') {
    throw new DomainError('notification_rejected', 'not an xpay_goods_deliver_notify push')
  }
  const pay = event.WeChatPayInfo ?? {}
  const goods = event.GoodsInfo ?? {}
  const amount = Number(goods.ActualPrice)
  if (typeof event.OutTradeNo !== 'string' || !Number.isInteger(amount)) {
    throw new DomainError('notification_rejected', 'delivery push without OutTradeNo or ActualPrice')
  }
  const paidSeconds = Number(pay.PaidTime)
  return {
    type: 'TRANSACTION.SUCCESS',
    orderId: event.OutTradeNo,
    transactionId: pay.TransactionId || pay.MchOrderNo || undefined,
    amountFen: amount,
    paidAt: Number.isFinite(paidSeconds) && paidSeconds > 0 ? new Date(paidSeconds * 1000) : undefined,
    payerOpenid: event.OpenId || undefined,
    state: 'SUCCESS',
  }
}

export interface VirtualOptions {
  /** The mini-program access_token (the stable-token API); without it /xpay/* cannot be called. */
  accessToken?: () => Promise<string>
  /** WeChat's API host (the local cloud: its simulator). */
  baseUrl?: string
}

const unavailable = (what: string): never => {
  throw new DomainError('payment_channel_unavailable', `virtual payment: ${what}`)
}

/** config null (not configured here): every call refuses with payment_channel_unavailable. */
export function createVirtualChannel(config: VirtualPayConfig | null, options: VirtualOptions = {}): PaymentChannel {
  const configured = (): VirtualPayConfig => config ?? unavailable('not configured (VPAY_OFFER_ID, VPAY_APP_KEY)')
  const host = (options.baseUrl ?? XPAY_HOST).replace(/\/+$/, '')
  async function xpay(uri: string, payload: Record<string, unknown>): Promise<any> {
    const cfg = configured()
    if (!options.accessToken) return unavailable(`no access_token source for ${uri} (WX_APP_SECRET)`)
    const request = buildXpayRequest(cfg, uri, payload, await options.accessToken(), host)
    const { data } = await requestJson('POST', request.url, request.body)
    if (data?.errcode === XPAY_NOT_FOUND)
      throw new DomainError('order_not_found', `${uri}: ${data.errmsg ?? data.errcode}`)
    if (data?.errcode) return unavailable(`${uri} errcode ${data.errcode} ${data.errmsg ?? ''}`)
    return data
  }
  async function xpayOrder(orderId: string, payerOpenid: string): Promise<any> {
    const data = await xpay('/xpay/query_order', { openid: payerOpenid, env: configured().env, order_id: orderId })
    return data.order ?? {}
  }
  return {
    name: 'virtual',

    async prepay(input: PrepayInput): Promise<CashierParams> {
      const cfg = configured()
      if (!input.virtual?.productId || !input.virtual.sessionKey) {
        throw new DomainError(
          'invalid_argument',
          'virtual payment needs the 道具 productId and the buyer session_key',
          'virtual',
        )
      }
      const signData = buildSignData(cfg, {
        orderId: input.orderId,
        productId: input.virtual.productId,
        goodsPriceFen: input.virtual.goodsPriceFen ?? input.amountFen,
        attach: input.virtual.attach,
      })
      return {
        kind: 'virtual',
        mode: 'short_series_goods',
        signData,
        paySig: virtualPaySig(cfg.appKey, signData),
        signature: virtualUserSignature(input.virtual.sessionKey, signData),
      }
    },

    async queryOrder(orderId: string, hint?: { payerOpenid?: string }): Promise<OrderQueryResult> {
      configured()
      if (!hint?.payerOpenid)
        throw new DomainError('invalid_argument', 'virtual payment queries need the payer openid', 'payerOpenid')
      const order = await xpayOrder(orderId, hint.payerOpenid)
      const state = xpayOrderState(Number(order.status))
      return {
        state,
        transactionId: order.wxpay_order_id || order.wx_order_id || undefined,
        amountFen: Number.isInteger(order.paid_fee) ? order.paid_fee : order.order_fee,
        paidAt: order.paid_time ? new Date(order.paid_time * 1000) : undefined,
        payerOpenid: hint.payerOpenid,
      }
    },

    async closeOrder(): Promise<void> {
      // a virtual order that was never paid simply expires on WeChat's side; nothing to close
      configured()
    },

    async refund(input: RefundInput): Promise<RefundResult> {
      configured()
      if (!input.payerOpenid)
        throw new DomainError('invalid_argument', 'virtual payment refunds need the payer openid', 'payerOpenid')
      const paid = await xpayOrder(input.orderId, input.payerOpenid)
      const leftFee = Number.isInteger(paid.left_fee) ? paid.left_fee : Number(paid.paid_fee ?? paid.order_fee)
      const data = await xpay('/xpay/refund_order', {
        openid: input.payerOpenid,
        order_id: input.orderId,
        refund_order_id: xpayRefundOrderId(input.refundId),
        left_fee: leftFee,
        refund_fee: input.amountFen,
        biz_meta: input.reason.slice(0, 1024),
        refund_reason: '3',
        req_from: '2',
        env: configured().env,
      })
      // refund_order only starts the task: read its state back (WeChat's documented way)
      const result = await this.queryRefund(input.refundId, { payerOpenid: input.payerOpenid })
      return { ...result, channelRefundId: result.channelRefundId ?? data.refund_wx_order_id }
    },

    async queryRefund(refundId: string, hint?: { payerOpenid?: string }): Promise<RefundResult> {
      if (!hint?.payerOpenid)
        throw new DomainError('invalid_argument', 'virtual payment refund queries need the payer openid', 'payerOpenid')
      const order = await xpayOrder(xpayRefundOrderId(refundId), hint.payerOpenid)
      const status = xpayRefundState(Number(order.status))
      return {
        refundId,
        status,
        channelRefundId: order.wx_order_id || undefined,
        amountFen: Number.isInteger(order.order_fee) ? order.order_fee : undefined,
        succeededAt: status === 'SUCCESS' && order.paid_time ? new Date(order.paid_time * 1000) : undefined,
      }
    },

    async parseNotification(request: NotificationRequest): Promise<PaymentNotification> {
      configured()
      // Only the cloud-function form (消息推送 to a function, the platform's own call) is accepted;
      // an HTTP body would need the message-push token signature, which this adapter does not do.
      if (typeof request?.body === 'string') {
        throw new DomainError('notification_rejected', 'virtual payment pushes are accepted only as the function event')
      }
      return parseDeliveryPush(request.body)
    },
  }
}
