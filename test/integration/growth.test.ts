/**
 * Growth tools on the strict local database with the pay simulator (docs/growth.md): the
 * lottery's entry conditions (check-in days, a points cost deducted once) and prizes of every kind
 * delivered once; the newcomer checklist decided from the real records and rewarded once; invite
 * milestones counting paying invitees (not oneself, not refunded) and rewarding each milestone once.
 */
import { applyPoints } from '../../cloudfunctions/runtime/points'
import { as, invoke, refusal, setClockOffset, snapshot, useMoneyWorld } from './world'

jest.setTimeout(120_000)

const w = useMoneyWorld()
const owner = as('o_owner')
const alice = as('o_alice')
const bob = as('o_bob')

function at(iso: string) {
  setClockOffset(new Date(iso).getTime() - Date.now())
}
const clock = () => new Date(Date.now() + Number(process.env.QZ_CLOCK_OFFSET_MS ?? 0))
const drawTimer = () => invoke(null, 'lottery', { Type: 'Timer', TriggerName: 'draw' })

async function freeCircle(members: string[]) {
  const c = await owner('circle', 'create', { name: '成长圈', type: 'interest', entryMode: 'free' })
  for (const m of members) await as(m)('circle', 'join', { circleId: c.id })
  return c.id
}

async function challengeIn(circleId: string, startDay: string) {
  return owner('challenge', 'create', { circleId, title: '早起打卡', startDay, days: 7, requiredDays: 3 })
}

async function giveTotal(circleId: string, openid: string, total: number) {
  await w.cloud.db.insert('pointTotals', {
    _id: `${circleId}:${openid}`,
    circleId,
    openid,
    total,
    grantedTitle: null,
    updatedAt: clock(),
  })
}
const totalOf = async (circleId: string, openid: string) =>
  ((await w.cloud.db.find('pointTotals', { _id: `${circleId}:${openid}` })) as any[])[0]?.total ?? 0

const prize = { kind: 'physical', title: '帆布袋', stock: 1 } as const

describe('lottery entry conditions', () => {
  it('lets only members with enough check-in days enter, counting days across the circle’s challenges', async () => {
    at('2026-11-30T02:00:00Z')
    const circleId = await freeCircle(['o_alice', 'o_bob'])
    const c1 = await challengeIn(circleId, '2026-12-01')
    const c2 = await challengeIn(circleId, '2026-12-01')
    for (const c of [c1, c2]) for (const who of [alice, bob]) await who('challenge', 'enroll', { challengeId: c.id })
    const l = await owner('lottery', 'create', {
      circleId,
      title: '打卡抽奖',
      prizes: [prize],
      minCheckinDays: 2,
      drawAt: '2026-12-06T12:00:00Z',
    })
    expect(l).toMatchObject({ minCheckinDays: 2, pointsCost: 0 })
    // alice checks in on two days; bob twice on one day (two challenges): one day
    at('2026-12-01T01:00:00Z')
    await alice('challenge', 'checkIn', { challengeId: c1.id, text: '六点起床' })
    await bob('challenge', 'checkIn', { challengeId: c1.id, text: '六点起床' })
    await bob('challenge', 'checkIn', { challengeId: c2.id, text: '六点起床' })
    at('2026-12-02T01:00:00Z')
    expect((await alice('lottery', 'get', { lotteryId: l.id })).blockedBy).toBe('lottery_checkin_days')
    await alice('challenge', 'checkIn', { challengeId: c2.id, text: '六点半起床' })
    expect((await alice('lottery', 'get', { lotteryId: l.id })).blockedBy).toBeNull()

    const before = await snapshot(w.cloud)
    expect(await refusal(bob('lottery', 'enter', { lotteryId: l.id }))).toMatchObject({ code: 'lottery_checkin_days' })
    expect(await snapshot(w.cloud)).toEqual(before)
    expect(await alice('lottery', 'enter', { lotteryId: l.id })).toMatchObject({ entryCount: 1 })
  })

  it('deducts the points cost once through the points ledger, refuses without enough, never twice on retries', async () => {
    at('2026-12-01T02:00:00Z')
    const circleId = await freeCircle(['o_alice', 'o_bob'])
    const l = await owner('lottery', 'create', {
      circleId,
      title: '积分抽奖',
      prizes: [prize],
      pointsCost: 30,
      drawAt: '2026-12-06T12:00:00Z',
    })
    await giveTotal(circleId, 'o_alice', 100)
    await giveTotal(circleId, 'o_bob', 29)

    const before = await snapshot(w.cloud)
    expect(await refusal(bob('lottery', 'enter', { lotteryId: l.id }))).toMatchObject({ code: 'lottery_points_short' })
    expect(await refusal(as('o_nobody')('lottery', 'enter', { lotteryId: l.id }))).toMatchObject({ code: 'not_member' })
    expect(await snapshot(w.cloud)).toEqual(before)

    // ten taps at once, then a retry: one entry, 30 points gone once
    const taps = await Promise.all(
      Array.from({ length: 10 }, () => invoke('o_alice', 'lottery', { action: 'enter', lotteryId: l.id })),
    )
    expect(taps.filter((t) => t.ok)).toHaveLength(1)
    for (const t of taps) if (!t.ok) expect(['lottery_already_entered', 'conflict']).toContain(t.error.code)
    expect(await refusal(alice('lottery', 'enter', { lotteryId: l.id }))).toMatchObject({
      code: 'lottery_already_entered',
    })
    expect(await totalOf(circleId, 'o_alice')).toBe(70)
    const costs = (await w.cloud.db.find('pointEvents')) as any[]
    expect(costs).toEqual([expect.objectContaining({ openid: 'o_alice', points: -30, applied: true })])
    expect((await alice('lottery', 'get', { lotteryId: l.id })).me).toEqual({ chances: 1, helps: 0, paidPoints: 30 })

    // the points timer finds nothing left to apply: the cost stays counted once
    await applyPoints(clock())
    expect(await totalOf(circleId, 'o_alice')).toBe(70)
  })
})

