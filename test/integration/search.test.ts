import fc from 'fast-check'
import { newPost } from '@core/post'
import type { CircleRecord, MembershipRecord } from '@core/records'
import { as, invoke, refusal, setClockOffset, startWorld, type TestCloud } from './world'

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
const PDF = (n: number) => `cloud://local-test.bucket/uploads/o_alice/${n}.pdf`

/** A free circle with an admin and a member (alice). */
async function circleWithTeam(name = '晨读会', tags: string[] = []) {
  const c = await owner('circle', 'create', { name, type: 'interest', entryMode: 'free', tags })
  await admin('circle', 'join', { circleId: c.id })
  await alice('circle', 'join', { circleId: c.id })
  await owner('circle', 'setRole', { circleId: c.id, openid: 'o_admin', role: 'admin' })
  return c.id
}

/** Every hit of a search, page after page. */
async function searchAll(
  who: ReturnType<typeof as>,
  input: { circleId: string; q?: string; tag?: string; authorId?: string },
) {
  const hits: { id: string; text: string; highlights: [number, number][] }[] = []
  let cursor: string | undefined
  let pages = 0
  do {
    const page = await who('post', 'search', { ...input, cursor })
    hits.push(...page.items)
    cursor = page.nextCursor ?? undefined
    pages += 1
  } while (cursor)
  return { hits, pages }
}

