/** growth: the owner and partners set newcomer tasks and milestones; members take part; readers see them. */
import { matrixFor } from './_kit'

export default matrixFor('growth', {
  newcomer: { need: 'circle.read', input: (k) => ({ circleId: k.circleId }) },
  saveNewcomer: {
    need: 'growth.manage',
    input: (k) => ({
      circleId: k.circleId,
      enabled: true,
      introTag: '自我介绍',
      checkin: true,
      guide: { title: '新人指南', body: '先读圈规' },
      perkId: null,
      reward: { kind: 'points', points: 20 },
    }),
  },
  readGuide: { need: 'growth.join', input: (k) => ({ circleId: k.circleId }) },
  claimNewcomer: { need: 'growth.join', input: (k) => ({ circleId: k.circleId }) },
  milestones: { need: 'circle.read', input: (k) => ({ circleId: k.circleId }) },
  saveMilestones: {
    need: 'growth.manage',
    input: (k) => ({ circleId: k.circleId, milestones: [{ invitees: 3, reward: { kind: 'points', points: 30 } }] }),
  },
  claimMilestone: { need: 'growth.join', input: (k) => ({ circleId: k.circleId, invitees: 3 }) },
})
