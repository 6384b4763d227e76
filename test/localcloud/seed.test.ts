// The demo seed, played through the REAL cloud functions (cloudfunctions/*), bundled by the real
// build script: what a newcomer sees after `npm start`.
import { execFileSync } from 'child_process'
import path from 'path'
import { COLLECTIONS } from '../../cloudfunctions/runtime/schema'
import { seedDemo } from '../../localcloud/seed'
import { DEMO_CIRCLES, DEMO_POSTS, DEMO_USERS } from '../../localcloud/seed/data'
import { startLocalCloud, type LocalCloud } from '../../localcloud/server'
import { quiet, ROOT, tempDir, WORKER } from './helpers'

// The seed plays a week through the real functions (each a Node 18 process), onboarding included: ≈ 50 s on 2 shared cores.
jest.setTimeout(150_000)

const functions = tempDir('real-fn')
const data = tempDir('seed-data')
let cloud: LocalCloud

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-functions.mjs'), '--out', functions.dir], {
    stdio: 'pipe',
  })
  cloud = await startLocalCloud({
    root: ROOT,
    dataDir: data.dir,
    port: 0,
    functionsDir: functions.dir,
    collections: COLLECTIONS,
    persist: false,
    timers: false,
    workerPath: WORKER,
    log: quiet,
    seed: (c) => seedDemo(c),
  })
  await cloud.reset()
})

afterAll(async () => {
  await cloud?.close()
  functions.cleanup()
  data.cleanup()
})

const url = (p: string) => `http://127.0.0.1:${cloud.port}${p}`
const call = async (fn: string, body: Record<string, unknown>, openid?: string) => {
  const res = await fetch(url(`/api/fn/${fn}`), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(openid ? { 'x-dev-openid': openid } : {}) },
    body: JSON.stringify(body),
  })
  return (await res.json()) as any
}

