import { applyPoints } from '../../cloudfunctions/runtime/points'
/**
 * The member function on the strict local database: approval entry (questionnaire, queue, review,
 * 7-day lapse, approval + paid), complimentary memberships, invitations and referral commission.
 */
import { expireApplications } from '../../cloudfunctions/member/expire'
import { as, invoke, refusal, setClockOffset, snapshot, useMoneyWorld } from './world'

const w = useMoneyWorld()

const owner = as('o_owner')
const alice = as('o_alice')
const bob = as('o_bob')
const carol = as('o_carol')
const anonymous = as(null)
const HOUR = 3600_000
const DAY = 24 * HOUR

const QUESTIONS = [
  { kind: 'text' as const, title: '你现在做什么工作？', required: true },
  { kind: 'single' as const, title: '工作年限', options: ['1 年以内', '1–3 年', '3 年以上'], required: true },
  { kind: 'multiple' as const, title: '最想提升的能力', options: ['需求分析', '原型', '数据'], required: false },
]
const GOOD_ANSWERS = [
  { questionId: 'q1', text: '在一家电商公司做产品助理' },
  { questionId: 'q2', choices: ['1–3 年'] },
  { questionId: 'q3', choices: ['需求分析', '数据'] },
]

async function approvalCircle(opts: { questions?: boolean } = {}) {
  const c = await owner('circle', 'create', { name: '产品经理成长营', type: 'product', entryMode: 'approval' })
  if (opts.questions !== false) await owner('member', 'saveQuestionnaire', { circleId: c.id, questions: QUESTIONS })
  return c.id
}

async function applyAs(who: ReturnType<typeof as>, circleId: string, extra: Record<string, unknown> = {}) {
  return who('member', 'apply', { circleId, answers: GOOD_ANSWERS, note: '想系统学习产品方法', ...extra })
}

/** Applies and gets approved: a member of a free approval circle. */
async function admit(circleId: string, who: ReturnType<typeof as>) {
  const app = await applyAs(who, circleId)
  return owner('member', 'review', { circleId, openid: app.applicant.openid, round: app.round, decision: 'approve' })
}

const timer = (name: string) =>
  invoke(null, 'member', { Type: 'Timer', TriggerName: name, Time: new Date().toISOString() })

describe('the questionnaire', () => {
  it('is saved by the owner with ids by position and read by anyone, even without a session', async () => {
    const circleId = await approvalCircle()
    const q = await anonymous('member', 'questionnaire', { circleId })
    expect(q).toMatchObject({ entryMode: 'approval', noteMaxChars: 30, paidAfterApproval: false, payWindowHours: 72 })
    expect(q.questions.map((x) => [x.id, x.kind, x.required])).toEqual([
      ['q1', 'text', true],
      ['q2', 'single', true],
      ['q3', 'multiple', false],
    ])
  })

  it('changes only the entry part of the circle settings', async () => {
    const circleId = await approvalCircle()
    await owner('moderate', 'setSettings', { circleId, muteAll: true, quietHours: null, newMemberMuteDays: 3 })
    await owner('member', 'saveQuestionnaire', { circleId, questions: QUESTIONS.slice(0, 1), payWindowHours: 48 })
    const [circle] = await w.cloud.db.find('circles', { _id: circleId })
    expect((circle as any).settings.entry).toMatchObject({
      payWindowHours: 48,
      questions: [expect.objectContaining({ id: 'q1' })],
    })
    expect((circle as any).settings.entry.questions).toHaveLength(1)
    // another feature's settings survive the save
    expect((circle as any).settings.moderation).toMatchObject({ muteAll: true, newMemberMuteDays: 3 })
  })

  it('refuses a member, a stranger, 11 questions and a choice question with one option, writing nothing', async () => {
    const circleId = await approvalCircle()
    await admit(circleId, alice)
    const before = await snapshot(w.cloud)
    expect(await refusal(alice('member', 'saveQuestionnaire', { circleId, questions: [] }))).toMatchObject({
      code: 'forbidden',
    })
    expect(await refusal(bob('member', 'saveQuestionnaire', { circleId, questions: [] }))).toMatchObject({
      code: 'not_member',
    })
    const eleven = Array.from({ length: 11 }, (_, i) => ({ kind: 'text' as const, title: `问题 ${i + 1}` }))
    expect(await refusal(owner('member', 'saveQuestionnaire', { circleId, questions: eleven }))).toMatchObject({
      code: 'invalid_argument',
      param: 'questions',
    })
    expect(
      await refusal(
        owner('member', 'saveQuestionnaire', {
          circleId,
          questions: [{ kind: 'single', title: '选一个', options: ['只有一个'] }],
        }),
      ),
    ).toMatchObject({
      code: 'invalid_argument',
      param: 'questions.0.options',
    })
    expect(await snapshot(w.cloud)).toEqual(before)
  })
})

