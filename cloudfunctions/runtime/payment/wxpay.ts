/**
 * The `wxpay` adapter: WeChat Pay API v3 through wechatpay-axios-plugin, in public-key mode
 * (微信支付公钥, serial PUB_KEY_ID_…). The plugin signs every request with the merchant key and
 * verifies every response with the WeChat Pay public key; notifications are verified here
 * (crypto.ts). The `local` channel is this same adapter with WXPAY_BASE_URL pointing at the local
 * cloud's simulator, so the code that ships is the code the local cloud exercises.
 */
import { createPrivateKey, createPublicKey, publicEncrypt, constants, type KeyObject } from 'crypto'
import Decorator from 'wechatpay-axios-plugin/lib/decorator'
import { DomainError } from '../../core/errors'
import { now as clockNow } from '../clock'
import type { WxpayConfig } from './config'
import { createEcommercePort } from './ecommerce'
import { jsapiPaySign, nonceStr, rfc3339Beijing, verifyNotification } from './crypto'
import type {
  CashierParams,
  ChannelHint,
  ChannelName,
  NotificationRequest,
  OrderQueryResult,
  PaymentNotification,
  PrepayInput,
  ProfitSharingResult,
  RefundInput,
  RefundResult,
  TradeState,
  TransferBillResult,
  TransferState,
  WxpayChannel,
} from './types'

/** A channel call failed: WeChat refused, or could not be reached, or its answer did not verify. */
export class ChannelError extends DomainError {
  constructor(
    message: string,
    /** WeChat's error code (ORDER_NOT_EXIST, NOT_ENOUGH, SIGN_ERROR …) or the network/verification code. */
    readonly channelCode: string,
    /** HTTP status of WeChat's answer; 0 when there was none. */
    readonly httpStatus: number,
  ) {
    super('payment_channel_unavailable', message)
    this.name = 'ChannelError'
  }
}

export interface WxpayOptions {
  /** `wxpay`, or `local` when it points at the simulator. */
  name?: ChannelName
  /** The clock notifications are checked against (the functions' clock by default). */
  now?: () => Date
}

