/**
 * The owner's numbers (docs/stats.md) through the real functions on the strict local database:
 * the nightly aggregates equal a recount of the raw records, landing counters de-duplicate, the
 * dashboard and segments are the team's only, win-back coupons go out once, exports page.
 */
import fc from 'fast-check'
import { membershipId } from '@core/records'
import { addDays, dayRange } from '@core/stats'
import { shanghaiDayKey } from '@core/time'
import { RENEWAL_TEMPLATE_ID } from '@core/term'
import { db } from '../../cloudfunctions/runtime/db'
import { aggregateCircleDay, runAggregate } from '../../cloudfunctions/stats/aggregate'
import { as, invoke, refusal, setClockOffset, startWorld, type TestCloud } from './world'

let cloud: TestCloud
beforeAll(async () => {
  cloud = await startWorld()
})
afterAll(() => cloud.close())
beforeEach(async () => {
  await cloud.db.wipe()
  atNoon(0)
})

const owner = as('o_owner')
const DAY_MS = 86_400_000

/** Puts the functions' clock at noon (Shanghai) `n` days from today, so a test's day never straddles midnight. */
function atNoon(n: number) {
  const noon = dayRange(shanghaiDayKey(Date.now())).from.getTime() + 12 * 3600_000 + n * DAY_MS
  setClockOffset(noon - Date.now())
  return shanghaiDayKey(noon)
}
const aggregate = async () => {
  const res = await invoke(null, 'stats', { Type: 'Timer', TriggerName: 'aggregate' })
  if (!res.ok) throw new Error(JSON.stringify(res.error))
  return res.data
}

async function circleWith(n: number) {
  const c = await owner('circle', 'create', { name: '晨读会', type: 'interest', entryMode: 'free' })
  const people = Array.from({ length: n }, (_, i) => `o_m${i}`)
  for (const p of people) await as(p)('circle', 'join', { circleId: c.id })
  return { circleId: c.id as string, people }
}

