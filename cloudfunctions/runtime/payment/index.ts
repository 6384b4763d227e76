/** The payment port: types, the adapters and the one place that chooses them (docs/payments.md). */
export * from './types'
export {
  assertPaymentConfig,
  channelTable,
  createPaymentPorts,
  iosCanPayVirtual,
  isIos,
  isVirtualGood,
  PAYMENT_PRODUCT_KINDS,
  saleFor,
  settlementMode,
  VIRTUAL_GOODS,
} from './channels'
export type { PaymentPorts, PaymentPortsOptions, PaymentProductKind, Sale, SettlementMode } from './channels'
export {
  isLocalCloud,
  readVirtualPayConfig,
  readWxpayConfig,
  virtualProductId,
  wxApiBaseUrl,
  WXPAY_REQUIRED,
} from './config'
export { createWxApi, requestJson } from './wxapi'
export type { WxApi } from './wxapi'
export type { Env, VirtualPayConfig, WxpayConfig } from './config'
export {
  decryptAeadAes256Gcm,
  jsapiPaySign,
  MAX_CLOCK_SKEW_SECONDS,
  rfc3339Beijing,
  verifyNotification,
} from './crypto'
export {
  buildQueryOrderRequest,
  buildSignData,
  buildXpayRequest,
  XPAY_NOT_FOUND,
  xpayRefundState,
  createVirtualChannel,
  parseDeliveryPush,
  virtualPaySig,
  virtualUserSignature,
  xpayOrderState,
  xpayPaySig,
} from './virtual'
export { ChannelError, createWxpayChannel } from './wxpay'
