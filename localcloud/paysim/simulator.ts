/**
 * The pay simulator: WeChat Pay API v3 as far as 圈子 uses it (JSAPI orders, query, close,
 * refunds, 分账, 商家转账), with a cashier and a transfer-confirm step the H5 app drives, and
 * notifications in the real format (AEAD_AES_256_GCM resource, platform-key signature) posted to
 * the order's notify_url and retried like WeChat on anything but 2xx. Tests and demos bend the
 * notifications through the control API (twice, late, held back, never, forged).
 *
 * Time: business times (success_time, notification timestamps, retry schedule, the 24 h transfer
 * confirmation window) follow the local cloud's simulated clock, so the functions — which check
 * notifications against that same clock — accept them after any jump. Signatures on API answers
 * use the real clock, because the merchant SDK compares them with the machine's time.
 */
import { constants, generateKeyPairSync, privateDecrypt, randomBytes } from 'crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'fs'
import path from 'path'
import type { SimClock } from '../clock'
import type { PaysimKeys } from './keys'
import { beijing, digits, encryptResource, signedHeaders } from './wire'
import { EcommerceSim, emptyEcommerceState, type EcommerceState } from './ecommerce'
import { WxError, type SimOrder, type SimRefund, type TradeState } from './model'

/** WeChat Pay's notification retry schedule (seconds after the previous attempt): 15 s … 6 h, about 24 h in all. */
export const RETRY_SCHEDULE_S = [15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600]
/** 商家转账: a bill the user has not confirmed in 24 hours is cancelled. */
export const TRANSFER_CONFIRM_MS = 24 * 3600_000
/** Default cap of 分账 per order (商户平台 can raise it on request). */
export const PROFIT_SHARING_MAX_BPS = 3000

export interface SimReceiver {
  type: string
  account: string
  amountFen: number
  description: string
  result: 'PENDING' | 'SUCCESS' | 'CLOSED'
  failReason: string | null
}

export interface SimSharing {
  outOrderNo: string
  orderId: string
  transactionId: string
  state: 'PROCESSING' | 'FINISHED'
  receivers: SimReceiver[]
  unfreeze: boolean
  createdAt: string
}

export type TransferState =
  'ACCEPTED' | 'PROCESSING' | 'WAIT_USER_CONFIRM' | 'TRANSFERING' | 'SUCCESS' | 'FAIL' | 'CANCELING' | 'CANCELLED'

export interface SimTransfer {
  outBillNo: string
  transferBillNo: string
  appid: string
  openid: string
  userName: string | null
  amountFen: number
  remark: string
  sceneId: string
  notifyUrl: string | null
  state: TransferState
  failReason: string | null
  packageInfo: string
  createdAt: string
  updatedAt: string
}

/** How the next notification about one order / refund / bill is delivered (control API). */
export interface NotificationPlan {
  /** Send it this many times (WeChat may send duplicates). */
  copies?: number
  /** Send it this much later on the simulated clock. */
  delayMs?: number
  /** Hold it: until the next clock advance, or until released through the control API. */
  hold?: 'advance' | 'release'
  /** Never send it. */
  drop?: boolean
}

export interface DeliveryAttempt {
  at: string
  status: number
  /** The receiver's answer (truncated), or the network error. */
  response: string
}

export interface Delivery {
  id: string
  /** The notification's id: copies of one notification share it, as WeChat's resends do. */
  notificationId: string
  /** The order (out_trade_no), refund (out_refund_no) or bill (out_bill_no) it is about. */
  ref: string
  eventType: string
  url: string
  body: string
  /** The decrypted resource, for reading the state in tests. */
  resource: Record<string, unknown>
  state: 'pending' | 'held' | 'delivered' | 'dropped' | 'failed'
  hold: 'advance' | 'release' | null
  nextAt: string
  attempts: DeliveryAttempt[]
  copy: number
}

interface State {
  orders: Record<string, SimOrder>
  refunds: Record<string, SimRefund>
  sharings: Record<string, SimSharing>
  receivers: Record<string, { type: string; account: string; relationType: string; addedAt: string }>
  transfers: Record<string, SimTransfer>
  deliveries: Delivery[]
  plans: Record<string, NotificationPlan>
  /** Refunds that will end ABNORMAL: an order id, or '*' for the next refund of any order. */
  failNextRefunds: string[]
  /** 平台收付通: sub-merchants, their balances, applyments, ecommerce 分账, withdrawals (ecommerce.ts). */
  ecommerce: EcommerceState
}

const emptyState = (): State => ({
  orders: {},
  refunds: {},
  sharings: {},
  receivers: {},
  transfers: {},
  deliveries: [],
  plans: {},
  failNextRefunds: [],
  ecommerce: emptyEcommerceState(),
})

const MAX_KEPT_DELIVERIES = 500

export interface PaySimulatorOptions {
  keys: PaysimKeys
  appId: string
  clock: SimClock
  /** Where state.json lives; none: memory only. */
  dir?: string
  log?: (line: string) => void
  /** Deliver due notifications on a real-time ticker (off: only on flush/advance, for tests that step it). */
  ticker?: boolean
}

