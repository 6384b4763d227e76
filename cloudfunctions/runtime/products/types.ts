/**
 * The runtime half of a product kind (core/products holds its rules): what fulfilment grants in
 * the transaction that marks the order paid, and how a refund takes exactly that back in the
 * refund's transaction. Both run inside a transaction body, so both are free of effects.
 */
import type { OrderRecord } from '../../core/money'
import type { OrderGrant, RefundFacts } from '../../core/products'
import type { Tx } from '../db'

export interface GrantOutcome {
  /** false: nothing could be granted (a second deposit for a challenge already joined): the order is refunded in full. */
  granted: boolean
  /** What was granted, recorded on the order so that a refund takes back exactly this. */
  record?: OrderGrant
}

export interface ProductStep {
  /**
   * `opts.joining`: the buyer had no membership when ordering (order.joining, the profile then):
   * a membership step may insert it without reading (a duplicate key fails the transaction and the
   * caller runs it again without this).
   */
  grant(tx: Tx, order: OrderRecord, now: Date, opts?: { joining?: OrderRecord['joining'] }): Promise<GrantOutcome>
  /**
   * Takes back what the order granted. `before` is the order as it was, `after` with the refund
   * requested; `full`: nothing is left to refund after this one. Throws (order_not_refundable)
   * when it cannot be taken back (a gift code already redeemed): the refund is then refused whole.
   */
  revoke(tx: Tx, args: { before: OrderRecord; after: OrderRecord; full: boolean; now: Date }): Promise<void>
  /** After an unpaid order was closed (reconciliation, outside a transaction): give back what it held (a ticket's seat). */
  closed?(order: OrderRecord, now: Date): Promise<void>
  /** Facts the refund offer needs that live outside the order (a gift's redemption), in or out of a transaction. */
  facts?(order: OrderRecord, tx?: Tx): Promise<RefundFacts & { giftCode?: string | null }>
}
