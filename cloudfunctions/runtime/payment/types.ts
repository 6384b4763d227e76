/**
 * The payment port (docs/payments.md "The port", docs/architecture.md, house style 2): what the money actions see of a
 * payment channel. Adapters: `wxpay` (WeChat Pay API v3, also the `local` channel pointed at the
 * local cloud's simulator) and `virtual` (小程序虚拟支付). channels.ts is the one place that
 * chooses. All amounts are integer fen; every id is ours (out_trade_no, out_refund_no,
 * out_order_no, out_bill_no) and is the idempotency key of what it names.
 */
import type { ChannelName } from '../../core/contract'

export type { ChannelName }

/** What the app needs to open the cashier. */
export type CashierParams =
  /** wx.requestPayment (JSAPI), signed with the merchant key; the local cashier reads the same. */
  | { kind: 'jsapi'; timeStamp: string; nonceStr: string; package: string; signType: 'RSA'; paySign: string }
  /** wx.requestVirtualPayment */
  | { kind: 'virtual'; mode: string; signData: string; paySig: string; signature: string }

export interface PrepayInput {
  /** out_trade_no: ≤ 32 chars, made by the server. */
  orderId: string
  amountFen: number
  /** Shown to the payer (≤ 127 chars). */
  description: string
  payerOpenid: string
  /** After this the channel refuses to take the money (time_expire). */
  expiresAt: Date
  /** Freeze the money for 分账 (settle_info.profit_sharing). */
  profitSharing: boolean
  /** Where the channel posts the result; defaults to the configured WXPAY_NOTIFY_URL. */
  notifyUrl?: string
  /** 平台收付通: the owner's 二级商户号; the order goes through the partner JSAPI and the money lands there. */
  subMchid?: string | null
  /** Virtual payment only: the 道具 configured in the mp backend for this price, and the buyer's session_key. */
  virtual?: { productId: string; sessionKey: string; goodsPriceFen?: number; attach?: string }
}

export type TradeState = 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND' | 'PAYERROR' | 'USERPAYING'

export interface OrderQueryResult {
  state: TradeState
  transactionId?: string
  amountFen?: number
  paidAt?: Date
  payerOpenid?: string
}

export interface RefundInput {
  orderId: string
  /** out_refund_no: ours, deterministic (order id + purpose). */
  refundId: string
  amountFen: number
  /** The order's total (WeChat checks it). */
  totalFen: number
  reason: string
  notifyUrl?: string
  /** The buyer: virtual payment's /xpay/refund_order names the order by (openid, order id). */
  payerOpenid?: string
  /** 平台收付通: the sub-merchant that refunds (/v3/ecommerce/refunds/apply). */
  subMchid?: string | null
}

export type RefundStatus = 'PROCESSING' | 'SUCCESS' | 'ABNORMAL' | 'CLOSED'

export interface RefundResult {
  refundId: string
  status: RefundStatus
  /** WeChat's own refund id. */
  channelRefundId?: string
  amountFen?: number
  succeededAt?: Date
}

export type NotificationType =
  'TRANSACTION.SUCCESS' | 'REFUND.SUCCESS' | 'REFUND.ABNORMAL' | 'REFUND.CLOSED' | 'MCHTRANSFER.BILL.FINISHED'

/** A verified, decrypted notification. */
export interface PaymentNotification {
  type: NotificationType
  /** The notification's own id (WeChat resends the same id). */
  id?: string
  orderId?: string
  transactionId?: string
  /** TRANSACTION.*: the order total; REFUND.*: the refunded amount; transfers: the transfer amount. */
  amountFen?: number
  paidAt?: Date
  payerOpenid?: string
  refundId?: string
  transferBillNo?: string
  /** out_bill_no of a transfer. */
  outBillNo?: string
  /** trade_state / refund_status / transfer state as WeChat sent it. */
  state?: string
  failReason?: string
  /** 平台收付通: the sub-merchant the payment or refund belongs to. */
  subMchid?: string
}

/** The HTTP request as the function received it (CloudBase HTTP access: headers + the raw body). */
export interface NotificationRequest {
  headers: Record<string, string | string[] | undefined>
  /** The raw body exactly as sent: the signature covers these bytes. Virtual payment's push arrives as an object. */
  body: string | Record<string, unknown>
  isBase64Encoded?: boolean
}