export class PaySimulator {
  /** @internal read and written by ecommerce.ts */
  state: State
  /** 平台收付通 (partner orders, sub-merchants, onboarding): localcloud/paysim/ecommerce.ts */
  readonly ecommerce: EcommerceSim
  private readonly inFlight = new Map<string, Promise<void>>()
  private timer: NodeJS.Timeout | null = null
  private readonly log: (line: string) => void
  private closed = false

  constructor(private readonly options: PaySimulatorOptions) {
    this.log = options.log ?? ((line) => console.log(line))
    this.state = this.load()
    this.ecommerce = new EcommerceSim(this)
    if (options.ticker !== false) {
      this.timer = setInterval(() => void this.pump(), 250)
      this.timer.unref()
    }
  }

  get keys(): PaysimKeys {
    return this.options.keys
  }

  get appId(): string {
    return this.options.appId
  }

  now(): Date {
    return this.options.clock.now()
  }

  // ---------- persistence ----------

  private file(): string | null {
    return this.options.dir ? path.join(this.options.dir, 'state.json') : null
  }

  private load(): State {
    const file = this.file()
    if (!file || !existsSync(file)) return emptyState()
    try {
      const loaded = JSON.parse(readFileSync(file, 'utf8'))
      return { ...emptyState(), ...loaded, ecommerce: { ...emptyEcommerceState(), ...(loaded.ecommerce ?? {}) } }
    } catch (err) {
      this.log(`[paysim] cannot read ${file} (${(err as Error).message}); starting empty`)
      return emptyState()
    }
  }

  /** @internal */
  save(): void {
    const file = this.file()
    if (!file || this.closed) return
    if (this.state.deliveries.length > MAX_KEPT_DELIVERIES) {
      const done = this.state.deliveries.filter(
        (d) => d.state === 'delivered' || d.state === 'dropped' || d.state === 'failed',
      )
      const drop = new Set(done.slice(0, this.state.deliveries.length - MAX_KEPT_DELIVERIES).map((d) => d.id))
      this.state.deliveries = this.state.deliveries.filter((d) => !drop.has(d.id))
    }
    mkdirSync(path.dirname(file), { recursive: true })
    writeFileSync(`${file}.tmp`, JSON.stringify(this.state))
    renameSync(`${file}.tmp`, file)
  }

  snapshot(): State {
    return JSON.parse(JSON.stringify(this.state))
  }

  wipe(): void {
    this.state = emptyState()
    this.save()
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.idle()
    this.save()
    this.closed = true
  }

  /** Resolves when no notification is being sent. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()])
  }

  // ---------- JSAPI orders ----------

  prepay(body: any): { prepay_id: string } {
    const required = ['appid', 'mchid', 'description', 'out_trade_no', 'notify_url']
    for (const field of required) if (!body?.[field]) throw new WxError(400, 'PARAM_ERROR', `缺少参数 ${field}`)
    if (body.mchid !== this.keys.mchid) throw new WxError(400, 'MCH_NOT_EXISTS', '商户号不存在')
    if (body.appid !== this.appId) throw new WxError(400, 'APPID_MCHID_NOT_MATCH', 'appid和mch_id不匹配')
    const total = body.amount?.total
    if (!Number.isInteger(total) || total < 1) throw new WxError(400, 'PARAM_ERROR', 'amount.total 必须为正整数（分）')
    if (!body.payer?.openid) throw new WxError(400, 'PARAM_ERROR', '缺少参数 payer.openid')
    if (String(body.out_trade_no).length > 32 || !/^[0-9A-Za-z_\-|*]+$/.test(body.out_trade_no)) {
      throw new WxError(400, 'PARAM_ERROR', 'out_trade_no 格式错误')
    }
    const existing = this.state.orders[body.out_trade_no]
    if (existing) {
      if (existing.state === 'SUCCESS' || existing.state === 'REFUND')
        throw new WxError(400, 'ORDERPAID', '该订单已支付')
      if (existing.state === 'CLOSED') throw new WxError(400, 'ORDERCLOSED', '该订单已关闭')
      if (existing.amountFen !== total || existing.payerOpenid !== body.payer.openid) {
        throw new WxError(400, 'INVALID_REQUEST', '201 商户订单号重复')
      }
      return { prepay_id: existing.prepayId }
    }
    const order: SimOrder = {
      outTradeNo: body.out_trade_no,
      appid: body.appid,
      description: String(body.description),
      amountFen: total,
      payerOpenid: body.payer.openid,
      notifyUrl: body.notify_url,
      timeExpire: body.time_expire ?? null,
      profitSharing: body.settle_info?.profit_sharing === true,
      prepayId: `wx${digits(6)}${randomBytes(13).toString('hex')}`,
      state: 'NOTPAY',
      transactionId: null,
      successTime: null,
      refundedFen: 0,
      sharedFen: 0,
      unfrozen: false,
      createdAt: beijing(this.now()),
    }
    this.state.orders[order.outTradeNo] = order
    this.save()
    return { prepay_id: order.prepayId }
  }

  /** @internal */
  order(outTradeNo: string): SimOrder {
    const order = this.state.orders[outTradeNo]
    if (!order) throw new WxError(404, 'ORDER_NOT_EXIST', '订单不存在')
    return order
  }