describe('lottery prizes of every kind', () => {
  it('delivers points and a perk automatically, once, however often the timer runs', async () => {
    at('2026-12-01T02:00:00Z')
    const circleId = await freeCircle(['o_alice', 'o_bob'])
    const perk = await owner('perk', 'save', {
      circleId,
      title: '线下读书会入场',
      kind: 'offline',
      eligibility: { kind: 'tenure', minDays: 365 },
    })
    const l = await owner('lottery', 'create', {
      circleId,
      title: '全员抽奖',
      prizes: [
        { kind: 'points', title: '100 积分', stock: 1, points: 100 },
        { kind: 'perk', title: '读书会门票', stock: 1, perkId: perk.id },
      ],
      drawAt: '2026-12-02T12:00:00Z',
    })
    expect(l.prizes.map((p) => [p.kind, p.points, p.perkId])).toEqual([
      ['points', 100, null],
      ['perk', null, perk.id],
    ])
    await alice('lottery', 'enter', { lotteryId: l.id })
    await bob('lottery', 'enter', { lotteryId: l.id })
    at('2026-12-02T12:05:00Z')
    await Promise.all([drawTimer(), drawTimer()])
    await drawTimer()
    const drawn = await alice('lottery', 'get', { lotteryId: l.id })
    expect(drawn.status).toBe('delivered')
    const [pointsWinner, perkWinner] = drawn.winners.map((x) => x.openid)

    const events = ((await w.cloud.db.find('pointEvents')) as any[]).filter((e) => e.reason === 'lottery')
    expect(events).toEqual([expect.objectContaining({ openid: pointsWinner, points: 100 })])
    // the perk is claimed for its winner though they would not meet its tenure rule themselves
    const claims = (await w.cloud.db.find('perkClaims')) as any[]
    expect(claims).toEqual([expect.objectContaining({ perkId: perk.id, openid: perkWinner, code: expect.any(String) })])
    expect(((await w.cloud.db.find('perks')) as any[])[0].claimedCount).toBe(1)
    expect(await w.cloud.db.find('rewardGrants')).toHaveLength(2)
    const notes = ((await w.cloud.db.find('notifications')) as any[]).filter((n) => n.kind === 'lottery_won')
    expect(notes.map((n) => n.openid).sort()).toEqual(['o_alice', 'o_bob'])

    await applyPoints(clock())
    await applyPoints(clock())
    expect(await totalOf(circleId, pointsWinner)).toBe(100)
  })

  it('refuses a perk prize that is not one of the circle’s perks', async () => {
    at('2026-12-01T02:00:00Z')
    const circleId = await freeCircle([])
    const before = await snapshot(w.cloud)
    expect(
      await refusal(
        owner('lottery', 'create', {
          circleId,
          title: '抽奖',
          prizes: [{ kind: 'perk', title: '权益', stock: 1, perkId: 'nosuchperk' }],
          drawAt: '2026-12-02T12:00:00Z',
        }),
      ),
    ).toMatchObject({ code: 'not_found', param: 'perkId' })
    expect(await snapshot(w.cloud)).toEqual(before)
  })
})

