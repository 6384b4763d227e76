/**
 * The simulator's 平台收付通 (ecommerce) side: the partner JSAPI and its orders, ecommerce refunds,
 * 分账 / 完结 / 回退, per-sub-merchant balances (pending until 分账 is finished, available after),
 * 二级商户提现 (T+1 on the simulated clock), onboarding (进件 and its states, media upload).
 * Formats follow WeChat Pay's v3 reference for 电商收付通; answers are signed by http.ts like
 * every other call. What a real onboarding does in WeChat's own screens (review, the remittance
 * check, signing) is driven through the control API (`applymentTo`).
 *
 * WeChat's fee: the simulator charges FEE_BPS (0.6 %, rounded down) of each partner payment and
 * gives it back in proportion on refunds (all that is left on the last one), which is what the
 * ledger books as `channel:fee`, so reconciliation can compare balances to the fen.
 */
import { constants, createHash, privateDecrypt } from 'crypto'
import type { PaysimKeys } from './keys'
import { WxError, type SimOrder, type SimRefund } from './model'
import { beijing, digits } from './wire'

export const FEE_BPS = 60
/** Default cap of 分账 per order (of what the buyer finally paid). */
const SHARING_CAP_BPS = 3000
/** 二级商户提现 arrives the next day (T+1) on the simulated clock. */
export const WITHDRAW_ARRIVES_MS = 24 * 3600_000

export type ApplymentState =
  'CHECKING' | 'ACCOUNT_NEED_VERIFY' | 'AUDITING' | 'NEED_SIGN' | 'FINISH' | 'REJECTED' | 'FROZEN' | 'CANCELED'

export interface SimSubMerchant {
  subMchid: string
  name: string
  availableFen: number
  pendingFen: number
  /** Last four digits and bank of the settlement card (all the simulator keeps of it). */
  bankLast4: string
  bankName: string
}

export interface SimApplyment {
  outRequestNo: string
  applymentId: string
  organizationType: string
  merchantShortname: string
  state: ApplymentState
  subMchid: string | null
  rejectReasons: { param_name: string; reject_reason: string }[]
  bankLast4: string
  bankName: string
  createdAt: string
  updatedAt: string
}

interface PartnerMoney {
  subMchid: string
  /** Still frozen for 分账 (in the sub-merchant's pending). */
  frozenFen: number
  feeLeftFen: number
  /** What the buyer paid and has not had back. */
  amountLeftFen: number
  sharedFen: number
  finished: boolean
}

interface SimEcoSharing {
  outOrderNo: string
  orderId: string
  subMchid: string
  transactionId: string
  receivers: { type: string; receiver_account: string; amount: number; description: string; returnedFen: number }[]
  finishAmount: number | null
  createdAt: string
}

interface SimReturn {
  outReturnNo: string
  returnNo: string
  subMchid: string
  outOrderNo: string
  orderId: string
  returnMchid: string
  amount: number
  createdAt: string
}

interface SimWithdraw {
  outRequestNo: string
  withdrawId: string
  subMchid: string
  amountFen: number
  status: 'CREATE_SUCCESS' | 'SUCCESS' | 'FAIL'
  reason: string | null
  createdAt: string
  updatedAt: string
}

export interface EcommerceState {
  subMerchants: Record<string, SimSubMerchant>
  applyments: Record<string, SimApplyment>
  media: Record<string, { filename: string; sha256: string; bytes: number }>
  money: Record<string, PartnerMoney>
  sharings: Record<string, SimEcoSharing>
  returns: Record<string, SimReturn>
  withdraws: Record<string, SimWithdraw>
  /** Fees the platform's own merchant received by 分账 (less 回退). */
  platformReceivedFen: number
}

export const emptyEcommerceState = (): EcommerceState => ({
  subMerchants: {},
  applyments: {},
  media: {},
  money: {},
  sharings: {},
  returns: {},
  withdraws: {},
  platformReceivedFen: 0,
})

const floorBps = (fen: number, bps: number) => Math.floor((fen * bps) / 10_000)

/** What the 平台收付通 half uses of the simulator (PaySimulator passes itself). */
export interface EcommerceHost {
  readonly keys: PaysimKeys
  readonly appId: string
  readonly state: {
    orders: Record<string, SimOrder>
    refunds: Record<string, SimRefund>
    receivers: Record<string, { type: string; account: string; relationType: string; addedAt: string }>
    ecommerce: EcommerceState
  }
  now(): Date
  save(): void
  order(outTradeNo: string): SimOrder
  closeOrder(outTradeNo: string): void
  openRefund(o: SimOrder, body: any, refundFen: number, extra?: Partial<SimRefund>): SimRefund
  refundView(r: SimRefund): Record<string, unknown>
}

export class EcommerceSim {
  constructor(private readonly sim: EcommerceHost) {}

  private get st(): EcommerceState {
    return this.sim.state.ecommerce
  }

  private subMerchant(subMchid: unknown): SimSubMerchant {
    const m = this.st.subMerchants[String(subMchid)]
    if (!m) throw new WxError(400, 'PARAM_ERROR', `二级商户号 ${String(subMchid)} 不存在或未完成入驻`)
    return m
  }

