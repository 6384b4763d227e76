/**
 * The simulator's records and its refusal, shared by the direct half (simulator.ts) and the
 * 平台收付通 half (ecommerce.ts), so neither imports the other's module for them.
 */

export type TradeState = 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND' | 'PAYERROR' | 'USERPAYING'

export interface SimOrder {
  outTradeNo: string
  appid: string
  description: string
  amountFen: number
  payerOpenid: string
  notifyUrl: string
  timeExpire: string | null
  profitSharing: boolean
  /** 平台收付通 (partner JSAPI): the sub-merchant the money lands in; absent for a direct order. */
  subMchid?: string | null
  prepayId: string
  state: TradeState
  transactionId: string | null
  successTime: string | null
  refundedFen: number
  sharedFen: number
  unfrozen: boolean
  createdAt: string
}

export interface SimRefund {
  outRefundNo: string
  refundId: string
  outTradeNo: string
  transactionId: string
  amountFen: number
  totalFen: number
  reason: string
  notifyUrl: string
  status: 'PROCESSING' | 'SUCCESS' | 'ABNORMAL' | 'CLOSED'
  createdAt: string
  successTime: string | null
  /** An ecommerce refund: paid back from this sub-merchant's balance. */
  subMchid?: string | null
  /** An ecommerce refund: the share of WeChat's fee it gave back, and whether it came out of the settled balance. */
  feeBackFen?: number
  fromFinished?: boolean
}

/** A refusal in WeChat's shape: HTTP status + { code, message }. */
export class WxError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}
