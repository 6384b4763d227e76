import { RENEWAL_TEMPLATE_ID } from '@core/term'
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

/** A free circle where alice (小艾) and bob (阿博) are members. */
async function circleWithMembers() {
  await alice('user', 'updateProfile', { nickname: '小艾' })
  await bob('user', 'updateProfile', { nickname: '阿博' })
  const c = await owner('circle', 'create', { name: '晨读会', type: 'interest', entryMode: 'free' })
  await alice('circle', 'join', { circleId: c.id })
  await bob('circle', 'join', { circleId: c.id })
  return c.id
}

describe('replies and mentions', () => {
  it("tells a post's author about a comment, and the person a reply answers, never oneself", async () => {
    const circleId = await circleWithMembers()
    const post = await owner('post', 'create', { circleId, text: '今天读《置身事内》' })
    const top = await alice('post', 'comment', { postId: post.id, text: '第三章很好' })
    await bob('post', 'comment', { postId: post.id, text: '同意', parentId: top.id })
    await owner('post', 'comment', { postId: post.id, text: '自己评论自己不用通知' })

    const ownerInbox = await owner('notify', 'list', {})
    expect(ownerInbox.items.map((n) => n.title)).toEqual(['阿博 评论了你的动态', '小艾 评论了你的动态'])
    expect(ownerInbox.items[0]).toMatchObject({
      kind: 'reply',
      circleId,
      read: false,
      link: `/packageCircle/pages/post/index?id=${post.id}`,
    })
    const aliceInbox = await alice('notify', 'list', {})
    expect(aliceInbox.items.map((n) => [n.title, n.body])).toEqual([['阿博 回复了你', '同意']])
    expect((await bob('notify', 'list', {})).items).toHaveLength(0)
  })

  it('tells members @mentioned by their nickname in a post or a comment, once each', async () => {
    const circleId = await circleWithMembers()
    const post = await owner('post', 'create', { circleId, text: '@小艾 @阿博 @不存在的人 周末一起读书？' })
    await alice('post', 'comment', { postId: post.id, text: '@阿博 你来吗' })
    const bobInbox = await bob('notify', 'list', {})
    expect(bobInbox.items.map((n) => [n.kind, n.title])).toEqual([
      ['mention', '小艾 在评论中提到了你'],
      ['mention', '微信用户wner 在动态中提到了你'],
    ])
    expect((await alice('notify', 'list', {})).items.map((n) => n.kind)).toEqual(['mention'])
  })
})

describe('the notification centre', () => {
  it('counts unread, marks one and then all read, newest first with a cursor', async () => {
    const circleId = await circleWithMembers()
    const post = await alice('post', 'create', { circleId, text: '求推荐书单' })
    for (let i = 0; i < 22; i++) {
      setClockOffset(i * 1000)
      await bob('post', 'comment', { postId: post.id, text: `推荐 ${i}` })
    }
    expect(await alice('notify', 'unreadCount', {})).toEqual({ unread: 22 })
    const first = await alice('notify', 'list', {})
    expect(first.items).toHaveLength(20)
    expect(first.items[0].body).toBe('推荐 21')
    const second = await alice('notify', 'list', { cursor: first.nextCursor! })
    expect(second.items.map((n) => n.body)).toEqual(['推荐 1', '推荐 0'])
    expect(second.nextCursor).toBeNull()

    expect(await alice('notify', 'markRead', { id: first.items[0].id })).toEqual({ updated: 1, unread: 21 })
    // again: nothing changes, still fine
    expect(await alice('notify', 'markRead', { id: first.items[0].id })).toEqual({ updated: 0, unread: 21 })
    expect(await alice('notify', 'markRead', {})).toEqual({ updated: 21, unread: 0 })
    expect((await alice('notify', 'list', {})).items.every((n) => n.read)).toBe(true)
  })

  it("refuses someone else's notification, unknown fields and callers without a session, writing nothing", async () => {
    const circleId = await circleWithMembers()
    const post = await alice('post', 'create', { circleId, text: '求推荐书单' })
    await bob('post', 'comment', { postId: post.id, text: '推荐一本' })
    const [n] = (await alice('notify', 'list', {})).items
    const before = await snapshot(cloud)
    expect(await refusal(bob('notify', 'markRead', { id: n.id }))).toMatchObject({ code: 'not_found', param: 'id' })
    expect(await invoke('o_alice', 'notify', { action: 'list', openid: 'o_bob' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', param: 'openid' },
    })
    expect(await invoke(null, 'notify', { action: 'unreadCount' })).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    })
    expect(await snapshot(cloud)).toEqual(before)
  })
})

describe('subscription grants', () => {
  it('counts each accepted one-time grant for the caller, and refuses unknown templates', async () => {
    expect(await alice('notify', 'grant', { accepted: [RENEWAL_TEMPLATE_ID] })).toEqual({
      left: { [RENEWAL_TEMPLATE_ID]: 1 },
    })
    expect(await alice('notify', 'grant', { accepted: [RENEWAL_TEMPLATE_ID] })).toEqual({
      left: { [RENEWAL_TEMPLATE_ID]: 2 },
    })
    expect(cloud.db.find('subscribeGrants')).toEqual([
      expect.objectContaining({ _id: `o_alice:${RENEWAL_TEMPLATE_ID}`, openid: 'o_alice', granted: 2, used: 0 }),
    ])
    const before = await snapshot(cloud)
    expect(await refusal(alice('notify', 'grant', { accepted: ['someone_elses_template'] }))).toMatchObject({
      code: 'invalid_argument',
      param: 'accepted',
    })
    expect(await refusal(alice('notify', 'grant', { accepted: [] }))).toMatchObject({
      code: 'invalid_argument',
      param: 'accepted',
    })
    expect(await snapshot(cloud)).toEqual(before)
  })
})
