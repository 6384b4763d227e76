import { db } from '../../cloudfunctions/runtime/db'
import { applyPoints, awardPoints } from '../../cloudfunctions/runtime/points'
import { as, invoke, refusal, setClockOffset, snapshot, startWorld, type TestCloud } from './world'

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
const DAY_MS = 86_400_000

/** Writes a document's fields through the SDK, as a function would. */
const patch = (collection: string, id: string, data: Record<string, unknown>) =>
  db().collection(collection).doc(id).update({ data })
/** Runs the `points` timer now (totals lag earning by up to a minute in the product). */
const apply = () => applyPoints(new Date(Date.now() + Number(process.env.QZ_CLOCK_OFFSET_MS ?? 0)))

async function circleWithMembers(...members: ((...a: any[]) => any)[]) {
  const c = await owner('circle', 'create', { name: '晨读会', type: 'interest', entryMode: 'free' })
  for (const m of members) await m('circle', 'join', { circleId: c.id })
  return c.id as string
}

async function codesPerk(circleId: string, codes: string[], extra: Record<string, unknown> = {}) {
  return owner('perk', 'save', {
    circleId,
    title: '合作品牌 8 折券',
    kind: 'codes',
    eligibility: { kind: 'all' },
    codes,
    ...extra,
  })
}