  queryOrder(outTradeNo: string): Record<string, unknown> {
    const o = this.order(outTradeNo)
    if (o.subMchid) return this.ecommerce.partnerOrderView(o)
    const paid = o.transactionId !== null
    return {
      appid: o.appid,
      mchid: this.keys.mchid,
      out_trade_no: o.outTradeNo,
      ...(paid ? { transaction_id: o.transactionId, bank_type: 'OTHERS', success_time: o.successTime } : {}),
      trade_type: 'JSAPI',
      trade_state: o.state,
      trade_state_desc: TRADE_STATE_DESC[o.state],
      attach: '',
      payer: { openid: o.payerOpenid },
      amount: paid
        ? { total: o.amountFen, payer_total: o.amountFen, currency: 'CNY', payer_currency: 'CNY' }
        : { total: o.amountFen, currency: 'CNY' },
    }
  }

  closeOrder(outTradeNo: string): void {
    const o = this.order(outTradeNo)
    if (o.state === 'SUCCESS' || o.state === 'REFUND') throw new WxError(400, 'ORDERPAID', '订单已支付，不能关闭')
    o.state = 'CLOSED'
    this.save()
  }

  private expired(o: SimOrder): boolean {
    return o.timeExpire !== null && this.now().getTime() > new Date(o.timeExpire).getTime()
  }

  cashierView(outTradeNo: string) {
    const o = this.order(outTradeNo)
    return {
      orderId: o.outTradeNo,
      amountFen: o.amountFen,
      description: o.description,
      state: o.state,
      payerOpenid: o.payerOpenid,
      expiresAt: o.timeExpire,
      expired: o.state === 'NOTPAY' && this.expired(o),
    }
  }

  /** The user pays at the cashier: the order succeeds and TRANSACTION.SUCCESS goes to notify_url. */
  pay(outTradeNo: string, payer?: string) {
    const o = this.order(outTradeNo)
    if (payer && payer !== o.payerOpenid) throw new WxError(403, 'NO_AUTH', '付款人与下单用户不一致')
    if (o.state === 'SUCCESS' || o.state === 'REFUND') throw new WxError(400, 'ORDERPAID', '该订单已支付')
    if (o.state === 'CLOSED') throw new WxError(400, 'ORDERCLOSED', '该订单已关闭')
    if (this.expired(o)) throw new WxError(400, 'ORDERCLOSED', '订单已过支付期限')
    o.state = 'SUCCESS'
    o.transactionId = `4200${digits(24)}`
    o.successTime = beijing(this.now())
    if (o.subMchid) this.ecommerce.onPaid(o)
    this.save()
    this.notify(
      o.outTradeNo,
      'TRANSACTION.SUCCESS',
      o.notifyUrl,
      'transaction',
      '支付成功',
      this.queryOrder(o.outTradeNo),
    )
    return this.cashierView(outTradeNo)
  }

  /** The user closes the cashier: nothing changes at WeChat, the order stays NOTPAY. */
  cancel(outTradeNo: string) {
    this.order(outTradeNo)
    return { ...this.cashierView(outTradeNo), cancelled: true }
  }

  // ---------- refunds ----------

  refund(body: any): Record<string, unknown> {
    if (!body?.out_refund_no) throw new WxError(400, 'PARAM_ERROR', '缺少参数 out_refund_no')
    const existing = this.state.refunds[body.out_refund_no]
    if (existing) return this.refundView(existing)
    const o = body.out_trade_no
      ? this.order(body.out_trade_no)
      : Object.values(this.state.orders).find((x) => x.transactionId === body.transaction_id)
    if (!o) throw new WxError(404, 'RESOURCE_NOT_EXISTS', '订单不存在')
    if (!o.transactionId) throw new WxError(400, 'INVALID_REQUEST', '订单未支付，不能退款')
    const refund = body.amount?.refund
    const total = body.amount?.total
    if (!Number.isInteger(refund) || refund < 1) throw new WxError(400, 'PARAM_ERROR', 'amount.refund 必须为正整数')
    if (total !== o.amountFen) throw new WxError(400, 'PARAM_ERROR', '订单金额与原订单不一致')
    if (refund > o.amountFen - o.refundedFen - (o.unfrozen ? 0 : o.sharedFen))
      throw new WxError(403, 'NOT_ENOUGH', '可退款金额不足')
    return this.refundView(this.openRefund(o, body, refund))
  }

  /**
   * @internal Books a refund of `refundFen` on a paid order (both the direct and the ecommerce
   * refund APIs): WeChat answers PROCESSING and settles it a moment later.
   */
  openRefund(o: SimOrder, body: any, refundFen: number, extra: Partial<SimRefund> = {}): SimRefund {
    o.refundedFen += refundFen
    o.state = 'REFUND'
    const r: SimRefund = {
      outRefundNo: body.out_refund_no,
      refundId: `50${digits(27)}`,
      outTradeNo: o.outTradeNo,
      transactionId: o.transactionId!,
      amountFen: refundFen,
      totalFen: o.amountFen,
      reason: String(body.reason ?? ''),
      notifyUrl: body.notify_url ?? o.notifyUrl,
      status: 'PROCESSING',
      createdAt: beijing(this.now()),
      successTime: null,
      ...extra,
    }
    this.state.refunds[r.outRefundNo] = r
    this.save()
    setImmediate(() => this.settleRefund(r.outRefundNo))
    return r
  }

