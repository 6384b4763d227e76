/**
 * How each product is sold to the caller's device, for views and orders (payment/rules.ts decides;
 * this binds it to the function's environment). Light on purpose: views ask it without loading
 * the payment adapters.
 */
import type { Platform, SaleView } from '../core/contract'
import { saleFor, type PaymentProductKind, type Sale } from './payment/rules'

export function sale(kind: PaymentProductKind, platform: Platform | undefined): Sale {
  return saleFor(kind, platform, process.env)
}

/** What the app may show of a price and a buy button for this kind on this device. */
export function saleView(kind: PaymentProductKind, platform: Platform | undefined): SaleView {
  const s = sale(kind, platform)
  return { purchasable: s.purchasable, showPrice: s.showPrice }
}
