/**
 * The runtime product registry: per kind, the grant and revoke steps that run inside the
 * payment's and the refund's transactions (core/products holds the pure rules). Fulfilment,
 * refunds and the order views ask here instead of switching on the kind.
 */
import type { ProductKind } from '../../core/contract'
import type { OrderRecord } from '../../core/money'
import type { RefundFacts } from '../../core/products'
import type { Tx } from '../db'
import { course } from './course'
import { deposit } from './deposit'
import { entry } from './entry'
import { pass } from './pass'
import { passGift } from './passGift'
import { peek } from './peek'
import { question } from './question'
import { ticket } from './ticket'
import type { ProductStep } from './types'

export type { GrantOutcome, ProductStep } from './types'
export { giftCodeOf } from './passGift'

const STEPS: Readonly<Record<ProductKind, ProductStep>> = {
  entry,
  pass,
  pass_gift: passGift,
  course,
  question,
  peek,
  ticket,
  deposit,
}

export function productStep(kind: ProductKind): ProductStep {
  const step = STEPS[kind]
  if (!step) throw new Error(`unknown product kind ${kind}`)
  return step
}

/** The facts the refund offer needs for this order (none for most kinds). */
export async function refundFacts(order: OrderRecord, tx?: Tx): Promise<RefundFacts & { giftCode?: string | null }> {
  return (await productStep(order.product.kind).facts?.(order, tx)) ?? {}
}