describe('newcomer tasks', () => {
  async function configured(circleId: string) {
    const perk = await owner('perk', 'save', {
      circleId,
      title: '新人礼包',
      kind: 'link',
      link: 'https://example.com/welcome',
      eligibility: { kind: 'all' },
    })
    const saved = await owner('growth', 'saveNewcomer', {
      circleId,
      enabled: true,
      introTag: '自我介绍',
      checkin: true,
      guide: { title: '新人指南', body: '欢迎加入！先读圈规，再发一条自我介绍。' },
      perkId: perk.id,
      reward: { kind: 'points', points: 50 },
    })
    return { perk, saved }
  }

  it('shows progress read from the records and rewards completion once', async () => {
    at('2026-11-30T02:00:00Z')
    const circleId = await freeCircle(['o_alice'])
    const { perk, saved } = await configured(circleId)
    expect(saved.tasks.map((t) => t.key)).toEqual(['intro', 'checkin', 'guide', 'perk'])
    const c = await challengeIn(circleId, '2026-12-01')

    const fresh = await alice('growth', 'newcomer', { circleId })
    expect(fresh).toMatchObject({ show: true, rewarded: false, reward: { text: '50 积分' } })
    expect(fresh.tasks.every((t) => !t.done)).toBe(true)
    expect(await refusal(alice('growth', 'claimNewcomer', { circleId }))).toMatchObject({ code: 'growth_tasks_open' })

    // a post without the tag, someone else's tagged post: neither counts
    await alice('post', 'create', { circleId, text: '大家好，我是新来的' })
    await owner('post', 'create', { circleId, text: '欢迎新朋友 #自我介绍' })
    expect((await alice('growth', 'newcomer', { circleId })).tasks[0]).toMatchObject({ key: 'intro', done: false })
    await alice('post', 'create', { circleId, text: '#自我介绍 我是爱丽丝，喜欢读书' })
    await alice('growth', 'readGuide', { circleId })
    await alice('perk', 'claim', { perkId: perk.id })
    const almost = await alice('growth', 'newcomer', { circleId })
    expect(almost.tasks.map((t) => t.done)).toEqual([true, false, true, true])
    expect(await refusal(alice('growth', 'claimNewcomer', { circleId }))).toMatchObject({ code: 'growth_tasks_open' })

    await alice('challenge', 'enroll', { challengeId: c.id })
    at('2026-12-01T01:00:00Z')
    await alice('challenge', 'checkIn', { challengeId: c.id, text: '第一次打卡' })

    const claims = await Promise.all(
      Array.from({ length: 8 }, () => invoke('o_alice', 'growth', { action: 'claimNewcomer', circleId })),
    )
    const given = claims.filter((r) => r.ok && r.data.given)
    expect(given).toHaveLength(1)
    for (const r of claims) if (!r.ok) expect(['growth_already_rewarded', 'conflict']).toContain(r.error.code)
    expect(await refusal(alice('growth', 'claimNewcomer', { circleId }))).toMatchObject({
      code: 'growth_already_rewarded',
    })
    const events = ((await w.cloud.db.find('pointEvents')) as any[]).filter((e) => e.reason === 'newcomer')
    expect(events).toEqual([expect.objectContaining({ openid: 'o_alice', points: 50 })])
    expect(await alice('growth', 'newcomer', { circleId })).toMatchObject({ show: false, rewarded: true })
    const notes = ((await w.cloud.db.find('notifications')) as any[]).filter((n) => n.kind === 'growth_reward')
    expect(notes).toHaveLength(1)
  })

  it('lets only the owner and partners configure it, with at least one task', async () => {
    const circleId = await freeCircle(['o_alice'])
    const input = {
      circleId,
      enabled: true,
      introTag: null,
      checkin: false,
      guide: null,
      perkId: null,
      reward: null,
    }
    expect(await refusal(owner('growth', 'saveNewcomer', input))).toMatchObject({ code: 'growth_no_tasks' })
    expect(await refusal(alice('growth', 'saveNewcomer', { ...input, checkin: true }))).toMatchObject({
      code: 'forbidden',
    })
    expect(
      await refusal(owner('growth', 'saveNewcomer', { ...input, checkin: true, reward: { kind: 'month' } })),
    ).toMatchObject({ code: 'growth_month_needs_paid' })
    expect(await alice('growth', 'newcomer', { circleId })).toMatchObject({ enabled: false, show: false })
  })
})