describe('applying', () => {
  it('stores the answers with the questions, notifies the owner, and shows 审核中 on the circle page', async () => {
    const circleId = await approvalCircle()
    const app = await applyAs(alice, circleId)
    expect(app).toMatchObject({
      status: 'pending',
      round: 1,
      note: '想系统学习产品方法',
      applicant: { openid: 'o_alice' },
    })
    expect(app.answers.map((a) => [a.title, a.text, a.choices])).toEqual([
      ['你现在做什么工作？', '在一家电商公司做产品助理', []],
      ['工作年限', '', ['1–3 年']],
      ['最想提升的能力', '', ['需求分析', '数据']],
    ])
    const page = await alice('circle', 'get', { circleId })
    expect(page.me).toBeNull()
    expect(page.application).toMatchObject({ status: 'pending', rejectReason: null, payBy: null })
    const notes = await w.cloud.db.find('notifications', { openid: 'o_owner' })
    expect(notes).toEqual([expect.objectContaining({ kind: 'application_submitted', circleId })])
    expect(await refusal(applyAs(alice, circleId))).toMatchObject({ code: 'application_pending' })
  })

  it('tells everyone who may approve (owner, partners, admins), and no plain member', async () => {
    const circleId = await approvalCircle()
    await admit(circleId, bob)
    await admit(circleId, carol)
    await owner('circle', 'setRole', { circleId, openid: 'o_bob', role: 'admin' })
    await applyAs(alice, circleId)
    // alice's application: its notices' ids carry her application id
    const told = (await w.cloud.db.find('notifications', { kind: 'application_submitted' }))
      .filter((n: any) => n._id.includes(':o_alice:'))
      .map((n: any) => n.openid)
    expect(told.sort()).toEqual(['o_bob', 'o_owner'])
  })

  it('refuses a missing required answer, a choice that is not offered, two choices on a single question and a 31-character note, writing nothing', async () => {
    const circleId = await approvalCircle()
    const before = await snapshot(w.cloud)
    expect(await refusal(applyAs(alice, circleId, { answers: GOOD_ANSWERS.slice(1) }))).toMatchObject({
      code: 'answer_required',
      param: 'answers',
    })
    expect(
      await refusal(applyAs(alice, circleId, { answers: [GOOD_ANSWERS[0], { questionId: 'q2', choices: ['10 年'] }] })),
    ).toMatchObject({ code: 'invalid_argument' })
    expect(
      await refusal(
        applyAs(alice, circleId, { answers: [GOOD_ANSWERS[0], { questionId: 'q2', choices: ['1 年以内', '1–3 年'] }] }),
      ),
    ).toMatchObject({ code: 'invalid_argument' })
    expect(await refusal(applyAs(alice, circleId, { note: '字'.repeat(31) }))).toMatchObject({
      code: 'invalid_argument',
      param: 'note',
    })
    expect(await snapshot(w.cloud)).toEqual(before)
  })

  it('is only for approval circles, not for members, and never for the blacklisted', async () => {
    const free = await owner('circle', 'create', { name: '晨读会', type: 'interest', entryMode: 'free' })
    expect(await refusal(applyAs(alice, free.id, { answers: [] }))).toMatchObject({ code: 'not_approval_circle' })
    const circleId = await approvalCircle()
    expect(await refusal(applyAs(owner, circleId))).toMatchObject({ code: 'already_member' })
    w.cloud.db.insert('blacklist', {
      _id: `${circleId}:o_bob`,
      circleId,
      openid: 'o_bob',
      by: 'o_owner',
      reason: '发广告',
      createdAt: new Date(),
    })
    const before = await snapshot(w.cloud)
    expect(await refusal(applyAs(bob, circleId))).toMatchObject({ code: 'blacklisted' })
    expect(await refusal(anonymous('member', 'apply', { circleId, answers: GOOD_ANSWERS }))).toMatchObject({
      code: 'unauthenticated',
    })
    expect(await snapshot(w.cloud)).toEqual(before)
  })
})

