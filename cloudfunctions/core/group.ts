/**
 * 拼团 (group buying, docs/growth.md "拼团"): the owner offers a product (entry, a pass for oneself,
 * a course) at a group price for groups of N people within a time limit. A buyer starts a group or
 * joins an open one and pays the group price; the seat is taken when the payment arrives, on the
 * group document, in the payment's transaction. A full group fulfils everyone; a group still short
 * at its deadline fails and every member is refunded in full, once.
 *
 * Pure: the clock comes in as an argument; the app reads the limits and labels.
 */
import { DomainError } from './errors'
import { GROUP_LIMITS } from './limits'

export { GROUP_LIMITS }

/** What can be sold in a group: the underlying order kinds (a pass is always for oneself). */
export const GROUP_PRODUCT_KINDS = ['entry', 'pass', 'course'] as const
export type GroupProductKind = (typeof GROUP_PRODUCT_KINDS)[number]

export type GroupOfferStatus = 'open' | 'closed'

/**
 * forming: taking seats until full or the deadline. completing: full, members being granted
 * (resumable by the timer). completed: everyone granted. refunding: the deadline passed short,
 * members being refunded (resumable). failed: everyone refunded.
 */
export type GroupStatus = 'forming' | 'completing' | 'completed' | 'refunding' | 'failed'

export interface GroupOfferRecord {
  _id: string
  circleId: string
  product: { kind: GroupProductKind; id: string; title: string }
  /** The product's own price when the offer was made (shown struck through). */
  listPriceFen: number
  priceFen: number
  size: number
  limitHours: number
  status: GroupOfferStatus
  createdBy: string
  createdAt: Date
  updatedAt: Date
  closedAt: Date | null
}

export interface GroupMember {
  openid: string
  nickname: string
  avatarUrl: string
  orderId: string
  joinedAt: Date
}

export interface GroupRecord {
  _id: string
  offerId: string
  circleId: string
  product: GroupOfferRecord['product']
  priceFen: number
  size: number
  /** Who started it (their seat is taken like anyone's, when their payment arrives). */
  leader: string
  status: GroupStatus
  /** Paid members, in the order their payments took a seat; `seats` = members.length. */
  members: GroupMember[]
  /** openids of `members` (multikey index: "my groups"). */
  memberIds: string[]
  seats: number
  deadline: Date
  createdAt: Date
  updatedAt: Date
  completedAt: Date | null
  failedAt: Date | null
}

/** The money side of a group order, on the order (core/money/orders.ts `group`). */
export interface OrderGroup {
  groupId: string
  offerId: string
  /** pending: not paid yet; joined: paid, seat taken, waiting for the group; fulfilled: granted; refused: paid, no seat (refunded); refunded: the group failed. */
  state: 'pending' | 'joined' | 'fulfilled' | 'refused' | 'refunded'
}

export const GROUP_STATUS_LABELS: Record<GroupStatus, string> = {
  forming: '拼团中',
  completing: '已成团',
  completed: '已成团',
  refunding: '未成团，退款中',
  failed: '未成团，已退款',
}

const HOUR_MS = 3_600_000

export function validateOffer(input: { size: number; priceFen: number; limitHours: number; listPriceFen: number }) {
  const L = GROUP_LIMITS
  if (!Number.isInteger(input.size) || input.size < L.minSize || input.size > L.maxSize)
    throw new DomainError('invalid_argument', undefined, 'size')
  if (!Number.isInteger(input.limitHours) || input.limitHours < L.minHours || input.limitHours > L.maxHours)
    throw new DomainError('invalid_argument', undefined, 'limitHours')
  // A group price is a discount: at least 1 fen (no channel takes 0), below the product's price.
  if (!Number.isSafeInteger(input.priceFen) || input.priceFen < 1 || input.priceFen >= input.listPriceFen)
    throw new DomainError('group_price_invalid', undefined, 'priceFen')
}

export function newOffer(args: {
  id: string
  circleId: string
  product: GroupOfferRecord['product']
  listPriceFen: number
  priceFen: number
  size: number
  limitHours: number
  createdBy: string
  now: Date
}): GroupOfferRecord {
  validateOffer(args)
  return {
    _id: args.id,
    circleId: args.circleId,
    product: { ...args.product },
    listPriceFen: args.listPriceFen,
    priceFen: args.priceFen,
    size: args.size,
    limitHours: args.limitHours,
    status: 'open',
    createdBy: args.createdBy,
    createdAt: args.now,
    updatedAt: args.now,
    closedAt: null,
  }
}

