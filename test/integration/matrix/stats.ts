/** stats: the landing counters for anyone; the numbers, segments and their actions for owner and partners; tags and notes for the owner. */
import { matrixFor, TARGET } from './_kit'

export default matrixFor('stats', {
  track: { need: 'public', input: (k) => ({ circleId: k.circleId, kind: 'view', channel: '公众号' }) },
  dashboard: { need: 'stats.view', input: (k) => ({ circleId: k.circleId, period: 'today' }) },
  segments: { need: 'stats.view', input: (k) => ({ circleId: k.circleId }) },
  saveRules: {
    need: 'stats.act',
    input: (k) => ({
      circleId: k.circleId,
      rules: {
        windowDays: 30,
        coreMinDays: 6,
        coreStreakDays: 7,
        coreMinTenureDays: 0,
        silentDays: 14,
        expiringDays: 7,
      },
    }),
  },
  members: { need: 'stats.view', input: (k) => ({ circleId: k.circleId, segment: 'silent' }) },
  tagMember: {
    need: 'stats.notes',
    input: (k) => ({ circleId: k.circleId, openid: TARGET, tags: ['老学员'], note: '矩阵测试' }),
  },
  winBack: { need: 'stats.act', input: (k) => ({ circleId: k.circleId, segment: 'silent', amountFen: 500, days: 30 }) },
  remind: { need: 'stats.act', input: (k) => ({ circleId: k.circleId, segment: 'expiring', text: '记得回来看看' }) },
  export: { need: 'stats.act', input: (k) => ({ circleId: k.circleId, kind: 'members' }) },
})
