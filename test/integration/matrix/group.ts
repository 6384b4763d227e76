/**
 * group (拼团): the owner and partners make and close offers; anyone signed in reads them and buys a
 * seat (the blacklisted may not buy entry or a pass; the owner cannot buy their own circle's pass).
 */
import type { GroupOfferRecord, GroupRecord } from '@core/group'
import { TARGET, matrixFor, type Kit } from './_kit'

/** A fresh open offer of the paid circle's 年卡 at a group price, with one group forming (TARGET paid its seat). */
async function freshGroup(k: Kit): Promise<{ offerId: string; groupId: string }> {
  const suffix = Math.random().toString(36).slice(2, 10)
  const offer: GroupOfferRecord = {
    _id: `go_${suffix}`,
    circleId: k.paidCircleId,
    product: { kind: 'pass', id: k.paidCircleId, title: '矩阵测试 · 年卡' },
    listPriceFen: 29900,
    priceFen: 19900,
    size: 3,
    limitHours: 24,
    status: 'open',
    createdBy: 'm_owner',
    createdAt: k.now,
    updatedAt: k.now,
    closedAt: null,
  }
  const group: GroupRecord = {
    _id: `gr_${suffix}`,
    offerId: offer._id,
    circleId: k.paidCircleId,
    product: { ...offer.product },
    priceFen: offer.priceFen,
    size: 3,
    leader: TARGET,
    status: 'forming',
    members: [{ openid: TARGET, nickname: '测试', avatarUrl: '', orderId: `QZmatrix${suffix}`, joinedAt: k.now }],
    memberIds: [TARGET],
    seats: 1,
    deadline: new Date(k.now.getTime() + 86_400_000),
    createdAt: k.now,
    updatedAt: k.now,
    completedAt: null,
    failedAt: null,
  }
  await k.insert('groupOffers', offer as unknown as Record<string, unknown>)
  await k.insert('groups', group as unknown as Record<string, unknown>)
  return { offerId: offer._id, groupId: group._id }
}

export default matrixFor('group', {
  createOffer: {
    need: 'group.manage',
    input: (k) => ({ circleId: k.paidCircleId, product: { kind: 'pass' }, size: 3, priceFen: 19900, limitHours: 24 }),
  },
  closeOffer: { need: 'group.manage', input: async (k) => ({ offerId: (await freshGroup(k)).offerId }) },
  offers: { need: 'signedIn', input: (k) => ({ circleId: k.paidCircleId }) },
  manage: { need: 'group.manage', input: (k) => ({ circleId: k.paidCircleId }) },
  get: { need: 'signedIn', input: async (k) => ({ groupId: (await freshGroup(k)).groupId }) },
  start: {
    need: 'signedIn',
    input: async (k) => ({ offerId: (await freshGroup(k)).offerId, platform: 'h5' }),
    expect: { blacklisted: 'blacklisted', owner: 'product_unavailable', member: 'allowed', stranger: 'allowed' },
  },
  join: {
    need: 'signedIn',
    input: async (k) => ({ groupId: (await freshGroup(k)).groupId, platform: 'h5' }),
    expect: { blacklisted: 'blacklisted', owner: 'product_unavailable', member: 'allowed', stranger: 'allowed' },
  },
  mine: { need: 'signedIn', input: (k) => ({ circleId: k.paidCircleId }) },
})