describe('daily aggregates', () => {
  it('equal a recount from the raw records over random activity', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            day: fc.integer({ min: 0, max: 2 }),
            who: fc.integer({ min: 0, max: 3 }),
            what: fc.constantFrom('post', 'comment', 'like', 'view', 'tap'),
          }),
          { minLength: 1, maxLength: 14 },
        ),
        async (acts) => {
          await cloud.db.wipe()
          atNoon(-3)
          const { circleId, people } = await circleWith(4)
          const posts: string[] = []
          for (let day = 0; day < 3; day++) {
            atNoon(-3 + day)
            for (const a of acts.filter((x) => x.day === day)) {
              const me = as(people[a.who])
              if (a.what === 'post' || posts.length === 0)
                posts.push((await me('post', 'create', { circleId, text: `第${posts.length}条` })).id)
              else if (a.what === 'comment')
                await me('post', 'comment', { postId: posts[posts.length - 1], text: '好' })
              else if (a.what === 'like') await me('post', 'like', { postId: posts[a.who % posts.length], liked: true })
              else
                await me('stats', 'track', {
                  circleId,
                  kind: a.what === 'view' ? 'view' : 'tap',
                  channel: a.who % 2 ? '公众号' : null,
                })
            }
            atNoon(-2 + day)
            await aggregate()
          }
          // the recount: straight from the stored records, day by day
          const dump = {
            posts: await cloud.db.find('posts'),
            comments: await cloud.db.find('comments'),
            likes: await cloud.db.find('likes'),
            visits: await cloud.db.find('visits'),
          }
          const daily = await cloud.db.find('statsDaily')
          for (let day = 0; day < 3; day++) {
            const key = shanghaiDayKey(
              dayRange(shanghaiDayKey(Date.now() + Number(process.env.QZ_CLOCK_OFFSET_MS))).from.getTime() -
                (3 - day) * DAY_MS,
            )
            const on = (d: any) => shanghaiDayKey(d.createdAt ?? d.at) === key
            const stored = daily.find((d: any) => d.day === key) as any
            expect(stored).toBeDefined()
            const f = stored.figures
            expect(f.content.posts).toBe(dump.posts.filter(on).length)
            expect(f.content.comments).toBe(dump.comments.filter(on).length)
            expect(f.content.likes).toBe(dump.likes.filter(on).length)
            const active = new Set([
              ...dump.posts.filter(on).map((p: any) => p.authorId),
              ...dump.comments.filter(on).map((c: any) => c.authorId),
              ...dump.likes.filter(on).map((l: any) => l.openid),
            ])
            expect(f.active).toBe(active.size)
            expect(f.members.new).toBe(day === 0 ? 4 : 0)
            const views = f.funnel.reduce((s: number, r: any) => s + r.views, 0)
            const taps = f.funnel.reduce((s: number, r: any) => s + r.taps, 0)
            expect(views).toBe(dump.visits.filter((v: any) => on(v) && v.kind === 'view').length)
            expect(taps).toBe(dump.visits.filter((v: any) => on(v) && v.kind === 'tap').length)
            // each member's activity summary has the day exactly when they were active
            for (const p of people) {
              const m = (await cloud.db.find('memberships')).find(
                (x: any) => x._id === membershipId(circleId, p),
              ) as any
              expect((m.activity?.days ?? []).includes(key)).toBe(active.has(p))
            }
          }
        },
      ),
      { numRuns: 6 },
    )
  }, 120_000)

  it('counts a visitor once a day however often they open the landing page', async () => {
    const { circleId } = await circleWith(1)
    const visitor = as('o_visitor')
    expect(await visitor('stats', 'track', { circleId, kind: 'view', channel: '朋友圈' })).toEqual({ counted: true })
    expect(await visitor('stats', 'track', { circleId, kind: 'view', channel: '朋友圈' })).toEqual({ counted: false })
    expect(await as(null)('stats', 'track', { circleId, kind: 'view' })).toEqual({ counted: false })
    const today = await owner('stats', 'dashboard', { circleId, period: 'today' })
    expect(today.funnel.find((r) => r.channel === '朋友圈')).toMatchObject({ views: 1, taps: 0 })
    atNoon(1)
    expect(await visitor('stats', 'track', { circleId, kind: 'view', channel: '朋友圈' })).toEqual({ counted: true })
  })

  it('shows today live and the last 7 days from the nightly run', async () => {
    const { circleId, people } = await circleWith(3)
    const p = await as(people[0])('post', 'create', { circleId, text: '今天的第一条' })
    await as(people[1])('post', 'comment', { postId: p.id, text: '赞' })
    await owner('post', 'feature', { postId: p.id, featured: true })
    const today = await owner('stats', 'dashboard', { circleId, period: 'today' })
    expect(today.content).toMatchObject({ posts: 1, comments: 1, featured: 1 })
    expect(today.active.peak).toBe(2)
    expect(today.members.new).toBe(3)
    atNoon(1)
    await aggregate()
    const week = await owner('stats', 'dashboard', { circleId, period: '7d' })
    expect(week.content).toMatchObject({ posts: 1, comments: 1, featured: 1 })
    expect(week.members).toMatchObject({ new: 3, net: 3 })
    expect(week.series).toHaveLength(30)
    expect(week.series[29]).toMatchObject({ posts: 1, active: 2, newMembers: 3 })
    expect(week.computedThrough).toBe(addDays(shanghaiDayKey(Date.now() + Number(process.env.QZ_CLOCK_OFFSET_MS)), -1))
  })

  it('changes nothing when a day is aggregated again', async () => {
    const { circleId, people } = await circleWith(2)
    await as(people[0])('post', 'create', { circleId, text: '只此一条' })
    const day = shanghaiDayKey(Date.now() + Number(process.env.QZ_CLOCK_OFFSET_MS))
    atNoon(1)
    await aggregate()
    const circle = (await cloud.db.find('circles'))[0] as any
    const before = { members: await cloud.db.find('memberships'), daily: await cloud.db.find('statsDaily') }
    await aggregateCircleDay(circle, day, new Date(before.daily[0].computedAt as Date))
    expect(await cloud.db.find('memberships')).toEqual(before.members)
    expect(await cloud.db.find('statsDaily')).toEqual(before.daily)
    expect((before.members.find((m: any) => m.openid === people[0]) as any).activity.days).toEqual([day])
  })

  it('resumes a night’s run from its cursor when a run stops part way', async () => {
    const ids: string[] = []
    for (let i = 0; i < 3; i++)
      ids.push((await owner('circle', 'create', { name: `圈子${i}号`, type: 'interest', entryMode: 'free' })).id)
    atNoon(1)
    const ctx = {
      now: new Date(Date.now() + Number(process.env.QZ_CLOCK_OFFSET_MS)),
      caller: null,
      openid: '',
      requestId: 't',
    } as never
    const first = await runAggregate(ctx, { batch: 2, maxCircles: 2 })
    expect(first).toEqual({ circles: 2, days: [] })
    expect((await cloud.db.find('statsDaily')).length).toBe(2)
    const second = await runAggregate(ctx, { batch: 2 })
    expect(second.circles).toBe(1)
    expect(second.days).toHaveLength(1)
    expect(((await cloud.db.find('statsDaily')) as any[]).map((d) => d.circleId).sort()).toEqual([...ids].sort())
    // the day is done: a later run the same day reads the job and stops
    expect(await runAggregate(ctx)).toEqual({ circles: 0, days: [] })
  })

  it('lets only the owner and partners read the numbers', async () => {
    const { circleId, people } = await circleWith(2)
    await owner('circle', 'setRole', { circleId, openid: people[0], role: 'partner' })
    await owner('circle', 'setRole', { circleId, openid: people[1], role: 'admin' })
    expect((await as(people[0])('stats', 'dashboard', { circleId, period: '30d' })).period).toBe('30d')
    expect(await refusal(as(people[1])('stats', 'dashboard', { circleId, period: '30d' }))).toMatchObject({
      code: 'forbidden',
    })
    expect(await refusal(as('o_stranger')('stats', 'segments', { circleId }))).toMatchObject({ code: 'not_member' })
    // tags and notes are the owner's own: a partner sees none and may not write them
    await owner('stats', 'tagMember', { circleId, openid: people[1], tags: ['老学员'], note: '线下见过' })
    const forPartner = await as(people[0])('stats', 'members', { circleId, tag: '老学员' })
    expect(forPartner.items.map((m) => [m.openid, m.tags, m.note])).toEqual([[people[1], [], '']])
    expect(
      await refusal(as(people[0])('stats', 'tagMember', { circleId, openid: people[1], tags: [], note: '' })),
    ).toMatchObject({ code: 'forbidden' })
  })
})