  /** @internal */
  settleRefund(outRefundNo: string): void {
    const r = this.state.refunds[outRefundNo]
    if (!r || r.status !== 'PROCESSING' || this.closed) return
    const failIndex = this.state.failNextRefunds.findIndex((x) => x === r.outTradeNo || x === '*')
    if (failIndex >= 0) {
      this.state.failNextRefunds.splice(failIndex, 1)
      r.status = 'ABNORMAL'
      // the money did not go back: it can be refunded again
      const o = this.state.orders[r.outTradeNo]
      if (o) o.refundedFen -= r.amountFen
      if (r.subMchid) this.ecommerce.onRefundFailed(r)
    } else {
      r.status = 'SUCCESS'
      r.successTime = beijing(this.now())
    }
    this.save()
    const event = r.status === 'SUCCESS' ? 'REFUND.SUCCESS' : 'REFUND.ABNORMAL'
    this.notify(r.outRefundNo, event, r.notifyUrl, 'refund', r.status === 'SUCCESS' ? '退款成功' : '退款异常', {
      ...(r.subMchid ? { sp_mchid: this.keys.mchid, sub_mchid: r.subMchid } : { mchid: this.keys.mchid }),
      out_trade_no: r.outTradeNo,
      transaction_id: r.transactionId,
      out_refund_no: r.outRefundNo,
      refund_id: r.refundId,
      refund_status: r.status,
      ...(r.successTime ? { success_time: r.successTime } : {}),
      user_received_account: '支付用户零钱',
      amount: { total: r.totalFen, refund: r.amountFen, payer_total: r.totalFen, payer_refund: r.amountFen },
    })
  }

  refundView(r: SimRefund): Record<string, unknown> {
    return {
      refund_id: r.refundId,
      out_refund_no: r.outRefundNo,
      transaction_id: r.transactionId,
      out_trade_no: r.outTradeNo,
      channel: 'ORIGINAL',
      user_received_account: '支付用户零钱',
      ...(r.successTime ? { success_time: r.successTime } : {}),
      create_time: r.createdAt,
      status: r.status,
      funds_account: 'AVAILABLE',
      amount: {
        total: r.totalFen,
        refund: r.amountFen,
        payer_total: r.totalFen,
        payer_refund: r.amountFen,
        settlement_refund: r.amountFen,
        settlement_total: r.totalFen,
        discount_refund: 0,
        currency: 'CNY',
      },
    }
  }

  queryRefund(outRefundNo: string): Record<string, unknown> {
    const r = this.state.refunds[outRefundNo]
    if (!r) throw new WxError(404, 'RESOURCE_NOT_EXISTS', '退款单不存在')
    return this.refundView(r)
  }

  failNextRefund(orderId?: string): void {
    this.state.failNextRefunds.push(orderId ?? '*')
    this.save()
  }

  // ---------- 分账 ----------

  addReceiver(body: any): Record<string, unknown> {
    if (body?.appid !== this.appId) throw new WxError(400, 'PARAM_ERROR', 'appid 不正确')
    if (body?.type !== 'PERSONAL_OPENID' && body?.type !== 'MERCHANT_ID')
      throw new WxError(400, 'PARAM_ERROR', 'type 不正确')
    if (!body.account || !body.relation_type) throw new WxError(400, 'PARAM_ERROR', '缺少参数 account 或 relation_type')
    this.state.receivers[`${body.type}:${body.account}`] = {
      type: body.type,
      account: body.account,
      relationType: body.relation_type,
      addedAt: beijing(this.now()),
    }
    this.save()
    return { type: body.type, account: body.account, relation_type: body.relation_type }
  }

  profitSharing(body: any): Record<string, unknown> {
    if (!body?.out_order_no || !body.transaction_id)
      throw new WxError(400, 'PARAM_ERROR', '缺少参数 out_order_no 或 transaction_id')
    const existing = this.state.sharings[body.out_order_no]
    if (existing) return this.sharingView(existing)
    const o = Object.values(this.state.orders).find((x) => x.transactionId === body.transaction_id)
    if (!o) throw new WxError(404, 'RESOURCE_NOT_EXISTS', '订单不存在')
    if (!o.profitSharing) throw new WxError(400, 'INVALID_REQUEST', '订单未设置分账（profit_sharing）')
    if (o.unfrozen) throw new WxError(400, 'INVALID_REQUEST', '订单已解冻剩余资金，不能再分账')
    const receivers: any[] = Array.isArray(body.receivers) ? body.receivers : []
    if (receivers.length === 0 || receivers.length > 50) throw new WxError(400, 'PARAM_ERROR', 'receivers 需要 1–50 个')
    for (const r of receivers) {
      if (!Number.isInteger(r.amount) || r.amount < 1) throw new WxError(400, 'PARAM_ERROR', '分账金额必须为正整数')
      if (!this.state.receivers[`${r.type}:${r.account}`])
        throw new WxError(400, 'RECEIVER_INVALID', `分账接收方 ${r.account} 未添加`)
    }
    const sum = receivers.reduce((s, r) => s + r.amount, 0)
    const cap = Math.floor((o.amountFen * PROFIT_SHARING_MAX_BPS) / 10_000)
    if (o.sharedFen + sum > cap) throw new WxError(400, 'INVALID_REQUEST', '分账金额超出最大分账比例')
    if (o.sharedFen + sum > o.amountFen - o.refundedFen) throw new WxError(403, 'NOT_ENOUGH', '分账金额不足')
    o.sharedFen += sum
    const sharing: SimSharing = {
      outOrderNo: body.out_order_no,
      orderId: `3008${digits(26)}`,
      transactionId: body.transaction_id,
      state: 'PROCESSING',
      receivers: receivers.map((r) => ({
        type: r.type,
        account: r.account,
        amountFen: r.amount,
        description: String(r.description ?? ''),
        result: 'PENDING',
        failReason: null,
      })),
      unfreeze: false,
      createdAt: beijing(this.now()),
    }
    if (body.unfreeze_unsplit === true) o.unfrozen = true
    this.state.sharings[sharing.outOrderNo] = sharing
    this.save()
    setImmediate(() => {
      sharing.state = 'FINISHED'
      for (const r of sharing.receivers) r.result = 'SUCCESS'
      this.save()
    })
    return this.sharingView(sharing)
  }

