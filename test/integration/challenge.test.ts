import { applyPoints } from '../../cloudfunctions/runtime/points'
/**
 * Check-in challenges on the strict local database: once per Asia/Shanghai day whatever the
 * server's zone (the functions run in UTC here), make-ups within the quota, streaks, completion
 * rewarded once, leaderboards.
 */
import { as, invoke, refusal, setClockOffset, snapshot, startWorld, type TestCloud } from './world'

jest.setTimeout(60_000)

let cloud: TestCloud
beforeAll(async () => {
  cloud = await startWorld()
})
afterAll(() => cloud.close())
beforeEach(async () => {
  setClockOffset(0)
  await cloud.db.wipe()
})

const owner = as('o_owner')
const alice = as('o_alice')
const bob = as('o_bob')
const carol = as('o_carol')

/** Sets the functions' clock to an instant (the machine stays in UTC). */
function at(iso: string) {
  setClockOffset(new Date(iso).getTime() - Date.now())
}

async function circleWithMembers() {
  const c = await owner('circle', 'create', { name: '晨读会', type: 'interest', entryMode: 'free' })
  for (const who of [alice, bob, carol]) await who('circle', 'join', { circleId: c.id })
  return c.id
}

type Extra = Partial<Parameters<typeof owner<'challenge', 'create'>>[2]>

async function challenge(circleId: string, extra: Extra = {}) {
  return owner('challenge', 'create', {
    circleId,
    title: '21 天早起打卡',
    rules: '每天 6 点前起床，拍一张窗外的照片。',
    startDay: '2026-12-01',
    days: 7,
    requiredDays: 5,
    ...extra,
  })
}

const text = '今天六点起床，读了二十页书。'

describe('creating a challenge', () => {
  it('lets the team create one and refuses members, bad days and a start in the past, changing nothing', async () => {
    at('2026-11-30T02:00:00Z')
    const circleId = await circleWithMembers()
    const c = await challenge(circleId, { windowStart: '06:00', windowEnd: '22:00', depositFen: 0 })
    expect(c).toMatchObject({
      title: '21 天早起打卡',
      startDay: '2026-12-01',
      endDay: '2026-12-07',
      phase: 'upcoming',
      participantCount: 0,
      canManage: true,
    })
    const before = await snapshot(cloud)
    expect(
      await refusal(
        alice('challenge', 'create', {
          circleId,
          title: '偷偷开一个',
          startDay: '2026-12-01',
          days: 7,
          requiredDays: 5,
        }),
      ),
    ).toMatchObject({ code: 'forbidden' })
    expect(await refusal(challenge(circleId, { requiredDays: 8 }))).toMatchObject({
      code: 'invalid_argument',
      param: 'requiredDays',
    })
    expect(await refusal(challenge(circleId, { windowStart: '22:00', windowEnd: '06:00' }))).toMatchObject({
      code: 'invalid_argument',
      param: 'windowEnd',
    })
    expect(await refusal(challenge(circleId, { startDay: '2026-11-29' }))).toMatchObject({
      code: 'challenge_start_past',
    })
    expect(await refusal(challenge(circleId, { depositFen: 50 }))).toMatchObject({
      code: 'invalid_argument',
      param: 'depositFen',
    })
    expect(await snapshot(cloud)).toEqual(before)
    const list = await alice('challenge', 'list', { circleId })
    expect(list.items.map((i) => i.id)).toEqual([c.id])
    expect(list.canManage).toBe(false)
  })
})