describe('withdrawing an application', () => {
  it('takes a pending application out of the queue, lets the applicant apply again, and leaves a decided one alone', async () => {
    const circleId = await approvalCircle()
    const first = await applyAs(alice, circleId)
    const withdrawn = await alice('member', 'withdrawApplication', { circleId, round: first.round })
    expect(withdrawn).toMatchObject({ status: 'withdrawn', round: 1 })
    expect((await owner('member', 'applications', { circleId })).items).toHaveLength(0)
    // the team can no longer decide it
    expect(
      await refusal(owner('member', 'review', { circleId, openid: 'o_alice', round: 1, decision: 'approve' })),
    ).toMatchObject({ code: 'application_not_pending' })
    const again = await applyAs(alice, circleId)
    expect(again).toMatchObject({ status: 'pending', round: 2 })
    await owner('member', 'review', { circleId, openid: 'o_alice', round: 2, decision: 'reject', reason: '名额已满' })
    const before = await snapshot(w.cloud)
    expect(await refusal(alice('member', 'withdrawApplication', { circleId, round: 2 }))).toMatchObject({
      code: 'application_not_pending',
    })
    // someone with no application has nothing to withdraw
    expect(await refusal(bob('member', 'withdrawApplication', { circleId, round: 1 }))).toMatchObject({
      code: 'not_found',
    })
    expect(await snapshot(w.cloud)).toEqual(before)
  })
})

describe('the review queue', () => {
  it('is open to owner, partner and admin, forbidden to members, closed to strangers', async () => {
    const circleId = await approvalCircle()
    for (const who of [alice, bob, carol]) await admit(circleId, who)
    await owner('circle', 'setRole', { circleId, openid: 'o_alice', role: 'partner' })
    await owner('circle', 'setRole', { circleId, openid: 'o_bob', role: 'admin' })
    await applyAs(as('o_dan'), circleId)
    for (const who of [owner, alice, bob]) {
      const page = await who('member', 'applications', { circleId })
      expect(page.items.map((a) => a.applicant.openid)).toEqual(['o_dan'])
    }
    expect(await refusal(carol('member', 'applications', { circleId }))).toMatchObject({ code: 'forbidden' })
    expect(await refusal(as('o_erin')('member', 'applications', { circleId }))).toMatchObject({ code: 'not_member' })
    expect(
      await refusal(carol('member', 'review', { circleId, openid: 'o_dan', round: 1, decision: 'approve' })),
    ).toMatchObject({ code: 'forbidden' })
    const approved = await bob('member', 'review', { circleId, openid: 'o_dan', round: 1, decision: 'approve' })
    expect(approved).toMatchObject({ status: 'approved', decidedBy: 'o_bob' })
  })

  it('pages the pending queue oldest first by cursor', async () => {
    const circleId = await approvalCircle()
    const ids = Array.from({ length: 23 }, (_, i) => `o_app${String(i).padStart(2, '0')}`)
    for (const [i, openid] of ids.entries()) {
      setClockOffset(i * 1000)
      await applyAs(as(openid), circleId)
    }
    const first = await owner('member', 'applications', { circleId })
    expect(first.items).toHaveLength(20)
    const second = await owner('member', 'applications', { circleId, cursor: first.nextCursor! })
    expect(second.nextCursor).toBeNull()
    expect([...first.items, ...second.items].map((a) => a.applicant.openid)).toEqual(ids)
  }, 30_000)
})