  unfreeze(body: any): Record<string, unknown> {
    if (!body?.out_order_no || !body.transaction_id)
      throw new WxError(400, 'PARAM_ERROR', '缺少参数 out_order_no 或 transaction_id')
    const existing = this.state.sharings[body.out_order_no]
    if (existing) return this.sharingView(existing)
    const o = Object.values(this.state.orders).find((x) => x.transactionId === body.transaction_id)
    if (!o) throw new WxError(404, 'RESOURCE_NOT_EXISTS', '订单不存在')
    if (!o.profitSharing) throw new WxError(400, 'INVALID_REQUEST', '订单未设置分账（profit_sharing）')
    o.unfrozen = true
    const sharing: SimSharing = {
      outOrderNo: body.out_order_no,
      orderId: `3008${digits(26)}`,
      transactionId: body.transaction_id,
      state: 'FINISHED',
      receivers: [
        {
          type: 'MERCHANT_ID',
          account: this.keys.mchid,
          amountFen: Math.max(0, o.amountFen - o.sharedFen - o.refundedFen),
          description: '解冻给分账方',
          result: 'SUCCESS',
          failReason: null,
        },
      ],
      unfreeze: true,
      createdAt: beijing(this.now()),
    }
    this.state.sharings[sharing.outOrderNo] = sharing
    this.save()
    return this.sharingView(sharing)
  }

  querySharing(outOrderNo: string, transactionId: string | null): Record<string, unknown> {
    const s = this.state.sharings[outOrderNo]
    if (!s || (transactionId && s.transactionId !== transactionId))
      throw new WxError(404, 'RESOURCE_NOT_EXISTS', '分账单不存在')
    return this.sharingView(s)
  }

  private sharingView(s: SimSharing): Record<string, unknown> {
    return {
      transaction_id: s.transactionId,
      out_order_no: s.outOrderNo,
      order_id: s.orderId,
      state: s.state,
      receivers: s.receivers.map((r) => ({
        amount: r.amountFen,
        description: r.description,
        type: r.type,
        account: r.account,
        result: r.result,
        fail_reason: r.failReason ?? undefined,
        detail_id: `3600${digits(26)}`,
        create_time: s.createdAt,
        finish_time: s.createdAt,
      })),
    }
  }

  // ---------- 商家转账 ----------

