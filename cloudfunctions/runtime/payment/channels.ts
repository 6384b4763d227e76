/**
 * The one place that chooses payment adapters (docs/architecture.md, house style 2). Which channel sells which
 * product kind is configuration: docs/payments.md's defaults (virtual goods → `virtual`; offline tickets
 * and deposits → `wxpay`), overridden by PAY_CHANNELS; in the local cloud (QZ_LOCAL_CLOUD=true)
 * everything sells through `local`, which is the wxpay adapter pointed at the pay simulator.
 * Withdrawals (商家转账) and 分账 always go through WeChat Pay (or its local twin).
 */
import { DomainError } from '../../core/errors'
import { isLocalCloud, readVirtualPayConfig, readWxpayConfig, type Env } from './config'
import type { ChannelName, PaymentChannel, WxpayChannel } from './types'
import { createVirtualChannel, type VirtualOptions } from './virtual'
import { createWxpayChannel } from './wxpay'

/** What is sold. question and peek are paid Q&A; ticket is an offline event; deposit a refundable challenge deposit. */
export const PAYMENT_PRODUCT_KINDS = ['entry', 'pass', 'pass_gift', 'course', 'question', 'peek', 'ticket', 'deposit'] as const
export type PaymentProductKind = (typeof PAYMENT_PRODUCT_KINDS)[number]

export const DEFAULT_CHANNELS: Record<PaymentProductKind, ChannelName> = {
  entry: 'virtual',
  pass: 'virtual',
  pass_gift: 'virtual',
  course: 'virtual',
  question: 'virtual',
  peek: 'virtual',
  ticket: 'wxpay',
  deposit: 'wxpay',
}

const CHANNEL_NAMES: ChannelName[] = ['virtual', 'wxpay', 'local']

/**
 * The product kind → channel table for this environment. PAY_CHANNELS overrides the defaults,
 * e.g. `course=wxpay,entry=wxpay`. A malformed entry is a configuration error, not a silent default.
 */
export function channelTable(env: Env = process.env): Record<PaymentProductKind, ChannelName> {
  if (isLocalCloud(env)) {
    return Object.fromEntries(PAYMENT_PRODUCT_KINDS.map((kind) => [kind, 'local'])) as Record<PaymentProductKind, ChannelName>
  }
  const table = { ...DEFAULT_CHANNELS }
  for (const pair of (env.PAY_CHANNELS ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const [kind, channel] = pair.split('=').map((s) => s.trim())
    if (!(PAYMENT_PRODUCT_KINDS as readonly string[]).includes(kind) || !CHANNEL_NAMES.includes(channel as ChannelName) || channel === 'local') {
      throw new DomainError('payment_channel_unavailable', `PAY_CHANNELS: cannot read "${pair}"`)
    }
    table[kind as PaymentProductKind] = channel as ChannelName
  }
  return table
}

export function channelNameFor(kind: PaymentProductKind, env: Env = process.env): ChannelName {
  return channelTable(env)[kind]
}

/**
 * iOS has no virtual payment unless the operator applied for it (iOS 端虚拟支付, through Apple):
 * VPAY_IOS_ENABLED=true says it was granted. The app then offers another device, never a broken sheet.
 */
export function iosCanPayVirtual(env: Env = process.env): boolean {
  return env.VPAY_IOS_ENABLED === 'true'
}

export interface PaymentPorts {
  /** The channel an order of this kind is sold through. */
  forKind(kind: PaymentProductKind): PaymentChannel
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
  const byName = (name: ChannelName): PaymentChannel => {
    if (name === 'virtual') return (virtual ??= createVirtualChannel(readVirtualPayConfig(env), options.virtual))
    if ((name === 'local') !== local) {
      throw new DomainError('payment_channel_unavailable', `the ${name} channel is not available in this environment`)
    }
    return wxpay()
  }
  return {
    forKind: (kind) => byName(channelTable(env)[kind]),
    byName,
    wxpay,
  }
}

const isChannelName = (s: string): s is ChannelName => (CHANNEL_NAMES as string[]).includes(s)

// One set of adapters per function instance, rebuilt if its environment changes.
let cached: { key: string; ports: PaymentPorts } | undefined
function processPorts(): PaymentPorts {
  const env = process.env
  const key = [
    env.QZ_LOCAL_CLOUD,
    env.PAY_CHANNELS,
    env.WXPAY_MCHID,
    env.WXPAY_BASE_URL,
    env.WXPAY_NOTIFY_URL,
    env.WXPAY_PUBLIC_KEY_ID,
    env.WXPAY_MCH_SERIAL,
    env.VPAY_OFFER_ID,
    env.VPAY_ENV,
  ].join('|')
  if (cached?.key !== key) cached = { key, ports: createPaymentPorts(env) }
  return cached.ports
}

/**
 * The channel that sells a product kind, or — given a channel name from an order on record — the
 * channel that order went through (refunds and queries go back the same way).
 */
export function channelFor(kindOrName: PaymentProductKind | ChannelName): PaymentChannel {
  const ports = processPorts()
  return isChannelName(kindOrName) ? ports.byName(kindOrName) : ports.forKind(kindOrName)
}

/** WeChat Pay (or its local twin) for 分账 and 商家转账, whatever sold the order. */
export function wxpayChannel(): WxpayChannel {
  return processPorts().wxpay()
}
