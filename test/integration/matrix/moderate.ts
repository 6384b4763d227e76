/**
 * moderate: the team's tools need member.moderate (and circle.refund for a refunding removal),
 * the queue report.review; any member reports and asks whether they may publish.
 */
import { matrixFor } from './_kit'

export default matrixFor('moderate', {
  mute: {
    need: 'member.moderate',
    input: async (k) => ({ circleId: k.circleId, openid: await k.freshMember(), duration: '1h' }),
  },
  unmute: { need: 'member.moderate', input: async (k) => ({ circleId: k.circleId, openid: await k.freshMember() }) },
  settings: { need: 'member.moderate', input: (k) => ({ circleId: k.circleId }) },
  setSettings: {
    need: 'member.moderate',
    input: (k) => ({
      circleId: k.circleId,
      muteAll: false,
      quietHours: { start: '23:00', end: '07:00' },
      newMemberMuteDays: 1,
    }),
  },
  myStatus: { need: 'circle.read', input: (k) => ({ circleId: k.circleId }) },
  refundQuote: { need: 'circle.refund', input: async (k) => ({ circleId: k.circleId, openid: await k.freshMember() }) },
  remove: { need: 'member.moderate', input: async (k) => ({ circleId: k.circleId, openid: await k.freshMember() }) },
  blacklist: { need: 'member.moderate', input: async (k) => ({ circleId: k.circleId, openid: await k.freshMember() }) },
  unblacklist: { need: 'member.moderate', input: (k) => ({ circleId: k.circleId, openid: 'm_blacklisted' }) },
  blacklisted: { need: 'member.moderate', input: (k) => ({ circleId: k.circleId }) },
  report: { need: 'report.create', input: async (k) => ({ kind: 'post', targetId: await k.post(), reason: 'spam' }) },
  reports: { need: 'report.review', input: (k) => ({ circleId: k.circleId }) },
  resolveReport: {
    need: 'report.review',
    input: async (k) => {
      const postId = await k.post()
      const now = new Date()
      const id = `post:${postId}:m_member`
      await k.insert('reports', {
        _id: id,
        circleId: k.circleId,
        kind: 'post',
        targetId: postId,
        postId,
        authorId: 'm_target',
        author: { nickname: '目标', avatarUrl: '' },
        excerpt: '矩阵测试',
        reporter: 'm_member',
        reporterUser: { nickname: '成员', avatarUrl: '' },
        reason: 'spam',
        note: '',
        status: 'open',
        createdAt: now,
        resolvedAt: null,
        resolvedBy: null,
        resolution: null,
      })
      return { reportId: id, decision: 'remove', reason: '矩阵测试删除' }
    },
  },
})
