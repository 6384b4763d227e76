// Content security and protection (issue 4 items 8–9) through the real functions, the real
// wx-server-sdk and the local cloud's open API (its word list: localcloud/openapi/security.ts).
import { main as contentCheck } from '../../cloudfunctions/contentCheck/index'
import { COLLECTIONS } from '../../cloudfunctions/runtime/schema'
import { startTestCloud, useSdkEnv } from '../../localcloud/testing'
import { as, invoke, refusal, snapshot, type TestCloud } from './world'

/** The wxa_media_check pushes the local open API emitted, delivered when a test says so. */
const pushes: Record<string, unknown>[] = []
async function deliverPushes() {
  const due = pushes.splice(0)
  delete process.env.WX_OPENID // the platform pushes without a user, and not as a timer
  process.env.TRIGGER_SRC = 'tcb'
  for (const event of due) await contentCheck(event as never)
}

let cloud: TestCloud
beforeAll(async () => {
  // startWorld, with the open API's pushes captured
  cloud = await startTestCloud({ collections: COLLECTIONS, pushMessage: (e) => pushes.push(e) })
  useSdkEnv(cloud.url)
  process.env.WX_CONTEXT_KEYS = 'WX_OPENID,WX_APPID'
  process.env.WX_APPID = 'wx_test_app'
})
afterAll(() => cloud.close())
beforeEach(async () => {
  await cloud.db.wipe()
  pushes.length = 0
})

const owner = as('o_owner')
const admin = as('o_admin')
const alice = as('o_alice')
const bob = as('o_bob')
const stranger = as('o_stranger')

async function circleWithTeam() {
  const c = await owner('circle', 'create', { name: '晨读会', type: 'interest', entryMode: 'free' })
  await admin('circle', 'join', { circleId: c.id })
  await alice('circle', 'join', { circleId: c.id })
  await bob('circle', 'join', { circleId: c.id })
  await owner('circle', 'setRole', { circleId: c.id, openid: 'o_admin', role: 'admin' })
  return c.id
}

const FILE = (name: string) => `cloud://local-test.bucket/uploads/o_alice/${name}`