describe('the member list', () => {
  it('filters by name prefix, role, 渠道, tag and expiry, newest joiners first', async () => {
    const { circleId, people } = await circleWith(3)
    const now = new Date(Date.now() + Number(process.env.QZ_CLOCK_OFFSET_MS))
    // names, a 渠道 and a term end as other features would have written them
    const set = (openid: string, data: Record<string, unknown>) =>
      db().collection('memberships').doc(membershipId(circleId, openid)).update({ data })
    await set(people[0], { user: { nickname: '王小明' }, source: { kind: 'free', inviterId: null, channel: '公众号' } })
    await set(people[1], { user: { nickname: '王大力' }, expiresAt: new Date(now.getTime() + 3 * DAY_MS) })
    await set(people[2], { user: { nickname: '李雷' } })
    await owner('circle', 'setRole', { circleId, openid: people[2], role: 'guest' })
    await owner('stats', 'tagMember', { circleId, openid: people[2], tags: ['讲师'], note: '' })
    const ids = async (filter: Record<string, unknown>) =>
      (await owner('stats', 'members', { circleId, ...filter })).items.map((m) => m.openid)
    expect(await ids({ q: '王' })).toEqual([people[1], people[0]])
    expect(await ids({ channel: '公众号' })).toEqual([people[0]])
    expect(await ids({ role: 'guest' })).toEqual([people[2]])
    expect(await ids({ tag: '讲师' })).toEqual([people[2]])
    expect(await ids({ expiry: 'expiring' })).toEqual([people[1]])
    expect(await ids({ segment: 'expiring' })).toEqual([people[1]])
    expect((await ids({})).length).toBe(4)
  })
})

describe('segments', () => {
  it('puts quiet members in silent after the nightly run, and sends each a win-back coupon once', async () => {
    const { circleId, people } = await circleWith(3)
    for (let day = 1; day <= 15; day++) {
      atNoon(day)
      const post = await as(people[0])('post', 'create', { circleId, text: `第${day}天` })
      if (day % 2) await as(people[1])('post', 'like', { postId: post.id, liked: true })
      atNoon(day + 1)
      await aggregate()
    }
    const seg = await owner('stats', 'segments', { circleId })
    // people[0] posted daily and people[1] liked on 8 of the days: both core; people[2] said nothing
    expect(seg.counts).toMatchObject({ core: 2, potential: 0, silent: 1 })
    const silent = await owner('stats', 'members', { circleId, segment: 'silent' })
    expect(silent.items.map((m) => m.openid)).toEqual([people[2]])
    const first = await owner('stats', 'winBack', { circleId, segment: 'silent', amountFen: 1000, days: 30 })
    const again = await owner('stats', 'winBack', { circleId, segment: 'silent', amountFen: 1000, days: 30 })
    expect(first).toMatchObject({ issued: 1, already: 0 })
    expect(again).toMatchObject({ issued: 0, already: 1 })
    const coupons = (await cloud.db.find('coupons')) as any[]
    expect(coupons.map((c) => [c.holder, c.amountFen, c.listed])).toEqual([[people[2], 1000, false]])
    const inbox = await as(people[2])('notify', 'list', {})
    expect(inbox.items.filter((n: any) => n.title.includes('回归礼券'))).toHaveLength(1)
  })
})