/** A new group of an open offer: its deadline is the offer's time limit from now; no seat taken yet. */
export function newGroup(offer: GroupOfferRecord, args: { id: string; leader: string; now: Date }): GroupRecord {
  if (offer.status !== 'open') throw new DomainError('group_offer_closed')
  return {
    _id: args.id,
    offerId: offer._id,
    circleId: offer.circleId,
    product: { ...offer.product },
    priceFen: offer.priceFen,
    size: offer.size,
    leader: args.leader,
    status: 'forming',
    members: [],
    memberIds: [],
    seats: 0,
    deadline: new Date(args.now.getTime() + offer.limitHours * HOUR_MS),
    createdAt: args.now,
    updatedAt: args.now,
    completedAt: null,
    failedAt: null,
  }
}

/** The group still takes seats at `now`: forming, before its deadline, not full. */
export function isJoinable(group: Pick<GroupRecord, 'status' | 'deadline' | 'seats' | 'size'>, now: Date): boolean {
  return group.status === 'forming' && now.getTime() < new Date(group.deadline).getTime() && group.seats < group.size
}

/**
 * Whether `openid` may place an order for this group now (checked again, for real, when the payment
 * arrives: `decideSeat`). Throws the reason.
 */
export function assertMayOrder(group: GroupRecord, openid: string, now: Date): void {
  if (group.status !== 'forming' || now.getTime() >= new Date(group.deadline).getTime())
    throw new DomainError('group_closed')
  // The leader's own order is the first seat (shop.pay reopens it); a second would only be refunded.
  if (group.memberIds.includes(openid) || group.leader === openid) throw new DomainError('group_already_joined')
  if (group.seats >= group.size) throw new DomainError('group_full')
}

export type SeatOutcome =
  | { kind: 'joined'; group: GroupRecord }
  | { kind: 'completed'; group: GroupRecord }
  | { kind: 'refused'; reason: 'group_full' | 'group_closed' | 'group_already_joined' }

/**
 * A payment for the group arrived: it takes a seat when the group still takes one, else it is
 * refused (and refunded in full by the caller). Run in the payment's transaction on the group
 * document: concurrent payments conflict there and re-run on the new seat count, so a group never
 * holds more than `size` members. The last seat completes it.
 */
export function decideSeat(
  group: GroupRecord,
  member: { openid: string; nickname: string; avatarUrl: string; orderId: string },
  now: Date,
): SeatOutcome {
  const mine = group.members.find((m) => m.orderId === member.orderId)
  if (mine) return { kind: group.status === 'forming' ? 'joined' : 'completed', group }
  if (group.memberIds.includes(member.openid)) return { kind: 'refused', reason: 'group_already_joined' }
  if (group.status !== 'forming' || now.getTime() >= new Date(group.deadline).getTime())
    return { kind: 'refused', reason: group.seats >= group.size ? 'group_full' : 'group_closed' }
  if (group.seats >= group.size) return { kind: 'refused', reason: 'group_full' }
  const members = [...group.members, { ...member, joinedAt: now }]
  const full = members.length === group.size
  const next: GroupRecord = {
    ...group,
    members,
    memberIds: members.map((m) => m.openid),
    seats: members.length,
    status: full ? 'completing' : 'forming',
    completedAt: full ? now : null,
    updatedAt: now,
  }
  return full ? { kind: 'completed', group: next } : { kind: 'joined', group: next }
}

/** At or after its deadline a group still forming fails: its members are refunded (null: nothing to do). */
export function decideExpire(group: GroupRecord, now: Date): GroupRecord | null {
  if (group.status !== 'forming' || now.getTime() < new Date(group.deadline).getTime()) return null
  return { ...group, status: 'refunding', failedAt: now, updatedAt: now }
}

/** The phase after every member was granted (completing) or refunded (refunding). */
export function finished(group: GroupRecord, now: Date): GroupRecord {
  if (group.status === 'completing') return { ...group, status: 'completed', updatedAt: now }
  if (group.status === 'refunding') return { ...group, status: 'failed', updatedAt: now }
  return group
}

/** How much a group price takes off the product's price (never negative). */
export function groupPriceBreakdown(listPriceFen: number, priceFen: number) {
  const baseFen = Math.max(listPriceFen, priceFen)
  return { baseFen, discountFen: baseFen - priceFen }
}

/** The refund reason a member's order carries when their group fails or their payment finds no seat. */
export const GROUP_REFUND_REASONS = {
  failed: '拼团未成团，已自动全额退款',
  refused: '拼团已满或已结束，已自动全额退款',
} as const