describe('content security on posts', () => {
  it('refuses a risky post and writes nothing', async () => {
    const circleId = await circleWithTeam()
    const before = await snapshot(cloud)
    expect(await refusal(alice('post', 'create', { circleId, text: '周末一起上赌博网站' }))).toMatchObject({
      code: 'content_risky',
    })
    // a risky file name is text the members would read, too
    const files = [{ fileId: FILE('a.pdf'), name: '买卖毒品.pdf', sizeBytes: 10, noDownload: false }]
    expect(await refusal(alice('post', 'create', { circleId, text: '资料', files }))).toMatchObject({
      code: 'content_risky',
    })
    expect(await snapshot(cloud)).toEqual(before)
  })

  it('holds a review post: invisible in every feed tab and count, seen by its author and the queue; approve publishes it', async () => {
    const circleId = await circleWithTeam()
    await alice('post', 'create', { circleId, text: '普通的一条 #读书' })
    const held = await alice('post', 'create', { circleId, text: '听说有内幕消息 #读书' })
    expect(held.status).toBe('held')

    for (const tab of ['latest', 'featured', 'owner'] as const) {
      const feed = await bob('post', 'list', { circleId, tab })
      expect(feed.items.map((p) => p.id)).not.toContain(held.id)
    }
    expect((await bob('post', 'list', { circleId, tab: 'tag', tag: '读书' })).items.map((p) => p.id)).not.toContain(
      held.id,
    )
    const page = await bob('circle', 'get', { circleId })
    expect(page.stats.postCount).toBe(1)
    expect(page.feed!.items.map((p) => p.id)).not.toContain(held.id)
    // the author sees it as 审核中; another member cannot open it, nor comment on it
    expect(await alice('post', 'get', { postId: held.id })).toMatchObject({ id: held.id, status: 'held' })
    expect(await refusal(bob('post', 'get', { postId: held.id }))).toMatchObject({ code: 'not_found' })
    expect(await refusal(bob('post', 'comment', { postId: held.id, text: '沙发' }))).toMatchObject({
      code: 'not_found',
    })
    expect(await refusal(admin('post', 'pin', { postId: held.id, pinned: true }))).toMatchObject({ code: 'not_found' })

    // the queue is the team's
    expect(await refusal(bob('post', 'held', { circleId }))).toMatchObject({ code: 'forbidden' })
    const queue = await admin('post', 'held', { circleId })
    expect(queue.items).toEqual([
      expect.objectContaining({
        kind: 'post',
        id: held.id,
        text: '听说有内幕消息 #读书',
        author: expect.objectContaining({ openid: 'o_alice' }),
      }),
    ])

    expect(await admin('post', 'review', { postId: held.id, approve: true })).toEqual({
      kind: 'post',
      id: held.id,
      status: 'published',
    })
    expect((await bob('post', 'list', { circleId })).items.map((p) => p.id)).toContain(held.id)
    expect((await bob('circle', 'get', { circleId })).stats.postCount).toBe(2)
    expect((await admin('post', 'held', { circleId })).items).toEqual([])
    // deciding twice is refused, changing nothing
    const before = await snapshot(cloud)
    expect(await refusal(admin('post', 'review', { postId: held.id, approve: false }))).toMatchObject({
      code: 'not_held',
    })
    expect(await snapshot(cloud)).toEqual(before)
    const notes = cloud.db.find('notifications', { openid: 'o_alice' })
    expect(notes).toEqual([expect.objectContaining({ title: '你的帖子已通过审核' })])
  })

  it('reject deletes the held post and tells the author why', async () => {
    const circleId = await circleWithTeam()
    const held = await alice('post', 'create', { circleId, text: '[review] 帮忙刷单的来' })
    await owner('post', 'review', { postId: held.id, approve: false, reason: '广告内容' })
    expect(cloud.db.find('posts', { _id: held.id })[0]).toMatchObject({ status: 'deleted', deletedBy: 'o_owner' })
    expect((await owner('post', 'held', { circleId })).items).toEqual([])
    expect(await refusal(bob('post', 'get', { postId: held.id }))).toMatchObject({ code: 'not_found' })
    const notes = cloud.db.find('notifications', { openid: 'o_alice' })
    expect(notes).toEqual([
      expect.objectContaining({ kind: 'content_removed', body: expect.stringContaining('广告内容') }),
    ])
  })

  it('lets the author withdraw a post waiting for review; nobody else may delete it outside the queue', async () => {
    const circleId = await circleWithTeam()
    const held = await alice('post', 'create', { circleId, text: '[review] 想想还是不发了' })
    expect(await refusal(bob('post', 'remove', { postId: held.id }))).toMatchObject({ code: 'not_found' })
    expect(await refusal(admin('post', 'remove', { postId: held.id }))).toMatchObject({ code: 'not_found' })
    await alice('post', 'remove', { postId: held.id })
    expect(cloud.db.find('posts', { _id: held.id })[0]).toMatchObject({ status: 'deleted', deletedBy: 'o_alice' })
    expect((await owner('post', 'held', { circleId })).items).toEqual([])
  })
})