/** What a call about an existing order needs besides its id: the payer (virtual payment) or the sub-merchant (平台收付通). */
export interface ChannelHint {
  payerOpenid?: string
  subMchid?: string | null
}

export interface PaymentChannel {
  readonly name: ChannelName
  prepay(input: PrepayInput): Promise<CashierParams>
  /** Virtual payment's query needs the payer (xpay query_order is per user). */
  queryOrder(orderId: string, hint?: ChannelHint): Promise<OrderQueryResult>
  closeOrder(orderId: string, hint?: ChannelHint): Promise<void>
  refund(input: RefundInput): Promise<RefundResult>
  queryRefund(refundId: string, hint?: ChannelHint): Promise<RefundResult>
  /** Verifies and decrypts; anything unverifiable throws DomainError('notification_rejected'). */
  parseNotification(request: NotificationRequest): Promise<PaymentNotification>
}

// ---------- 分账 (ordinary WeChat Pay only) ----------

export interface ProfitSharingReceiver {
  type: 'PERSONAL_OPENID'
  account: string
  amountFen: number
  description: string
}

export interface ProfitSharingInput {
  transactionId: string
  /** Deterministic: order id + purpose. */
  outOrderNo: string
  receivers: ProfitSharingReceiver[]
  /** true: unfreeze what is left to the merchant in the same request. */
  unfreezeUnsplit: boolean
}

export interface ProfitSharingResult {
  outOrderNo: string
  /** WeChat's 分账单号 */
  orderId?: string
  state: 'PROCESSING' | 'FINISHED'
  receivers: Array<{
    type: string
    account: string
    amountFen: number
    description: string
    result: 'PENDING' | 'SUCCESS' | 'CLOSED'
    failReason?: string
  }>
}

export interface ProfitSharingPort {
  /** A receiver must be added once before it can receive (relation: the user is a partner of ours). */
  addProfitSharingReceiver(input: { type: 'PERSONAL_OPENID'; account: string; relationType: string }): Promise<void>
  requestProfitSharing(input: ProfitSharingInput): Promise<ProfitSharingResult>
  queryProfitSharing(input: { transactionId: string; outOrderNo: string }): Promise<ProfitSharingResult>
  /** Gives the merchant what was not shared (ends 分账 for the transaction). */
  unfreezeRemaining(input: {
    transactionId: string
    outOrderNo: string
    description: string
  }): Promise<ProfitSharingResult>
}

// ---------- 商家转账 (withdrawals) ----------

export type TransferState =
  'ACCEPTED' | 'PROCESSING' | 'WAIT_USER_CONFIRM' | 'TRANSFERING' | 'SUCCESS' | 'FAIL' | 'CANCELING' | 'CANCELLED'

export interface TransferBillInput {
  /** Deterministic per withdrawal; never re-issued with a new number before querying the old one. */
  outBillNo: string
  openid: string
  amountFen: number
  /** Shown to the user (≤ 32 chars). */
  remark: string
  /** Real name, required by WeChat from 2 000 元; encrypted with the WeChat Pay public key. */
  userName?: string
  notifyUrl?: string
}

export interface TransferBillResult {
  outBillNo: string
  transferBillNo?: string
  state: TransferState
  /** Passed by the app to wx.requestMerchantTransfer({ package }) while WAIT_USER_CONFIRM. */
  packageInfo?: string
  failReason?: string
  amountFen?: number
}

export interface TransferPort {
  createTransferBill(input: TransferBillInput): Promise<TransferBillResult>
  queryTransferBill(outBillNo: string): Promise<TransferBillResult>
  cancelTransferBill(outBillNo: string): Promise<TransferBillResult>
}

// ---------- 平台收付通 (ecommerce): 分账, 回退, 完结, balance, withdrawal, onboarding ----------

export interface EcommerceReceiver {
  /** MERCHANT_ID: the platform's own merchant (its fee); PERSONAL_OPENID: a person. */
  type: 'MERCHANT_ID' | 'PERSONAL_OPENID'
  account: string
  amountFen: number
  description: string
}

