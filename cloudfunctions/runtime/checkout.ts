/** Opening a pending order at its payment channel, and what the app needs to pay it there. */
import type { PayParams, Platform } from '../core/contract'
import { DomainError } from '../core/errors'
import { subMchidOf, usesProfitSharing, type OrderRecord } from '../core/money'
import type { CashierParams, PaymentChannel, PaymentProductKind } from './payment'
import { iosCanPayVirtual, payments } from './payments'

/**
 * The channel that sells this kind to a buyer on this platform. Apple's rule: on an iPhone,
 * virtual payment only where it is switched on for iOS.
 */
export function sellingChannel(kind: PaymentProductKind, platform: Platform): PaymentChannel {
  const channel = payments().forKind(kind)
  if (platform === 'ios' && channel.name === 'virtual' && !iosCanPayVirtual()) throw new DomainError('payment_channel_unavailable')
  return channel
}

// prepay is idempotent by order id: opening the same order again answers the same cashier.
function prepay(channel: PaymentChannel, order: OrderRecord): Promise<CashierParams> {
  return channel.prepay({
    orderId: order._id,
    amountFen: order.amountFen,
    description: order.product.title.slice(0, 120),
    payerOpenid: order.buyer,
    expiresAt: order.expiresAt,
    // 平台收付通: always frozen for 分账 (the platform fee leaves by it, and 完结分账 releases the rest).
    profitSharing: subMchidOf(order) ? true : usesProfitSharing(order),
    subMchid: subMchidOf(order),
  })
}

/** Opens a pending order at the channel it was placed through. */
export async function prepayOrder(order: OrderRecord): Promise<void> {
  await prepay(payments().byName(order.channel), order)
}

/** What the app needs to open the cashier for a pending order (the shapes of shop.order's `pay`). */
export async function cashierFor(order: OrderRecord): Promise<PayParams> {
  const channel = payments().byName(order.channel)
  const params = await prepay(channel, order)
  const jsapi =
    params.kind === 'jsapi' ? { timeStamp: params.timeStamp, nonceStr: params.nonceStr, package: params.package, signType: 'RSA' as const, paySign: params.paySign } : null
  // the local cloud: H5 opens the simulator's cashier page, the mini-program its JSAPI sheet
  if (channel.name === 'local') return { channel: 'local', cashierPath: `/packagePay/pages/cashier/index?orderId=${order._id}`, orderId: order._id, ...(jsapi ? { jsapi } : {}) }
  return params.kind === 'jsapi'
    ? { channel: 'wxpay', ...jsapi! }
    : { channel: 'virtual', mode: params.mode, signData: params.signData, paySig: params.paySig, signature: params.signature }
}