describe('content security on comments, nicknames and circles', () => {
  it('refuses a risky comment (nothing written) and holds a review comment until approved', async () => {
    const circleId = await circleWithTeam()
    const post = await alice('post', 'create', { circleId, text: '今天读什么' })
    const before = await snapshot(cloud)
    expect(await refusal(bob('post', 'comment', { postId: post.id, text: '来赌博网站' }))).toMatchObject({
      code: 'content_risky',
    })
    expect(await snapshot(cloud)).toEqual(before)

    const c = await bob('post', 'comment', { postId: post.id, text: '加微信返利哦' })
    expect(c.held).toBe(true)
    expect((await alice('post', 'comments', { postId: post.id })).items).toEqual([])
    expect((await alice('post', 'get', { postId: post.id })).commentCount).toBe(0)
    const queue = await admin('post', 'held', { circleId, kind: 'comment' })
    expect(queue.items.map((i) => [i.kind, i.id, i.postId])).toEqual([['comment', c.id, post.id]])
    await admin('post', 'review', { postId: post.id, commentId: c.id, approve: true })
    expect((await alice('post', 'comments', { postId: post.id })).items.map((x) => x.id)).toEqual([c.id])
    expect((await alice('post', 'get', { postId: post.id })).commentCount).toBe(1)
  })

  it('checks nicknames and circle names (review and risky both refuse)', async () => {
    await alice('user', 'login', {})
    const before = await snapshot(cloud)
    expect(await refusal(alice('user', 'updateProfile', { nickname: '色情服务' }))).toMatchObject({
      code: 'content_risky',
    })
    expect(await refusal(alice('user', 'updateProfile', { nickname: '刷单返利小王' }))).toMatchObject({
      code: 'content_risky',
    })
    expect(
      await refusal(alice('circle', 'create', { name: '赌博网站交流群', type: 'interest', entryMode: 'free' })),
    ).toMatchObject({ code: 'content_risky' })
    expect(await snapshot(cloud)).toEqual(before)
    expect(await alice('user', 'updateProfile', { nickname: '小爱' })).toMatchObject({ nickname: '小爱' })
    const c = await owner('circle', 'create', { name: '读书会', type: 'interest', entryMode: 'free' })
    expect(await refusal(owner('circle', 'update', { circleId: c.id, intro: '这里有内幕消息' }))).toMatchObject({
      code: 'content_risky',
    })
  })
})

describe('attachments and 禁止下载', () => {
  it('never hands out a file id; a no-download file opens for preview only, except for its author', async () => {
    process.env.QZ_LOCAL_CLOUD = 'true'
    const circleId = await circleWithTeam()
    const files = [
      { fileId: FILE('plan.pdf'), name: '年度计划.pdf', sizeBytes: 2048, noDownload: true },
      { fileId: FILE('notes.docx'), name: '读书笔记.docx', sizeBytes: 1024, noDownload: false },
    ]
    const p = await alice('post', 'create', { circleId, text: '', files })
    expect(p.files).toEqual([
      { index: 0, name: '年度计划.pdf', sizeBytes: 2048, kind: 'pdf', noDownload: true },
      { index: 1, name: '读书笔记.docx', sizeBytes: 1024, kind: 'doc', noDownload: false },
    ])
    // no view carries a file id
    const feed = await bob('post', 'list', { circleId })
    expect(JSON.stringify(feed)).not.toContain('cloud://local-test.bucket/uploads/o_alice/')
    expect(JSON.stringify(await bob('post', 'get', { postId: p.id }))).not.toContain('plan.pdf')

    const locked = await bob('post', 'openFile', { postId: p.id, index: 0 })
    expect(locked).toMatchObject({ noDownload: true, mayDownload: false, previewType: 'pdf', name: '年度计划.pdf' })
    const open = await bob('post', 'openFile', { postId: p.id, index: 1 })
    expect(open).toMatchObject({ noDownload: false, mayDownload: true, previewType: 'docx' })
    expect(open.url).toBe('/files/uploads/o_alice/notes.docx')
    expect(await alice('post', 'openFile', { postId: p.id, index: 0 })).toMatchObject({ mayDownload: true })

    expect(await refusal(stranger('post', 'openFile', { postId: p.id, index: 0 }))).toMatchObject({
      code: 'not_member',
    })
    expect(await refusal(bob('post', 'openFile', { postId: p.id, index: 3 }))).toMatchObject({ code: 'file_not_found' })
    const six = Array.from({ length: 6 }, (_, i) => ({
      fileId: FILE(`${i}.pdf`),
      name: `${i}.pdf`,
      sizeBytes: 1,
      noDownload: false,
    }))
    expect(await refusal(alice('post', 'create', { circleId, text: 'x', files: six }))).toMatchObject({
      code: 'invalid_argument',
      param: 'files',
    })
  })
})

describe('watermark', () => {
  it('is off by default; the owner turns it on and circle.get tells every reader', async () => {
    const circleId = await circleWithTeam()
    expect((await bob('circle', 'get', { circleId })).protection).toEqual({ watermark: false })
    expect(await refusal(admin('circle', 'update', { circleId, watermark: true }))).toMatchObject({ code: 'forbidden' })
    await owner('circle', 'update', { circleId, watermark: true })
    expect((await bob('circle', 'get', { circleId })).protection).toEqual({ watermark: true })
    expect((await invoke('o_stranger', 'circle', { action: 'get', circleId })).ok).toBe(true)
  })
})