describe('reviewing', () => {
  it('approving admits to a free approval circle with the invite recorded, once, and tells the applicant', async () => {
    const circleId = await approvalCircle()
    await admit(circleId, bob)
    const invite = await bob('member', 'createInvite', { circleId, channel: '公众号' })
    const app = await applyAs(alice, circleId, { inviteCode: invite.code })
    expect(app).toMatchObject({ channel: '公众号', inviter: { openid: 'o_bob' } })
    await owner('member', 'review', { circleId, openid: 'o_alice', round: 1, decision: 'approve' })
    const [m] = await w.cloud.db.find('memberships', { _id: `${circleId}:o_alice` })
    expect(m).toMatchObject({
      status: 'active',
      role: 'member',
      expiresAt: null,
      source: { kind: 'approval', inviterId: 'o_bob', channel: '公众号' },
    })
    const page = await alice('circle', 'get', { circleId })
    expect(page.me).toMatchObject({ role: 'member' })
    expect(page.stats.memberCount).toBe(3)
    expect(
      await refusal(owner('member', 'review', { circleId, openid: 'o_alice', round: 1, decision: 'approve' })),
    ).toMatchObject({ code: 'application_not_pending' })
    expect((await w.cloud.db.find('circles', { _id: circleId }))[0]).toMatchObject({ memberCount: 3 })
    const notes = await w.cloud.db.find('notifications', { openid: 'o_alice' })
    expect(notes).toEqual([expect.objectContaining({ kind: 'application_approved', title: '入圈申请已通过' })])
  })

  it('a rejection needs a reason, shows it, and allows a new round that keeps the old one in the history', async () => {
    const circleId = await approvalCircle()
    await applyAs(alice, circleId)
    const before = await snapshot(w.cloud)
    expect(
      await refusal(owner('member', 'review', { circleId, openid: 'o_alice', round: 1, decision: 'reject' })),
    ).toMatchObject({ code: 'invalid_argument', param: 'reason' })
    expect(await snapshot(w.cloud)).toEqual(before)
    await owner('member', 'review', {
      circleId,
      openid: 'o_alice',
      round: 1,
      decision: 'reject',
      reason: '请补充你的工作经历',
    })
    expect((await alice('circle', 'get', { circleId })).application).toMatchObject({
      status: 'rejected',
      rejectReason: '请补充你的工作经历',
    })
    expect(await w.cloud.db.find('notifications', { openid: 'o_alice' })).toEqual([
      expect.objectContaining({ kind: 'application_rejected', body: expect.stringContaining('请补充你的工作经历') }),
    ])
    const again = await applyAs(alice, circleId, { note: '补充：做过两年运营' })
    expect(again).toMatchObject({ round: 2, status: 'pending', rejectReason: null })
    // approving the stale round 1 is refused; round 2 is the one on screen
    expect(
      await refusal(owner('member', 'review', { circleId, openid: 'o_alice', round: 1, decision: 'approve' })),
    ).toMatchObject({ code: 'application_not_pending' })
    const [stored] = await w.cloud.db.find('applications', { _id: `${circleId}:o_alice` })
    expect((stored as any).history).toEqual([
      expect.objectContaining({ round: 1, status: 'rejected', rejectReason: '请补充你的工作经历' }),
    ])
  })
})

describe('the 7-day lapse', () => {
  it('is computed at read time to the second, then tidied by the paged timer, and allows a new application', async () => {
    const circleId = await approvalCircle()
    await applyAs(alice, circleId)
    setClockOffset(7 * DAY - 1000)
    expect((await alice('member', 'myApplication', { circleId }))!.status).toBe('pending')
    expect((await owner('member', 'applications', { circleId })).items).toHaveLength(1)
    setClockOffset(7 * DAY)
    expect((await alice('member', 'myApplication', { circleId }))!.status).toBe('expired')
    expect((await alice('circle', 'get', { circleId })).application).toMatchObject({
      status: 'expired',
      paymentLapsed: false,
    })
    expect((await owner('member', 'applications', { circleId })).items).toEqual([])
    expect(
      await refusal(owner('member', 'review', { circleId, openid: 'o_alice', round: 1, decision: 'approve' })),
    ).toMatchObject({ code: 'application_not_pending' })
    // the timer was never needed for the above; it only tidies the stored status
    expect((await w.cloud.db.find('applications'))[0]).toMatchObject({ status: 'pending' })
    expect(await timer('expireApplications')).toMatchObject({ ok: true, data: { expired: 1 } })
    expect((await w.cloud.db.find('applications'))[0]).toMatchObject({ status: 'expired' })
    expect(await timer('expireApplications')).toMatchObject({ ok: true, data: { expired: 0 } })
    await expect(applyAs(alice, circleId)).resolves.toMatchObject({ round: 2, status: 'pending' })
  })

  it('pages through more lapsed applications than one read, resuming from its cursor', async () => {
    const circleId = await approvalCircle()
    const docs = Array.from({ length: 250 }, (_, i) => ({
      _id: `${circleId}:o_x${i}`,
      circleId,
      openid: `o_x${i}`,
      user: { nickname: `x${i}`, avatarUrl: '' },
      round: 1,
      status: 'pending',
      answers: [],
      note: '',
      createdAt: new Date(Date.now() - 8 * DAY + i),
      expiresAt: new Date(Date.now() - DAY + i),
      decidedAt: null,
      decidedBy: null,
      rejectReason: null,
      payBy: null,
      inviterId: null,
      channel: null,
      history: [],
      updatedAt: new Date(),
    }))
    w.cloud.db.insertMany('applications', docs)
    // a run reads pages (≤ 1000 each; 100 here) up to a bound, then stops and resumes from its cursor
    const ctx = { now: new Date(), openid: '', caller: null, requestId: 't' }
    const first = await expireApplications(ctx, { pages: 2, pageSize: 100 })
    expect(first).toEqual({ expired: 200, pages: 2, done: false })
    expect((await w.cloud.db.find('jobs', { _id: 'expireApplications' }))[0]).toMatchObject({
      cursor: { i: `${circleId}:o_x199` },
    })
    expect(w.cloud.db.count('applications', { status: 'pending' })).toBe(50)
    const second = await expireApplications(ctx, { pages: 2, pageSize: 100 })
    expect(second).toEqual({ expired: 50, pages: 1, done: true })
    expect(w.cloud.db.count('applications', { status: 'pending' })).toBe(0)
    expect((await w.cloud.db.find('jobs', { _id: 'expireApplications' }))[0]).toMatchObject({ cursor: null })
  }, 30_000)

  it('refuses a timer event that carries a user', async () => {
    expect(await invoke('o_alice', 'member', { Type: 'Timer', TriggerName: 'expireApplications' })).toMatchObject({
      ok: false,
      error: { code: 'unknown_action' },
    })
  })
})