describe('the demo seed', () => {
  it('makes the demo people, labelled for the dev login', async () => {
    const { users } = (await (await fetch(url('/api/dev/users'))).json()) as any
    expect(users.map((u: any) => [u.nickname, u.label])).toEqual(DEMO_USERS.map((u) => [u.nickname, u.label]))
    expect(users.every((u: any) => u.avatarUrl.startsWith('cloud://'))).toBe(true)
  })

  it('makes the owners 二级商户 through the real onboarding, one still waiting to sign (平台收付通)', async () => {
    const view = async (key: string) =>
      (await call('wallet', { action: 'merchant' }, DEMO_USERS.find((u) => u.key === key)!.openid)).data
    expect(await view('lin')).toMatchObject({
      mode: 'platform',
      state: 'finish',
      label: '已完成',
      subMchid: expect.stringMatching(/^16/),
    })
    expect(await view('su')).toMatchObject({
      state: 'finish',
      balance: { pendingFen: expect.any(Number), availableFen: expect.any(Number) },
    })
    expect(await view('chen')).toMatchObject({
      state: 'need_sign',
      label: '待签约',
      signQr: expect.stringMatching(/^data:image\/png;base64,/),
    })
  })

  it('has settled the week-old sales (可提现) and keeps only today’s inside the 72 h window (待结算)', async () => {
    const su = DEMO_USERS.find((u) => u.key === 'su')!.openid
    const { balance } = (await call('wallet', { action: 'merchant' }, su)).data
    // the entry sales of eight days ago have passed the hourly settlement, less the platform fee
    expect(balance.availableFen).toBeGreaterThan(0)
    // today's two course sales are still refundable
    expect(balance.pendingFen).toBeGreaterThan(0)
    const photo = (await call('circle', { action: 'discover' })).data.items.find((c: any) => c.entryMode === 'paid')
    const { data } = await call('wallet', { action: 'statement', account: { kind: 'owner', circleId: photo.id } }, su)
    // each week-old entry sale has its settlement line (and the platform fee's 分账) …
    const settledMemos = data.items.filter((l: any) => l.kind === 'settlement').map((l: any) => l.memo)
    expect(settledMemos.length).toBe(DEMO_CIRCLES.find((c) => c.key === 'photo')!.members.length)
    expect(settledMemos.every((m: string) => m.endsWith('人像摄影进阶 · 入圈'))).toBe(true)
    expect(data.items.filter((l: any) => l.kind === 'profit_sharing').length).toBe(settledMemos.length)
    // … while today's course sales and the open 拼团's seat wait for their window to pass
    const sum = (kind: string, field: string) =>
      data.items.filter((l: any) => l.kind === kind).reduce((n: number, l: any) => n + l[field], 0)
    expect(balance).toEqual({
      pendingFen: sum('payment', 'amountFen') - sum('settlement', 'movedFen'),
      availableFen: sum('settlement', 'movedFen') + sum('profit_sharing', 'amountFen'),
    })
  })

  it('makes one circle per entry mode, with full profiles and the right member counts', async () => {
    const page = await call('circle', { action: 'discover' })
    expect(page.ok).toBe(true)
    const byName = new Map<string, any>(page.data.items.map((c: any) => [c.name, c]))
    for (const circle of DEMO_CIRCLES) {
      const card = byName.get(circle.profile.name)
      expect(card).toMatchObject({ entryMode: circle.entryMode, memberCount: circle.members.length + 1 })
      expect(card.coverUrl).toMatch(/^cloud:\/\//)
      const detail = await call('circle', { action: 'get', circleId: card.id })
      expect(detail.data.circle).toMatchObject({ announcement: circle.profile.announcement, tags: circle.profile.tags })
      expect(detail.data.previewPosts.length).toBe(
        DEMO_POSTS.filter((p) => p.circle === circle.key && p.preview).length,
      )
    }
  })

  it('fills the feeds with posts, pins, 精华, comments and likes spread over the past week', async () => {
    const owner = DEMO_USERS.find((u) => u.key === 'lin')!.openid
    const circles = await call('circle', { action: 'discover' })
    const morning = circles.data.items.find((c: any) => c.name === '晨读会')
    const feed = await call('post', { action: 'list', circleId: morning.id }, owner)
    expect(feed.ok).toBe(true)
    const posts = feed.data.items
    expect(posts.length).toBe(DEMO_POSTS.filter((p) => p.circle === 'morning').length)
    expect(posts[0].pinned).toBe(true)
    expect(posts.filter((p: any) => p.featured).length).toBe(
      DEMO_POSTS.filter((p) => p.circle === 'morning' && p.featured).length,
    )
    expect(posts.some((p: any) => p.images.length > 0 && p.tags.length > 0)).toBe(true)
    const days = new Set(posts.map((p: any) => p.createdAt.slice(0, 10)))
    expect(days.size).toBeGreaterThanOrEqual(5)

    const commented = posts.find((p: any) => p.commentCount >= 3)
    const comments = await call('post', { action: 'comments', postId: commented.id }, owner)
    expect(comments.data.items.some((c: any) => c.parentId !== null)).toBe(true)

    // every demo post once; features' extras (seed/extras.ts) may add posts of their own
    const texts = cloud.db.find('posts').map((p) => p.text)
    for (const demo of DEMO_POSTS) expect(texts.filter((t) => t === demo.text)).toHaveLength(1)
  })

  it('seeds an open lottery showing its commitment, not its seed, with one entrant already helped', async () => {
    const [lottery] = cloud.db.find('lotteries')
    expect(lottery).toMatchObject({ title: '晨读会年终抽奖', status: 'open', entryCount: 3 })
    const zhou = DEMO_USERS.find((u) => u.key === 'zhou')!.openid
    const view = await call('lottery', { action: 'get', lotteryId: lottery._id }, zhou)
    expect(view.data).toMatchObject({ seed: null, commitment: lottery.commitment, me: { chances: 3, helps: 2 } })
  })

  it('seeds a 拼团 in progress: one of three seats paid, its deadline ahead of the seed’s now', async () => {
    const [group] = cloud.db.find('groups')
    const wu = DEMO_USERS.find((u) => u.key === 'wu')!.openid
    expect(group).toMatchObject({ status: 'forming', size: 3, seats: 1, memberIds: [wu], priceFen: 9_900 })
    expect(new Date(group.deadline as string).getTime()).toBeGreaterThan(cloud.clock.now().getTime())
    const view = await call('group', { action: 'get', groupId: group._id }, wu)
    expect(view.data).toMatchObject({ seatsLeft: 2, me: { state: 'joined' } })
  })

  it('seeds 晨读会’s newcomer checklist and 人像摄影进阶’s invite milestones', async () => {
    const circles = await call('circle', { action: 'discover' })
    const morning = circles.data.items.find((c: any) => c.entryMode === 'free')
    const photo = circles.data.items.find((c: any) => c.entryMode === 'paid')
    const wang = DEMO_USERS.find((u) => u.key === 'wang')!.openid
    const newcomer = await call('growth', { action: 'newcomer', circleId: morning.id }, wang)
    expect(newcomer.data).toMatchObject({ enabled: true, introTag: '自我介绍', reward: { text: '20 积分' } })
    expect(newcomer.data.tasks.map((t: any) => t.key)).toEqual(['intro', 'checkin', 'guide', 'perk'])
    const su = DEMO_USERS.find((u) => u.key === 'su')!.openid
    const milestones = await call('growth', { action: 'milestones', circleId: photo.id }, su)
    expect(milestones.data.milestones.map((m: any) => m.invitees)).toEqual([1, 3])
  })

  it('lets seeded members of a paid circle read it, and keeps the stranger out', async () => {
    const circles = await call('circle', { action: 'discover' })
    const photo = circles.data.items.find((c: any) => c.entryMode === 'paid')
    const member = DEMO_USERS.find((u) => u.key === 'zhou')!.openid
    const stranger = DEMO_USERS.find((u) => u.key === 'wu')!.openid
    expect((await call('post', { action: 'list', circleId: photo.id }, member)).ok).toBe(true)
    expect(await call('post', { action: 'list', circleId: photo.id }, stranger)).toMatchObject({
      ok: false,
      error: { code: 'not_member' },
    })
  })

  it('serves every uploaded image', async () => {
    const users = cloud.db.find('users')
    for (const user of users) {
      const res = await fetch(url(cloud.storage.urlFor(String(user.avatarUrl))!))
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('image/png')
    }
  })

  it('tells one coherent story on the seed’s own clock: weekdays, months, reports and prices agree', async () => {
    const now = cloud.clock.now()
    const shanghai = (d: Date | string) => new Date(new Date(d).getTime() + 8 * 3600_000)
    // a 周六 event is on a Saturday, and it is still ahead
    const events = cloud.db.find('events') as any[]
    expect(events.length).toBeGreaterThan(0)
    for (const e of events.filter((x) => String(x.title).includes('周六'))) {
      expect(shanghai(e.startAt).getUTCDay()).toBe(6)
      expect(new Date(e.startAt).getTime()).toBeGreaterThan(now.getTime())
    }
    // an announcement never names a month other than the current one
    const month = shanghai(now).getUTCMonth() + 1
    for (const circle of DEMO_CIRCLES) {
      for (const m of circle.profile.announcement.matchAll(/(\d{1,2}) ?月/g)) expect(Number(m[1])).toBe(month)
    }
    // nobody reports their own post
    const reports = cloud.db.find('reports') as any[]
    expect(reports.length).toBeGreaterThan(0)
    for (const r of reports) expect(r.reporter).not.toBe(r.authorId)
    // 吴晓's pending application can be taken back by 吴晓
    const wu = DEMO_USERS.find((u) => u.key === 'wu')!.openid
    const pm = (await call('circle', { action: 'discover' })).data.items.find((c: any) => c.entryMode === 'approval')
    const mine = await call('member', { action: 'myApplication', circleId: pm.id }, wu)
    expect(mine.data).toMatchObject({ status: 'pending' })
    // the paid circles say their entry price where a person decides (发现)
    expect(pm.entryPrice).toMatchObject({ priceFen: 19_900, perDayText: expect.stringContaining('元/天') })
  })

  it('creates a new dev user through the user function', async () => {
    const res = await fetch(url('/api/dev/users'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ nickname: '新来的' }),
    })
    const { user } = (await res.json()) as any
    expect(user).toMatchObject({ nickname: '新来的', label: '路人' })
    expect(user.openid).toMatch(/^o_dev_[0-9a-f]{8}$/)
    const me = await call('user', { action: 'login' }, user.openid)
    expect(me).toMatchObject({ ok: true, data: { openid: user.openid, nickname: '新来的' } })
    const bad = await fetch(url('/api/dev/users'), { method: 'POST', body: JSON.stringify({ nickname: '' }) })
    expect(bad.status).toBe(400)
  })
})