describe('images: the asynchronous check', () => {
  const IMAGE = (name: string) => `cloud://local-test.bucket/uploads/o_alice/${name}`

  it('publishes on the text verdict; a later risky verdict takes the post down and tells the author', async () => {
    const circleId = await circleWithTeam()
    const p = await alice('post', 'create', {
      circleId,
      text: '周末的照片',
      images: [IMAGE('risky-1.jpg'), IMAGE('cat.jpg')],
    })
    expect(p.status).toBe('published')
    expect(
      cloud.db
        .find('mediaChecks')
        .map((m) => m.fileId)
        .sort(),
    ).toEqual([IMAGE('cat.jpg'), IMAGE('risky-1.jpg')])
    expect((await bob('post', 'list', { circleId })).items.map((x) => x.id)).toContain(p.id)

    expect(pushes).toHaveLength(2)
    await deliverPushes()
    expect((await bob('post', 'list', { circleId })).items.map((x) => x.id)).not.toContain(p.id)
    expect(cloud.db.find('posts', { _id: p.id })[0]).toMatchObject({ status: 'deleted', deletedBy: 'system' })
    expect(cloud.db.find('notifications', { openid: 'o_alice' })).toEqual([
      expect.objectContaining({ kind: 'content_removed' }),
    ])
    expect(
      cloud.db
        .find('mediaChecks')
        .map((m) => m.suggest)
        .sort(),
    ).toEqual(['pass', 'risky'])
  })

  it('a review verdict holds a published post for the queue; a pass verdict changes nothing', async () => {
    const circleId = await circleWithTeam()
    const held = await alice('post', 'create', { circleId, text: '看图', images: [IMAGE('review-1.jpg')] })
    const fine = await alice('post', 'create', { circleId, text: '看图二', images: [IMAGE('dog.jpg')] })
    await deliverPushes()
    expect((await bob('post', 'list', { circleId })).items.map((x) => x.id)).toEqual([fine.id])
    expect((await admin('post', 'held', { circleId })).items.map((i) => i.id)).toEqual([held.id])
  })

  it("records all of a post's submissions in one database call, an image twice once", async () => {
    const circleId = await circleWithTeam()
    cloud.db.resetCallCounts()
    await alice('post', 'create', {
      circleId,
      text: '三张图',
      images: [IMAGE('a.jpg'), IMAGE('b.jpg'), IMAGE('a.jpg')],
    })
    expect(cloud.db.totalCalls()).toBeLessThanOrEqual(5)
    expect(
      cloud.db
        .find('mediaChecks')
        .map((m) => m.fileId)
        .sort(),
    ).toEqual([IMAGE('a.jpg'), IMAGE('b.jpg')])
  })

  it('ignores a push whose trace id is not on record (a forged call by name)', async () => {
    const circleId = await circleWithTeam()
    const p = await alice('post', 'create', { circleId, text: '看图', images: [IMAGE('cat.jpg')] })
    pushes.length = 0
    const before = await snapshot(cloud)
    delete process.env.WX_OPENID
    process.env.TRIGGER_SRC = 'tcb'
    const res = await contentCheck({
      Event: 'wxa_media_check',
      trace_id: 'made-up',
      result: { suggest: 'risky' },
    } as never)
    expect(res).toMatchObject({ ok: true, data: { ignored: true } })
    expect(await snapshot(cloud)).toEqual(before)
    expect((await bob('post', 'get', { postId: p.id })).status).toBe('published')
  })

  it('submits nothing when the text is refused, so a refusal writes nothing', async () => {
    const circleId = await circleWithTeam()
    const before = await snapshot(cloud)
    expect(
      await refusal(alice('post', 'create', { circleId, text: '赌博网站', images: [IMAGE('cat.jpg')] })),
    ).toMatchObject({ code: 'content_risky' })
    expect(
      await refusal(alice('user', 'updateProfile', { nickname: '刷单返利王', avatarUrl: IMAGE('a.png') })),
    ).toMatchObject({ code: 'content_risky' })
    expect(pushes).toEqual([])
    expect(await snapshot(cloud)).toEqual(before)
  })
})
