/** member: approval entry, complimentary memberships and invitations (the entry feature). */
import { PERSONAS, matrixFor } from './_kit'

let seq = 0

export default matrixFor('member', {
  questionnaire: { need: 'public', input: (k) => ({ circleId: k.approvalCircleId }) },
  saveQuestionnaire: {
    need: 'circle.settings',
    input: (k) => ({
      circleId: k.approvalCircleId,
      questions: [{ kind: 'text', title: '你想在圈子里学到什么？', options: [], required: true }],
    }),
  },
  // strangers apply (the applicant's is pending, members are members); the blacklisted never
  apply: {
    need: 'signedIn',
    input: (k) => ({ circleId: k.approvalCircleId, answers: [], note: '申请加入' }),
    expect: { blacklisted: 'blacklisted' },
  },
  myApplication: { need: 'signedIn', input: (k) => ({ circleId: k.approvalCircleId }) },
  // only the applicant has a pending round to take back; everyone else has no application there
  withdrawApplication: {
    need: 'signedIn',
    input: (k) => ({ circleId: k.approvalCircleId, round: 1 }),
    expect: Object.fromEntries(
      PERSONAS.filter((p) => p !== 'anonymous' && p !== 'applicant').map((p) => [p, 'not_found']),
    ),
  },
  applications: { need: 'member.approve', input: (k) => ({ circleId: k.approvalCircleId }) },
  review: {
    need: 'member.approve',
    input: (k) => ({
      circleId: k.approvalCircleId,
      openid: 'm_applicant',
      round: 1,
      decision: 'reject',
      reason: '资料不完整',
    }),
  },
  grant: {
    need: 'member.grant',
    input: async (k) => ({
      circleId: k.paidCircleId,
      openid: await k.freshMember('member', k.paidCircleId),
      grantDays: 30,
      requestId: `matrix-grant-${++seq}`,
    }),
  },
  grantCandidates: { need: 'member.grant', input: (k) => ({ circleId: k.paidCircleId }) },
  createInvite: { need: 'member.invite', input: (k) => ({ circleId: k.circleId, channel: '公众号' }) },
  // what a code stands for: anyone (an unknown code is invite_invalid for everyone)
  invite: { need: 'public', input: () => ({ code: 'NOSUCHCODE' }) },
  inviteQr: { need: 'signedIn', input: () => ({ code: 'NOSUCHCODE' }) },
})
