/**
 * How each product is sold to each device, and the start-up check of the payment configuration:
 * pure decisions over the environment, with no adapter behind them (every function's cold start
 * runs the check, and the views ask the rules, without loading WeChat Pay's client).
 * channels.ts explains the table and binds it to the adapters.
 */
import type { Platform } from '../../core/contract'
import type { Env } from './config'
import type { ChannelName } from './types'

/** What is sold. question and peek are paid Q&A; ticket is an offline event; deposit a refundable challenge deposit. */
export const PAYMENT_PRODUCT_KINDS = [
  'entry',
  'pass',
  'pass_gift',
  'course',
  'question',
  'peek',
  'ticket',
  'deposit',
] as const
export type PaymentProductKind = (typeof PAYMENT_PRODUCT_KINDS)[number]

/** WeChat's virtual goods: what iOS may neither sell nor price without iOS virtual payment. */
export const VIRTUAL_GOODS: readonly PaymentProductKind[] = ['entry', 'pass', 'pass_gift', 'course', 'question', 'peek']
export const isVirtualGood = (kind: PaymentProductKind) => VIRTUAL_GOODS.includes(kind)

export type SettlementMode = 'platform' | 'self'

/** SETTLEMENT_MODE: `platform` (平台收付通, the default) or `self` (直连). */
export function settlementMode(env: Env = process.env): SettlementMode {
  const mode = env.SETTLEMENT_MODE || 'platform'
  if (mode !== 'platform' && mode !== 'self')
    throw configError(`SETTLEMENT_MODE must be "platform" or "self", not "${mode}"`)
  return mode
}

/** iOS virtual payment: granted to the operator (VPAY_IOS_ENABLED=true) and possible in this settlement mode. */
export function iosCanPayVirtual(env: Env = process.env): boolean {
  return env.VPAY_IOS_ENABLED === 'true' && settlementMode(env) === 'self'
}

export const isIos = (platform: Platform | undefined) => platform === 'ios'

/** How one product kind is sold to one device. */
export interface Sale {
  /** null: not sold to this device. */
  channel: Exclude<ChannelName, 'local'> | null
  /** It can be bought here. */
  purchasable: boolean
  /** A price (and pay wording) may be shown here. */
  showPrice: boolean
}

const NOT_SOLD: Sale = { channel: null, purchasable: false, showPrice: false }

export function saleFor(kind: PaymentProductKind, platform: Platform | undefined, env: Env = process.env): Sale {
  if (!isIos(platform)) return { channel: 'wxpay', purchasable: true, showPrice: true }
  if (kind === 'ticket') return { channel: 'wxpay', purchasable: true, showPrice: true }
  if (kind === 'deposit') return NOT_SOLD
  return iosCanPayVirtual(env) ? { channel: 'virtual', purchasable: true, showPrice: true } : NOT_SOLD
}

/** The device × kind table (docs/payments.md prints it; tests read it). */
export function channelTable(platform: Platform, env: Env = process.env): Record<PaymentProductKind, Sale> {
  return Object.fromEntries(PAYMENT_PRODUCT_KINDS.map((kind) => [kind, saleFor(kind, platform, env)])) as Record<
    PaymentProductKind,
    Sale
  >
}

/**
 * Where the money of a sale through this channel lands: in `platform` mode a WeChat Pay sale goes to
 * the owner's own 二级商户 (partner JSAPI with sub_mchid); virtual payment always settles to the
 * mini-program's own account, and `self` mode to the operator's merchant. runtime/merchants.ts
 * settlementFor applies it to every order.
 */
export function settlesInto(channel: ChannelName, mode: SettlementMode): 'sub_merchant' | 'operator' {
  return mode === 'platform' && channel !== 'virtual' ? 'sub_merchant' : 'operator'
}

/** The API that sells a product to a device under a configuration (docs/payments.md prints the table). */
export type SaleApi = 'jsapi' | 'partner_jsapi' | 'virtual' | 'not_sold'

export function saleApi(kind: PaymentProductKind, platform: Platform | undefined, env: Env = process.env): SaleApi {
  const sale = saleFor(kind, platform, env)
  if (!sale.channel) return 'not_sold'
  if (sale.channel === 'virtual') return 'virtual'
  return settlesInto(sale.channel, settlementMode(env)) === 'sub_merchant' ? 'partner_jsapi' : 'jsapi'
}

function configError(message: string): Error {
  return new Error(`payment configuration: ${message} (docs/payments.md "Channels by device")`)
}

/** Variables that once chose channels; setting them now means someone expects a table we no longer have. */
const RETIRED = {
  PAY_CHANNELS:
    'the channel of every product is decided by device (WeChat Pay on Android/PC, virtual payment on iOS); PAY_CHANNELS is no longer read',
  QZ_IOS_VIRTUAL_PAYMENT: 'renamed VPAY_IOS_ENABLED',
} as const

/**
 * Refuses a configuration that would sell against WeChat's rules or cannot work. Run at every
 * function's cold start (runtime/handler.ts): a bad configuration fails loudly before any sale.
 */
export function assertPaymentConfig(env: Env = process.env): void {
  for (const [name, why] of Object.entries(RETIRED)) if (env[name]) throw configError(`${name} is set: ${why}`)
  const mode = settlementMode(env)
  if (env.VPAY_IOS_ENABLED && env.VPAY_IOS_ENABLED !== 'true' && env.VPAY_IOS_ENABLED !== 'false') {
    throw configError(`VPAY_IOS_ENABLED must be "true" or "false", not "${env.VPAY_IOS_ENABLED}"`)
  }
  if (env.VPAY_IOS_ENABLED === 'true') {
    if (mode !== 'self')
      throw configError(
        "VPAY_IOS_ENABLED=true needs SETTLEMENT_MODE=self (virtual payment settles to the mini-program's own merchant, not through 平台收付通)",
      )
    if (!env.VPAY_OFFER_ID || !env.VPAY_APP_KEY)
      throw configError('VPAY_IOS_ENABLED=true but virtual payment is not configured (VPAY_OFFER_ID, VPAY_APP_KEY)')
    if (!env.WX_APP_SECRET)
      throw configError(
        "VPAY_IOS_ENABLED=true needs WX_APP_SECRET (code2Session for the buyer's session_key, stable_token for /xpay/*)",
      )
  }
}
