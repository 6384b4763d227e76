/** Opening a pending order at its payment channel, and what the app needs to pay it there. */
import type { PayParams, Platform } from '../core/contract'
import { subMchidOf, usesProfitSharing, type OrderRecord } from '../core/money'
import { virtualProductId, type CashierParams, type PaymentChannel, type PaymentProductKind } from './payment'
import { now as clockNow } from './clock'
import { payments } from './payments'
import { sessionKeyOf } from './wxsession'

/**
 * The channel that sells this kind to a buyer on this device (payment/channels.ts decides:
 * WeChat Pay on Android and PC; on iOS virtual goods only through iOS virtual payment).
 * Refuses with payment_channel_unavailable what is not sold there.
 */
export function sellingChannel(kind: PaymentProductKind, platform: Platform): PaymentChannel {
  return payments().forSale(kind, platform)
}

// prepay is idempotent by order id: opening the same order again answers the same cashier.
async function prepay(channel: PaymentChannel, order: OrderRecord, now: Date): Promise<CashierParams> {
  return channel.prepay({
    orderId: order._id,
    amountFen: order.amountFen,
    description: order.product.title.slice(0, 120),
    payerOpenid: order.buyer,
    expiresAt: order.expiresAt,
    // 平台收付通: always frozen for 分账 (the platform fee leaves by it, and 完结分账 releases the rest).
    profitSharing: subMchidOf(order) ? true : usesProfitSharing(order),
    subMchid: subMchidOf(order),
    // virtual payment: the 道具 of this price and the buyer's session_key (kept since login)
    virtual:
      channel.name === 'virtual'
        ? {
            productId: virtualProductId(order.amountFen),
            sessionKey: await sessionKeyOf(order.buyer, now),
            goodsPriceFen: order.amountFen,
          }
        : undefined,
  })
}

/** Opens a pending order at the channel it was placed through. */
export async function prepayOrder(order: OrderRecord, now: Date = clockNow()): Promise<void> {
  await prepay(payments().byName(order.channel), order, now)
}

/** What the app needs to open the cashier for a pending order (the shapes of shop.order's `pay`). */
export async function cashierFor(order: OrderRecord, now: Date = clockNow()): Promise<PayParams> {
  const channel = payments().byName(order.channel)
  const params = await prepay(channel, order, now)
  const jsapi =
    params.kind === 'jsapi'
      ? {
          timeStamp: params.timeStamp,
          nonceStr: params.nonceStr,
          package: params.package,
          signType: 'RSA' as const,
          paySign: params.paySign,
        }
      : null
  // the local cloud: H5 opens the simulator's cashier page, the mini-program its JSAPI sheet
  if (channel.name === 'local')
    return {
      channel: 'local',
      cashierPath: `/packagePay/pages/cashier/index?orderId=${order._id}`,
      orderId: order._id,
      ...(jsapi ? { jsapi } : {}),
    }
  return params.kind === 'jsapi'
    ? { channel: 'wxpay', ...jsapi! }
    : {
        channel: 'virtual',
        mode: params.mode,
        signData: params.signData,
        paySig: params.paySig,
        signature: params.signature,
      }
}