  /** A ready sub-merchant made directly (seed and tests); onboarding makes one at NEED_SIGN. */
  createSubMerchant(
    input: { subMchid?: string; name?: string; bankLast4?: string; bankName?: string } = {},
  ): SimSubMerchant {
    const subMchid = input.subMchid ?? `16${digits(8)}`
    const existing = this.st.subMerchants[subMchid]
    if (existing) return existing
    const m: SimSubMerchant = {
      subMchid,
      name: input.name ?? '圈主',
      availableFen: 0,
      pendingFen: 0,
      bankLast4: input.bankLast4 ?? '0000',
      bankName: input.bankName ?? '招商银行',
    }
    this.st.subMerchants[subMchid] = m
    this.sim.save()
    return m
  }

  // ---------- the partner JSAPI ----------

  partnerPrepay(body: any): { prepay_id: string } {
    for (const field of ['sp_appid', 'sp_mchid', 'sub_mchid', 'description', 'out_trade_no', 'notify_url']) {
      if (!body?.[field]) throw new WxError(400, 'PARAM_ERROR', `缺少参数 ${field}`)
    }
    if (body.sp_mchid !== this.sim.keys.mchid) throw new WxError(400, 'MCH_NOT_EXISTS', '服务商商户号不存在')
    if (body.sp_appid !== this.sim.appId) throw new WxError(400, 'APPID_MCHID_NOT_MATCH', 'sp_appid和sp_mchid不匹配')
    this.subMerchant(body.sub_mchid)
    const total = body.amount?.total
    if (!Number.isInteger(total) || total < 1) throw new WxError(400, 'PARAM_ERROR', 'amount.total 必须为正整数（分）')
    if (!body.payer?.sp_openid) throw new WxError(400, 'PARAM_ERROR', '缺少参数 payer.sp_openid')
    if (String(body.out_trade_no).length > 32 || !/^[0-9A-Za-z_\-|*]+$/.test(body.out_trade_no))
      throw new WxError(400, 'PARAM_ERROR', 'out_trade_no 格式错误')
    const existing = this.sim.state.orders[body.out_trade_no]
    if (existing) {
      if (existing.state === 'SUCCESS' || existing.state === 'REFUND')
        throw new WxError(400, 'ORDERPAID', '该订单已支付')
      if (existing.state === 'CLOSED') throw new WxError(400, 'ORDERCLOSED', '该订单已关闭')
      if (
        existing.amountFen !== total ||
        existing.payerOpenid !== body.payer.sp_openid ||
        existing.subMchid !== body.sub_mchid
      )
        throw new WxError(400, 'INVALID_REQUEST', '201 商户订单号重复')
      return { prepay_id: existing.prepayId }
    }
    const order: SimOrder = {
      outTradeNo: body.out_trade_no,
      appid: body.sp_appid,
      description: String(body.description),
      amountFen: total,
      payerOpenid: body.payer.sp_openid,
      notifyUrl: body.notify_url,
      timeExpire: body.time_expire ?? null,
      profitSharing: body.settle_info?.profit_sharing === true,
      subMchid: body.sub_mchid,
      prepayId: `wx${digits(6)}${createHash('sha256').update(`${body.out_trade_no}:${Date.now()}`).digest('hex').slice(0, 26)}`,
      state: 'NOTPAY',
      transactionId: null,
      successTime: null,
      refundedFen: 0,
      sharedFen: 0,
      unfrozen: false,
      createdAt: beijing(this.sim.now()),
    }
    this.sim.state.orders[order.outTradeNo] = order
    this.sim.save()
    return { prepay_id: order.prepayId }
  }

  partnerOrder(outTradeNo: string, query: URLSearchParams): Record<string, unknown> {
    if (query.get('sp_mchid') !== this.sim.keys.mchid) throw new WxError(400, 'PARAM_ERROR', 'sp_mchid 不正确')
    const o = this.sim.order(outTradeNo)
    if (o.subMchid !== query.get('sub_mchid')) throw new WxError(404, 'ORDER_NOT_EXIST', '订单不存在')
    return this.partnerOrderView(o)
  }

  partnerClose(outTradeNo: string, body: any): void {
    if (body?.sp_mchid !== this.sim.keys.mchid) throw new WxError(400, 'PARAM_ERROR', 'sp_mchid 不正确')
    const o = this.sim.order(outTradeNo)
    if (o.subMchid !== body.sub_mchid) throw new WxError(404, 'ORDER_NOT_EXIST', '订单不存在')
    this.sim.closeOrder(outTradeNo)
  }

  partnerOrderView(o: SimOrder): Record<string, unknown> {
    const paid = o.transactionId !== null
    return {
      sp_appid: o.appid,
      sp_mchid: this.sim.keys.mchid,
      sub_mchid: o.subMchid,
      out_trade_no: o.outTradeNo,
      ...(paid ? { transaction_id: o.transactionId, bank_type: 'OTHERS', success_time: o.successTime } : {}),
      trade_type: 'JSAPI',
      trade_state: o.state,
      trade_state_desc: o.state === 'SUCCESS' ? '支付成功' : o.state === 'NOTPAY' ? '未支付' : o.state,
      attach: '',
      payer: { sp_openid: o.payerOpenid },
      amount: paid
        ? { total: o.amountFen, payer_total: o.amountFen, currency: 'CNY', payer_currency: 'CNY' }
        : { total: o.amountFen, currency: 'CNY' },
    }
  }

