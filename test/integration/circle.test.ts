import { as, IMG, invoke, refusal, setClockOffset, snapshot, startWorld, type TestCloud } from './world'

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

async function freeCircle(extra: Record<string, unknown> = {}) {
  return owner('circle', 'create', {
    name: '晨读会',
    type: 'interest',
    entryMode: 'free',
    welcome: '欢迎来到晨读会！',
    ...extra,
  })
}

describe('creating and editing a circle', () => {
  it('makes the caller the owner, from the WeChat context and never from the request', async () => {
    const c = await freeCircle({ intro: '每天早上一起读书', tags: ['读书'] })
    expect(c).toMatchObject({
      name: '晨读会',
      owner: { openid: 'o_owner' },
      memberCount: 1,
      status: 'active',
      tags: ['读书'],
    })
    const page = await owner('circle', 'get', { circleId: c.id })
    expect(page.me).toMatchObject({ role: 'owner', expiresAt: null })
  })

  it('refuses a smuggled owner field with a clear error and writes nothing', async () => {
    const before = await snapshot(cloud)
    const res = await invoke('o_owner', 'circle', {
      action: 'create',
      name: '晨读会',
      type: 'interest',
      entryMode: 'free',
      ownerId: 'o_bob',
    })
    expect(res).toEqual({
      ok: false,
      error: { code: 'invalid_argument', message: expect.stringMatching(/[\u4e00-\u9fa5]/), param: 'ownerId' },
    })
    expect(await snapshot(cloud)).toEqual(before)
  })

  it('names the bad field: a one-character name', async () => {
    const e = await refusal(owner('circle', 'create', { name: '读', type: 'interest', entryMode: 'free' }))
    expect(e).toMatchObject({ code: 'invalid_argument', param: 'name', message: '圈子名称填写有误，请检查后再试' })
    expect(await cloud.db.count('circles')).toBe(0)
  })

  it('answers unknown_action and unauthenticated without touching the database', async () => {
    expect(await invoke('o_owner', 'circle', { action: 'dropAll' })).toMatchObject({
      ok: false,
      error: { code: 'unknown_action' },
    })
    expect(
      await invoke(null, 'circle', { action: 'create', name: '晨读会', type: 'interest', entryMode: 'free' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    })
    expect(await cloud.db.count('circles')).toBe(0)
  })

  it('lets the owner edit every profile field, and nobody else', async () => {
    const c = await freeCircle()
    await alice('circle', 'join', { circleId: c.id })
    const edited = await owner('circle', 'update', {
      circleId: c.id,
      intro: '新简介',
      coverUrl: IMG(1),
      avatarUrl: IMG(2),
      type: 'knowledge',
      audience: '想早起的人',
      coreValue: '每天进步一点点',
      rules: '友善交流',
      welcome: '你好呀',
      announcement: '本周读《原则》',
      tags: ['早起', '读书'],
      allowPreview: false,
    })
    expect(edited).toMatchObject({
      intro: '新简介',
      type: 'knowledge',
      announcement: '本周读《原则》',
      allowPreview: false,
      tags: ['早起', '读书'],
    })
    expect(await refusal(alice('circle', 'update', { circleId: c.id, name: '我的圈' }))).toMatchObject({
      code: 'forbidden',
    })
    expect(await refusal(bob('circle', 'update', { circleId: c.id, name: '我的圈' }))).toMatchObject({
      code: 'not_member',
    })
  })

  it('closes a circle: members still read, nobody joins or posts', async () => {
    const c = await freeCircle()
    await alice('circle', 'join', { circleId: c.id })
    expect(await refusal(alice('circle', 'close', { circleId: c.id }))).toMatchObject({ code: 'forbidden' })
    const closed = await owner('circle', 'close', { circleId: c.id })
    expect(closed).toMatchObject({ status: 'closed', closedAt: expect.any(String) })
    expect(await refusal(bob('circle', 'join', { circleId: c.id }))).toMatchObject({ code: 'circle_closed' })
    expect(await refusal(alice('post', 'create', { circleId: c.id, text: '还在吗' }))).toMatchObject({
      code: 'circle_closed',
    })
    await expect(alice('post', 'list', { circleId: c.id })).resolves.toMatchObject({ items: [] })
    const found = await bob('circle', 'discover', {})
    expect(found.items.map((x) => x.id)).not.toContain(c.id)
  })
})

describe('joining', () => {
  it('joins a free circle, shows the welcome message and counts the member once', async () => {
    const c = await freeCircle()
    const joined = await alice('circle', 'join', { circleId: c.id })
    expect(joined).toMatchObject({ welcome: '欢迎来到晨读会！', membership: { role: 'member', circleId: c.id } })
    expect(await refusal(alice('circle', 'join', { circleId: c.id }))).toMatchObject({ code: 'already_member' })
    const page = await bob('circle', 'get', { circleId: c.id })
    expect(page.stats.memberCount).toBe(2)
    expect(page.me).toBeNull()
  })

  it('refuses approval and paid circles for now, writing nothing', async () => {
    const paid = await owner('circle', 'create', { name: '人像摄影进阶', type: 'knowledge', entryMode: 'paid' })
    const approval = await owner('circle', 'create', { name: '产品经理成长营', type: 'product', entryMode: 'approval' })
    const before = await snapshot(cloud)
    expect(await refusal(alice('circle', 'join', { circleId: paid.id }))).toMatchObject({
      code: 'entry_requires_payment',
    })
    expect(await refusal(alice('circle', 'join', { circleId: approval.id }))).toMatchObject({
      code: 'entry_requires_approval',
    })
    expect(await snapshot(cloud)).toEqual(before)
  })

  it('counts concurrent joins exactly', async () => {
    const c = await freeCircle()
    const people = Array.from({ length: 8 }, (_, i) => `o_p${i}`)
    await Promise.all(people.map((p) => as(p)('circle', 'join', { circleId: c.id })))
    const page = await owner('circle', 'get', { circleId: c.id })
    expect(page.circle.memberCount).toBe(9)
  })

  it('lists my circles with my role, and lets a member leave and come back', async () => {
    const a = await freeCircle()
    const b = await owner('circle', 'create', { name: '跑步群', type: 'interest', entryMode: 'free' })
    await alice('circle', 'join', { circleId: a.id })
    await alice('circle', 'join', { circleId: b.id })
    expect((await alice('circle', 'mine', {})).items.map((x) => [x.name, x.role])).toEqual([
      ['跑步群', 'member'],
      ['晨读会', 'member'],
    ])
    await alice('circle', 'leave', { circleId: b.id })
    expect((await alice('circle', 'mine', {})).items.map((x) => x.name)).toEqual(['晨读会'])
    expect(await refusal(owner('circle', 'leave', { circleId: a.id }))).toMatchObject({ code: 'owner_cannot_leave' })
    await alice('circle', 'join', { circleId: b.id })
    expect((await owner('circle', 'get', { circleId: b.id })).circle.memberCount).toBe(2)
  })
})

describe('discovery and the visitor page', () => {
  it('pages through active circles newest first by cursor, filtered by type', async () => {
    for (let i = 0; i < 23; i++) {
      setClockOffset(i * 1000)
      await owner('circle', 'create', {
        name: `圈子${String(i).padStart(2, '0')}`,
        type: i % 2 ? 'knowledge' : 'interest',
        entryMode: 'free',
      })
    }
    const first = await bob('circle', 'discover', {})
    expect(first.items).toHaveLength(20)
    expect(first.items[0].name).toBe('圈子22')
    const second = await bob('circle', 'discover', { cursor: first.nextCursor! })
    expect(second.items.map((c) => c.name)).toEqual(['圈子02', '圈子01', '圈子00'])
    expect(second.nextCursor).toBeNull()
    const knowledge = await bob('circle', 'discover', { type: 'knowledge' })
    expect(knowledge.items).toHaveLength(11)
  })

  it('shows a visitor the owner-chosen 精华 posts only while preview is on', async () => {
    const c = await freeCircle()
    const p = await owner('post', 'create', { circleId: c.id, text: '精华：如何坚持早起' })
    await owner('post', 'create', { circleId: c.id, text: '普通动态' })
    await owner('post', 'feature', { postId: p.id, featured: true })
    await owner('post', 'setPreview', { postId: p.id, inPreview: true })
    const page = await bob('circle', 'get', { circleId: c.id })
    expect(page.previewPosts.map((x) => x.text)).toEqual(['精华：如何坚持早起'])
    expect(page.stats).toMatchObject({ postCount: 2, postsLast7Days: 2, featuredCount: 1 })
    await owner('circle', 'update', { circleId: c.id, allowPreview: false })
    expect((await bob('circle', 'get', { circleId: c.id })).previewPosts).toEqual([])
    expect(await refusal(bob('post', 'get', { postId: p.id }))).toMatchObject({ code: 'not_member' })
  })
})

describe('opening a circle', () => {
  it('brings members the first page of the feed, with their likes, and visitors none', async () => {
    const c = await freeCircle()
    await alice('circle', 'join', { circleId: c.id })
    const p = await owner('post', 'create', { circleId: c.id, text: '第一条' })
    await alice('post', 'like', { postId: p.id, liked: true })
    const forAlice = await alice('circle', 'get', { circleId: c.id })
    expect(forAlice.feed).toMatchObject({
      items: [{ id: p.id, liked: true, likeCount: 1 }],
      nextCursor: null,
      viewerRole: 'member',
    })
    expect(forAlice.feed).toEqual(await alice('post', 'list', { circleId: c.id }))
    expect((await bob('circle', 'get', { circleId: c.id })).feed).toBeNull()
  })
})

describe('roles', () => {
  it('lets the owner make an admin, who may then pin; members list shows roles', async () => {
    const c = await freeCircle()
    await alice('circle', 'join', { circleId: c.id })
    await bob('circle', 'join', { circleId: c.id })
    const p = await bob('post', 'create', { circleId: c.id, text: 'hello' })
    expect(await refusal(alice('post', 'pin', { postId: p.id, pinned: true }))).toMatchObject({ code: 'forbidden' })
    expect(await refusal(alice('circle', 'setRole', { circleId: c.id, openid: 'o_bob', role: 'admin' }))).toMatchObject(
      { code: 'forbidden' },
    )
    await owner('circle', 'setRole', { circleId: c.id, openid: 'o_alice', role: 'admin' })
    await expect(alice('post', 'pin', { postId: p.id, pinned: true })).resolves.toMatchObject({ pinned: true })
    const members = await bob('circle', 'members', { circleId: c.id })
    expect(members.items.map((m) => [m.openid, m.role])).toEqual([
      ['o_bob', 'member'],
      ['o_alice', 'admin'],
      ['o_owner', 'owner'],
    ])
    expect(
      await refusal(owner('circle', 'setRole', { circleId: c.id, openid: 'o_owner', role: 'member' })),
    ).toMatchObject({ code: 'forbidden' })
    expect(await refusal(as('o_stranger')('circle', 'members', { circleId: c.id }))).toMatchObject({
      code: 'not_member',
    })
  })
})
