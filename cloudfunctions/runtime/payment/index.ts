/** The payment port: types, the adapters and the one place that chooses them (docs/payments.md). */
export * from './types'
export {
  channelFor,
  channelNameFor,
  channelTable,
  createPaymentPorts,
  DEFAULT_CHANNELS,
  iosCanPayVirtual,
  PAYMENT_PRODUCT_KINDS,
  wxpayChannel,
} from './channels'
export type { PaymentPorts, PaymentPortsOptions, PaymentProductKind } from './channels'
export { isLocalCloud, readVirtualPayConfig, readWxpayConfig, WXPAY_REQUIRED } from './config'
export type { Env, VirtualPayConfig, WxpayConfig } from './config'
export { decryptAeadAes256Gcm, jsapiPaySign, MAX_CLOCK_SKEW_SECONDS, rfc3339Beijing, verifyNotification } from './crypto'
export {
  buildQueryOrderRequest,
  buildSignData,
  createVirtualChannel,
  parseDeliveryPush,
  virtualPaySig,
  virtualUserSignature,
  xpayOrderState,
  xpayPaySig,
} from './virtual'
export { ChannelError, createWxpayChannel } from './wxpay'