describe('checking in', () => {
  it('counts one check-in per day for 20 simultaneous taps', async () => {
    at('2026-11-30T02:00:00Z')
    const circleId = await circleWithMembers()
    const c = await challenge(circleId)
    await alice('challenge', 'enroll', { challengeId: c.id })
    at('2026-12-01T01:00:00Z') // 09:00 in Shanghai
    const taps = await Promise.all(
      Array.from({ length: 20 }, () => alice('challenge', 'checkIn', { challengeId: c.id, text })),
    )
    expect(taps.filter((t) => t.firstTime)).toHaveLength(1)
    expect(new Set(taps.map((t) => t.checkin.id))).toEqual(new Set([`${c.id}:o_alice:20261201`]))
    expect((await cloud.db.find('checkins')).length).toBe(1)
    const detail = await alice('challenge', 'get', { challengeId: c.id })
    expect(detail.challenge.todayCount).toBe(1)
    expect(detail.me).toMatchObject({ total: 1, streak: 1, checkedToday: true })
  })

  it('starts a new day at midnight in Shanghai, not at midnight UTC', async () => {
    at('2026-11-30T02:00:00Z')
    const circleId = await circleWithMembers()
    const c = await challenge(circleId)
    await alice('challenge', 'enroll', { challengeId: c.id })
    at('2026-12-01T15:59:00Z') // 23:59 on Dec 1 in Shanghai (still Dec 1 in UTC too)
    expect((await alice('challenge', 'checkIn', { challengeId: c.id, text })).checkin.day).toBe('2026-12-01')
    at('2026-12-01T16:00:30Z') // 00:00:30 on Dec 2 in Shanghai, still Dec 1 in UTC
    const next = await alice('challenge', 'checkIn', { challengeId: c.id, text })
    expect(next).toMatchObject({ firstTime: true, checkin: { day: '2026-12-02' } })
    expect(next.detail.me).toMatchObject({ total: 2, streak: 2 })
    expect(next.detail.challenge).toMatchObject({ today: '2026-12-02', todayCount: 1 })
    at('2026-12-02T15:00:00Z') // 23:00 Dec 2 Shanghai: the same day, a repeat
    expect((await alice('challenge', 'checkIn', { challengeId: c.id, text: '再来一次' })).firstTime).toBe(false)
  })

  it('refuses outside the daily window, before the start, after the end, short texts and missing photos', async () => {
    at('2026-11-30T02:00:00Z')
    const circleId = await circleWithMembers()
    const c = await challenge(circleId, { windowStart: '06:00', windowEnd: '22:00', minWords: 10, photoRequired: true })
    await alice('challenge', 'enroll', { challengeId: c.id })
    const photo = ['cloud://local-test.bucket/uploads/test/1.png']
    expect(await refusal(alice('challenge', 'checkIn', { challengeId: c.id, text, images: photo }))).toMatchObject({
      code: 'challenge_not_started',
    })
    at('2026-12-01T14:30:00Z') // 22:30 Shanghai
    const before = await snapshot(cloud)
    expect(await refusal(alice('challenge', 'checkIn', { challengeId: c.id, text, images: photo }))).toMatchObject({
      code: 'checkin_outside_window',
    })
    at('2026-12-01T00:00:00Z') // 08:00 Shanghai
    expect(
      await refusal(alice('challenge', 'checkIn', { challengeId: c.id, text: '太短了', images: photo })),
    ).toMatchObject({ code: 'checkin_too_short' })
    expect(await refusal(alice('challenge', 'checkIn', { challengeId: c.id, text }))).toMatchObject({
      code: 'checkin_photo_required',
    })
    expect(await refusal(bob('challenge', 'checkIn', { challengeId: c.id, text, images: photo }))).toMatchObject({
      code: 'challenge_not_enrolled',
    })
    expect(
      await refusal(as('o_stranger')('challenge', 'checkIn', { challengeId: c.id, text, images: photo })),
    ).toMatchObject({ code: 'not_member' })
    expect(await snapshot(cloud)).toEqual(before)
    at('2026-12-08T00:00:00Z')
    expect(await refusal(alice('challenge', 'checkIn', { challengeId: c.id, text, images: photo }))).toMatchObject({
      code: 'challenge_ended',
    })
  })
})

