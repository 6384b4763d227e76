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
 * fallback. Refunds, 分账 and transfers are not virtual payment's: it refuses them clearly.
 */
import { DomainError } from '../../core/errors'
import type { VirtualPayConfig } from './config'
import { hmacSha256Hex } from './crypto'
import type {
  CashierParams,
  NotificationRequest,
  OrderQueryResult,
  PaymentChannel,
  PaymentNotification,
  PrepayInput,
  RefundResult,
  TradeState,
} from './types'

export const XPAY_HOST = 'https://api.weixin.qq.com'

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
export function buildSignData(config: VirtualPayConfig, input: { orderId: string; productId: string; goodsPriceFen: number; attach?: string }): string {
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
): { url: string; body: string; paySig: string } {
  const uri = '/xpay/query_order'
  const body = JSON.stringify({ openid: input.payerOpenid, env: config.env, order_id: input.orderId })
  const paySig = xpayPaySig(config.appKey, uri, body)
  return { url: `${XPAY_HOST}${uri}?access_token=${encodeURIComponent(input.accessToken)}&pay_sig=${paySig}`, body, paySig }
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
  /** The mini-program access_token (cloud functions get it from CloudBase); without it the query cannot run. */
  accessToken?: () => Promise<string>
  fetch?: typeof fetch
}

const unavailable = (what: string): never => {
  throw new DomainError('payment_channel_unavailable', `virtual payment: ${what}`)
}

/** config null (not configured here): every call refuses with payment_channel_unavailable. */
export function createVirtualChannel(config: VirtualPayConfig | null, options: VirtualOptions = {}): PaymentChannel {
  const configured = (): VirtualPayConfig => config ?? unavailable('not configured (VPAY_OFFER_ID, VPAY_APP_KEY)')
  return {
    name: 'virtual',

    async prepay(input: PrepayInput): Promise<CashierParams> {
      const cfg = configured()
      if (!input.virtual?.productId || !input.virtual.sessionKey) {
        throw new DomainError('invalid_argument', 'virtual payment needs the 道具 productId and the buyer session_key', 'virtual')
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
      const cfg = configured()
      if (!options.accessToken) return unavailable('no access_token source for /xpay/query_order')
      if (!hint?.payerOpenid) throw new DomainError('invalid_argument', 'virtual payment queries need the payer openid', 'payerOpenid')
      const request = buildQueryOrderRequest(cfg, { orderId, payerOpenid: hint.payerOpenid, accessToken: await options.accessToken() })
      const res = await (options.fetch ?? fetch)(request.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: request.body,
      }).catch((err: Error) => unavailable(`query_order failed: ${err.message}`))
      const data: any = await res.json()
      if (data?.errcode) return unavailable(`query_order errcode ${data.errcode} ${data.errmsg ?? ''}`)
      const order = data.order ?? {}
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

    async refund(): Promise<RefundResult> {
      return unavailable('refunds go through /xpay/refund_order (Android) or Apple (iOS); not supported by this adapter yet')
    },

    async queryRefund(): Promise<RefundResult> {
      return unavailable('refund query is not supported by this adapter yet')
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
