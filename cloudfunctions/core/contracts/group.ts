/** The `group` function's contract: 拼团 (issue 13; docs/growth.md "拼团"). */
import { z } from 'zod'
import type { Page, Platform, ProductKind } from '../vocabulary'
import type { PayParams, SaleView } from './shop'
import type { GroupOfferStatus, GroupStatus, OrderGroup } from '../group'
import { GROUP_LIMITS as L } from '../limits'
import { cursor, id } from './base'

// Spelled out (not PLATFORMS), typed against it, as the other contract files do.
const platform = z.enum(['ios', 'android', 'windows', 'mac', 'devtools', 'h5'] as const satisfies readonly Platform[])

export const groupInputs = {
  /** The owner or a partner offers a product at a group price (priced on the server when bought). */
  createOffer: z.strictObject({
    circleId: id,
    product: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('entry') }),
      z.strictObject({ kind: z.literal('pass') }),
      z.strictObject({ kind: z.literal('course'), courseId: id }),
    ]),
    size: z.number().int().min(L.minSize).max(L.maxSize),
    priceFen: z.number().int().min(1).max(100_000_000),
    limitHours: z.number().int().min(L.minHours).max(L.maxHours),
  }),
  /** No new groups; groups already forming run to their deadline. */
  closeOffer: z.strictObject({ offerId: id }),
  /** A circle's open offers, each with groups still forming that one may join. */
  offers: z.strictObject({ circleId: id }),
  /** The team's list: open and closed offers. */
  manage: z.strictObject({ circleId: id, status: z.enum(['open', 'closed']).default('open'), cursor }),
  get: z.strictObject({ groupId: id }),
  /** Start a group: the order for its first seat (the seat is taken when the payment arrives). */
  start: z.strictObject({ offerId: id, platform }),
  /** Join a forming group: the order for a seat. */
  join: z.strictObject({ groupId: id, platform }),
  /** The groups the caller paid into in a circle, newest first. */
  mine: z.strictObject({ circleId: id, cursor }),
} as const

export interface GroupProductView {
  kind: ProductKind
  id: string
  title: string
}

/** A group as a list shows it. */
export interface GroupCard {
  id: string
  offerId: string
  circleId: string
  product: GroupProductView
  size: number
  seats: number
  seatsLeft: number
  priceFen: number
  status: GroupStatus
  statusLabel: string
  deadline: string
  leader: { nickname: string; avatarUrl: string }
  members: { nickname: string; avatarUrl: string }[]
}

export interface GroupView extends GroupCard {
  listPriceFen: number
  circleName: string
  /** The caller's seat: their order and its group state (null: not in this group). */
  me: { orderId: string; state: OrderGroup['state'] } | null
  /** The caller may order a seat now (forming, before the deadline, a seat left, not in it, sold on this device). */
  canJoin: boolean
  /** Whether this device may show the price and pay (iOS without virtual payment: neither). */
  sale: SaleView
  /** The group page's path: the share card's link. */
  sharePath: string
}

export interface GroupOfferView {
  id: string
  circleId: string
  product: GroupProductView
  size: number
  limitHours: number
  priceFen: number
  listPriceFen: number
  status: GroupOfferStatus
  createdAt: string
  sale: SaleView
  /** Groups still forming that take seats (closest to their deadline first, ≤ 5). */
  groups: GroupCard[]
}

export interface GroupStart {
  group: GroupView
  /** The order for the seat (shop.orders / shop.confirm know it like any other). */
  orderId: string
  pay: PayParams
}

export interface GroupOutputs {
  createOffer: GroupOfferView
  closeOffer: GroupOfferView
  offers: { items: GroupOfferView[]; canManage: boolean }
  manage: Page<GroupOfferView>
  get: GroupView
  start: GroupStart
  join: GroupStart
  mine: Page<GroupCard>
}