describe('searching a circle', () => {
  it('finds posts by a Chinese keyword with the match highlighted, newest first', async () => {
    const circleId = await circleWithTeam()
    const first = await alice('post', 'create', { circleId, text: '周末一起去图书馆读书吧' })
    await alice('post', 'create', { circleId, text: '今天跑步五公里' })
    const second = await admin('post', 'create', { circleId, text: '读书会改到周日，ＡＩ读书法' })
    const { hits } = await searchAll(alice, { circleId, q: '读书' })
    expect(hits.map((h) => h.id)).toEqual([second.id, first.id])
    expect(hits[0].highlights.map(([s, e]) => hits[0].text.slice(s, e))).toEqual(['读书', '读书'])
    const ai = await alice('post', 'search', { circleId, q: 'ai读书' })
    expect(ai.items.map((h) => h.id)).toEqual([second.id])
    expect(ai.items[0].highlights.map(([s, e]) => ai.items[0].text.slice(s, e))).toEqual(['ＡＩ读书'])
  })

  it('finds any Chinese substring of two characters or more of any post, and nothing from another circle', async () => {
    const circleId = await circleWithTeam()
    const otherId = await circleWithTeam('跑步团')
    const HAN = [...'读书会周末一起去图书馆学习编程写作旅行摄影音乐电影咖啡早起跑步健身我们的了是在有和人']
    const texts = fc.sample(
      fc.array(fc.constantFrom(...HAN, '，'), { minLength: 4, maxLength: 40 }).map((a) => a.join('')),
      { numRuns: 25, seed: 12 },
    )
    const ids: string[] = []
    for (const text of texts) {
      ids.push((await alice('post', 'create', { circleId, text })).id)
      await alice('post', 'create', { circleId: otherId, text })
    }
    await fc.assert(
      fc.asyncProperty(fc.nat(texts.length - 1), fc.nat(), fc.nat(), async (n, a, b) => {
        const chars = [...texts[n]]
        const start = a % (chars.length - 1)
        const keyword = chars.slice(start, start + 2 + (b % Math.min(6, chars.length - start - 1))).join('')
        fc.pre(/[^，][^，]/.test(keyword))
        const { hits } = await searchAll(alice, { circleId, q: keyword })
        expect(hits.map((h) => h.id)).toContain(ids[n])
        // every hit is from this circle and really holds the keyword
        for (const h of hits) expect(ids).toContain(h.id)
        expect(hits.every((h) => h.highlights.length > 0)).toBe(true)
      }),
      { numRuns: 30, seed: 7 },
    )
  })

  it('never shows held or deleted posts', async () => {
    const circleId = await circleWithTeam()
    const kept = await alice('post', 'create', { circleId, text: '咖啡拉花练习' })
    const deleted = await alice('post', 'create', { circleId, text: '咖啡豆推荐' })
    await alice('post', 'remove', { postId: deleted.id })
    const held = await alice('post', 'create', { circleId, text: '咖啡店内幕消息' })
    expect(held.status).toBe('held')
    const { hits } = await searchAll(owner, { circleId, q: '咖啡' })
    expect(hits.map((h) => h.id)).toEqual([kept.id])
  })

  it('shows a visitor only the preview posts, and nobody signed out anything', async () => {
    const circleId = await circleWithTeam()
    const open = await owner('post', 'create', { circleId, text: '入门读书清单' })
    await owner('post', 'create', { circleId, text: '会员专享读书笔记' })
    await owner('post', 'feature', { postId: open.id, featured: true })
    await owner('post', 'setPreview', { postId: open.id, inPreview: true })
    const seen = await stranger('post', 'search', { circleId, q: '读书' })
    expect(seen.items.map((h) => h.id)).toEqual([open.id])
    expect(seen.nextCursor).toBeNull()
    expect(await invoke(null, 'post', { action: 'search', circleId, q: '读书' })).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    })
  })

  it('pages exactly: every match once, in order, across pages of 20', async () => {
    const circleId = await circleWithTeam()
    const made: string[] = []
    for (let i = 0; i < 45; i++)
      made.push(
        (await alice('post', 'create', { circleId, text: i % 3 === 2 ? `第${i}天 晚安` : `第${i}天 早起打卡` })).id,
      )
    const { hits, pages } = await searchAll(alice, { circleId, q: '早起' })
    const expected = made.filter((_, i) => i % 3 !== 2).reverse()
    expect(hits.map((h) => h.id)).toEqual(expected)
    expect(pages).toBe(2)
    const wide = await searchAll(alice, { circleId, authorId: 'o_alice' })
    expect(wide.hits.map((h) => h.id)).toEqual([...made].reverse())
    expect(wide.pages).toBe(3)
  })

  it('filters by tag and by author, alone or with a keyword', async () => {
    const circleId = await circleWithTeam()
    const a = await alice('post', 'create', { circleId, text: '读完一本小说 #读书笔记' })
    const b = await admin('post', 'create', { circleId, text: '小说推荐 #读书笔记' })
    await admin('post', 'create', { circleId, text: '小说改编电影 #观影' })
    expect((await searchAll(alice, { circleId, tag: '读书笔记' })).hits.map((h) => h.id)).toEqual([b.id, a.id])
    expect(
      (await searchAll(alice, { circleId, q: '小说', authorId: 'o_admin', tag: '读书笔记' })).hits.map((h) => h.id),
    ).toEqual([b.id])
    expect((await searchAll(alice, { circleId, q: '小说', authorId: 'o_alice' })).hits.map((h) => h.id)).toEqual([a.id])
  })

  it('refuses a one-character keyword and an empty search, clearly', async () => {
    const circleId = await circleWithTeam()
    expect(await refusal(alice('post', 'search', { circleId, q: '读' }))).toMatchObject({
      code: 'search_keyword_too_short',
      param: 'q',
    })
    expect(await refusal(alice('post', 'search', { circleId }))).toMatchObject({ code: 'search_needs_filter' })
  })

  it('costs at most 3 database calls per page', async () => {
    const circleId = await circleWithTeam()
    for (let i = 0; i < 5; i++) await alice('post', 'create', { circleId, text: `读书打卡 ${i}` })
    cloud.db.resetCallCounts()
    await alice('post', 'search', { circleId, q: '读书' })
    expect(cloud.db.totalCalls()).toBeLessThanOrEqual(3)
  })

  it('finds posts written before search existed once the back-fill timer has passed them', async () => {
    const circleId = await circleWithTeam()
    const circle = (await cloud.db.find('circles', { _id: circleId }))[0] as unknown as CircleRecord
    const author = (
      await cloud.db.find('memberships', { _id: `${circleId}:o_alice` })
    )[0] as unknown as MembershipRecord
    for (let i = 0; i < 3; i++) {
      const {
        terms: _t,
        hasFiles: _h,
        ...old
      } = newPost({
        id: `old${i}`,
        circle,
        author,
        text: `旧帖子 摄影${i}`,
        images: [],
        files: i === 0 ? [{ fileId: PDF(1), name: '旧.pdf', sizeBytes: 1, noDownload: false }] : [],
        now: new Date(),
      })
      await cloud.db.insert('posts', old)
    }
    expect((await alice('post', 'search', { circleId, q: '摄影' })).items).toEqual([])
    const run = await invoke(null, 'maintenance', { Type: 'Timer', TriggerName: 'backfillSearch' })
    expect(run).toMatchObject({ ok: true, data: { posts: { read: 3, written: 3, done: true } } })
    expect((await searchAll(alice, { circleId, q: '摄影' })).hits.map((h) => h.id).sort()).toEqual([
      'old0',
      'old1',
      'old2',
    ])
    expect((await alice('post', 'files', { circleId })).items.map((f) => f.postId)).toEqual(['old0'])
    // done: a later run reads only its place
    cloud.db.resetCallCounts()
    await invoke(null, 'maintenance', { Type: 'Timer', TriggerName: 'backfillSearch' })
    expect(cloud.db.totalCalls()).toBe(2)
  })
})

