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
const admin = as('o_admin')
const alice = as('o_alice')
const stranger = as('o_stranger')
const HOUR = 3_600_000
const DAY = 24 * HOUR
const publishTimer = () => invoke(null, 'post', { Type: 'Timer', TriggerName: 'publishScheduled' }) as Promise<any>
const inHours = (h: number) => new Date(Date.now() + h * HOUR).toISOString()

async function circleWithTeam() {
  const c = await owner('circle', 'create', { name: '晨读会', type: 'interest', entryMode: 'free' })
  await admin('circle', 'join', { circleId: c.id })
  await alice('circle', 'join', { circleId: c.id })
  await owner('circle', 'setRole', { circleId: c.id, openid: 'o_admin', role: 'admin' })
  return c.id
}

describe('scheduled posts', () => {
  it('publishes a scheduled post at its minute, once, and not before', async () => {
    const circleId = await circleWithTeam()
    const s = await owner('post', 'schedule', { circleId, text: '明早的读书预告 #预告', publishAt: inHours(2) })
    expect(s).toMatchObject({ status: 'scheduled', tags: ['预告'], postId: null })
    expect(await publishTimer()).toMatchObject({ ok: true, data: { due: 0 } })
    expect((await alice('post', 'list', { circleId })).items.map((p) => p.text)).not.toContain('明早的读书预告 #预告')
    setClockOffset(2 * HOUR + 60_000)
    expect(await publishTimer()).toMatchObject({ ok: true, data: { due: 1, published: 1 } })
    const feed = await alice('post', 'list', { circleId })
    expect(feed.items[0]).toMatchObject({
      id: `${s.id}-post`,
      text: '明早的读书预告 #预告',
      author: { openid: 'o_owner' },
      tags: ['预告'],
    })
    expect(await publishTimer()).toMatchObject({ ok: true, data: { due: 0 } })
    expect(await cloud.db.find('posts', { text: '明早的读书预告 #预告' })).toHaveLength(1)
    // and search finds it: the terms came with the post
    expect((await alice('post', 'search', { circleId, q: '读书预告' })).items.map((p) => p.id)).toEqual([
      `${s.id}-post`,
    ])
  })

  it('is published once when two timer runs race', async () => {
    const circleId = await circleWithTeam()
    const ids: string[] = []
    for (let i = 0; i < 3; i++)
      ids.push((await admin('post', 'schedule', { circleId, text: `并发定时 ${i}`, publishAt: inHours(1) })).id)
    setClockOffset(HOUR + 60_000)
    const runs = await Promise.all([publishTimer(), publishTimer(), publishTimer()])
    expect(runs.every((r) => r.ok)).toBe(true)
    // every run that saw a record either published it or found it already published
    for (const r of runs) expect(r.data.published + r.data.skipped).toBe(r.data.due)
    expect(runs.reduce((n, r) => n + r.data.published, 0)).toBe(3)
    const posts = await cloud.db.find('posts', {})
    expect(posts.map((p) => p._id).sort()).toEqual(ids.map((id) => `${id}-post`).sort())
    const records = await cloud.db.find('scheduledPosts', {})
    expect(records.every((r) => r.status === 'published')).toBe(true)
  })

  it('allows at most 14 days ahead and only the future, writing nothing when refused', async () => {
    const circleId = await circleWithTeam()
    const before = await snapshot(cloud)
    expect(
      await refusal(
        owner('post', 'schedule', {
          circleId,
          text: '太远',
          publishAt: new Date(Date.now() + 14 * DAY + 120_000).toISOString(),
        }),
      ),
    ).toMatchObject({
      code: 'schedule_too_far',
      param: 'publishAt',
    })
    expect(await refusal(owner('post', 'schedule', { circleId, text: '过去', publishAt: inHours(-1) }))).toMatchObject({
      code: 'schedule_too_soon',
    })
    expect(await snapshot(cloud)).toEqual(before)
    const edge = await owner('post', 'schedule', {
      circleId,
      text: '刚好两周',
      publishAt: new Date(Date.now() + 14 * DAY - 60_000).toISOString(),
    })
    expect(edge.status).toBe('scheduled')
  })

  it('lets only the team schedule, keeps drafts to their author and shows scheduled posts to the team', async () => {
    const circleId = await circleWithTeam()
    expect(
      await refusal(alice('post', 'schedule', { circleId, text: '成员想定时', publishAt: inHours(1) })),
    ).toMatchObject({ code: 'forbidden' })
    expect(await refusal(stranger('post', 'scheduled', { circleId }))).toMatchObject({ code: 'not_member' })
    const draft = await admin('post', 'schedule', { circleId, text: '管理员的草稿', publishAt: null })
    expect(draft.status).toBe('draft')
    const planned = await admin('post', 'schedule', { circleId, text: '管理员的定时', publishAt: inHours(3) })
    expect((await admin('post', 'scheduled', { circleId, kind: 'drafts' })).items.map((r) => r.id)).toEqual([draft.id])
    expect((await owner('post', 'scheduled', { circleId, kind: 'drafts' })).items).toEqual([])
    expect((await owner('post', 'scheduled', { circleId, kind: 'scheduled' })).items.map((r) => r.id)).toEqual([
      planned.id,
    ])
    // only its author edits or deletes it
    expect(await refusal(owner('post', 'unschedule', { scheduledId: planned.id }))).toMatchObject({ code: 'not_found' })
    expect(
      await refusal(owner('post', 'schedule', { circleId, scheduledId: draft.id, text: '改别人的', publishAt: null })),
    ).toMatchObject({ code: 'not_found' })
    const moved = await admin('post', 'schedule', {
      circleId,
      scheduledId: draft.id,
      text: '草稿改成定时',
      publishAt: inHours(5),
    })
    expect(moved).toMatchObject({ id: draft.id, status: 'scheduled' })
    expect(await admin('post', 'unschedule', { scheduledId: planned.id })).toEqual({ removed: true })
    expect((await owner('post', 'scheduled', { circleId })).items.map((r) => r.id)).toEqual([draft.id])
    // a published one is no longer editable
    setClockOffset(5 * HOUR + 60_000)
    await publishTimer()
    expect(await refusal(admin('post', 'unschedule', { scheduledId: draft.id }))).toMatchObject({
      code: 'schedule_not_editable',
    })
  })

  it('runs the content checks at publishing: held for review or refused, and tells the author', async () => {
    const circleId = await circleWithTeam()
    const review = await admin('post', 'schedule', { circleId, text: '分享一个内幕消息', publishAt: inHours(1) })
    const risky = await admin('post', 'schedule', { circleId, text: '周末一起上赌博网站', publishAt: inHours(1) })
    setClockOffset(HOUR + 60_000)
    expect(await publishTimer()).toMatchObject({ ok: true, data: { held: 1, refused: 1 } })
    const [heldPost] = await cloud.db.find('posts', { _id: `${review.id}-post` })
    expect(heldPost.status).toBe('held')
    expect(await cloud.db.find('posts', { _id: `${risky.id}-post` })).toEqual([])
    const inbox = await cloud.db.find('notifications', { openid: 'o_admin' })
    expect(inbox.map((n) => n._id).sort()).toEqual([`schedule:${review.id}:held`, `schedule:${risky.id}:refused`])
    expect((await owner('post', 'held', { circleId })).items.map((h) => h.id)).toEqual([heldPost._id])
  })

  it('does not publish for someone who left the team meanwhile, and says why', async () => {
    const circleId = await circleWithTeam()
    const s = await admin('post', 'schedule', { circleId, text: '我的定时帖', publishAt: inHours(1) })
    await owner('circle', 'setRole', { circleId, openid: 'o_admin', role: 'member' })
    setClockOffset(HOUR + 60_000)
    expect(await publishTimer()).toMatchObject({ ok: true, data: { failed: 1 } })
    const [record] = await cloud.db.find('scheduledPosts', { _id: s.id })
    expect(record).toMatchObject({ status: 'failed', failReason: '你已不在圈子的管理团队中' })
    expect(await cloud.db.find('posts', {})).toEqual([])
  })

  it('shows the calendar of a month per Shanghai day: scheduled posts and how many were published', async () => {
    const circleId = await circleWithTeam()
    await alice('post', 'create', { circleId, text: '今天的帖子' })
    await alice('post', 'create', { circleId, text: '今天第二条' })
    const now = new Date(Date.now())
    const today = new Date(now.getTime() + 8 * HOUR).toISOString().slice(0, 10)
    const month = today.slice(0, 7).replace('-', '')
    const s = await owner('post', 'schedule', { circleId, text: '稍后发', publishAt: inHours(1) })
    const cal = await admin('post', 'calendar', { circleId, month })
    const day = cal.days.find((d) => d.day === today)!
    expect(day.publishedCount).toBe(2)
    const later = new Date(Date.now() + HOUR + 8 * HOUR).toISOString().slice(0, 10)
    const sDay = (
      later.slice(0, 7).replace('-', '') === month
        ? cal
        : await admin('post', 'calendar', { circleId, month: later.slice(0, 7).replace('-', '') })
    ).days.find((d) => d.day === later)!
    expect(sDay.scheduled.map((r) => r.id)).toEqual([s.id])
    expect(cal.days[0].day.endsWith('-01')).toBe(true)
    expect(cal.days.reduce((n, d) => n + d.publishedCount, 0)).toBe(2)
  })

  it('puts a post scheduled for 23:30 Shanghai time on that Shanghai day, not the UTC one', async () => {
    const circleId = await circleWithTeam()
    // the next 23:30 in Shanghai (15:30 UTC), at least an hour ahead
    const at = new Date(Date.now())
    at.setUTCHours(15, 30, 0, 0)
    if (at.getTime() < Date.now() + HOUR) at.setUTCDate(at.getUTCDate() + 1)
    const s = await owner('post', 'schedule', { circleId, text: '深夜定时', publishAt: at.toISOString() })
    const shanghaiDay = new Date(at.getTime() + 8 * HOUR).toISOString().slice(0, 10)
    const cal = await owner('post', 'calendar', { circleId, month: shanghaiDay.slice(0, 7).replace('-', '') })
    expect(cal.days.find((d) => d.scheduled.some((r) => r.id === s.id))!.day).toBe(shanghaiDay)
  })
})
