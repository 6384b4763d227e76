/** Approval entry, complimentary memberships and invite attribution: the pure rules in core. */
import {
  applicationBrief,
  assertMayBuyEntry,
  buildQuestions,
  checkAnswers,
  decideApply,
  decideComp,
  decideReview,
  effectiveStatus,
  type ApplicationRecord,
} from '@core/entry'
import { attributionOf, type InviteRecord } from '@core/invites'
import type { CircleRecord, MembershipRecord } from '@core/records'
import { getUnlimited, h5LinkFor } from '../../localcloud/openapi/wxacode'

const T0 = new Date('2026-11-23T04:00:00.000Z') // 12:00 in Shanghai
const HOUR = 3_600_000
const DAY = 24 * HOUR
const at = (ms: number) => new Date(T0.getTime() + ms)

const QUESTIONS = buildQuestions([
  { kind: 'text', title: '你现在做什么工作？', options: [], required: true },
  { kind: 'single', title: '工作年限', options: ['1 年以内', '1–3 年'], required: true },
  { kind: 'multiple', title: '想提升', options: ['需求', '原型', '数据'], required: false },
])

function circle(extra: Partial<CircleRecord> = {}): CircleRecord {
  return {
    _id: 'c1',
    name: '产品经理成长营',
    intro: '',
    coverUrl: '',
    avatarUrl: '',
    type: 'product',
    audience: '',
    coreValue: '',
    rules: '',
    welcome: '',
    announcement: '',
    tags: [],
    allowPreview: true,
    entryMode: 'approval',
    status: 'active',
    ownerId: 'o_owner',
    owner: { nickname: '林知远', avatarUrl: '' },
    memberCount: 1,
    pinnedPostIds: [],
    previewPostIds: [],
    settings: { entry: { questions: QUESTIONS, payWindowHours: 72, trialDays: 0 } },
    createdAt: T0,
    updatedAt: T0,
    closedAt: null,
    ...extra,
  }
}
const PAID = { pricing: { entry: { priceFen: 19_900, term: { kind: 'rolling' as const, days: 365 } }, pass: null } }

const ANSWERS = [
  { questionId: 'q1', text: '产品助理' },
  { questionId: 'q2', choices: ['1–3 年'] },
]

function apply(args: Partial<Parameters<typeof decideApply>[0]> = {}): ApplicationRecord {
  return decideApply({
    circle: circle(),
    existing: null,
    membership: null,
    blacklisted: false,
    applicant: { openid: 'o_alice', nickname: '王一鸣', avatarUrl: '' },
    answers: ANSWERS,
    note: '想学',
    attribution: { inviterId: null, channel: null },
    now: T0,
    ...args,
  })
}

function membership(extra: Partial<MembershipRecord> = {}): MembershipRecord {
  return {
    _id: 'c1:o_alice',
    circleId: 'c1',
    openid: 'o_alice',
    role: 'member',
    status: 'active',
    user: { nickname: '王一鸣', avatarUrl: '' },
    joinedAt: T0,
    expiresAt: at(30 * DAY),
    updatedAt: T0,
    ...extra,
  }
}

const codeOf = (fn: () => unknown) => {
  try {
    fn()
  } catch (e) {
    return (e as { code: string }).code
  }
  return 'ok'
}

describe('the questionnaire', () => {
  it('numbers questions by position and drops options from text questions only when none were given', () => {
    expect(QUESTIONS.map((q) => q.id)).toEqual(['q1', 'q2', 'q3'])
    expect(codeOf(() => buildQuestions([{ kind: 'text', title: 'x', options: ['a'], required: true }]))).toBe(
      'invalid_argument',
    )
    expect(codeOf(() => buildQuestions([{ kind: 'multiple', title: 'x', options: ['a', 'a'], required: true }]))).toBe(
      'invalid_argument',
    )
    expect(
      codeOf(() =>
        buildQuestions(
          Array.from({ length: 11 }, () => ({ kind: 'text' as const, title: 'x', options: [], required: false })),
        ),
      ),
    ).toBe('invalid_argument')
  })

  it('checks answers: required ones present, choices offered, one choice for single', () => {
    expect(checkAnswers(QUESTIONS, ANSWERS).map((a) => [a.questionId, a.text, a.choices])).toEqual([
      ['q1', '产品助理', []],
      ['q2', '', ['1–3 年']],
      ['q3', '', []],
    ])
    expect(codeOf(() => checkAnswers(QUESTIONS, [ANSWERS[1]]))).toBe('answer_required')
    expect(codeOf(() => checkAnswers(QUESTIONS, [{ questionId: 'q1', text: '   ' }, ANSWERS[1]]))).toBe(
      'answer_required',
    )
    expect(codeOf(() => checkAnswers(QUESTIONS, [ANSWERS[0], { questionId: 'q2', choices: ['10 年'] }]))).toBe(
      'invalid_argument',
    )
    expect(
      codeOf(() => checkAnswers(QUESTIONS, [ANSWERS[0], { questionId: 'q2', choices: ['1 年以内', '1–3 年'] }])),
    ).toBe('invalid_argument')
    expect(codeOf(() => checkAnswers(QUESTIONS, [...ANSWERS, { questionId: 'q9', text: 'x' }]))).toBe(
      'invalid_argument',
    )
    expect(codeOf(() => checkAnswers(QUESTIONS, [...ANSWERS, { questionId: 'q1', text: 'again' }]))).toBe(
      'invalid_argument',
    )
  })
})

