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
const admin = as('o_admin')
const alice = as('o_alice')
const stranger = as('o_stranger')

/** A free circle with an admin and a member. */
async function circleWithTeam() {
  const c = await owner('circle', 'create', { name: '晨读会', type: 'interest', entryMode: 'free' })
  await admin('circle', 'join', { circleId: c.id })
  await alice('circle', 'join', { circleId: c.id })
  await owner('circle', 'setRole', { circleId: c.id, openid: 'o_admin', role: 'admin' })
  return c.id
}

describe('posting', () => {
  it('publishes text with images and #tags, with the author as the WeChat caller', async () => {
    const circleId = await circleWithTeam()
    const p = await alice('post', 'create', {
      circleId,
      text: '今天读完《原则》#读书笔记 #早起',
      images: [IMG(1), IMG(2)],
    })
    expect(p).toMatchObject({
      author: { openid: 'o_alice', role: 'member' },
      tags: ['读书笔记', '早起'],
      images: [IMG(1), IMG(2)],
      likeCount: 0,
      liked: false,
    })
  })

  it('refuses a visitor, and a tenth image, writing nothing', async () => {
    const circleId = await circleWithTeam()
    const before = await snapshot(cloud)
    expect(await refusal(stranger('post', 'create', { circleId, text: '路过' }))).toMatchObject({ code: 'not_member' })
    const tooMany = await refusal(
      alice('post', 'create', { circleId, text: 'x', images: Array.from({ length: 10 }, (_, i) => IMG(i)) }),
    )
    expect(tooMany).toMatchObject({ code: 'invalid_argument', param: 'images' })
    expect(await snapshot(cloud)).toEqual(before)
  })

  it('costs at most 4 database calls to post and 2 to read a feed page', async () => {
    const circleId = await circleWithTeam()
    cloud.db.resetCallCounts()
    await alice('post', 'create', { circleId, text: '计数' })
    const postCalls = cloud.db.totalCalls()
    cloud.db.resetCallCounts()
    await alice('post', 'list', { circleId })
    const feedCalls = cloud.db.totalCalls()
    expect(postCalls).toBeLessThanOrEqual(4)
    expect(feedCalls).toBeLessThanOrEqual(2)
  })
})

describe('the feed', () => {
  it('is closed to visitors beyond the preview', async () => {
    const circleId = await circleWithTeam()
    expect(await refusal(stranger('post', 'list', { circleId }))).toMatchObject({ code: 'not_member' })
    expect(await invoke(null, 'post', { action: 'list', circleId })).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    })
  })

  it('pages through 45 posts newest first with no gaps or repeats', async () => {
    const circleId = await circleWithTeam()
    for (let i = 0; i < 45; i++) {
      setClockOffset(i * 1000)
      await alice('post', 'create', { circleId, text: `第${i}条` })
    }
    const seen: string[] = []
    let cursor: string | undefined
    do {
      const page = await alice('post', 'list', { circleId, cursor })
      seen.push(...page.items.map((p) => p.text))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    expect(seen).toEqual(Array.from({ length: 45 }, (_, i) => `第${44 - i}条`))
  })

  it('puts pinned posts first, allows three pins at most, and shows tabs', async () => {
    const circleId = await circleWithTeam()
    const ids: string[] = []
    for (let i = 0; i < 5; i++) {
      setClockOffset(i * 1000)
      const by = i === 0 ? owner : alice
      ids.push((await by('post', 'create', { circleId, text: `帖${i} ${i % 2 ? '#读书' : '#跑步'}` })).id)
    }
    await admin('post', 'pin', { postId: ids[1], pinned: true })
    await owner('post', 'pin', { postId: ids[0], pinned: true })
    await owner('post', 'pin', { postId: ids[2], pinned: true })
    expect(await refusal(owner('post', 'pin', { postId: ids[3], pinned: true }))).toMatchObject({
      code: 'pin_limit_reached',
    })
    expect(await refusal(alice('post', 'pin', { postId: ids[3], pinned: true }))).toMatchObject({ code: 'forbidden' })
    const latest = await alice('post', 'list', { circleId })
    expect(latest.items.map((p) => p.text.slice(0, 2))).toEqual(['帖2', '帖0', '帖1', '帖4', '帖3'])
    expect(latest.items.slice(0, 3).every((p) => p.pinned)).toBe(true)
    expect(latest.viewerRole).toBe('member')

    await owner('post', 'feature', { postId: ids[3], featured: true })
    expect((await alice('post', 'list', { circleId, tab: 'featured' })).items.map((p) => p.id)).toEqual([ids[3]])
    expect((await alice('post', 'list', { circleId, tab: 'owner' })).items.map((p) => p.id)).toEqual([ids[0]])
    expect((await alice('post', 'list', { circleId, tab: 'tag', tag: '读书' })).items.map((p) => p.id)).toEqual([
      ids[3],
      ids[1],
    ])
  })

  it('never lets concurrent pins exceed three', async () => {
    const circleId = await circleWithTeam()
    const ids: string[] = []
    for (let i = 0; i < 6; i++) ids.push((await alice('post', 'create', { circleId, text: `帖${i}` })).id)
    const results = await Promise.allSettled(
      ids.map((postId, i) => (i % 2 ? admin : owner)('post', 'pin', { postId, pinned: true })),
    )
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3)
    const page = await alice('post', 'list', { circleId })
    expect(page.items.filter((p) => p.pinned)).toHaveLength(3)
  })
})