  /** The buyer paid: the money less WeChat's fee lands in the sub-merchant's pending, frozen for 分账. */
  onPaid(o: SimOrder): void {
    const m = this.subMerchant(o.subMchid)
    const fee = floorBps(o.amountFen, FEE_BPS)
    m.pendingFen += o.amountFen - fee
    this.st.money[o.outTradeNo] = {
      subMchid: m.subMchid,
      frozenFen: o.amountFen - fee,
      feeLeftFen: fee,
      amountLeftFen: o.amountFen,
      sharedFen: 0,
      finished: false,
    }
  }

  private moneyOf(o: SimOrder): PartnerMoney {
    const money = this.st.money[o.outTradeNo]
    if (!money) throw new WxError(400, 'INVALID_REQUEST', '订单未支付')
    return money
  }

  // ---------- ecommerce refunds ----------

  refund(body: any): Record<string, unknown> {
    for (const field of ['sub_mchid', 'sp_appid', 'out_refund_no'])
      if (!body?.[field]) throw new WxError(400, 'PARAM_ERROR', `缺少参数 ${field}`)
    const existing = this.sim.state.refunds[body.out_refund_no]
    if (existing) return this.refundCreateView(existing)
    const o = body.out_trade_no
      ? this.sim.order(body.out_trade_no)
      : Object.values(this.sim.state.orders).find((x) => x.transactionId === body.transaction_id)
    if (!o || o.subMchid !== body.sub_mchid) throw new WxError(404, 'RESOURCE_NOT_EXISTS', '订单不存在')
    if (!o.transactionId) throw new WxError(400, 'INVALID_REQUEST', '订单未支付，不能退款')
    const refund = body.amount?.refund
    if (!Number.isInteger(refund) || refund < 1) throw new WxError(400, 'PARAM_ERROR', 'amount.refund 必须为正整数')
    if (body.amount?.total !== o.amountFen) throw new WxError(400, 'PARAM_ERROR', '订单金额与原订单不一致')
    const money = this.moneyOf(o)
    if (refund > money.amountLeftFen) throw new WxError(403, 'NOT_ENOUGH', '可退款金额不足')
    const feeBack =
      refund === money.amountLeftFen ? money.feeLeftFen : Math.floor((money.feeLeftFen * refund) / money.amountLeftFen)
    const net = refund - feeBack
    const m = this.subMerchant(o.subMchid)
    // Before 完结 the refund comes out of the order's frozen money; after it, out of the available balance.
    if (!money.finished) {
      if (net > money.frozenFen) throw new WxError(403, 'NOT_ENOUGH', '可退款金额不足')
      money.frozenFen -= net
      m.pendingFen -= net
    } else {
      if (net > m.availableFen) throw new WxError(403, 'NOT_ENOUGH', '二级商户可用余额不足')
      m.availableFen -= net
    }
    money.amountLeftFen -= refund
    money.feeLeftFen -= feeBack
    const r = this.sim.openRefund(o, body, refund, {
      subMchid: o.subMchid,
      feeBackFen: feeBack,
      fromFinished: money.finished,
    })
    return this.refundCreateView(r)
  }

  /** A refund that ended ABNORMAL: the money did not leave, it is back where it was taken from. */
  onRefundFailed(r: SimRefund): void {
    const money = this.st.money[r.outTradeNo]
    const m = r.subMchid ? this.st.subMerchants[r.subMchid] : undefined
    if (!money || !m) return
    const net = r.amountFen - (r.feeBackFen ?? 0)
    if (r.fromFinished) m.availableFen += net
    else if (money.finished) m.availableFen += net
    else {
      money.frozenFen += net
      m.pendingFen += net
    }
    money.amountLeftFen += r.amountFen
    money.feeLeftFen += r.feeBackFen ?? 0
  }

  private refundCreateView(r: SimRefund): Record<string, unknown> {
    return {
      refund_id: r.refundId,
      out_refund_no: r.outRefundNo,
      create_time: r.createdAt,
      amount: { refund: r.amountFen, payer_refund: r.amountFen, discount_refund: 0, currency: 'CNY' },
      refund_account: 'REFUND_SOURCE_SUB_MERCHANT',
    }
  }

  queryRefund(outRefundNo: string, query: URLSearchParams): Record<string, unknown> {
    const r = this.sim.state.refunds[outRefundNo]
    if (!r || (r.subMchid ?? null) !== query.get('sub_mchid'))
      throw new WxError(404, 'RESOURCE_NOT_EXISTS', '退款单不存在')
    return { ...this.sim.refundView(r), refund_account: 'REFUND_SOURCE_SUB_MERCHANT' }
  }

  // ---------- 分账 / 完结 / 回退 ----------

  addReceiver(body: any): Record<string, unknown> {
    if (body?.appid !== this.sim.appId) throw new WxError(400, 'PARAM_ERROR', 'appid 不正确')
    if (body?.type !== 'PERSONAL_OPENID' && body?.type !== 'MERCHANT_ID')
      throw new WxError(400, 'PARAM_ERROR', 'type 不正确')
    if (!body.account || !body.relation_type) throw new WxError(400, 'PARAM_ERROR', '缺少参数 account 或 relation_type')
    this.sim.state.receivers[`${body.type}:${body.account}`] = {
      type: body.type,
      account: body.account,
      relationType: body.relation_type,
      addedAt: beijing(this.sim.now()),
    }
    this.sim.save()
    return { type: body.type, account: body.account }
  }