describe('approval + paid', () => {
  async function paidApprovalCircle() {
    const circleId = await approvalCircle()
    await owner('shop', 'setPricing', {
      circleId,
      entry: { priceFen: 19_900, markedPriceFen: null, term: { kind: 'rolling', days: 365 } },
    })
    return circleId
  }
  const order = (who: ReturnType<typeof as>, circleId: string) =>
    who('shop', 'order', { circleId, product: { kind: 'entry' }, platform: 'h5' })

  it('makes the approved applicant pay within the window, then admits on payment', async () => {
    const circleId = await paidApprovalCircle()
    expect((await alice('member', 'questionnaire', { circleId })).paidAfterApproval).toBe(true)
    expect(await refusal(order(alice, circleId))).toMatchObject({ code: 'application_required' })
    await applyAs(alice, circleId)
    expect(await refusal(order(alice, circleId))).toMatchObject({ code: 'application_pending' })
    const approved = await owner('member', 'review', { circleId, openid: 'o_alice', round: 1, decision: 'approve' })
    expect(new Date(approved.payBy!).getTime() - new Date(approved.decidedAt!).getTime()).toBe(72 * HOUR)
    // approval alone admits nobody here
    expect((await alice('circle', 'get', { circleId })).me).toBeNull()
    expect((await alice('circle', 'get', { circleId })).application).toMatchObject({
      status: 'approved',
      payBy: approved.payBy,
    })
    expect((await alice('shop', 'catalog', { circleId })).entry).toMatchObject({ priceFen: 19_900 })
    expect(await refusal(applyAs(alice, circleId))).toMatchObject({ code: 'application_approved' })
    setClockOffset(72 * HOUR - 1000)
    const start = await order(alice, circleId)
    await w.pay(start.order.id)
    const page = await alice('circle', 'get', { circleId })
    expect(page.me).toMatchObject({ role: 'member', expiresAt: expect.any(String) })
    await expect(alice('post', 'list', { circleId })).resolves.toMatchObject({ viewerRole: 'member' })
  })

  it('refuses payment once the window passed (and a rejected applicant), writing nothing; a new application is possible', async () => {
    const circleId = await paidApprovalCircle()
    await applyAs(alice, circleId)
    await applyAs(bob, circleId)
    await owner('member', 'review', { circleId, openid: 'o_alice', round: 1, decision: 'approve' })
    await owner('member', 'review', { circleId, openid: 'o_bob', round: 1, decision: 'reject', reason: '名额已满' })
    setClockOffset(72 * HOUR)
    const before = await snapshot(w.cloud)
    expect(await refusal(order(alice, circleId))).toMatchObject({ code: 'payment_window_passed' })
    expect(await refusal(order(bob, circleId))).toMatchObject({ code: 'application_rejected' })
    expect(await snapshot(w.cloud)).toEqual(before)
    expect((await alice('circle', 'get', { circleId })).application).toMatchObject({
      status: 'expired',
      paymentLapsed: true,
    })
    await expect(applyAs(alice, circleId)).resolves.toMatchObject({ round: 2, status: 'pending' })
  })

  it('lets a lapsed member renew without a new approval', async () => {
    const circleId = await paidApprovalCircle()
    await applyAs(alice, circleId)
    await owner('member', 'review', { circleId, openid: 'o_alice', round: 1, decision: 'approve' })
    await w.pay((await order(alice, circleId)).order.id)
    setClockOffset(400 * DAY)
    await expect(order(alice, circleId)).resolves.toMatchObject({ order: { status: 'pending' } })
  })
})

