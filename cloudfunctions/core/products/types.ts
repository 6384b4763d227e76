/**
 * What every product kind must say about itself (docs/money.md "Products"): whether and until when
 * the buyer may refund it, what it grants and how a refund takes exactly that back, how its income
 * is held. Pure data and pure rules: the app reads the display parts, the runtime the rest.
 */
import type { ProductKind } from '../vocabulary'

/** Self-service refunds per buyer per circle (docs/money.md "Refunds"). */
export const MAX_SELF_REFUNDS = 2

/** What an order's fulfilment granted, recorded on the order so a refund takes back exactly that. */
export type OrderGrant = {
  /** A membership term: the expiry moved from `fromAt` (the later of the payment and the expiry then) to `toAt`. */
  kind: 'term'
  fromAt: Date
  toAt: Date
}

/** Where a paid order leads in the app. */
export type ProductDestination =
  | { kind: 'circle'; circleId: string }
  | { kind: 'course'; courseId: string }
  | { kind: 'ticket'; eventId: string }
  | { kind: 'question'; questionId: string }
  | { kind: 'challenge'; challengeId: string }

/** What buying the same thing again means for `shop.order` (null: it is bought elsewhere, e.g. a ticket from its event). */
export type RebuyChoice = { kind: 'entry' } | { kind: 'pass'; gift: boolean } | { kind: 'course'; courseId: string }

export interface ProductRule {
  readonly kind: ProductKind
  /** How the order lists call it. */
  readonly label: string
  /**
   * Self-service refund from the order page: within `windowHours` of the payment (the same instant
   * its income matures), in full; `unlessRedeemed`: only while the gift code is unused. null: never
   * from the order page, and `noSelfRefund` says what happens instead.
   */
  readonly selfRefund: { windowHours: number; unlessRedeemed?: boolean } | null
  readonly noSelfRefund: string | null
  /** The team may refund it (in full or in part) from the circle's order list. */
  readonly ownerRefund: boolean
  /** What a paid order grants. */
  readonly grants: 'membership' | 'gift_code' | 'course' | 'question' | 'peek' | 'ticket' | 'deposit'
  /**
   * How its income is held: `window` pending for the refund window, then available; `until_answered`
   * also held while a paid question waits for its answer; `deposit` is no income at all (held for
   * the member until the challenge ends).
   */
  readonly income: 'window' | 'until_answered' | 'deposit'
  /** What the buyer loses, said before they confirm a refund. */
  readonly refundConsequence: string
  /** Where the paid order leads, from its product id. */
  destination(product: { id: string }, circleId: string): ProductDestination
  /** The product choice that buys it again. */
  rebuy(product: { id: string }): RebuyChoice | null
}