describe('invite milestones', () => {
  async function paidCircle() {
    const c = await owner('circle', 'create', { name: '人像摄影进阶', type: 'knowledge', entryMode: 'paid' })
    await owner('shop', 'setPricing', {
      circleId: c.id,
      entry: { priceFen: 10_000, markedPriceFen: null, term: { kind: 'rolling', days: 365 } },
    })
    await owner('wallet', 'setSplitRules', { circleId: c.id, referrerBps: 1000, partners: [] })
    return c.id
  }
  async function buyEntry(circleId: string, openid: string, inviteCode?: string) {
    const started = await as(openid)('shop', 'order', {
      circleId,
      product: { kind: 'entry' },
      platform: 'h5',
      ...(inviteCode ? { inviteCode } : {}),
    })
    await w.pay(started.order.id)
    return started.order.id
  }

  it('counts paying invitees (not oneself, not refunded) and rewards each milestone once', async () => {
    at('2026-12-01T02:00:00Z')
    const circleId = await paidCircle()
    await owner('growth', 'saveMilestones', {
      circleId,
      milestones: [
        { invitees: 3, reward: { kind: 'points', points: 300 } },
        { invitees: 1, reward: { kind: 'coupon', amountFen: 1000 } },
        { invitees: 2, reward: { kind: 'month' } },
      ],
    })
    await buyEntry(circleId, 'o_alice')
    const invite = await alice('member', 'createInvite', { circleId, channel: '' })
    // her own renewal through her own link does not count
    await buyEntry(circleId, 'o_alice', invite.code)
    expect(await alice('growth', 'milestones', { circleId })).toMatchObject({ count: 0 })
    await buyEntry(circleId, 'o_bob', invite.code)
    const carolOrder = await buyEntry(circleId, 'o_carol', invite.code)
    const view = await alice('growth', 'milestones', { circleId })
    expect(view.count).toBe(2)
    expect(view.milestones.map((m) => [m.invitees, m.reached, m.claimed])).toEqual([
      [1, true, false],
      [2, true, false],
      [3, false, false],
    ])
    expect(await refusal(alice('growth', 'claimMilestone', { circleId, invitees: 3 }))).toMatchObject({
      code: 'growth_milestone_not_reached',
    })

    await alice('growth', 'claimMilestone', { circleId, invitees: 1 })
    const expiresBefore = new Date(
      ((await w.cloud.db.find('memberships', { _id: `${circleId}:o_alice` })) as any[])[0].expiresAt,
    ).getTime()
    const taps = await Promise.all(
      Array.from({ length: 6 }, () => invoke('o_alice', 'growth', { action: 'claimMilestone', circleId, invitees: 2 })),
    )
    expect(taps.some((t) => t.ok)).toBe(true)
    for (const t of taps) if (!t.ok) expect(['growth_already_rewarded', 'conflict']).toContain(t.error.code)
    const expiresAfter = new Date(
      ((await w.cloud.db.find('memberships', { _id: `${circleId}:o_alice` })) as any[])[0].expiresAt,
    ).getTime()
    expect(expiresAfter - expiresBefore).toBe(30 * 86_400_000)
    expect(await refusal(alice('growth', 'claimMilestone', { circleId, invitees: 1 }))).toMatchObject({
      code: 'growth_already_rewarded',
    })
    const coupons = ((await w.cloud.db.find('coupons')) as any[]).filter((c) => c.holder === 'o_alice')
    expect(coupons).toEqual([expect.objectContaining({ amountFen: 1000, code: expect.stringMatching(/^GR/) })])
    expect(await w.cloud.db.find('rewardGrants')).toHaveLength(2)

    // carol is refunded: the rewards stay, but she no longer counts toward the next milestone
    await as('o_carol')('shop', 'refund', { orderId: carolOrder, reason: '不想要了' })
    await w.flush()
    await buyEntry(circleId, 'o_dave', invite.code)
    const after = await alice('growth', 'milestones', { circleId })
    expect(after.count).toBe(2)
    expect(after.milestones.map((m) => m.claimed)).toEqual([true, true, false])
    expect(await refusal(alice('growth', 'claimMilestone', { circleId, invitees: 3 }))).toMatchObject({
      code: 'growth_milestone_not_reached',
    })
    await buyEntry(circleId, 'o_erin', invite.code)
    expect(await alice('growth', 'claimMilestone', { circleId, invitees: 3 })).toMatchObject({ count: 3 })
    expect(await w.cloud.db.find('coupons')).toHaveLength(1)
  })

  it('lets only the owner and partners set milestones, distinct counts only', async () => {
    const circleId = await paidCircle()
    const reward = { kind: 'points', points: 10 } as const
    expect(
      await refusal(
        owner('growth', 'saveMilestones', {
          circleId,
          milestones: [
            { invitees: 2, reward },
            { invitees: 2, reward },
          ],
        }),
      ),
    ).toMatchObject({ code: 'invalid_argument', param: 'milestones' })
    expect(await refusal(alice('growth', 'saveMilestones', { circleId, milestones: [] }))).toMatchObject({
      code: 'not_member',
    })
  })
})
