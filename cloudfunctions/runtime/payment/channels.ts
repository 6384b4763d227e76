/**
 * The one place that decides how a product is sold to a device (docs/payments.md "Channels by
 * device"), and that chooses the payment adapters (docs/architecture.md, house style 2).
 *
 * - Android, PC/Mac WeChat (and a desktop browser locally): WeChat Pay JSAPI for every product.
 * - iOS: virtual goods (entry, passes, gift passes, courses, questions, peeks) only through
 *   小程序虚拟支付, and only where the operator has it for iOS (VPAY_IOS_ENABLED=true, which needs
 *   SETTLEMENT_MODE=self). Otherwise they are not sold, and no price is shown (WeChat's iOS rule).
 *   Offline tickets are a service: WeChat Pay on every device. A challenge deposit buys a place in
 *   an online challenge (a virtual service) and is not a 道具 virtual payment can sell or hand back,
 *   so iOS does not take deposits at all.
 *
 * The client says which device it is; this file decides. A lying client can only lose: claiming
 * iOS hides what it could buy, claiming Android on an iPhone gets a WeChat Pay sheet that WeChat's
 * own client refuses for virtual goods on iOS.
 *
 * In the local cloud (QZ_LOCAL_CLOUD=true) the same table applies: the wxpay adapter is pointed at
 * the pay simulator (its orders are named `local`, so the H5 app opens the simulator's cashier) and
 * the virtual adapter at the virtual-payment simulator. Only addresses and keys differ.
 */
import type { Platform } from '../../core/contract'
import { DomainError } from '../../core/errors'
import { isLocalCloud, readVirtualPayConfig, readWxpayConfig, wxApiBaseUrl, type Env } from './config'
import { saleFor, type PaymentProductKind } from './rules'
import type { ChannelName, PaymentChannel, WxpayChannel } from './types'
import { createVirtualChannel, type VirtualOptions } from './virtual'
import { createWxpayChannel } from './wxpay'
import { createWxApi } from './wxapi'

export * from './rules'

export interface PaymentPorts {
  /** The channel that sells this kind to this device; refuses (payment_channel_unavailable) what is not sold there. */
  forSale(kind: PaymentProductKind, platform: Platform | undefined): PaymentChannel
  /** The channel an existing order was sold through (refunds and queries go back the same way). */
  byName(name: ChannelName): PaymentChannel
  /** WeChat Pay (or its local twin): 分账 and 商家转账. */
  wxpay(): WxpayChannel
}

export interface PaymentPortsOptions {
  now?: () => Date
  virtual?: VirtualOptions
}

/** Adapters are built on first use, so a function that never pays never reads payment secrets. */
export function createPaymentPorts(env: Env = process.env, options: PaymentPortsOptions = {}): PaymentPorts {
  const local = isLocalCloud(env)
  let wx: WxpayChannel | undefined
  let virtual: PaymentChannel | undefined
  const wxpay = (): WxpayChannel => {
    if (!wx) {
      const config = readWxpayConfig(env)
      if (!config) throw new DomainError('payment_channel_unavailable', 'WeChat Pay is not configured (WXPAY_*)')
      wx = createWxpayChannel(config, { name: local ? 'local' : 'wxpay', now: options.now })
    }
    return wx
  }
  const virtualChannel = (): PaymentChannel => {
    if (!virtual) {
      const config = readVirtualPayConfig(env)
      const api =
        config && env.WX_APP_SECRET
          ? createWxApi({
              appid: config.appid,
              secret: env.WX_APP_SECRET,
              baseUrl: wxApiBaseUrl(env),
              now: options.now,
            })
          : null
      virtual = createVirtualChannel(config, {
        accessToken: api ? () => api.accessToken() : undefined,
        baseUrl: wxApiBaseUrl(env),
        ...options.virtual,
      })
    }
    return virtual
  }
  const byName = (name: ChannelName): PaymentChannel => {
    if (name === 'virtual') return virtualChannel()
    if ((name === 'local') !== local) {
      throw new DomainError('payment_channel_unavailable', `the ${name} channel is not available in this environment`)
    }
    return wxpay()
  }
  return {
    forSale(kind, platform) {
      const sale = saleFor(kind, platform, env)
      if (!sale.channel) throw new DomainError('payment_channel_unavailable', `${kind} is not sold on ${platform}`)
      return sale.channel === 'virtual' ? virtualChannel() : wxpay()
    },
    byName,
    wxpay,
  }
}