  createTransfer(body: any, wechatpaySerial: string | undefined): Record<string, unknown> {
    for (const field of ['appid', 'out_bill_no', 'transfer_scene_id', 'openid', 'transfer_remark']) {
      if (!body?.[field]) throw new WxError(400, 'PARAM_ERROR', `缺少参数 ${field}`)
    }
    if (body.appid !== this.appId) throw new WxError(400, 'APPID_MCHID_NOT_MATCH', 'appid和mch_id不匹配')
    if (!Array.isArray(body.transfer_scene_report_infos) || body.transfer_scene_report_infos.length === 0) {
      throw new WxError(400, 'PARAM_ERROR', '缺少参数 transfer_scene_report_infos')
    }
    const amount = body.transfer_amount
    if (!Number.isInteger(amount) || amount < 10) throw new WxError(400, 'PARAM_ERROR', '转账金额最低 0.1 元')
    const existing = this.state.transfers[body.out_bill_no]
    if (existing) {
      if (existing.amountFen !== amount || existing.openid !== body.openid)
        throw new WxError(400, 'INVALID_REQUEST', '商户单号重复且参数不一致')
      return this.transferCreateView(existing)
    }
    let userName: string | null = null
    if (body.user_name) {
      if (wechatpaySerial !== this.keys.publicKeyId)
        throw new WxError(400, 'PARAM_ERROR', 'Wechatpay-Serial 与加密所用的微信支付公钥不一致')
      try {
        userName = privateDecrypt(
          { key: this.keys.platformPrivateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
          Buffer.from(String(body.user_name), 'base64'),
        ).toString('utf8')
      } catch {
        throw new WxError(400, 'PARAM_ERROR', 'user_name 解密失败')
      }
    } else if (amount >= 200_000) {
      throw new WxError(400, 'PARAM_ERROR', '转账金额 >= 2000 元时必须填写收款用户姓名')
    }
    const at = beijing(this.now())
    const t: SimTransfer = {
      outBillNo: body.out_bill_no,
      transferBillNo: `1330000${digits(33)}`,
      appid: body.appid,
      openid: body.openid,
      userName,
      amountFen: amount,
      remark: String(body.transfer_remark),
      sceneId: String(body.transfer_scene_id),
      notifyUrl: body.notify_url ?? null,
      state: 'WAIT_USER_CONFIRM',
      failReason: null,
      packageInfo: Buffer.from(`paysim:${body.out_bill_no}:${randomBytes(12).toString('hex')}`).toString('base64'),
      createdAt: at,
      updatedAt: at,
    }
    this.state.transfers[t.outBillNo] = t
    this.save()
    return this.transferCreateView(t)
  }

  private transfer(outBillNo: string): SimTransfer {
    const t = this.state.transfers[outBillNo]
    if (!t) throw new WxError(404, 'NOT_FOUND', '转账单不存在')
    return t
  }

  private transferCreateView(t: SimTransfer): Record<string, unknown> {
    return {
      out_bill_no: t.outBillNo,
      transfer_bill_no: t.transferBillNo,
      create_time: t.createdAt,
      state: t.state,
      ...(t.state === 'WAIT_USER_CONFIRM' ? { package_info: t.packageInfo } : {}),
      ...(t.failReason ? { fail_reason: t.failReason } : {}),
    }
  }

  queryTransfer(outBillNo: string): Record<string, unknown> {
    const t = this.transfer(outBillNo)
    return {
      mch_id: this.keys.mchid,
      out_bill_no: t.outBillNo,
      transfer_bill_no: t.transferBillNo,
      appid: t.appid,
      state: t.state,
      transfer_amount: t.amountFen,
      transfer_remark: t.remark,
      ...(t.failReason ? { fail_reason: t.failReason } : {}),
      openid: t.openid,
      create_time: t.createdAt,
      update_time: t.updatedAt,
      ...(t.state === 'WAIT_USER_CONFIRM' ? { package_info: t.packageInfo } : {}),
    }
  }

  private finishTransfer(t: SimTransfer, state: 'SUCCESS' | 'FAIL' | 'CANCELLED', failReason: string | null): void {
    t.state = state
    t.failReason = failReason
    t.updatedAt = beijing(this.now())
    this.save()
    if (t.notifyUrl) {
      this.notify(t.outBillNo, 'MCHTRANSFER.BILL.FINISHED', t.notifyUrl, 'mch_payment', '商家转账单据终态通知', {
        out_bill_no: t.outBillNo,
        transfer_bill_no: t.transferBillNo,
        state: t.state,
        mch_id: this.keys.mchid,
        transfer_amount: t.amountFen,
        openid: t.openid,
        ...(failReason ? { fail_reason: failReason } : {}),
        create_time: t.createdAt,
        update_time: t.updatedAt,
      })
    }
  }

  /** The user confirms in WeChat (wx.requestMerchantTransfer): the money arrives. */
  confirmTransfer(outBillNo: string, openid?: string) {
    const t = this.transfer(outBillNo)
    if (openid && openid !== t.openid) throw new WxError(403, 'NO_AUTH', '确认收款的用户与收款用户不一致')
    this.expireTransfers()
    if (t.state !== 'WAIT_USER_CONFIRM')
      throw new WxError(400, 'INVALID_REQUEST', `转账单状态为 ${t.state}，不能确认收款`)
    t.state = 'TRANSFERING'
    this.finishTransfer(t, 'SUCCESS', null)
    return this.transferSummary(t)
  }

  cancelTransfer(outBillNo: string): Record<string, unknown> {
    const t = this.transfer(outBillNo)
    if (t.state === 'CANCELLED' || t.state === 'CANCELING') {
      return { out_bill_no: t.outBillNo, transfer_bill_no: t.transferBillNo, state: t.state, update_time: t.updatedAt }
    }
    if (t.state !== 'WAIT_USER_CONFIRM' && t.state !== 'ACCEPTED')
      throw new WxError(400, 'INVALID_REQUEST', `转账单状态为 ${t.state}，不能撤销`)
    t.state = 'CANCELING'
    t.updatedAt = beijing(this.now())
    this.save()
    setImmediate(() => {
      if (t.state === 'CANCELING' && !this.closed) this.finishTransfer(t, 'CANCELLED', 'MERCHANT_REVOCATION')
    })
    return {
      out_bill_no: t.outBillNo,
      transfer_bill_no: t.transferBillNo,
      state: 'CANCELING',
      update_time: t.updatedAt,
    }
  }

  /** Control: the transfer fails (e.g. the user's account is restricted). */
  failTransfer(outBillNo: string, reason = 'ACCOUNT_FROZEN') {
    const t = this.transfer(outBillNo)
    if (t.state === 'SUCCESS' || t.state === 'FAIL' || t.state === 'CANCELLED')
      throw new WxError(400, 'INVALID_REQUEST', `转账单已是终态 ${t.state}`)
    this.finishTransfer(t, 'FAIL', reason)
    return this.transferSummary(t)
  }

  /** Control: the user let the 24 hours pass without confirming. */
  expireTransfer(outBillNo: string) {
    const t = this.transfer(outBillNo)
    if (t.state !== 'WAIT_USER_CONFIRM')
      throw new WxError(400, 'INVALID_REQUEST', `转账单状态为 ${t.state}，不在待确认`)
    this.finishTransfer(t, 'CANCELLED', 'EXPIRED')
    return this.transferSummary(t)
  }

  transferSummary(t: SimTransfer) {
    return {
      outBillNo: t.outBillNo,
      transferBillNo: t.transferBillNo,
      amountFen: t.amountFen,
      remark: t.remark,
      state: t.state,
      failReason: t.failReason,
    }
  }

  transferView(outBillNo: string) {
    this.expireTransfers()
    return this.transferSummary(this.transfer(outBillNo))
  }

  /** Bills waiting for confirmation longer than 24 h (simulated) are cancelled. */
  private expireTransfers(): void {
    const now = this.now().getTime()
    for (const t of Object.values(this.state.transfers)) {
      if (t.state === 'WAIT_USER_CONFIRM' && now - new Date(t.createdAt).getTime() > TRANSFER_CONFIRM_MS) {
        this.finishTransfer(t, 'CANCELLED', 'EXPIRED')
      }
    }
  }

  // ---------- notifications ----------

  setPlan(ref: string, plan: NotificationPlan): NotificationPlan {
    this.state.plans[ref] = plan
    this.save()
    return plan
  }

  private buildBody(
    eventType: string,
    originalType: string,
    summary: string,
    resource: Record<string, unknown>,
    id: string,
    createdAt: Date,
  ): string {
    return JSON.stringify({
      id,
      create_time: beijing(createdAt),
      resource_type: 'encrypt-resource',
      event_type: eventType,
      summary,
      resource: {
        original_type: originalType,
        ...encryptResource(JSON.stringify(resource), this.keys.apiv3Key, originalType),
      },
    })
  }

  /** Queues a notification (applying and consuming the plan for its ref) and sends what is due. */
  /** @internal */
  notify(
    ref: string,
    eventType: string,
    url: string,
    originalType: string,
    summary: string,
    resource: Record<string, unknown>,
  ): void {
    const plan = this.state.plans[ref] ?? {}
    delete this.state.plans[ref]
    const now = this.now()
    const notificationId = randomBytes(16)
      .toString('hex')
      .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5')
    const body = this.buildBody(eventType, originalType, summary, resource, notificationId, now)
    const copies = Math.max(1, Math.min(10, Math.floor(plan.copies ?? 1)))
    const nextAt = new Date(now.getTime() + Math.max(0, plan.delayMs ?? 0)).toISOString()
    for (let copy = 1; copy <= copies; copy++) {
      this.state.deliveries.push({
        id: `${notificationId}#${copy}`,
        notificationId,
        ref,
        eventType,
        url,
        body,
        resource,
        state: plan.drop ? 'dropped' : plan.hold ? 'held' : 'pending',
        hold: plan.hold ?? null,
        nextAt,
        attempts: [],
        copy,
      })
    }
    this.save()
    this.log(
      `[paysim] ${eventType} ${ref} → ${plan.drop ? 'dropped' : plan.hold ? `held (${plan.hold})` : url}${copies > 1 ? ` ×${copies}` : ''}`,
    )
    setImmediate(() => void this.pump())
  }

  /** Sends every pending notification that is due on the simulated clock (or all of them with force). */
  async pump(force = false): Promise<void> {
    if (this.closed) return
    const now = this.now().getTime()
    const due = this.state.deliveries.filter(
      (d) => d.state === 'pending' && !this.inFlight.has(d.id) && (force || new Date(d.nextAt).getTime() <= now),
    )
    await Promise.all(due.map((d) => this.attempt(d)))
  }

  private attempt(d: Delivery): Promise<void> {
    const existing = this.inFlight.get(d.id)
    if (existing) return existing
    const run = (async () => {
      const headers = {
        'content-type': 'application/json',
        'user-agent': 'Mozilla/4.0',
        ...signedHeaders(
          d.body,
          { keyId: this.keys.publicKeyId, privateKey: this.keys.platformPrivateKey },
          Math.floor(this.now().getTime() / 1000),
        ),
      }
      let status = 0
      let response: string
      try {
        const res = await fetch(d.url, { method: 'POST', headers, body: d.body, signal: AbortSignal.timeout(5000) })
        status = res.status
        response = (await res.text()).slice(0, 2000)
      } catch (err) {
        response = (err as Error).message
      }
      const at = this.now()
      d.attempts.push({ at: at.toISOString(), status, response })
      if (status >= 200 && status < 300) {
        d.state = 'delivered'
      } else if (d.attempts.length > RETRY_SCHEDULE_S.length) {
        d.state = 'failed'
        this.log(`[paysim] ${d.eventType} ${d.ref}: gave up after ${d.attempts.length} attempts`)
      } else {
        d.nextAt = new Date(at.getTime() + RETRY_SCHEDULE_S[d.attempts.length - 1] * 1000).toISOString()
        this.log(`[paysim] ${d.eventType} ${d.ref}: answered ${status || response}; retry at ${d.nextAt}`)
      }
      this.save()
    })().finally(() => this.inFlight.delete(d.id))
    this.inFlight.set(d.id, run)
    return run
  }

  /** Held notifications (for one ref, or all) go out now. */
  async release(ref?: string): Promise<Delivery[]> {
    const held = this.state.deliveries.filter((d) => d.state === 'held' && (!ref || d.ref === ref))
    const now = this.now().toISOString()
    for (const d of held) {
      d.state = 'pending'
      d.nextAt = now
    }
    this.save()
    await Promise.all(held.map((d) => this.attempt(d)))
    return held
  }

  /** Every pending notification goes out now, retries included, whatever its schedule. */
  async flush(): Promise<Delivery[]> {
    const pending = this.state.deliveries.filter((d) => d.state === 'pending')
    await Promise.all(pending.map((d) => this.attempt(d)))
    return pending
  }

  /** The simulated clock moved: release what waits for an advance, expire transfers, send what fell due. */
  async clockChanged(): Promise<void> {
    for (const d of this.state.deliveries) {
      if (d.state === 'held' && d.hold === 'advance') {
        d.state = 'pending'
        d.nextAt = this.now().toISOString()
      }
    }
    this.expireTransfers()
    this.save()
    await this.pump()
  }

  /**
   * A notification WeChat did not send: TRANSACTION.SUCCESS for an order with one flaw, posted to
   * its notify_url (or `url`). Answers what the receiver said, which should be a refusal.
   */
  async forge(input: {
    orderId: string
    flaw: ForgeFlaw
    url?: string
    amountFen?: number
  }): Promise<{ status: number; response: string }> {
    const o = this.state.orders[input.orderId]
    const url = input.url ?? o?.notifyUrl
    if (!url) throw new WxError(404, 'ORDER_NOT_EXIST', '订单不存在，且没有给出 url')
    const now = this.now()
    const resource = {
      appid: this.appId,
      mchid: this.keys.mchid,
      out_trade_no: input.orderId,
      transaction_id: `4200${digits(24)}`,
      trade_type: 'JSAPI',
      trade_state: 'SUCCESS',
      trade_state_desc: '支付成功',
      bank_type: 'OTHERS',
      success_time: beijing(now),
      payer: { openid: o?.payerOpenid ?? 'o_forged' },
      amount: {
        total: input.amountFen ?? o?.amountFen ?? 1,
        payer_total: input.amountFen ?? o?.amountFen ?? 1,
        currency: 'CNY',
        payer_currency: 'CNY',
      },
    }
    const id = randomBytes(16).toString('hex')
    const apiv3Key = input.flaw === 'apiv3key' ? randomBytes(16).toString('hex') : this.keys.apiv3Key
    let body = JSON.stringify({
      id,
      create_time: beijing(now),
      resource_type: 'encrypt-resource',
      event_type: 'TRANSACTION.SUCCESS',
      summary: '支付成功',
      resource: { original_type: 'transaction', ...encryptResource(JSON.stringify(resource), apiv3Key, 'transaction') },
    })
    const platform = { keyId: this.keys.publicKeyId, privateKey: this.keys.platformPrivateKey }
    let timestamp = Math.floor(now.getTime() / 1000)
    if (input.flaw === 'stale') timestamp -= 600
    let headers = signedHeaders(body, platform, timestamp)
    if (input.flaw === 'signature') {
      // signed by someone else's key
      const other = generateKeyPairSync('rsa', {
        modulusLength: 2048,
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
        publicKeyEncoding: { type: 'spki', format: 'pem' },
      })
      headers = signedHeaders(body, { keyId: platform.keyId, privateKey: other.privateKey }, timestamp)
    } else if (input.flaw === 'serial') {
      headers = { ...headers, 'Wechatpay-Serial': 'PUB_KEY_ID_SOMEONE_ELSE' }
    } else if (input.flaw === 'ciphertext') {
      // flip a byte of the ciphertext, then sign the altered body properly: only the GCM tag can tell
      const parsed = JSON.parse(body)
      const bytes = Buffer.from(parsed.resource.ciphertext, 'base64')
      bytes[0] ^= 0x01
      parsed.resource.ciphertext = bytes.toString('base64')
      body = JSON.stringify(parsed)
      headers = signedHeaders(body, platform, timestamp)
    } else if (input.flaw === 'body') {
      // the body changed after signing
      body = body.replace('"支付成功"', '"支付成功 "')
    }
    let status = 0
    let response: string
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        signal: AbortSignal.timeout(5000),
      })
      status = res.status
      response = (await res.text()).slice(0, 2000)
    } catch (err) {
      response = (err as Error).message
    }
    this.log(`[paysim] forged TRANSACTION.SUCCESS (${input.flaw}) for ${input.orderId} → ${status}`)
    return { status, response }
  }
}

export const FORGE_FLAWS = ['signature', 'serial', 'stale', 'ciphertext', 'apiv3key', 'body'] as const
export type ForgeFlaw = (typeof FORGE_FLAWS)[number]

const TRADE_STATE_DESC: Record<TradeState, string> = {
  NOTPAY: '订单未支付',
  SUCCESS: '支付成功',
  CLOSED: '订单已关闭',
  REFUND: '转入退款',
  PAYERROR: '支付失败',
  USERPAYING: '用户支付中',
}