describe('complimentary memberships (赠送会员)', () => {
  async function paidCircle() {
    const c = await owner('circle', 'create', { name: '人像摄影进阶', type: 'knowledge', entryMode: 'paid' })
    await owner('shop', 'setPricing', {
      circleId: c.id,
      entry: { priceFen: 9900, markedPriceFen: null, term: { kind: 'rolling', days: 365 } },
    })
    return c.id
  }
  const rid = (n: number) => `req-${String(n).padStart(6, '0')}`

  it('extends from the later of now and the current expiry, once per request id', async () => {
    const circleId = await paidCircle()
    await w.pay((await alice('shop', 'order', { circleId, product: { kind: 'entry' }, platform: 'h5' })).order.id)
    const [paid] = await w.cloud.db.find('memberships', { _id: `${circleId}:o_alice` })
    const paidUntil = new Date((paid as any).expiresAt).getTime()
    const first = await owner('member', 'grant', { circleId, openid: 'o_alice', grantDays: 30, requestId: rid(1) })
    expect(new Date(first.expiresAt).getTime()).toBe(paidUntil + 30 * DAY)
    // a retry of the same request changes nothing; the same id with other data is a conflict
    await owner('member', 'grant', { circleId, openid: 'o_alice', grantDays: 30, requestId: rid(1) })
    const before = await snapshot(w.cloud)
    expect(
      await refusal(owner('member', 'grant', { circleId, openid: 'o_alice', grantDays: 31, requestId: rid(1) })),
    ).toMatchObject({ code: 'id_conflict' })
    expect(await snapshot(w.cloud)).toEqual(before)
    const [m] = await w.cloud.db.find('memberships', { _id: `${circleId}:o_alice` })
    expect(new Date((m as any).expiresAt).getTime()).toBe(paidUntil + 30 * DAY)
    // the paid source stays: how they came in
    expect((m as any).source).toMatchObject({ kind: expect.not.stringMatching('comp') })
  })

  it('starts from now for a lapsed member, with source comp, and counts them again', async () => {
    const circleId = await paidCircle()
    await w.pay((await alice('shop', 'order', { circleId, product: { kind: 'entry' }, platform: 'h5' })).order.id)
    await alice('circle', 'leave', { circleId })
    setClockOffset(10 * DAY)
    const nowMs = Date.now() + 10 * DAY
    const r = await owner('member', 'grant', { circleId, openid: 'o_alice', grantDays: 7, requestId: rid(2) })
    expect(Math.abs(new Date(r.expiresAt).getTime() - (nowMs + 7 * DAY))).toBeLessThan(5000)
    const [m] = await w.cloud.db.find('memberships', { _id: `${circleId}:o_alice` })
    expect(m).toMatchObject({
      status: 'active',
      role: 'member',
      source: { kind: 'comp', inviterId: null, channel: null },
    })
    expect((await alice('circle', 'get', { circleId })).me).toMatchObject({ role: 'member' })
    expect(await w.cloud.db.find('notifications', { openid: 'o_alice' })).toEqual([
      expect.objectContaining({ title: '你获得了赠送会员' }),
    ])
  })

  it('is for owner and partner only, for people the circle knows, never oneself or the blacklisted', async () => {
    const circleId = await approvalCircle()
    await admit(circleId, alice)
    await admit(circleId, bob)
    await owner('circle', 'setRole', { circleId, openid: 'o_bob', role: 'admin' })
    await applyAs(carol, circleId)
    const before = await snapshot(w.cloud)
    expect(
      await refusal(bob('member', 'grant', { circleId, openid: 'o_carol', grantDays: 7, requestId: rid(3) })),
    ).toMatchObject({ code: 'forbidden' })
    expect(
      await refusal(alice('member', 'grant', { circleId, openid: 'o_carol', grantDays: 7, requestId: rid(3) })),
    ).toMatchObject({ code: 'forbidden' })
    expect(
      await refusal(owner('member', 'grant', { circleId, openid: 'o_nobody', grantDays: 7, requestId: rid(3) })),
    ).toMatchObject({ code: 'not_found', param: 'openid' })
    expect(
      await refusal(owner('member', 'grant', { circleId, openid: 'o_owner', grantDays: 7, requestId: rid(3) })),
    ).toMatchObject({ code: 'forbidden' })
    // a member of a free approval circle has no end: nothing to give
    expect(
      await refusal(owner('member', 'grant', { circleId, openid: 'o_alice', grantDays: 7, requestId: rid(3) })),
    ).toMatchObject({ code: 'comp_not_needed' })
    expect(
      await refusal(owner('member', 'grant', { circleId, openid: 'o_carol', grantDays: 0, requestId: rid(3) })),
    ).toMatchObject({ code: 'invalid_argument', param: 'grantDays' })
    expect(await snapshot(w.cloud)).toEqual(before)
    await owner('circle', 'setRole', { circleId, openid: 'o_alice', role: 'partner' })
    // an applicant can be given a membership by a partner
    await expect(
      alice('member', 'grant', { circleId, openid: 'o_carol', grantDays: 7, requestId: rid(4) }),
    ).resolves.toMatchObject({ role: 'member', days: 7 })
    const candidates = await owner('member', 'grantCandidates', { circleId })
    expect(candidates.items.map((c) => c.openid).sort()).toEqual(['o_alice', 'o_bob', 'o_carol', 'o_owner'])
  })
})