  private orderByTransaction(subMchid: unknown, transactionId: unknown): SimOrder {
    const o = Object.values(this.sim.state.orders).find((x) => x.transactionId === transactionId)
    if (!o || o.subMchid !== subMchid) throw new WxError(404, 'RESOURCE_NOT_EXISTS', '订单不存在')
    return o
  }

  sharing(body: any): Record<string, unknown> {
    for (const field of ['sub_mchid', 'transaction_id', 'out_order_no'])
      if (!body?.[field]) throw new WxError(400, 'PARAM_ERROR', `缺少参数 ${field}`)
    if (typeof body.finish !== 'boolean') throw new WxError(400, 'PARAM_ERROR', '缺少参数 finish')
    const existing = this.st.sharings[body.out_order_no]
    if (existing) return this.sharingView(existing)
    const o = this.orderByTransaction(body.sub_mchid, body.transaction_id)
    if (!o.profitSharing) throw new WxError(400, 'INVALID_REQUEST', '订单未设置分账（settle_info.profit_sharing）')
    const money = this.moneyOf(o)
    if (money.finished) throw new WxError(400, 'INVALID_REQUEST', '分账已完结，不能再分账')
    const receivers: any[] = Array.isArray(body.receivers) ? body.receivers : []
    if (receivers.length === 0 || receivers.length > 50) throw new WxError(400, 'PARAM_ERROR', 'receivers 需要 1–50 个')
    for (const r of receivers) {
      if (!Number.isInteger(r.amount) || r.amount < 1) throw new WxError(400, 'PARAM_ERROR', '分账金额必须为正整数')
      if (r.type === 'MERCHANT_ID') {
        if (
          r.receiver_account !== this.sim.keys.mchid &&
          !this.sim.state.receivers[`MERCHANT_ID:${r.receiver_account}`]
        )
          throw new WxError(400, 'RECEIVER_INVALID', `分账接收方 ${r.receiver_account} 未添加`)
      } else if (r.type === 'PERSONAL_OPENID') {
        if (!this.sim.state.receivers[`PERSONAL_OPENID:${r.receiver_account}`])
          throw new WxError(400, 'RECEIVER_INVALID', `分账接收方 ${r.receiver_account} 未添加`)
      } else throw new WxError(400, 'PARAM_ERROR', '分账接收方类型不正确')
    }
    const sum = receivers.reduce((s, r) => s + r.amount, 0)
    if (money.sharedFen + sum > floorBps(money.amountLeftFen, SHARING_CAP_BPS))
      throw new WxError(400, 'INVALID_REQUEST', '分账金额超出最大分账比例（30%）')
    if (sum > money.frozenFen) throw new WxError(403, 'NOT_ENOUGH', '分账金额不足')
    const m = this.subMerchant(o.subMchid)
    money.frozenFen -= sum
    money.sharedFen += sum
    m.pendingFen -= sum
    for (const r of receivers)
      if (r.type === 'MERCHANT_ID' && r.receiver_account === this.sim.keys.mchid)
        this.st.platformReceivedFen += r.amount
    const s: SimEcoSharing = {
      outOrderNo: body.out_order_no,
      orderId: `3008${digits(26)}`,
      subMchid: m.subMchid,
      transactionId: body.transaction_id,
      receivers: receivers.map((r) => ({
        type: r.type,
        receiver_account: r.receiver_account,
        amount: r.amount,
        description: String(r.description ?? ''),
        returnedFen: 0,
      })),
      finishAmount: null,
      createdAt: beijing(this.sim.now()),
    }
    this.st.sharings[s.outOrderNo] = s
    if (body.finish === true) this.finishMoney(money, m)
    this.sim.save()
    return this.sharingView(s)
  }

  private finishMoney(money: PartnerMoney, m: SimSubMerchant): number {
    const released = money.frozenFen
    m.pendingFen -= released
    m.availableFen += released
    money.frozenFen = 0
    money.finished = true
    return released
  }

  finish(body: any): Record<string, unknown> {
    for (const field of ['sub_mchid', 'transaction_id', 'out_order_no', 'description'])
      if (!body?.[field]) throw new WxError(400, 'PARAM_ERROR', `缺少参数 ${field}`)
    const existing = this.st.sharings[body.out_order_no]
    if (existing)
      return {
        sub_mchid: existing.subMchid,
        transaction_id: existing.transactionId,
        out_order_no: existing.outOrderNo,
        order_id: existing.orderId,
      }
    const o = this.orderByTransaction(body.sub_mchid, body.transaction_id)
    const money = this.moneyOf(o)
    if (money.finished) throw new WxError(400, 'INVALID_REQUEST', '分账已完结')
    const released = this.finishMoney(money, this.subMerchant(o.subMchid))
    const s: SimEcoSharing = {
      outOrderNo: body.out_order_no,
      orderId: `3008${digits(26)}`,
      subMchid: String(body.sub_mchid),
      transactionId: body.transaction_id,
      receivers: [],
      finishAmount: released,
      createdAt: beijing(this.sim.now()),
    }
    this.st.sharings[s.outOrderNo] = s
    this.sim.save()
    return { sub_mchid: s.subMchid, transaction_id: s.transactionId, out_order_no: s.outOrderNo, order_id: s.orderId }
  }

