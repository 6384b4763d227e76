/** What the group function answers: records → views (contract: core/contracts/group.ts). */
import type { Platform, SaleView } from '../core/contract'
import type { GroupCard, GroupOfferView, GroupView } from '../core/contracts/group'
import {
  GROUP_STATUS_LABELS,
  isJoinable,
  type GroupOfferRecord,
  type GroupRecord,
  type OrderGroup,
} from '../core/group'
import { groupPath } from '../runtime/groups'
import { saleView } from '../runtime/payments'

const iso = (d: Date | string) => new Date(d).toISOString()

export function groupCard(g: GroupRecord): GroupCard {
  const leader = g.members.find((m) => m.openid === g.leader) ?? g.members[0]
  return {
    id: g._id,
    offerId: g.offerId,
    circleId: g.circleId,
    product: { ...g.product },
    size: g.size,
    seats: g.seats,
    seatsLeft: Math.max(0, g.size - g.seats),
    priceFen: g.priceFen,
    status: g.status,
    statusLabel: GROUP_STATUS_LABELS[g.status],
    deadline: iso(g.deadline),
    leader: { nickname: leader?.nickname ?? '', avatarUrl: leader?.avatarUrl ?? '' },
    members: g.members.map((m) => ({ nickname: m.nickname, avatarUrl: m.avatarUrl })),
  }
}

export function groupView(
  g: GroupRecord,
  ctx: {
    openid: string
    device: Platform | undefined
    now: Date
    circleName: string
    listPriceFen: number
    me: { orderId: string; state: OrderGroup['state'] } | null
  },
): GroupView {
  const sale: SaleView = saleView(g.product.kind, ctx.device)
  return {
    ...groupCard(g),
    listPriceFen: ctx.listPriceFen,
    circleName: ctx.circleName,
    me: ctx.me,
    canJoin: sale.purchasable && isJoinable(g, ctx.now) && !g.memberIds.includes(ctx.openid) && g.leader !== ctx.openid,
    sale,
    sharePath: groupPath(g._id),
  }
}

export function offerView(o: GroupOfferRecord, device: Platform | undefined, groups: GroupRecord[]): GroupOfferView {
  return {
    id: o._id,
    circleId: o.circleId,
    product: { ...o.product },
    size: o.size,
    limitHours: o.limitHours,
    priceFen: o.priceFen,
    listPriceFen: o.listPriceFen,
    status: o.status,
    createdAt: iso(o.createdAt),
    sale: saleView(o.product.kind, device),
    groups: groups.map(groupCard),
  }
}