describe('likes and comments', () => {
  it('likes idempotently and counts concurrent likes exactly', async () => {
    const circleId = await circleWithTeam()
    const p = await owner('post', 'create', { circleId, text: '点赞测试' })
    expect(await alice('post', 'like', { postId: p.id, liked: true })).toEqual({ liked: true, likeCount: 1 })
    expect(await alice('post', 'like', { postId: p.id, liked: true })).toEqual({ liked: true, likeCount: 1 })
    const fans = Array.from({ length: 6 }, (_, i) => `o_fan${i}`)
    for (const f of fans) await as(f)('circle', 'join', { circleId })
    await Promise.all(fans.map((f) => as(f)('post', 'like', { postId: p.id, liked: true })))
    const seen = await alice('post', 'get', { postId: p.id })
    expect(seen).toMatchObject({ likeCount: 7, liked: true })
    expect((await owner('post', 'list', { circleId })).items[0]).toMatchObject({ likeCount: 7, liked: false })
    expect(await alice('post', 'like', { postId: p.id, liked: false })).toEqual({ liked: false, likeCount: 6 })
  })

  it('threads replies one level deep and counts comments', async () => {
    const circleId = await circleWithTeam()
    const p = await owner('post', 'create', { circleId, text: '讨论帖' })
    setClockOffset(1000)
    const top = await alice('post', 'comment', { postId: p.id, text: '写得好' })
    setClockOffset(2000)
    const reply = await owner('post', 'comment', { postId: p.id, text: '谢谢', parentId: top.id })
    setClockOffset(3000)
    const replyToReply = await alice('post', 'comment', { postId: p.id, text: '不客气', parentId: reply.id })
    expect(reply).toMatchObject({ parentId: top.id, replyTo: { openid: 'o_alice' } })
    expect(replyToReply).toMatchObject({ parentId: top.id, replyTo: { openid: 'o_owner' } })
    const list = await admin('post', 'comments', { postId: p.id })
    expect(list.items.map((c) => c.text)).toEqual(['写得好', '谢谢', '不客气'])
    expect((await admin('post', 'get', { postId: p.id })).commentCount).toBe(3)
    expect(await refusal(stranger('post', 'comment', { postId: p.id, text: '路过' }))).toMatchObject({
      code: 'not_member',
    })
  })

  it('lets authors and admins delete comments, and keeps the count right', async () => {
    const circleId = await circleWithTeam()
    const p = await owner('post', 'create', { circleId, text: '讨论帖' })
    const c1 = await alice('post', 'comment', { postId: p.id, text: '一' })
    const c2 = await owner('post', 'comment', { postId: p.id, text: '二' })
    expect(await refusal(alice('post', 'removeComment', { commentId: c2.id }))).toMatchObject({ code: 'forbidden' })
    await alice('post', 'removeComment', { commentId: c1.id })
    await admin('post', 'removeComment', { commentId: c2.id })
    expect(await refusal(admin('post', 'removeComment', { commentId: c2.id }))).toMatchObject({ code: 'not_found' })
    expect((await owner('post', 'get', { postId: p.id })).commentCount).toBe(0)
    expect((await owner('post', 'comments', { postId: p.id })).items).toEqual([])
  })
})