  querySharing(query: URLSearchParams): Record<string, unknown> {
    const s = this.st.sharings[query.get('out_order_no') ?? '']
    if (!s || s.subMchid !== query.get('sub_mchid') || s.transactionId !== query.get('transaction_id'))
      throw new WxError(404, 'RESOURCE_NOT_EXISTS', '分账单不存在')
    return this.sharingView(s)
  }

  private sharingView(s: SimEcoSharing): Record<string, unknown> {
    return {
      sub_mchid: s.subMchid,
      transaction_id: s.transactionId,
      out_order_no: s.outOrderNo,
      order_id: s.orderId,
      status: 'FINISHED',
      receivers: s.receivers.map((r, i) => ({
        type: r.type,
        receiver_account: r.receiver_account,
        amount: r.amount,
        description: r.description,
        result: 'SUCCESS',
        finish_time: s.createdAt,
        detail_id: `3600${s.orderId.slice(-20)}${i}`,
      })),
      ...(s.finishAmount !== null ? { finish_amount: s.finishAmount, finish_description: '分账完结' } : {}),
    }
  }

  returnOrder(body: any): Record<string, unknown> {
    for (const field of ['sub_mchid', 'out_return_no', 'return_mchid', 'description'])
      if (!body?.[field]) throw new WxError(400, 'PARAM_ERROR', `缺少参数 ${field}`)
    const existing = this.st.returns[body.out_return_no]
    if (existing) return this.returnView(existing)
    const s = Object.values(this.st.sharings).find(
      (x) =>
        (body.out_order_no ? x.outOrderNo === body.out_order_no : x.orderId === body.order_id) &&
        x.subMchid === body.sub_mchid,
    )
    if (!s) throw new WxError(404, 'RESOURCE_NOT_EXISTS', '分账单不存在')
    const receiver = s.receivers.find((r) => r.type === 'MERCHANT_ID' && r.receiver_account === body.return_mchid)
    // Only a merchant receiver can give back (a person's share is in their WeChat balance).
    if (!receiver) throw new WxError(400, 'INVALID_REQUEST', '回退商户不是该分账单的商户接收方')
    if (!Number.isInteger(body.amount) || body.amount < 1) throw new WxError(400, 'PARAM_ERROR', '回退金额必须为正整数')
    if (body.amount > receiver.amount - receiver.returnedFen)
      throw new WxError(403, 'NOT_ENOUGH', '回退金额超过可回退金额')
    const o = Object.values(this.sim.state.orders).find((x) => x.transactionId === s.transactionId)
    const money = o ? this.st.money[o.outTradeNo] : undefined
    const m = this.subMerchant(s.subMchid)
    receiver.returnedFen += body.amount
    if (body.return_mchid === this.sim.keys.mchid) this.st.platformReceivedFen -= body.amount
    if (money && !money.finished) {
      money.frozenFen += body.amount
      m.pendingFen += body.amount
    } else m.availableFen += body.amount
    if (money) money.sharedFen -= body.amount
    const r: SimReturn = {
      outReturnNo: body.out_return_no,
      returnNo: `3008${digits(26)}`,
      subMchid: s.subMchid,
      outOrderNo: s.outOrderNo,
      orderId: s.orderId,
      returnMchid: body.return_mchid,
      amount: body.amount,
      createdAt: beijing(this.sim.now()),
    }
    this.st.returns[r.outReturnNo] = r
    this.sim.save()
    return this.returnView(r)
  }

  queryReturn(query: URLSearchParams): Record<string, unknown> {
    const r = this.st.returns[query.get('out_return_no') ?? '']
    if (!r || r.subMchid !== query.get('sub_mchid')) throw new WxError(404, 'RESOURCE_NOT_EXISTS', '回退单不存在')
    return this.returnView(r)
  }

  private returnView(r: SimReturn): Record<string, unknown> {
    return {
      sub_mchid: r.subMchid,
      order_id: r.orderId,
      out_order_no: r.outOrderNo,
      out_return_no: r.outReturnNo,
      return_mchid: r.returnMchid,
      amount: r.amount,
      return_no: r.returnNo,
      result: 'SUCCESS',
      finish_time: r.createdAt,
    }
  }

  // ---------- balance and withdrawal ----------

  balance(subMchid: string): Record<string, unknown> {
    this.settleWithdraws()
    const m = this.subMerchant(subMchid)
    return {
      sub_mchid: m.subMchid,
      account_type: 'BASIC',
      available_amount: m.availableFen,
      pending_amount: m.pendingFen,
    }
  }