describe('the 文件 tab', () => {
  it('lists attachments newest first, marks 禁止下载, and never answers a file id', async () => {
    const circleId = await circleWithTeam()
    const older = await alice('post', 'create', {
      circleId,
      text: '资料',
      files: [{ fileId: PDF(1), name: '课件.pdf', sizeBytes: 100, noDownload: true }],
    })
    await alice('post', 'create', { circleId, text: '没有附件' })
    const newer = await admin('post', 'create', {
      circleId,
      text: '两份表',
      files: [
        { fileId: PDF(2), name: '名单.pdf', sizeBytes: 10, noDownload: false },
        { fileId: PDF(3), name: '报价.pdf', sizeBytes: 20, noDownload: true },
      ],
    })
    const removed = await alice('post', 'create', {
      circleId,
      text: '删掉',
      files: [{ fileId: PDF(4), name: '删.pdf', sizeBytes: 1, noDownload: false }],
    })
    await alice('post', 'remove', { postId: removed.id })
    const page = await alice('post', 'files', { circleId })
    expect(page.items.map((f) => [f.postId, f.index, f.name, f.noDownload])).toEqual([
      [newer.id, 0, '名单.pdf', false],
      [newer.id, 1, '报价.pdf', true],
      [older.id, 0, '课件.pdf', true],
    ])
    expect(JSON.stringify(page)).not.toContain('cloud://')
    // opening a protected one stays preview-only for a reader who is not its author
    expect(await admin('post', 'openFile', { postId: older.id, index: 0 })).toMatchObject({
      noDownload: true,
      mayDownload: false,
    })
    expect(await refusal(stranger('post', 'files', { circleId }))).toMatchObject({ code: 'not_member' })
  })

  it('pages by post with a cursor', async () => {
    const circleId = await circleWithTeam()
    const ids: string[] = []
    for (let i = 0; i < 23; i++)
      ids.push(
        (
          await alice('post', 'create', {
            circleId,
            text: `第${i}份`,
            files: [{ fileId: PDF(i), name: `${i}.pdf`, sizeBytes: 1, noDownload: i % 2 === 0 }],
          })
        ).id,
      )
    const first = await alice('post', 'files', { circleId })
    const second = await alice('post', 'files', { circleId, cursor: first.nextCursor! })
    expect([...first.items, ...second.items].map((f) => f.postId)).toEqual([...ids].reverse())
    expect(second.nextCursor).toBeNull()
    expect(JSON.stringify([first, second])).not.toContain('cloud://')
  })
})

describe('searching circles in 发现', () => {
  it('finds active circles by name or tag, not closed ones', async () => {
    const reading = await owner('circle', 'create', {
      name: '周末读书会',
      type: 'interest',
      entryMode: 'free',
      tags: ['阅读'],
    })
    const running = await owner('circle', 'create', {
      name: '晨跑团',
      type: 'interest',
      entryMode: 'free',
      tags: ['跑步', '阅读打卡'],
    })
    const closed = await owner('circle', 'create', { name: '读书旧群', type: 'interest', entryMode: 'free' })
    await owner('circle', 'close', { circleId: closed.id })
    expect((await stranger('circle', 'discover', { q: '读书' })).items.map((c) => c.id)).toEqual([reading.id])
    expect((await stranger('circle', 'discover', { q: '阅读' })).items.map((c) => c.id)).toEqual([
      running.id,
      reading.id,
    ])
    await owner('circle', 'update', { circleId: running.id, name: '晨跑读书团' })
    expect(
      ((await invoke(null, 'circle', { action: 'discover', q: '读书' })) as any).data.items.map(
        (c: { id: string }) => c.id,
      ),
    ).toEqual([running.id, reading.id])
  })
})