describe('reminders', () => {
  it('tells every member of the segment in-app, and by subscription message only those with a grant, once a day', async () => {
    const { circleId, people } = await circleWith(3)
    await as(people[0])('notify', 'grant', { accepted: [RENEWAL_TEMPLATE_ID] })
    const first = await owner('stats', 'remind', { circleId, segment: 'potential', text: '本周六线下见面会' })
    expect(first).toMatchObject({ notified: 3, messages: 1, nextCursor: null })
    const again = await owner('stats', 'remind', { circleId, segment: 'potential', text: '本周六线下见面会' })
    expect(again.messages).toBe(0)
    for (const p of people) {
      const inbox = await as(p)('notify', 'list', {})
      expect(inbox.items.filter((n: any) => n.body === '本周六线下见面会')).toHaveLength(1)
    }
    expect(await cloud.db.count('subscribeSends')).toBe(1)
  })
})

describe('exports', () => {
  it('exports 10 000 members in pages of 500 as one CSV with a BOM and a header', async () => {
    const { circleId } = await circleWith(0)
    const now = new Date()
    cloud.db.insertMany(
      'memberships',
      Array.from({ length: 10_000 }, (_, i) => ({
        _id: membershipId(circleId, `o_bulk${i}`),
        circleId,
        openid: `o_bulk${i}`,
        role: 'member',
        status: 'active',
        user: { nickname: `成员${i}`, avatarUrl: '' },
        joinedAt: new Date(now.getTime() - i * 1000),
        expiresAt: null,
        updatedAt: now,
        source: { kind: 'free', inviterId: null, channel: i % 3 ? null : '公众号' },
      })) as never,
    )
    let csv = ''
    let calls = 0
    let cursor: string | undefined
    do {
      const page = await owner('stats', 'export', { circleId, kind: 'members', cursor })
      csv += page.csv
      calls += 1
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    const lines = csv.split('\r\n').filter(Boolean)
    expect(csv.startsWith('\uFEFF昵称,')).toBe(true)
    expect(lines).toHaveLength(1 + 10_001) // header, the bulk and the owner
    expect(calls).toBe(21)
    expect(new Set(lines.slice(1).map((l) => l.split(',')[0])).size).toBe(10_001)
  }, 60_000)

  it('exports a challenge’s check-ins in order, with names, and refuses a challenge of another circle', async () => {
    const { circleId, people } = await circleWith(2)
    const today = shanghaiDayKey(Date.now() + Number(process.env.QZ_CLOCK_OFFSET_MS))
    const startDay = `${today.slice(0, 4)}-${today.slice(4, 6)}-${today.slice(6, 8)}`
    const ch = await owner('challenge', 'create', { circleId, title: '晨读', startDay, days: 7, requiredDays: 5 })
    for (const p of people) await as(p)('challenge', 'enroll', { challengeId: ch.id })
    await as(people[0])('challenge', 'checkIn', { challengeId: ch.id, text: '=读完第一章，很受用' })
    await as(people[1])('challenge', 'checkIn', { challengeId: ch.id, text: '今天读了二十页' })
    const page = await owner('stats', 'export', { circleId, kind: 'checkins', challengeId: ch.id })
    const lines = page.csv.split('\r\n').filter(Boolean)
    expect(lines[0]).toBe('\uFEFF日期,昵称,内容,补卡,打卡时间')
    expect(lines).toHaveLength(3)
    // a cell a spreadsheet would run as a formula is defused
    expect(lines[1]).toContain(`,'=读完第一章，很受用,`)
    const other = await owner('circle', 'create', { name: '另一个圈', type: 'interest', entryMode: 'free' })
    expect(
      await refusal(owner('stats', 'export', { circleId: other.id, kind: 'checkins', challengeId: ch.id })),
    ).toMatchObject({ code: 'not_found', param: 'challengeId' })
  })
})