describe('perks', () => {
  it('gives each member one code from the pool and shows the owner who claimed what', async () => {
    const circleId = await circleWithMembers(alice, bob)
    const perk = await codesPerk(circleId, ['A-1', 'A-2', ' A-2 '])
    expect(perk).toMatchObject({ stock: 2, remaining: 2, claimedCount: 0 })
    const mine = await alice('perk', 'claim', { perkId: perk.id })
    expect(mine).toMatchObject({ claim: { code: 'A-1' }, remaining: 1, claimable: false })
    expect(await refusal(alice('perk', 'claim', { perkId: perk.id }))).toMatchObject({ code: 'perk_already_claimed' })
    const bobs = await bob('perk', 'claim', { perkId: perk.id })
    expect(bobs.claim!.code).toBe('A-2')
    const listed = await alice('perk', 'list', { circleId })
    expect(listed[0]).toMatchObject({ claim: { code: 'A-1' }, remaining: 0 })
    const claims = await owner('perk', 'claims', { perkId: perk.id })
    expect(claims.items.map((c) => [c.user.openid, c.code]).sort()).toEqual([
      ['o_alice', 'A-1'],
      ['o_bob', 'A-2'],
    ])
    expect(await refusal(alice('perk', 'claims', { perkId: perk.id }))).toMatchObject({ code: 'forbidden' })
  })

  it('never gives the last code twice: 20 simultaneous claims of the last 3 codes give out exactly 3', async () => {
    const people = Array.from({ length: 20 }, (_, i) => as(`o_m${i}`))
    const circleId = await circleWithMembers(...people)
    const perk = await codesPerk(circleId, ['LAST-1', 'LAST-2', 'LAST-3'])
    const results = await Promise.allSettled(people.map((p) => p('perk', 'claim', { perkId: perk.id })))
    const won = results
      .filter((r): r is PromiseFulfilledResult<any> => r.status === 'fulfilled')
      .map((r) => r.value.claim.code)
    expect(won.sort()).toEqual(['LAST-1', 'LAST-2', 'LAST-3'])
    for (const r of results)
      if (r.status === 'rejected')
        expect(['perk_out_of_stock', 'conflict']).toContain((r.reason as { code: string }).code)
    expect(await cloud.db.count('perkClaims')).toBe(3)
    expect((await cloud.db.find('perks'))[0]).toMatchObject({ claimedCount: 3 })
  }, 60_000)

  it('checks eligibility on the server: days in the circle, annual-pass holders', async () => {
    const circleId = await circleWithMembers(alice)
    const tenure = await owner('perk', 'save', {
      circleId,
      title: '老成员福利',
      kind: 'offline',
      eligibility: { kind: 'tenure', minDays: 30 },
      stock: 10,
    })
    const pass = await owner('perk', 'save', {
      circleId,
      title: '年卡专享',
      kind: 'link',
      link: 'https://example.com/vip',
      eligibility: { kind: 'pass' },
    })
    expect(await refusal(alice('perk', 'claim', { perkId: tenure.id }))).toMatchObject({
      code: 'perk_tenure_required',
      message: '入圈时间还不够，暂时不能领取',
    })
    expect(await refusal(alice('perk', 'claim', { perkId: pass.id }))).toMatchObject({ code: 'perk_pass_required' })
    const listed = await alice('perk', 'list', { circleId })
    expect(listed.find((p) => p.id === tenure.id)).toMatchObject({
      claimable: false,
      blockedBy: 'perk_tenure_required',
    })

    setClockOffset(30 * DAY_MS + 1000)
    const offline = await alice('perk', 'claim', { perkId: tenure.id })
    expect(offline.claim!.code).toMatch(/^[0-9A-F]{8}$/)

    await patch('memberships', `${circleId}:o_alice`, { source: { kind: 'pass', inviterId: null, channel: null } })
    const link = await alice('perk', 'claim', { perkId: pass.id })
    expect(link.claim).toMatchObject({ link: 'https://example.com/vip', code: null })
  })

  it('unlocks a course for life with a course perk', async () => {
    const circleId = await circleWithMembers(alice)
    const course = await owner('shop', 'saveCourse', {
      circleId,
      title: '入门课',
      priceFen: 9900,
      lessons: [{ title: '第一课', body: '内容', free: false }],
    })
    const perk = await owner('perk', 'save', {
      circleId,
      title: '送课',
      kind: 'course',
      courseId: course.id,
      eligibility: { kind: 'all' },
      stock: 1,
    })
    await alice('perk', 'claim', { perkId: perk.id })
    const view = await alice('shop', 'course', { courseId: course.id })
    expect(view.owned).toBe(true)
    expect(view.lessons[0]).toMatchObject({ locked: false, body: '内容' })
    expect(await refusal(bob('perk', 'claim', { perkId: perk.id }))).toMatchObject({ code: 'not_member' })
  })

  it('refuses strangers, members managing perks and bad input, writing nothing', async () => {
    const circleId = await circleWithMembers(alice)
    const before = await snapshot(cloud)
    expect(await refusal(bob('perk', 'list', { circleId }))).toMatchObject({ code: 'not_member' })
    expect(
      await refusal(
        alice('perk', 'save', { circleId, title: '我发的', kind: 'offline', eligibility: { kind: 'all' } }),
      ),
    ).toMatchObject({ code: 'forbidden' })
    expect(
      await refusal(owner('perk', 'save', { circleId, title: '链接', kind: 'link', eligibility: { kind: 'all' } })),
    ).toMatchObject({ code: 'invalid_argument', param: 'link' })
    expect(
      await refusal(
        owner('perk', 'save', { circleId, title: '空码池', kind: 'codes', eligibility: { kind: 'all' }, codes: [] }),
      ),
    ).toMatchObject({ code: 'invalid_argument', param: 'codes' })
    expect(await invoke('o_owner', 'perk', { action: 'claim', perkId: 'x', openid: 'o_alice' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', param: 'openid' },
    })
    expect(await invoke(null, 'perk', { action: 'list', circleId })).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    })
    expect(
      await refusal(
        owner('perk', 'save', { circleId, title: '赌博网站福利', kind: 'offline', eligibility: { kind: 'all' } }),
      ),
    ).toMatchObject({ code: 'content_risky' })
    expect(await snapshot(cloud)).toEqual(before)
  })

  it('keeps the pool when an owner adds codes and stops claims when archived', async () => {
    const circleId = await circleWithMembers(alice, bob)
    const perk = await codesPerk(circleId, ['X-1'])
    await alice('perk', 'claim', { perkId: perk.id })
    const more = await codesPerk(circleId, ['X-2'], { perkId: perk.id })
    expect(more).toMatchObject({ stock: 2, claimedCount: 1 })
    await owner('perk', 'archive', { perkId: perk.id })
    expect(await refusal(bob('perk', 'claim', { perkId: perk.id }))).toMatchObject({ code: 'perk_unavailable' })
    expect(await bob('perk', 'list', { circleId })).toEqual([])
  })
})