export function createWxpayChannel(config: WxpayConfig, options: WxpayOptions = {}): WxpayChannel {
  const name = options.name ?? 'wxpay'
  const now = options.now ?? clockNow
  const merchantKey: KeyObject = createPrivateKey(config.merchantPrivateKey)
  const wechatpayKey: KeyObject = createPublicKey(config.publicKey)
  const baseURL = config.baseUrl.endsWith('/') ? config.baseUrl : `${config.baseUrl}/`
  const client = new Decorator({
    mchid: config.mchid,
    serial: config.merchantSerial,
    privateKey: merchantKey,
    certs: { [config.publicKeyId]: wechatpayKey },
    baseURL,
    timeout: config.timeoutMs,
    // public-key mode: ask WeChat to sign its answers with the WeChat Pay public key's pair
    headers: { 'Wechatpay-Serial': config.publicKeyId },
  })

  async function call(
    method: 'get' | 'post',
    path: string,
    data?: unknown,
    extra: Record<string, unknown> = {},
  ): Promise<any> {
    try {
      const res = await client.request(path, method, data, extra)
      return res.data
    } catch (err: any) {
      const status: number = err?.response?.status ?? 0
      const body = err?.response?.data
      const code: string = (body && typeof body === 'object' && body.code) || err?.code || 'NETWORK'
      const detail = (body && typeof body === 'object' && body.message) || err?.message || String(err)
      throw new ChannelError(`wxpay ${method.toUpperCase()} /${path}: ${status || '-'} ${code} ${detail}`, code, status)
    }
  }

  const notifyUrl = (override?: string): string => {
    const url = override ?? config.notifyUrl
    if (!url) throw new DomainError('payment_channel_unavailable', 'WXPAY_NOTIFY_URL is not set')
    return url
  }

  // The ecommerce refund's answer has no status (its result comes by notification or query).
  const toRefund = (data: any, fallback?: RefundResult['status']): RefundResult => ({
    refundId: data.out_refund_no,
    status: data.status ?? fallback,
    channelRefundId: data.refund_id,
    amountFen: data.amount?.refund,
    succeededAt: data.success_time ? new Date(data.success_time) : undefined,
  })

  const toSharing = (data: any): ProfitSharingResult => ({
    outOrderNo: data.out_order_no,
    orderId: data.order_id,
    state: data.state,
    receivers: (data.receivers ?? []).map((r: any) => ({
      type: r.type,
      account: r.account,
      amountFen: r.amount,
      description: r.description,
      result: r.result,
      failReason: r.fail_reason || undefined,
    })),
  })

  const toTransfer = (data: any): TransferBillResult => ({
    outBillNo: data.out_bill_no,
    transferBillNo: data.transfer_bill_no,
    state: data.state as TransferState,
    packageInfo: data.package_info || undefined,
    failReason: data.fail_reason || undefined,
    amountFen: data.transfer_amount,
  })

  return {
    name,

    async prepay(input: PrepayInput): Promise<CashierParams> {
      const common = {
        description: input.description.slice(0, 127),
        out_trade_no: input.orderId,
        time_expire: rfc3339Beijing(input.expiresAt),
        notify_url: notifyUrl(input.notifyUrl),
        amount: { total: input.amountFen, currency: 'CNY' },
        settle_info: { profit_sharing: input.profitSharing },
      }
      // 平台收付通: the partner JSAPI, the money lands in the owner's sub-merchant account.
      const data = input.subMchid
        ? await call('post', 'v3/pay/partner/transactions/jsapi', {
            sp_appid: config.appid,
            sp_mchid: config.mchid,
            sub_mchid: input.subMchid,
            ...common,
            payer: { sp_openid: input.payerOpenid },
          })
        : await call('post', 'v3/pay/transactions/jsapi', {
            appid: config.appid,
            mchid: config.mchid,
            ...common,
            payer: { openid: input.payerOpenid },
          })
      if (typeof data?.prepay_id !== 'string')
        throw new ChannelError('wxpay prepay answered no prepay_id', 'NO_PREPAY_ID', 200)
      const params = {
        appId: config.appid,
        timeStamp: String(Math.floor(now().getTime() / 1000)),
        nonceStr: nonceStr(),
        package: `prepay_id=${data.prepay_id}`,
      }
      return {
        kind: 'jsapi',
        timeStamp: params.timeStamp,
        nonceStr: params.nonceStr,
        package: params.package,
        signType: 'RSA',
        paySign: jsapiPaySign(params, merchantKey),
      }
    },

    async queryOrder(orderId: string, hint?: ChannelHint): Promise<OrderQueryResult> {
      let data: any
      try {
        data = hint?.subMchid
          ? await call('get', 'v3/pay/partner/transactions/out-trade-no/{out_trade_no}', undefined, {
              out_trade_no: orderId,
              params: { sp_mchid: config.mchid, sub_mchid: hint.subMchid },
            })
          : await call('get', 'v3/pay/transactions/out-trade-no/{out_trade_no}', undefined, {
              out_trade_no: orderId,
              params: { mchid: config.mchid },
            })
      } catch (err) {
        if (err instanceof ChannelError && err.channelCode === 'ORDER_NOT_EXIST') {
          throw new DomainError('order_not_found', `wxpay has no order ${orderId}`)
        }
        throw err
      }
      return {
        state: data.trade_state as TradeState,
        transactionId: data.transaction_id || undefined,
        amountFen: data.amount?.total,
        paidAt: data.success_time ? new Date(data.success_time) : undefined,
        payerOpenid: data.payer?.openid || data.payer?.sp_openid || undefined,
      }
    },

    async closeOrder(orderId: string, hint?: ChannelHint): Promise<void> {
      if (hint?.subMchid) {
        await call(
          'post',
          'v3/pay/partner/transactions/out-trade-no/{out_trade_no}/close',
          { sp_mchid: config.mchid, sub_mchid: hint.subMchid },
          { out_trade_no: orderId },
        )
        return
      }
      await call(
        'post',
        'v3/pay/transactions/out-trade-no/{out_trade_no}/close',
        { mchid: config.mchid },
        { out_trade_no: orderId },
      )
    },

    async refund(input: RefundInput): Promise<RefundResult> {
      if (input.subMchid) {
        // 平台收付通: the sub-merchant refunds from its own balance.
        return toRefund(
          await call('post', 'v3/ecommerce/refunds/apply', {
            sub_mchid: input.subMchid,
            sp_appid: config.appid,
            out_trade_no: input.orderId,
            out_refund_no: input.refundId,
            reason: input.reason.slice(0, 80),
            notify_url: notifyUrl(input.notifyUrl),
            amount: { refund: input.amountFen, total: input.totalFen, currency: 'CNY' },
          }),
          'PROCESSING',
        )
      }
      const data = await call('post', 'v3/refund/domestic/refunds', {
        out_trade_no: input.orderId,
        out_refund_no: input.refundId,
        reason: input.reason.slice(0, 80),
        notify_url: notifyUrl(input.notifyUrl),
        amount: { refund: input.amountFen, total: input.totalFen, currency: 'CNY' },
      })
      return toRefund(data)
    },

    async queryRefund(refundId: string, hint?: ChannelHint): Promise<RefundResult> {
      if (hint?.subMchid) {
        return toRefund(
          await call('get', 'v3/ecommerce/refunds/out-refund-no/{out_refund_no}', undefined, {
            out_refund_no: refundId,
            params: { sub_mchid: hint.subMchid },
          }),
        )
      }
      return toRefund(
        await call('get', 'v3/refund/domestic/refunds/{out_refund_no}', undefined, { out_refund_no: refundId }),
      )
    },

    async parseNotification(request: NotificationRequest): Promise<PaymentNotification> {
      const { envelope, resource } = verifyNotification(
        request,
        { publicKeyId: config.publicKeyId, publicKey: wechatpayKey, apiv3Key: config.apiv3Key },
        now(),
      )
      const type = envelope.event_type
      const ours = (mchid: unknown) => {
        if (mchid !== config.mchid)
          throw new DomainError('notification_rejected', `notification for another merchant (${String(mchid)})`)
      }
      // 平台收付通 resources name us as sp_mchid / sp_appid and the seller as sub_mchid.
      const partner = resource.sp_mchid !== undefined
      switch (type) {
        case 'TRANSACTION.SUCCESS':
          ours(partner ? resource.sp_mchid : resource.mchid)
          if ((partner ? resource.sp_appid : resource.appid) !== config.appid)
            throw new DomainError('notification_rejected', 'notification for another appid')
          return {
            type,
            id: envelope.id,
            orderId: resource.out_trade_no,
            transactionId: resource.transaction_id,
            amountFen: resource.amount?.total,
            paidAt: resource.success_time ? new Date(resource.success_time) : undefined,
            payerOpenid: partner ? resource.payer?.sp_openid : resource.payer?.openid,
            state: resource.trade_state,
            subMchid: partner ? resource.sub_mchid : undefined,
          }
        case 'REFUND.SUCCESS':
        case 'REFUND.ABNORMAL':
        case 'REFUND.CLOSED':
          ours(partner ? resource.sp_mchid : resource.mchid)
          return {
            type,
            id: envelope.id,
            orderId: resource.out_trade_no,
            transactionId: resource.transaction_id,
            refundId: resource.out_refund_no,
            amountFen: resource.amount?.refund,
            state: resource.refund_status,
          }
        case 'MCHTRANSFER.BILL.FINISHED':
          ours(resource.mch_id)
          return {
            type,
            id: envelope.id,
            outBillNo: resource.out_bill_no,
            transferBillNo: resource.transfer_bill_no,
            amountFen: resource.transfer_amount,
            state: resource.state,
            failReason: resource.fail_reason || undefined,
          }
        default:
          throw new DomainError('notification_rejected', `unsupported event_type ${String(type)}`)
      }
    },

    async addProfitSharingReceiver(input) {
      await call('post', 'v3/profitsharing/receivers/add', {
        appid: config.appid,
        type: input.type,
        account: input.account,
        relation_type: input.relationType,
      })
    },

    async requestProfitSharing(input) {
      const data = await call('post', 'v3/profitsharing/orders', {
        appid: config.appid,
        transaction_id: input.transactionId,
        out_order_no: input.outOrderNo,
        receivers: input.receivers.map((r) => ({
          type: r.type,
          account: r.account,
          amount: r.amountFen,
          description: r.description,
        })),
        unfreeze_unsplit: input.unfreezeUnsplit,
      })
      return toSharing(data)
    },

    async queryProfitSharing(input) {
      return toSharing(
        await call('get', 'v3/profitsharing/orders/{out_order_no}', undefined, {
          out_order_no: input.outOrderNo,
          params: { transaction_id: input.transactionId },
        }),
      )
    },

    async unfreezeRemaining(input) {
      return toSharing(
        await call('post', 'v3/profitsharing/orders/unfreeze', {
          transaction_id: input.transactionId,
          out_order_no: input.outOrderNo,
          description: input.description,
        }),
      )
    },

    ...createEcommercePort({ call, config, wechatpayKey }),

    async createTransferBill(input) {
      const body: Record<string, unknown> = {
        appid: config.appid,
        out_bill_no: input.outBillNo,
        transfer_scene_id: config.transferSceneId,
        openid: input.openid,
        transfer_amount: input.amountFen,
        transfer_remark: input.remark.slice(0, 32),
        notify_url: notifyUrl(input.notifyUrl),
        transfer_scene_report_infos: config.transferReportInfos,
      }
      if (input.userName) {
        // sensitive fields travel RSA-OAEP encrypted with the WeChat Pay public key named in Wechatpay-Serial
        body.user_name = publicEncrypt(
          { key: wechatpayKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
          Buffer.from(input.userName, 'utf8'),
        ).toString('base64')
      }
      return toTransfer(await call('post', 'v3/fund-app/mch-transfer/transfer-bills', body))
    },

    async queryTransferBill(outBillNo) {
      return toTransfer(
        await call('get', 'v3/fund-app/mch-transfer/transfer-bills/out-bill-no/{out_bill_no}', undefined, {
          out_bill_no: outBillNo,
        }),
      )
    },

    async cancelTransferBill(outBillNo) {
      return toTransfer(
        await call('post', 'v3/fund-app/mch-transfer/transfer-bills/out-bill-no/{out_bill_no}/cancel', undefined, {
          out_bill_no: outBillNo,
        }),
      )
    },
  }
}