describe('the application state machine', () => {
  it('lapses a pending application 7 days after it was made, to the second', () => {
    const app = apply()
    expect(effectiveStatus(app, at(7 * DAY - 1000))).toBe('pending')
    expect(effectiveStatus(app, at(7 * DAY))).toBe('expired')
    expect(applicationBrief(app, at(7 * DAY))).toMatchObject({ status: 'expired', paymentLapsed: false })
  })

  it('refuses while pending, allows a new round after rejection or lapse, keeping the history', () => {
    const first = apply()
    expect(codeOf(() => apply({ existing: first, now: at(HOUR) }))).toBe('application_pending')
    const rejected = decideReview({
      circle: circle(),
      application: first,
      round: 1,
      decision: 'reject',
      reason: '再想想',
      reviewer: 'o_owner',
      membership: null,
      blacklisted: false,
      now: at(HOUR),
    }).application
    const second = apply({ existing: rejected, now: at(2 * HOUR) })
    expect(second).toMatchObject({ round: 2, status: 'pending', rejectReason: null })
    expect(second.history).toEqual([expect.objectContaining({ round: 1, status: 'rejected', rejectReason: '再想想' })])
    const third = apply({ existing: second, now: at(2 * HOUR + 7 * DAY) })
    expect(third.history.map((h) => [h.round, h.status])).toEqual([
      [2, 'expired'],
      [1, 'rejected'],
    ])
  })

  it('refuses free and paid circles, closed circles, current members and the blacklisted', () => {
    expect(codeOf(() => apply({ circle: circle({ entryMode: 'free' }) }))).toBe('not_approval_circle')
    expect(codeOf(() => apply({ circle: circle({ status: 'closed' }) }))).toBe('circle_closed')
    expect(codeOf(() => apply({ membership: membership() }))).toBe('already_member')
    expect(codeOf(() => apply({ blacklisted: true }))).toBe('blacklisted')
    // a lapsed member may apply again
    expect(codeOf(() => apply({ membership: membership({ expiresAt: at(-1) }) }))).toBe('ok')
  })

  it('approval of a free approval circle admits with the invite as the source; of a paid one sets the pay window', () => {
    const app = apply({ attribution: { inviterId: 'o_bob', channel: '公众号' } })
    const free = decideReview({
      circle: circle(),
      application: app,
      round: 1,
      decision: 'approve',
      reason: '',
      reviewer: 'o_owner',
      membership: null,
      blacklisted: false,
      now: at(HOUR),
    })
    expect(free.membership).toMatchObject({
      _id: 'c1:o_alice',
      role: 'member',
      expiresAt: null,
      source: { kind: 'approval', inviterId: 'o_bob', channel: '公众号' },
    })
    const paid = decideReview({
      circle: circle(PAID),
      application: app,
      round: 1,
      decision: 'approve',
      reason: '',
      reviewer: 'o_owner',
      membership: null,
      blacklisted: false,
      now: at(HOUR),
    })
    expect(paid.membership).toBeNull()
    expect(paid.application.payBy).toEqual(at(HOUR + 72 * HOUR))
    expect(effectiveStatus(paid.application, at(HOUR + 72 * HOUR - 1))).toBe('approved')
    expect(applicationBrief(paid.application, at(HOUR + 72 * HOUR))).toMatchObject({
      status: 'expired',
      paymentLapsed: true,
    })
  })

  it('refuses a stale round, a decided application and a lapsed one', () => {
    const app = apply()
    const review = (a: ApplicationRecord | null, round: number, now = at(HOUR)) =>
      codeOf(() =>
        decideReview({
          circle: circle(),
          application: a,
          round,
          decision: 'approve',
          reason: '',
          reviewer: 'o_owner',
          membership: null,
          blacklisted: false,
          now,
        }),
      )
    expect(review(null, 1)).toBe('not_found')
    expect(review(app, 2)).toBe('application_not_pending')
    expect(review(app, 1, at(7 * DAY))).toBe('application_not_pending')
    expect(review({ ...app, status: 'rejected' }, 1)).toBe('application_not_pending')
  })
})