describe('moderation', () => {
  it('lets the author and admins delete posts, and nobody else', async () => {
    const circleId = await circleWithTeam()
    const mine = await alice('post', 'create', { circleId, text: '我的' })
    const theirs = await owner('post', 'create', { circleId, text: '圈主的' })
    expect(await refusal(alice('post', 'remove', { postId: theirs.id }))).toMatchObject({ code: 'forbidden' })
    await alice('post', 'remove', { postId: mine.id })
    await owner('post', 'pin', { postId: theirs.id, pinned: true })
    await admin('post', 'remove', { postId: theirs.id })
    expect((await owner('post', 'list', { circleId })).items).toEqual([])
    expect(await refusal(owner('post', 'get', { postId: mine.id }))).toMatchObject({ code: 'not_found' })
    // the deleted pinned post freed its pin slot
    const next = await owner('post', 'create', { circleId, text: '新帖' })
    await expect(owner('post', 'pin', { postId: next.id, pinned: true })).resolves.toMatchObject({ pinned: true })
  })

  it('keeps only 精华 in the preview: un-featuring removes it', async () => {
    const circleId = await circleWithTeam()
    const p = await alice('post', 'create', { circleId, text: '好文' })
    expect(await refusal(owner('post', 'setPreview', { postId: p.id, inPreview: true }))).toMatchObject({
      code: 'not_featured',
    })
    await admin('post', 'feature', { postId: p.id, featured: true })
    expect(await admin('post', 'setPreview', { postId: p.id, inPreview: true })).toEqual({ previewPostIds: [p.id] })
    expect((await stranger('circle', 'get', { circleId })).previewPosts).toHaveLength(1)
    await expect(stranger('post', 'get', { postId: p.id })).resolves.toMatchObject({ text: '好文', liked: false })
    await owner('post', 'feature', { postId: p.id, featured: false })
    expect((await stranger('circle', 'get', { circleId })).previewPosts).toEqual([])
  })
})

describe('profiles', () => {
  it('creates a profile once and shows a changed nickname on new posts', async () => {
    const first = await as('o_new')('user', 'login', {})
    expect(first.nickname).toMatch(/^微信用户/)
    expect((await as('o_new')('user', 'login', {})).createdAt).toBe(first.createdAt)
    const circleId = await circleWithTeam()
    await alice('user', 'updateProfile', { nickname: '小艾同学' })
    const p = await alice('post', 'create', { circleId, text: 'hi' })
    expect(p.author.nickname).toBe('小艾同学')
    expect(await refusal(alice('user', 'updateProfile', { nickname: '' }))).toMatchObject({
      code: 'invalid_argument',
      param: 'nickname',
    })
  })
})

describe('the maintenance timer', () => {
  it('rebuilds member counts that drifted', async () => {
    const circleId = await circleWithTeam()
    // a membership written behind the counter's back (as a crash between two writes would leave)
    const now = new Date()
    await cloud.db.insert('memberships', {
      _id: `${circleId}:o_ghost`,
      circleId,
      openid: 'o_ghost',
      role: 'member',
      status: 'active',
      user: { nickname: '幽灵', avatarUrl: '' },
      joinedAt: now,
      expiresAt: null,
      updatedAt: now,
    })
    expect((await owner('circle', 'get', { circleId })).circle.memberCount).toBe(3)
    const res = await invoke(null, 'maintenance', {
      Type: 'Timer',
      TriggerName: 'recountMembers',
      Time: now.toISOString(),
    })
    expect(res).toMatchObject({ ok: true, data: { checked: 1, fixed: 1, done: true } })
    expect((await owner('circle', 'get', { circleId })).circle.memberCount).toBe(4)
    const again = await invoke(null, 'maintenance', {
      Type: 'Timer',
      TriggerName: 'recountMembers',
      Time: now.toISOString(),
    })
    expect(again).toMatchObject({ ok: true, data: { fixed: 0 } })
  })

  it('is not callable as an app action', async () => {
    expect(await invoke('o_owner', 'maintenance', { action: 'recountMembers' })).toMatchObject({
      ok: false,
      error: { code: 'unknown_action' },
    })
  })
})