describe('points and honor titles', () => {
  it('awards each cause once, by the circle weights, into the month and the total', async () => {
    const circleId = await circleWithMembers(alice, bob)
    const now = new Date()
    await awardPoints([{ circleId, openid: 'o_alice', reason: 'post', refId: 'p1' }], now)
    await awardPoints([{ circleId, openid: 'o_alice', reason: 'post', refId: 'p1' }], now)
    await Promise.all([
      awardPoints([{ circleId, openid: 'o_alice', reason: 'featured', refId: 'p1' }], now),
      awardPoints([{ circleId, openid: 'o_bob', reason: 'checkin', refId: 'c1' }], now),
    ])
    expect(await cloud.db.count('pointEvents')).toBe(3)
    // nothing counts until the timer applies it; applying twice counts each event once
    expect((await bob('perk', 'leaderboard', { circleId })).items).toEqual([])
    expect(await apply()).toEqual({ events: 3, members: 2 })
    expect(await apply()).toEqual({ events: 0, members: 0 })
    const board = await bob('perk', 'leaderboard', { circleId })
    expect(board.items.map((r) => [r.user.openid, r.points, r.rank])).toEqual(
      [
        ['o_alice', 12],
        ['o_bob', 1],
      ].map(([o, p], i) => [o, p, i + 1]),
    )
    expect(board.me).toMatchObject({ monthPoints: 1, totalPoints: 1, rank: 2, title: null })
    expect(board.canGrant).toBe(false)
  })

  it('gives threshold titles beside names, lets the owner grant and take back a title', async () => {
    const circleId = await circleWithMembers(alice)
    await owner('perk', 'setPointsSettings', {
      circleId,
      weights: { post: 30, featured: 10, answer: 5, checkin: 1, invite: 5 },
      titles: [
        { name: '核心成员', minPoints: 60 },
        { name: '活跃成员', minPoints: 30 },
      ],
    })
    const now = new Date()
    await awardPoints([{ circleId, openid: 'o_alice', reason: 'post', refId: 'a' }], now)
    await apply()
    expect((await cloud.db.find('memberships')).find((m) => m.openid === 'o_alice')).toMatchObject({
      title: '活跃成员',
    })
    await awardPoints([{ circleId, openid: 'o_alice', reason: 'post', refId: 'b' }], now)
    await apply()
    expect((await alice('perk', 'leaderboard', { circleId })).items[0]).toMatchObject({ points: 60, title: '核心成员' })

    expect(await refusal(alice('perk', 'grantTitle', { circleId, openid: 'o_alice', title: '自封' }))).toMatchObject({
      code: 'forbidden',
    })
    await owner('perk', 'grantTitle', { circleId, openid: 'o_alice', title: '年度之星' })
    expect((await alice('perk', 'leaderboard', { circleId })).me).toMatchObject({ title: '年度之星' })
    await owner('perk', 'grantTitle', { circleId, openid: 'o_alice', title: null })
    expect((await alice('perk', 'leaderboard', { circleId })).me).toMatchObject({ title: '核心成员' })
  })

  it('earns points for a post and for 精华 once, and shows the title beside the author on later posts', async () => {
    const circleId = await circleWithMembers(alice)
    await owner('perk', 'setPointsSettings', {
      circleId,
      weights: { post: 30, featured: 20, answer: 5, checkin: 1, invite: 5 },
      titles: [{ name: '活跃成员', minPoints: 50 }],
    })
    const first = await alice('post', 'create', { circleId, text: '第一次打卡读书' })
    expect(first.author.title).toBeNull()
    await owner('post', 'feature', { postId: first.id, featured: true })
    await owner('post', 'feature', { postId: first.id, featured: false })
    await owner('post', 'feature', { postId: first.id, featured: true })
    await apply()
    expect((await alice('perk', 'leaderboard', { circleId })).me).toMatchObject({ monthPoints: 50, title: '活跃成员' })
    const second = await alice('post', 'create', { circleId, text: '第二篇' })
    expect(second.author).toMatchObject({ openid: 'o_alice', title: '活跃成员' })
    const feed = await bob('circle', 'join', { circleId }).then(() => bob('post', 'list', { circleId }))
    expect(feed.items.find((p) => p.id === second.id)!.author.title).toBe('活跃成员')
  })

  it('costs a post one database call for its points, and is applied by the platform timer only', async () => {
    const circleId = await circleWithMembers(alice)
    await alice('post', 'create', { circleId, text: '预热' })
    cloud.db.resetCallCounts()
    await alice('post', 'create', { circleId, text: '数一数' })
    const withPoints = cloud.db.totalCalls()
    expect(withPoints).toBeLessThanOrEqual(5)
    expect(await invoke(null, 'perk', { Type: 'Timer', TriggerName: 'points' })).toMatchObject({
      ok: true,
      data: { events: 2, members: 1 },
    })
    expect(await invoke('o_alice', 'perk', { Type: 'Timer', TriggerName: 'points' })).toMatchObject({
      ok: false,
      error: { code: 'unknown_action' },
    })
  })

  it('weighs an event by the settings when applied, and skips one applied by an earlier run that died', async () => {
    const circleId = await circleWithMembers(alice)
    const now = new Date()
    await awardPoints(
      [
        { circleId, openid: 'o_alice', reason: 'post', refId: 'x' },
        { circleId, openid: 'o_alice', reason: 'checkin', refId: 'y', points: 7 },
      ],
      now,
    )
    // an earlier run applied x (flag and sums in one transaction) and died before y
    await patch('pointEvents', `${circleId}:post:x:o_alice`, { applied: true, points: 2 })
    cloud.db.insert('pointTotals', {
      _id: `${circleId}:o_alice`,
      circleId,
      openid: 'o_alice',
      total: 2,
      grantedTitle: null,
      updatedAt: now,
    })
    await apply()
    const totals = await cloud.db.find('pointTotals')
    expect(totals.map((t) => t.total)).toEqual([9])
  })

  it('ranks a month by Asia/Shanghai calendar months', async () => {
    const circleId = await circleWithMembers(alice)
    // 2026-11-30 16:30 UTC is already 2026-12-01 00:30 in Shanghai
    await awardPoints(
      [{ circleId, openid: 'o_alice', reason: 'post', refId: 'late' }],
      new Date('2026-11-30T16:30:00Z'),
    )
    await applyPoints(new Date('2026-11-30T16:31:00Z'))
    expect((await alice('perk', 'leaderboard', { circleId, month: '202612' })).items).toHaveLength(1)
    expect((await alice('perk', 'leaderboard', { circleId, month: '202611' })).items).toHaveLength(0)
  })

  it('saves points settings without touching the circle’s other settings, and validates them', async () => {
    const circleId = await circleWithMembers()
    await patch('circles', circleId, { settings: { renewal: { graceDays: 7 } } })
    await owner('perk', 'setPointsSettings', {
      circleId,
      weights: { post: 3, featured: 0, answer: 5, checkin: 1, invite: 5 },
      titles: [],
    })
    const circle = (await cloud.db.find('circles'))[0]
    expect(circle.settings).toMatchObject({
      renewal: { graceDays: 7 },
      points: { weights: { post: 3, featured: 0 }, titles: [] },
    })
    const e = await refusal(
      owner('perk', 'setPointsSettings', {
        circleId,
        weights: { post: 3, featured: 0, answer: 5, checkin: 1, invite: 5 },
        titles: [
          { name: '甲', minPoints: 10 },
          { name: '乙', minPoints: 10 },
        ],
      }),
    )
    expect(e).toMatchObject({ code: 'invalid_argument', param: 'titles' })
  })
})