  withdraw(body: any): Record<string, unknown> {
    for (const field of ['sub_mchid', 'out_request_no'])
      if (!body?.[field]) throw new WxError(400, 'PARAM_ERROR', `缺少参数 ${field}`)
    const existing = this.st.withdraws[body.out_request_no]
    if (existing) {
      if (existing.amountFen !== body.amount || existing.subMchid !== body.sub_mchid)
        throw new WxError(400, 'INVALID_REQUEST', '商户提现单号重复且参数不一致')
      return {
        sub_mchid: existing.subMchid,
        withdraw_id: existing.withdrawId,
        out_request_no: existing.outRequestNo,
        account_type: 'BASIC',
      }
    }
    const m = this.subMerchant(body.sub_mchid)
    if (!Number.isInteger(body.amount) || body.amount < 1)
      throw new WxError(400, 'PARAM_ERROR', 'amount 必须为正整数（分）')
    if (body.amount > m.availableFen) throw new WxError(403, 'NOT_ENOUGH', '可用余额不足')
    m.availableFen -= body.amount
    const at = beijing(this.sim.now())
    const w: SimWithdraw = {
      outRequestNo: body.out_request_no,
      withdrawId: `1050${digits(20)}`,
      subMchid: m.subMchid,
      amountFen: body.amount,
      status: 'CREATE_SUCCESS',
      reason: null,
      createdAt: at,
      updatedAt: at,
    }
    this.st.withdraws[w.outRequestNo] = w
    this.sim.save()
    return { sub_mchid: w.subMchid, withdraw_id: w.withdrawId, out_request_no: w.outRequestNo, account_type: 'BASIC' }
  }

  /** T+1: a withdrawal arrives at the bank a simulated day after it was made. */
  private settleWithdraws(): void {
    const now = this.sim.now().getTime()
    let changed = false
    for (const w of Object.values(this.st.withdraws)) {
      if (w.status === 'CREATE_SUCCESS' && now - new Date(w.createdAt).getTime() >= WITHDRAW_ARRIVES_MS) {
        w.status = 'SUCCESS'
        w.updatedAt = beijing(this.sim.now())
        changed = true
      }
    }
    if (changed) this.sim.save()
  }

  queryWithdraw(outRequestNo: string, query: URLSearchParams): Record<string, unknown> {
    this.settleWithdraws()
    const w = this.st.withdraws[outRequestNo]
    if (!w || w.subMchid !== query.get('sub_mchid')) throw new WxError(404, 'RESOURCE_NOT_EXISTS', '提现单不存在')
    const m = this.st.subMerchants[w.subMchid]
    return {
      sub_mchid: w.subMchid,
      sp_mchid: this.sim.keys.mchid,
      status: w.status,
      withdraw_id: w.withdrawId,
      out_request_no: w.outRequestNo,
      amount: w.amountFen,
      create_time: w.createdAt,
      update_time: w.updatedAt,
      ...(w.reason ? { reason: w.reason } : {}),
      remark: '圈子收入提现',
      bank_memo: '圈子收入',
      account_type: 'BASIC',
      account_number: m?.bankLast4 ?? '',
      account_bank: m?.bankName ?? '',
    }
  }

  /** Control: the bank refused the withdrawal; the money goes back to the available balance. */
  failWithdraw(outRequestNo: string, reason = '银行卡状态异常'): Record<string, unknown> {
    const w = this.st.withdraws[outRequestNo]
    if (!w) throw new WxError(404, 'RESOURCE_NOT_EXISTS', '提现单不存在')
    if (w.status !== 'CREATE_SUCCESS') throw new WxError(400, 'INVALID_REQUEST', `提现单状态为 ${w.status}`)
    w.status = 'FAIL'
    w.reason = reason
    w.updatedAt = beijing(this.sim.now())
    this.subMerchant(w.subMchid).availableFen += w.amountFen
    this.sim.save()
    return { outRequestNo, status: w.status }
  }

  // ---------- onboarding ----------

  uploadMedia(meta: { filename?: string; sha256?: string }, file: Buffer): Record<string, unknown> {
    if (!meta?.filename || !meta.sha256) throw new WxError(400, 'PARAM_ERROR', 'meta 需要 filename 与 sha256')
    if (!/\.(jpe?g|png|bmp)$/i.test(meta.filename)) throw new WxError(400, 'PARAM_ERROR', '只支持 JPG、BMP、PNG 格式')
    if (file.length === 0 || file.length > 5 * 1024 * 1024) throw new WxError(400, 'PARAM_ERROR', '文件大小不能超过 5M')
    if (createHash('sha256').update(file).digest('hex') !== meta.sha256)
      throw new WxError(400, 'PARAM_ERROR', '文件 sha256 与 meta 不一致')
    const mediaId = `V1_${createHash('sha256').update(file).update(meta.filename).digest('base64url').slice(0, 40)}`
    this.st.media[mediaId] = { filename: meta.filename, sha256: meta.sha256, bytes: file.length }
    this.sim.save()
    return { media_id: mediaId }
  }