describe('invitations', () => {
  it('gives one code per inviter and channel, resolves it for anyone, and records it on a free join', async () => {
    const c = await owner('circle', 'create', { name: '晨读会', type: 'interest', entryMode: 'free' })
    const a = await owner('member', 'createInvite', { circleId: c.id, channel: '朋友圈' })
    const again = await owner('member', 'createInvite', { circleId: c.id, channel: '朋友圈' })
    const other = await owner('member', 'createInvite', { circleId: c.id, channel: '公众号' })
    expect(again.code).toBe(a.code)
    expect(other.code).not.toBe(a.code)
    expect(a.code).toMatch(/^[A-Za-z0-9_-]{10}$/)
    expect(await anonymous('member', 'invite', { code: a.code })).toMatchObject({
      circleId: c.id,
      circleName: '晨读会',
      inviter: { openid: 'o_owner' },
      channel: '朋友圈',
    })
    expect(await refusal(anonymous('member', 'invite', { code: 'nosuchcode' }))).toMatchObject({
      code: 'invite_invalid',
    })
    await alice('circle', 'join', { circleId: c.id, inviteCode: a.code })
    // an unknown code never stops a join
    await bob('circle', 'join', { circleId: c.id, inviteCode: 'Zz-unknown' })
    const [ma] = await w.cloud.db.find('memberships', { _id: `${c.id}:o_alice` })
    const [mb] = await w.cloud.db.find('memberships', { _id: `${c.id}:o_bob` })
    expect((ma as any).source).toEqual({ kind: 'free', inviterId: 'o_owner', channel: '朋友圈' })
    expect((mb as any).source).toEqual({ kind: 'free', inviterId: null, channel: null })
    // the inviter earns invite points (default weight 5), once per person brought in (added by the points timer)
    await applyPoints(new Date(Date.now() + Number(process.env.QZ_CLOCK_OFFSET_MS ?? 0)))
    expect(await w.cloud.db.find('pointTotals', { _id: `${c.id}:o_owner` })).toEqual([
      expect.objectContaining({ total: 5 }),
    ])
    // the team sees the channel per member
    const members = await owner('circle', 'members', { circleId: c.id })
    expect(JSON.stringify(members.items.find((m) => m.openid === 'o_alice'))).toContain('朋友圈')
  })

  it('is created by members only and answers a real PNG QR code through the open API', async () => {
    const c = await owner('circle', 'create', { name: '晨读会', type: 'interest', entryMode: 'free' })
    expect(await refusal(alice('member', 'createInvite', { circleId: c.id, channel: '' }))).toMatchObject({
      code: 'not_member',
    })
    expect(
      await refusal(owner('member', 'createInvite', { circleId: c.id, channel: '这是一个特别特别长的渠道名字' })),
    ).toMatchObject({ code: 'invalid_argument', param: 'channel' })
    const invite = await owner('member', 'createInvite', { circleId: c.id, channel: '' })
    expect(invite.channel).toBeNull()
    const qr = await alice('member', 'inviteQr', { code: invite.code })
    const png = Buffer.from(qr.imageDataUrl.replace(/^data:image\/png;base64,/, ''), 'base64')
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    expect(png.length).toBeGreaterThan(500)
  }, 30_000)
})