describe('make-ups (补卡)', () => {
  it('fills only missed days of the challenge before today, within the quota, and the streak runs across it', async () => {
    at('2026-11-30T02:00:00Z')
    const circleId = await circleWithMembers()
    const c = await challenge(circleId, { makeupQuota: 1 })
    await alice('challenge', 'enroll', { challengeId: c.id })
    at('2026-12-01T01:00:00Z')
    await alice('challenge', 'checkIn', { challengeId: c.id, text })
    // Dec 2 missed
    at('2026-12-03T01:00:00Z')
    const day3 = await alice('challenge', 'checkIn', { challengeId: c.id, text })
    expect(day3.detail.me).toMatchObject({ total: 2, streak: 1, bestStreak: 1, makeupsLeft: 1 })
    expect(day3.detail.me!.calendar.slice(0, 4).map((d) => d.state)).toEqual(['done', 'missed', 'done', 'future'])

    const before = await snapshot(cloud)
    expect(await refusal(alice('challenge', 'makeUp', { challengeId: c.id, day: '2026-12-03', text }))).toMatchObject({
      code: 'makeup_day_invalid',
    })
    expect(await refusal(alice('challenge', 'makeUp', { challengeId: c.id, day: '2026-12-05', text }))).toMatchObject({
      code: 'makeup_day_invalid',
    })
    expect(await refusal(alice('challenge', 'makeUp', { challengeId: c.id, day: '2026-11-30', text }))).toMatchObject({
      code: 'makeup_day_invalid',
    })
    expect(await snapshot(cloud)).toEqual(before)

    const made = await alice('challenge', 'makeUp', {
      challengeId: c.id,
      day: '2026-12-02',
      text: '补昨天的：读完了第三章。',
    })
    expect(made).toMatchObject({ firstTime: true, checkin: { day: '2026-12-02', makeup: true } })
    expect(made.detail.me).toMatchObject({ total: 3, streak: 3, bestStreak: 3, makeupsLeft: 0 })
    expect(made.detail.me!.calendar.slice(0, 3).map((d) => d.state)).toEqual(['done', 'makeup', 'done'])
    // the same day again is the first make-up, unchanged, and uses no quota
    expect((await alice('challenge', 'makeUp', { challengeId: c.id, day: '2026-12-02', text })).firstTime).toBe(false)

    at('2026-12-05T01:00:00Z') // Dec 4 missed; the quota is used up
    expect(await refusal(alice('challenge', 'makeUp', { challengeId: c.id, day: '2026-12-04', text }))).toMatchObject({
      code: 'makeup_quota_used',
    })
  })

  // dbperf: the check-in writes its participant by compare-and-set, not in a transaction
  it('counts both a check-in and a make-up sent at the same moment, each once', async () => {
    at('2026-11-30T02:00:00Z')
    const circleId = await circleWithMembers()
    const c = await challenge(circleId, { makeupQuota: 2 })
    await alice('challenge', 'enroll', { challengeId: c.id })
    at('2026-12-03T01:00:00Z') // Dec 1 and 2 missed
    const sent = await Promise.all([
      alice('challenge', 'checkIn', { challengeId: c.id, text }),
      alice('challenge', 'makeUp', { challengeId: c.id, day: '2026-12-02', text }),
      alice('challenge', 'checkIn', { challengeId: c.id, text }),
      alice('challenge', 'makeUp', { challengeId: c.id, day: '2026-12-02', text }),
    ])
    expect(sent.filter((r) => r.firstTime)).toHaveLength(2)
    const detail = await alice('challenge', 'get', { challengeId: c.id })
    expect(detail.me).toMatchObject({ total: 2, streak: 2, bestStreak: 2, makeupsLeft: 1, checkedToday: true })
    expect(detail.challenge.todayCount).toBe(1)
    expect((await cloud.db.find('checkins')).map((x: any) => x.day).sort()).toEqual(['20261202', '20261203'])
  })
})

