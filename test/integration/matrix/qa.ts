/** qa: reading for members, asking and peeking for active members, answering for the addressed owner or guest. */
import { matrixFor, TARGET, type Kit } from './_kit'

const HOUR = 3_600_000

/** A fresh question from TARGET to the owner (priced, so the owner can be asked). */
async function freshQuestion(k: Kit, state: 'pending' | 'answered'): Promise<string> {
  const id = `mq${Math.random().toString(36).slice(2, 10)}`
  const paidAt = new Date(k.now.getTime() - HOUR)
  await k.insert('questions', {
    _id: id,
    circleId: k.circleId,
    asker: TARGET,
    askerUser: { nickname: '测试target', avatarUrl: '' },
    answerer: 'm_owner',
    answererUser: { nickname: '测试owner', avatarUrl: '' },
    answererRole: 'owner',
    text: '矩阵测试问题',
    images: [],
    anonymous: false,
    isPublic: true,
    held: false,
    priceFen: 0,
    quotaId: null,
    orderId: null,
    status: state,
    expireHours: 72,
    payBy: null,
    paidAt,
    deadline: new Date(paidAt.getTime() + 72 * HOUR),
    answer: state === 'answered' ? { text: '矩阵测试回答', images: [], at: k.now } : null,
    answeredAt: state === 'answered' ? k.now : null,
    declineReason: '',
    closedAt: null,
    listed: state === 'answered',
    peekCount: 0,
    askerEarnedFen: 0,
    answererEarnedFen: 0,
    createdAt: paidAt,
    updatedAt: paidAt,
  })
  await pricedOwner(k)
  return id
}

async function pricedOwner(k: Kit) {
  const id = `${k.circleId}:m_owner`
  if ((await k.find('qaAnswerers')).some((a) => a._id === id)) return
  await k.insert('qaAnswerers', {
    _id: id,
    circleId: k.circleId,
    openid: 'm_owner',
    priceFen: 1000,
    answeredCount: 0,
    createdAt: k.now,
    updatedAt: k.now,
  })
}

export default matrixFor('qa', {
  home: { need: 'circle.read', input: (k) => ({ circleId: k.circleId }) },
  feed: { need: 'circle.read', input: (k) => ({ circleId: k.circleId }) },
  get: { need: 'circle.read', input: async (k) => ({ questionId: await freshQuestion(k, 'answered') }) },
  mine: { need: 'circle.read', input: (k) => ({ circleId: k.circleId, box: 'asked' }) },
  ask: {
    need: 'qa.ask',
    input: async (k) => {
      await pricedOwner(k)
      return { circleId: k.circleId, answerer: 'm_owner', text: '矩阵测试提问' }
    },
    // muting takes away publishing, and asking publishes
    expect: { muted: 'muted' },
  },
  // only the addressed answerer: the question is the owner's, so a guest may not answer it
  answer: {
    need: 'qa.answer',
    input: async (k) => ({ questionId: await freshQuestion(k, 'pending'), text: '矩阵测试回答' }),
    expect: { guest: 'forbidden' },
  },
  decline: {
    need: 'qa.answer',
    input: async (k) => ({ questionId: await freshQuestion(k, 'pending') }),
    expect: { guest: 'forbidden' },
  },
  peek: { need: 'qa.peek', input: async (k) => ({ questionId: await freshQuestion(k, 'answered') }) },
  setPrice: { need: 'qa.answer', input: (k) => ({ circleId: k.circleId, priceFen: 500 }) },
  setSettings: {
    need: 'circle.settings',
    input: (k) => ({
      circleId: k.circleId,
      freeQuestionsPerTerm: 1,
      expireHours: 48,
      peekPriceFen: 200,
      askerShareBps: 5000,
    }),
  },
})