export interface EcommerceSharingResult {
  subMchid: string
  transactionId: string
  outOrderNo: string
  orderId: string
  status: 'PROCESSING' | 'FINISHED'
  receivers: Array<{ type: string; account: string; amountFen: number; result?: string; failReason?: string }>
}

export interface EcommerceReturnResult {
  outReturnNo: string
  returnNo: string
  amountFen: number
  result: 'PROCESSING' | 'SUCCESS' | 'FAILED'
  failReason?: string
}

export interface SubMerchantBalance {
  subMchid: string
  availableFen: number
  pendingFen: number
}

export type EcommerceWithdrawStatus = 'CREATE_SUCCESS' | 'SUCCESS' | 'FAIL' | 'REFUND' | 'CLOSE' | 'INIT'

export interface EcommerceWithdrawResult {
  subMchid: string
  outRequestNo: string
  withdrawId: string
  status: EcommerceWithdrawStatus
  amountFen?: number
  reason?: string
  /** Last four digits of the bank account the money goes to, and its bank. */
  accountNumber?: string
  accountBank?: string
}

export type ApplymentState =
  'CHECKING' | 'ACCOUNT_NEED_VERIFY' | 'AUDITING' | 'REJECTED' | 'NEED_SIGN' | 'FINISH' | 'FROZEN' | 'CANCELED'

export interface ApplymentStatus {
  outRequestNo: string
  applymentId: string
  state: ApplymentState
  stateDesc: string
  signUrl?: string
  subMchid?: string
  /** 待账户验证: where to send the small verification remittance. */
  accountValidation?: {
    accountName?: string
    accountNo?: string
    payAmount?: number
    destinationAccountNumber?: string
    destinationAccountName?: string
    destinationAccountBank?: string
    deadline?: string
  }
  auditDetail: Array<{ paramName: string; rejectReason: string }>
  legalValidationUrl?: string
}

export interface EcommercePort {
  addReceiver(input: { type: 'PERSONAL_OPENID'; account: string; relationType: string }): Promise<void>
  ecommerceSharing(input: {
    subMchid: string
    transactionId: string
    outOrderNo: string
    receivers: EcommerceReceiver[]
    finish: boolean
  }): Promise<EcommerceSharingResult>
  ecommerceFinish(input: {
    subMchid: string
    transactionId: string
    outOrderNo: string
    description: string
  }): Promise<{ orderId: string }>
  ecommerceReturn(input: {
    subMchid: string
    outOrderNo: string
    outReturnNo: string
    returnMchid: string
    amountFen: number
    description: string
  }): Promise<EcommerceReturnResult>
  queryEcommerceReturn(input: {
    subMchid: string
    outOrderNo: string
    outReturnNo: string
  }): Promise<EcommerceReturnResult>
  subMerchantBalance(subMchid: string): Promise<SubMerchantBalance>
  ecommerceWithdraw(input: {
    subMchid: string
    outRequestNo: string
    amountFen: number
    remark: string
  }): Promise<EcommerceWithdrawResult>
  queryEcommerceWithdraw(input: { subMchid: string; outRequestNo: string }): Promise<EcommerceWithdrawResult>
  /** 进件: the body as WeChat takes it (sensitive fields already encrypted with encryptSensitive). */
  submitApplyment(body: Record<string, unknown>): Promise<{ applymentId: string; outRequestNo: string }>
  queryApplyment(outRequestNo: string): Promise<ApplymentStatus>
  /** Images for the 进件 (ID card, licence): /v3/merchant/media/upload. */
  uploadMedia(input: { filename: string; content: Buffer }): Promise<{ mediaId: string }>
  /** RSA-OAEP with the WeChat Pay public key (the key named in Wechatpay-Serial). */
  encryptSensitive(plaintext: string): string
  /** The platform's own merchant number (sp_mchid): the receiver of its fee, the merchant of 回退. */
  readonly spMchid: string
}

/** The wxpay adapter implements everything; the `local` channel is the same adapter. */
export type WxpayChannel = PaymentChannel & ProfitSharingPort & TransferPort & EcommercePort

/** One signed call to WeChat Pay's v3 API (runtime/payment/wxpay.ts), handed to the 平台收付通 port. */
export type WxpayCall = (
  method: 'get' | 'post',
  path: string,
  data?: unknown,
  extra?: Record<string, unknown>,
) => Promise<any>