  private decrypt(field: string, value: unknown): string {
    try {
      return privateDecrypt(
        { key: this.sim.keys.platformPrivateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
        Buffer.from(String(value), 'base64'),
      ).toString('utf8')
    } catch {
      throw new WxError(400, 'PARAM_ERROR', `${field} 解密失败：敏感字段须用微信支付公钥加密`)
    }
  }

  submitApplyment(body: any, wechatpaySerial: string | undefined): Record<string, unknown> {
    for (const field of [
      'out_request_no',
      'organization_type',
      'id_card_info',
      'account_info',
      'contact_info',
      'sales_scene_info',
      'merchant_shortname',
    ]) {
      if (!body?.[field]) throw new WxError(400, 'PARAM_ERROR', `缺少参数 ${field}`)
    }
    if (wechatpaySerial !== this.sim.keys.publicKeyId)
      throw new WxError(400, 'PARAM_ERROR', 'Wechatpay-Serial 与加密所用的微信支付公钥不一致')
    if (!['2401', '4', '2'].includes(body.organization_type))
      throw new WxError(400, 'PARAM_ERROR', 'organization_type 不支持')
    if (body.organization_type !== '2401' && !body.business_license_info?.business_license_copy)
      throw new WxError(400, 'PARAM_ERROR', '个体户/企业需要 business_license_info')
    const media = [
      body.id_card_info.id_card_copy,
      body.id_card_info.id_card_national,
      ...(body.business_license_info ? [body.business_license_info.business_license_copy] : []),
    ]
    for (const id of media)
      if (!this.st.media[id])
        throw new WxError(400, 'PARAM_ERROR', `图片 ${String(id)} 无效，请先上传（/v3/merchant/media/upload）`)
    // Sensitive fields must decrypt with the WeChat Pay private key; only the card's last four digits are kept.
    const idNumber = this.decrypt('id_card_number', body.id_card_info.id_card_number)
    this.decrypt('id_card_name', body.id_card_info.id_card_name)
    this.decrypt('account_name', body.account_info.account_name)
    const account = this.decrypt('account_number', body.account_info.account_number)
    this.decrypt('mobile_phone', body.contact_info.mobile_phone)
    if (!/^\d{17}[\dXx]$/.test(idNumber)) throw new WxError(400, 'PARAM_ERROR', '身份证号码格式错误')
    const existing = this.st.applyments[body.out_request_no]
    // Same out_request_no: a repeat returns the same application; after a rejection it is resubmitted.
    if (existing && existing.state !== 'REJECTED')
      return { applyment_id: Number(existing.applymentId), out_request_no: existing.outRequestNo }
    const at = beijing(this.sim.now())
    const a: SimApplyment = {
      outRequestNo: body.out_request_no,
      applymentId: existing?.applymentId ?? `2000002${digits(9)}`,
      organizationType: body.organization_type,
      merchantShortname: String(body.merchant_shortname),
      state: 'CHECKING',
      subMchid: null,
      rejectReasons: [],
      bankLast4: account.slice(-4),
      bankName: String(body.account_info.account_bank ?? ''),
      createdAt: existing?.createdAt ?? at,
      updatedAt: at,
    }
    this.st.applyments[a.outRequestNo] = a
    this.sim.save()
    return { applyment_id: Number(a.applymentId), out_request_no: a.outRequestNo }
  }

  queryApplyment(outRequestNo: string): Record<string, unknown> {
    const a = this.st.applyments[outRequestNo]
    if (!a) throw new WxError(404, 'RESOURCE_NOT_EXISTS', '申请单不存在')
    return this.applymentView(a)
  }

  private applymentView(a: SimApplyment): Record<string, unknown> {
    const desc: Record<ApplymentState, string> = {
      CHECKING: '资料校验中',
      AUDITING: '审核中',
      ACCOUNT_NEED_VERIFY: '待账户验证',
      NEED_SIGN: '待签约',
      FINISH: '完成',
      REJECTED: '已驳回',
      FROZEN: '已冻结',
      CANCELED: '已作废',
    }
    return {
      applyment_state: a.state,
      applyment_state_desc: desc[a.state],
      ...(a.state === 'NEED_SIGN'
        ? {
            sign_url: `https://pay.weixin.qq.com/public/apply4ec_sign/s?applymentId=${a.applymentId}&sign=${createHash('md5').update(a.applymentId).digest('hex')}`,
            sign_state: 'UNSIGNED',
          }
        : {}),
      ...(a.state === 'FINISH' ? { sign_state: 'SIGNED' } : {}),
      ...(a.subMchid ? { sub_mchid: a.subMchid } : {}),
      ...(a.state === 'ACCOUNT_NEED_VERIFY'
        ? {
            account_validation: {
              account_name: '（结算账户户名）',
              account_no: `**** ${a.bankLast4}`,
              pay_amount: 1,
              destination_account_number: '7222223333322332',
              destination_account_name: '财付通支付科技有限公司',
              destination_account_bank: '招商银行威盛大厦支行',
              city: '深圳',
              remark: `入驻${a.applymentId.slice(-6)}`,
              deadline: beijing(new Date(this.sim.now().getTime() + 10 * 24 * 3600_000)),
            },
          }
        : {}),
      ...(a.state === 'REJECTED' ? { audit_detail: a.rejectReasons } : {}),
      out_request_no: a.outRequestNo,
      applyment_id: Number(a.applymentId),
    }
  }

  /**
   * Control: what WeChat's review, the remittance check and the signing do. CHECKING →
   * ACCOUNT_NEED_VERIFY → NEED_SIGN → FINISH, or REJECTED with a reason; the sub-merchant number
   * exists from NEED_SIGN on.
   */
  applymentTo(
    outRequestNo: string,
    state: ApplymentState,
    reason?: { param_name: string; reject_reason: string },
  ): Record<string, unknown> {
    const a = this.st.applyments[outRequestNo]
    if (!a) throw new WxError(404, 'RESOURCE_NOT_EXISTS', '申请单不存在')
    if (a.state === 'FINISH' || a.state === 'CANCELED')
      throw new WxError(400, 'INVALID_REQUEST', `申请单已${a.state === 'FINISH' ? '完成' : '作废'}`)
    a.state = state
    a.rejectReasons =
      state === 'REJECTED'
        ? [reason ?? { param_name: 'id_card_copy', reject_reason: '身份证照片不清晰，请重新上传' }]
        : []
    if ((state === 'NEED_SIGN' || state === 'FINISH') && !a.subMchid) {
      a.subMchid = this.createSubMerchant({
        name: a.merchantShortname,
        bankLast4: a.bankLast4,
        bankName: a.bankName,
      }).subMchid
    }
    a.updatedAt = beijing(this.sim.now())
    this.sim.save()
    return this.applymentView(a)
  }

  view() {
    this.settleWithdraws()
    return {
      subMerchants: Object.values(this.st.subMerchants),
      applyments: Object.values(this.st.applyments),
      withdraws: Object.values(this.st.withdraws),
      platformReceivedFen: this.st.platformReceivedFen,
    }
  }
}

// ---------- routes (http.ts adds them to its v3 table) ----------

type EcoApi = (
  sim: { readonly ecommerce: EcommerceSim },
  m: RegExpExecArray,
  body: any,
  ctx: { query: URLSearchParams; serial: string | undefined },
) => unknown

export const ECOMMERCE_API: Array<[string, RegExp, EcoApi]> = [
  ['POST', /^\/v3\/pay\/partner\/transactions\/jsapi$/, (sim, _m, body) => sim.ecommerce.partnerPrepay(body)],
  [
    'GET',
    /^\/v3\/pay\/partner\/transactions\/out-trade-no\/([^/]+)$/,
    (sim, m, _b, { query }) => sim.ecommerce.partnerOrder(decodeURIComponent(m[1]), query),
  ],
  [
    'POST',
    /^\/v3\/pay\/partner\/transactions\/out-trade-no\/([^/]+)\/close$/,
    (sim, m, body) => {
      sim.ecommerce.partnerClose(decodeURIComponent(m[1]), body)
      return undefined
    },
  ],
  ['POST', /^\/v3\/ecommerce\/refunds\/apply$/, (sim, _m, body) => sim.ecommerce.refund(body)],
  [
    'GET',
    /^\/v3\/ecommerce\/refunds\/out-refund-no\/([^/]+)$/,
    (sim, m, _b, { query }) => sim.ecommerce.queryRefund(decodeURIComponent(m[1]), query),
  ],
  ['POST', /^\/v3\/ecommerce\/profitsharing\/receivers\/add$/, (sim, _m, body) => sim.ecommerce.addReceiver(body)],
  ['POST', /^\/v3\/ecommerce\/profitsharing\/orders$/, (sim, _m, body) => sim.ecommerce.sharing(body)],
  ['GET', /^\/v3\/ecommerce\/profitsharing\/orders$/, (sim, _m, _b, { query }) => sim.ecommerce.querySharing(query)],
  ['POST', /^\/v3\/ecommerce\/profitsharing\/finish-order$/, (sim, _m, body) => sim.ecommerce.finish(body)],
  ['POST', /^\/v3\/ecommerce\/profitsharing\/returnorders$/, (sim, _m, body) => sim.ecommerce.returnOrder(body)],
  [
    'GET',
    /^\/v3\/ecommerce\/profitsharing\/returnorders$/,
    (sim, _m, _b, { query }) => sim.ecommerce.queryReturn(query),
  ],
  ['GET', /^\/v3\/ecommerce\/fund\/balance\/([^/]+)$/, (sim, m) => sim.ecommerce.balance(decodeURIComponent(m[1]))],
  ['POST', /^\/v3\/ecommerce\/fund\/withdraw$/, (sim, _m, body) => sim.ecommerce.withdraw(body)],
  [
    'GET',
    /^\/v3\/ecommerce\/fund\/withdraw\/out-request-no\/([^/]+)$/,
    (sim, m, _b, { query }) => sim.ecommerce.queryWithdraw(decodeURIComponent(m[1]), query),
  ],
  [
    'POST',
    /^\/v3\/ecommerce\/applyments\/$/,
    (sim, _m, body, { serial }) => sim.ecommerce.submitApplyment(body, serial),
  ],
  [
    'GET',
    /^\/v3\/ecommerce\/applyments\/out-request-no\/([^/]+)$/,
    (sim, m) => sim.ecommerce.queryApplyment(decodeURIComponent(m[1])),
  ],
]

/** The parts of a multipart/form-data body (media upload: `meta` JSON and `file`). */
export function parseMultipart(body: Buffer, contentType: string | undefined): Record<string, Buffer> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '')
  if (!boundary) throw new WxError(400, 'PARAM_ERROR', '需要 multipart/form-data')
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`)
  const parts: Record<string, Buffer> = {}
  let start = body.indexOf(delimiter)
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length)
    if (next < 0) break
    const chunk = body.subarray(start + delimiter.length + 2, next - 2)
    const headerEnd = chunk.indexOf('\r\n\r\n')
    if (headerEnd >= 0) {
      const name = /name="([^"]+)"/.exec(chunk.subarray(0, headerEnd).toString('utf8'))
      if (name) parts[name[1]] = chunk.subarray(headerEnd + 4)
    }
    start = next
  }
  return parts
}