describe('completion and leaderboards', () => {
  it('detects completion at the check-in reaching the required days and rewards it once', async () => {
    at('2026-11-30T02:00:00Z')
    const circleId = await circleWithMembers()
    const c = await challenge(circleId, { days: 3, requiredDays: 2, reward: { kind: 'title', title: '早起达人' } })
    await alice('challenge', 'enroll', { challengeId: c.id })
    at('2026-12-01T01:00:00Z')
    expect((await alice('challenge', 'checkIn', { challengeId: c.id, text })).completedNow).toBe(false)
    at('2026-12-02T01:00:00Z')
    const done = await Promise.all(
      Array.from({ length: 5 }, () => alice('challenge', 'checkIn', { challengeId: c.id, text })),
    )
    expect(done.filter((d) => d.completedNow)).toHaveLength(1)
    at('2026-12-03T01:00:00Z')
    const after = await alice('challenge', 'checkIn', { challengeId: c.id, text })
    expect(after.completedNow).toBe(false)
    expect(after.detail.me).toMatchObject({
      total: 3,
      rewarded: true,
      honorTitle: '早起达人',
      completedAt: expect.any(String),
    })
    expect(after.detail.challenge.completedCount).toBe(1)
    const board = await bob('challenge', 'leaderboard', { challengeId: c.id, by: 'total' })
    expect(board.items[0]).toMatchObject({ openid: 'o_alice', honorTitle: '早起达人', completed: true })
  })

  it('issues a coupon reward once, as a personal coupon only the member can use', async () => {
    at('2026-11-30T02:00:00Z')
    const circleId = await circleWithMembers()
    const c = await challenge(circleId, { days: 3, requiredDays: 2, reward: { kind: 'coupon', amountFen: 500 } })
    await alice('challenge', 'enroll', { challengeId: c.id })
    let last
    for (const day of ['01', '02', '03']) {
      at(`2026-12-${day}T01:00:00Z`)
      last = await alice('challenge', 'checkIn', { challengeId: c.id, text })
    }
    const coupons = await cloud.db.find('coupons')
    expect(coupons).toHaveLength(1)
    expect(coupons[0]).toMatchObject({ holder: 'o_alice', kind: 'fixed', amountFen: 500, limit: 1, listed: false })
    expect(last!.detail.me).toMatchObject({ rewardCoupon: coupons[0].code })
    const notes = await cloud.db.find('notifications', { openid: 'o_alice', kind: 'challenge_completed' })
    expect(notes.map((n) => n.body)).toEqual([expect.stringContaining(String(coupons[0].code))])
  })

  it('awards points for each check-in and the completion reward in points once', async () => {
    at('2026-11-30T02:00:00Z')
    const circleId = await circleWithMembers()
    const c = await challenge(circleId, { days: 3, requiredDays: 2, reward: { kind: 'points', points: 100 } })
    await alice('challenge', 'enroll', { challengeId: c.id })
    for (const day of ['01', '02', '03']) {
      at(`2026-12-${day}T01:00:00Z`)
      await Promise.all([1, 2, 3].map(() => alice('challenge', 'checkIn', { challengeId: c.id, text })))
    }
    // three check-ins at the default weight of 1, plus the reward once (added by the points timer)
    await applyPoints(new Date('2026-12-03T01:01:00Z'))
    const board = await alice('perk', 'leaderboard', { circleId })
    expect(board.me).toMatchObject({ totalPoints: 103 })
  })

  it('ranks by total and by longest streak, showing only people who checked in', async () => {
    at('2026-11-30T02:00:00Z')
    const circleId = await circleWithMembers()
    const c = await challenge(circleId, { makeupQuota: 3 })
    for (const who of [alice, bob, carol]) await who('challenge', 'enroll', { challengeId: c.id })
    // alice: Dec 1, 3, 5 (total 3, longest run 1); bob: Dec 2, 3 (total 2, run 2); carol: nothing
    const plan: Record<string, (typeof alice)[]> = { '01': [alice], '02': [bob], '03': [alice, bob], '05': [alice] }
    for (const [d, who] of Object.entries(plan)) {
      at(`2026-12-${d}T01:00:00Z`)
      for (const w of who) await w('challenge', 'checkIn', { challengeId: c.id, text })
    }
    const byTotal = await carol('challenge', 'leaderboard', { challengeId: c.id, by: 'total' })
    expect(byTotal.items.map((r) => [r.rank, r.openid, r.total])).toEqual([
      [1, 'o_alice', 3],
      [2, 'o_bob', 2],
    ])
    const byStreak = await carol('challenge', 'leaderboard', { challengeId: c.id, by: 'streak' })
    expect(byStreak.items.map((r) => [r.openid, r.bestStreak])).toEqual([
      ['o_bob', 2],
      ['o_alice', 1],
    ])
    expect(
      await refusal(as('o_stranger')('challenge', 'leaderboard', { challengeId: c.id, by: 'total' })),
    ).toMatchObject({ code: 'not_member' })
  })

  it('refuses enrolling twice and after the end', async () => {
    at('2026-11-30T02:00:00Z')
    const circleId = await circleWithMembers()
    const c = await challenge(circleId)
    const joins = await Promise.allSettled(
      Array.from({ length: 5 }, () => alice('challenge', 'enroll', { challengeId: c.id })),
    )
    expect(joins.filter((j) => j.status === 'fulfilled')).toHaveLength(1)
    expect((await alice('challenge', 'get', { challengeId: c.id })).challenge.participantCount).toBe(1)
    at('2026-12-08T00:00:00Z')
    expect(await refusal(bob('challenge', 'enroll', { challengeId: c.id }))).toMatchObject({ code: 'challenge_ended' })
  })

  it('settles a free challenge after its end without touching money', async () => {
    at('2026-11-30T02:00:00Z')
    const circleId = await circleWithMembers()
    const c = await challenge(circleId)
    await alice('challenge', 'enroll', { challengeId: c.id })
    at('2026-12-08T00:00:00Z')
    const res = await invoke(null, 'challenge', { Type: 'Timer', TriggerName: 'settle' })
    expect(res).toMatchObject({ ok: true, data: { closed: 1, refunded: 0, forfeited: 0 } })
    expect((await alice('challenge', 'get', { challengeId: c.id })).challenge.settled).toBe(true)
    expect(await cloud.db.find('journals')).toEqual([])
    expect(await invoke('o_alice', 'challenge', { Type: 'Timer', TriggerName: 'settle' })).toMatchObject({
      ok: false,
      error: { code: 'unknown_action' },
    })
  })
})
