/** perk: perks for active members, managed by owner and partners; points settings; titles by the owner. */
import { matrixFor, TARGET, type Kit } from './_kit'

/** A fresh active perk (an on-site benefit without a stock limit) in the free circle. */
async function freshPerk(k: Kit): Promise<string> {
  const id = `perk_${Math.random().toString(36).slice(2, 10)}`
  await k.insert('perks', {
    _id: id,
    circleId: k.circleId,
    title: '矩阵测试权益',
    description: '',
    kind: 'offline',
    link: '',
    courseId: null,
    eligibility: { kind: 'all' },
    stock: null,
    claimedCount: 0,
    status: 'active',
    createdBy: 'm_owner',
    createdAt: k.now,
    updatedAt: k.now,
  })
  return id
}

export default matrixFor('perk', {
  list: { need: 'circle.read', input: (k) => ({ circleId: k.circleId }) },
  save: {
    need: 'perk.manage',
    input: (k) => ({ circleId: k.circleId, title: '新权益', kind: 'offline', eligibility: { kind: 'all' } }),
  },
  archive: { need: 'perk.manage', input: async (k) => ({ perkId: await freshPerk(k) }) },
  claim: { need: 'perk.claim', input: async (k) => ({ perkId: await freshPerk(k) }) },
  claims: { need: 'perk.manage', input: async (k) => ({ perkId: await freshPerk(k) }) },
  leaderboard: { need: 'circle.read', input: (k) => ({ circleId: k.circleId }) },
  pointsSettings: { need: 'circle.read', input: (k) => ({ circleId: k.circleId }) },
  setPointsSettings: {
    need: 'circle.settings',
    input: (k) => ({
      circleId: k.circleId,
      weights: { post: 2, featured: 10, answer: 5, checkin: 1, invite: 5 },
      titles: [],
    }),
  },
  grantTitle: {
    need: 'points.grantTitle',
    input: (k) => ({ circleId: k.circleId, openid: TARGET, title: '优秀成员' }),
  },
})
