/**
 * The one place the app reads how a product is sold on this device (docs/payments.md "WeChat's
 * iOS rule"). The server decides from the device the app names with every call and answers a
 * SaleView beside each product; screens show a price, pay wording and a buy button only where it
 * says so, never from their own `platform === 'ios'` checks.
 */
import type { SaleView } from '@core/contract'

/** What a screen says instead of a product this device may not see priced (WeChat's suggested wording). */
export const NOT_ON_THIS_DEVICE = '由于相关规范，iOS 暂不支持此功能'

const SOLD: SaleView = { purchasable: true, showPrice: true }

/** A view without a flag (an older server) sells as before. */
export const saleOf = (sale: SaleView | null | undefined): SaleView => sale ?? SOLD
/** A price, a 付费 / 购买 / 已购 word, a buy button: only where this is true. */
export const showsPrice = (sale: SaleView | null | undefined): boolean => saleOf(sale).showPrice
export const canBuy = (sale: SaleView | null | undefined): boolean => saleOf(sale).purchasable