describe('referral commission', () => {
  it('credits an invited paid entry to the inviter after the 72 h refund window; self-referral earns nothing', async () => {
    const c = await owner('circle', 'create', { name: '人像摄影进阶', type: 'knowledge', entryMode: 'paid' })
    await owner('shop', 'setPricing', {
      circleId: c.id,
      entry: { priceFen: 10_000, markedPriceFen: null, term: { kind: 'rolling', days: 365 } },
    })
    await owner('wallet', 'setSplitRules', { circleId: c.id, referrerBps: 1000, partners: [] })
    await w.pay((await alice('shop', 'order', { circleId: c.id, product: { kind: 'entry' }, platform: 'h5' })).order.id)
    const invite = await alice('member', 'createInvite', { circleId: c.id, channel: '小红书' })
    const bought = await bob('shop', 'order', {
      circleId: c.id,
      product: { kind: 'entry' },
      platform: 'h5',
      inviteCode: invite.code,
    })
    await w.pay(bought.order.id)
    // alice renews through her own link: no commission for herself
    const own = await alice('shop', 'order', {
      circleId: c.id,
      product: { kind: 'entry' },
      platform: 'h5',
      inviteCode: invite.code,
    })
    await w.pay(own.order.id)
    const orders = await w.cloud.db.find('orders')
    expect(orders.find((o: any) => o._id === bought.order.id)).toMatchObject({ referrer: 'o_alice' })
    expect(orders.find((o: any) => o._id === own.order.id)).toMatchObject({ referrer: null })
    const [mb] = await w.cloud.db.find('memberships', { _id: `${c.id}:o_bob` })
    expect((mb as any).source).toMatchObject({ inviterId: 'o_alice', channel: '小红书' })
    expect(await alice('wallet', 'summary', { account: { kind: 'self' } })).toMatchObject({
      pendingFen: 1000,
      availableFen: 0,
    })
    // nothing moves inside the refund window
    setClockOffset(72 * HOUR - 60_000)
    await invoke(null, 'finance', { Type: 'Timer', TriggerName: 'settle', Time: new Date().toISOString() })
    expect(await alice('wallet', 'summary', { account: { kind: 'self' } })).toMatchObject({ pendingFen: 1000 })
    setClockOffset(72 * HOUR + 60_000)
    await invoke(null, 'finance', { Type: 'Timer', TriggerName: 'settle', Time: new Date().toISOString() })
    // the local channel is WeChat Pay: the matured share leaves the ledger by 分账 to the inviter, once
    const sharings = Object.values(w.sim.snapshot().sharings)
    expect(sharings.filter((x) => x.outOrderNo === `${bought.order.id}P`).map((x) => x.receivers)).toEqual([
      [expect.objectContaining({ account: 'o_alice', amountFen: 1000 })],
    ])
    expect(sharings.some((x) => x.outOrderNo.startsWith(own.order.id))).toBe(false)
    const lines = await alice('wallet', 'statement', { account: { kind: 'self' } })
    expect(lines.items.map((l) => [l.kind, l.amountFen, l.orderId])).toEqual(
      expect.arrayContaining([
        ['payment', 1000, bought.order.id],
        ['profit_sharing', -1000, bought.order.id],
      ]),
    )
    // every line of her account comes from bob's order: her own renewal credited her nothing
    expect(new Set(lines.items.map((l) => l.orderId))).toEqual(new Set([bought.order.id]))
  })
})