describe('assertMayBuyEntry (approval + paid)', () => {
  const c = circle(PAID)
  const approved = { ...apply(), status: 'approved' as const, payBy: at(72 * HOUR) }
  it.each([
    ['no application', null, T0, null, 'application_required'],
    ['pending', apply(), T0, null, 'application_pending'],
    ['rejected', { ...apply(), status: 'rejected' as const }, T0, null, 'application_rejected'],
    ['approved, in the window', approved, at(72 * HOUR - 1000), null, 'ok'],
    ['approved, window passed', approved, at(72 * HOUR), null, 'payment_window_passed'],
    ['lapsed unreviewed', apply(), at(7 * DAY), null, 'application_required'],
    ['a lapsed member renewing', null, T0, { status: 'expired' as const }, 'ok'],
    ['a member who left', null, T0, { status: 'left' as const }, 'application_required'],
  ])('%s → %s', (_name, app, now, m, code) => {
    expect(codeOf(() => assertMayBuyEntry(c, app, now, m))).toBe(code)
  })
  it('asks nothing of paid circles', () => {
    expect(codeOf(() => assertMayBuyEntry(circle({ entryMode: 'paid' }), null, T0))).toBe('ok')
  })
})

describe('complimentary memberships', () => {
  const user = { openid: 'o_alice', nickname: '王一鸣', avatarUrl: '' }
  const comp = (target: MembershipRecord | null, days: number, now = T0) =>
    decideComp({ circle: circle(PAID), target, user, days, blacklisted: false, now })

  it('extends a current member from their expiry, keeping role and source', () => {
    const m = membership({ role: 'admin', source: { kind: 'paid', inviterId: null, channel: null } })
    expect(comp(m, 10)).toMatchObject({ role: 'admin', expiresAt: at(40 * DAY), source: { kind: 'paid' } })
  })

  it('starts a lapsed member or a newcomer from now, as a member with source comp', () => {
    expect(comp(membership({ role: 'admin', expiresAt: at(-DAY) }), 10)).toMatchObject({
      role: 'member',
      expiresAt: at(10 * DAY),
      joinedAt: T0,
      source: { kind: 'comp' },
    })
    expect(comp(null, 1)).toMatchObject({ _id: 'c1:o_alice', expiresAt: at(DAY), status: 'active' })
    // one second before expiry still counts as current: the day is added to the end
    expect(comp(membership({ expiresAt: at(1000) }), 1).expiresAt).toEqual(at(1000 + DAY))
  })

  it('refuses a member without an end, the blacklisted, zero days and closed circles', () => {
    expect(codeOf(() => comp(membership({ expiresAt: null }), 5))).toBe('comp_not_needed')
    expect(codeOf(() => comp(null, 0))).toBe('invalid_argument')
    expect(
      codeOf(() => decideComp({ circle: circle(), target: null, user, days: 5, blacklisted: true, now: T0 })),
    ).toBe('blacklisted')
    expect(
      codeOf(() =>
        decideComp({ circle: circle({ status: 'closed' }), target: null, user, days: 5, blacklisted: false, now: T0 }),
      ),
    ).toBe('circle_closed')
  })
})

describe('invite attribution', () => {
  const invite: InviteRecord = {
    _id: 'AbCdEfGhIj',
    circleId: 'c1',
    inviterId: 'o_bob',
    inviter: { nickname: '赵悦', avatarUrl: '' },
    channel: '公众号',
    createdAt: T0,
  }
  it('names the inviter and channel, never oneself, and nothing for another circle or no invite', () => {
    expect(attributionOf(invite, 'c1', 'o_alice')).toEqual({ inviterId: 'o_bob', channel: '公众号' })
    expect(attributionOf(invite, 'c1', 'o_bob')).toEqual({ inviterId: null, channel: '公众号' })
    expect(attributionOf(invite, 'c2', 'o_alice')).toEqual({ inviterId: null, channel: null })
    expect(attributionOf(null, 'c1', 'o_alice')).toEqual({ inviterId: null, channel: null })
  })
})

describe('the local wxacode.getUnlimited', () => {
  const ctx = { appid: 'wx', openid: null, now: T0 }
  it('answers a PNG QR code of the H5 page with the scene', async () => {
    expect(h5LinkFor('packageJoin/pages/open/index', 'AbCdEfGhIj')).toMatch(
      /\/#\/packageJoin\/pages\/open\/index\?scene=AbCdEfGhIj$/,
    )
    const res = (await getUnlimited({ scene: 'AbCdEfGhIj', page: 'packageJoin/pages/open/index' }, ctx as never)) as {
      buffer: Buffer
      contentType: string
    }
    expect(res.contentType).toBe('image/png')
    expect(res.buffer.subarray(1, 4).toString('ascii')).toBe('PNG')
  })
  it("keeps WeChat's rules: scene ≤ 32 characters of its set, no leading slash", async () => {
    expect(await getUnlimited({ scene: 'x'.repeat(33) }, ctx as never)).toMatchObject({ errcode: 40169 })
    expect(await getUnlimited({ scene: '中文' }, ctx as never)).toMatchObject({ errcode: 40169 })
    expect(await getUnlimited({ scene: 'ok', page: '/pages/discover/index' }, ctx as never)).toMatchObject({
      errcode: 41030,
    })
  })
})
