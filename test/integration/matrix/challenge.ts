/** challenge: the team creates; active members enroll and check in; members (grace too) read. */
import { endsAtOf, newParticipant, type ChallengeRecord } from '@core/challenge'
import { inShanghai } from '@core/time'
import { matrixFor, type Kit } from './_kit'

const dayOf = (k: Kit, offsetDays: number) => inShanghai(k.now.getTime() + offsetDays * 86_400_000).format('YYYY-MM-DD')

/** A fresh free challenge in the free circle that started `startedDaysAgo` days ago (Shanghai). */
async function freshChallenge(k: Kit, startedDaysAgo = 0): Promise<ChallengeRecord> {
  const id = `ch_${Math.random().toString(36).slice(2, 10)}`
  const startDay = dayOf(k, -startedDaysAgo)
  const c: ChallengeRecord = {
    _id: id,
    circleId: k.circleId,
    title: '矩阵测试挑战',
    rules: '',
    startDay,
    days: 7,
    requiredDays: 7,
    windowStart: '00:00',
    windowEnd: '23:59',
    minWords: 0,
    photoRequired: false,
    makeupQuota: 1,
    reward: { kind: 'none' },
    depositFen: 0,
    endsAt: endsAtOf(startDay, 7),
    status: 'open',
    participantCount: 0,
    completedCount: 0,
    createdBy: 'm_owner',
    createdAt: k.now,
    updatedAt: k.now,
    settledAt: null,
  }
  await k.insert('challenges', c as unknown as Record<string, unknown>)
  return c
}

/** The same, with the caller already enrolled (so a refusal is about the role, not enrolment). */
async function enrolled(k: Kit, startedDaysAgo = 0): Promise<string> {
  const c = await freshChallenge(k, startedDaysAgo)
  if (k.caller) {
    const p = newParticipant({
      challenge: c,
      openid: k.caller,
      user: { nickname: '测试', avatarUrl: '' },
      deposit: null,
      now: k.now,
    })
    await k.insert('challengeParticipants', p as unknown as Record<string, unknown>)
  }
  return c._id
}

export default matrixFor('challenge', {
  create: {
    need: 'challenge.manage',
    input: (k) => ({ circleId: k.circleId, title: '新挑战', startDay: dayOf(k, 1), days: 7, requiredDays: 5 }),
  },
  list: { need: 'circle.read', input: (k) => ({ circleId: k.circleId }) },
  get: { need: 'circle.read', input: async (k) => ({ challengeId: (await freshChallenge(k))._id }) },
  enroll: { need: 'challenge.join', input: async (k) => ({ challengeId: (await freshChallenge(k))._id }) },
  checkIn: {
    need: 'challenge.join',
    input: async (k) => ({ challengeId: await enrolled(k), text: '矩阵测试打卡' }),
    expect: { muted: 'muted' },
  },
  makeUp: {
    need: 'challenge.join',
    input: async (k) => ({ challengeId: await enrolled(k, 1), day: dayOf(k, -1), text: '矩阵测试补卡' }),
    expect: { muted: 'muted' },
  },
  leaderboard: {
    need: 'circle.read',
    input: async (k) => ({ challengeId: (await freshChallenge(k))._id, by: 'total' }),
  },
})
