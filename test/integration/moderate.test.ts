/**
 * The moderate function on the strict local database: mutes and what they stop, mute-all, quiet
 * hours and new-member mutes, roles and the guest limit under concurrency, removal with a
 * pro-rata refund through the ledger, the blacklist, the report queue, deletion with a reason.
 */
import { as, refusal, setClockOffset, snapshot, useMoneyWorld } from './world'

const w = useMoneyWorld()

const owner = as('o_owner')
const admin = as('o_admin')
const alice = as('o_alice')
const bob = as('o_bob')
const stranger = as('o_stranger')
const HOUR = 3600_000
const DAY = 24 * HOUR

/** A free circle with an admin and two members. */
async function circleWithTeam() {
  const c = await owner('circle', 'create', { name: '晨读会', type: 'interest', entryMode: 'free' })
  for (const who of [admin, alice, bob]) await who('circle', 'join', { circleId: c.id })
  await owner('circle', 'setRole', { circleId: c.id, openid: 'o_admin', role: 'admin' })
  return c.id
}

const notes = async (openid: string) =>
  ((await w.cloud.db.find('notifications')) as any[]).filter((n) => n.openid === openid)

/** Moves the functions' clock so that now is the given Asia/Shanghai wall-clock time today or later. */
function setShanghaiClock(local: string) {
  setClockOffset(new Date(`${local}+08:00`).getTime() - Date.now())
}

describe('muting one member', () => {
  it('stops posting and commenting but not reading, liking or reporting; unmute lifts it', async () => {
    const circleId = await circleWithTeam()
    const post = await bob('post', 'create', { circleId, text: '今天读完了《置身事内》' })
    const muted = await owner('moderate', 'mute', { circleId, openid: 'o_alice', duration: '1d' })
    expect(muted).toMatchObject({ openid: 'o_alice', muted: true, until: expect.any(String) })
    expect(new Date(muted.until!).getTime() - Date.now()).toBeGreaterThan(DAY - 60_000)

    const before = await snapshot(w.cloud)
    const e = await refusal(alice('post', 'create', { circleId, text: '我想说两句' }))
    expect(e).toMatchObject({ code: 'muted', message: expect.stringMatching(/^你已被禁言，.+ 后可以发言$/) })
    expect(await refusal(alice('post', 'comment', { postId: post.id, text: '同感' }))).toMatchObject({ code: 'muted' })
    expect(await snapshot(w.cloud)).toEqual(before)

    await expect(alice('post', 'list', { circleId })).resolves.toMatchObject({
      items: [expect.objectContaining({ id: post.id })],
    })
    await expect(alice('post', 'like', { postId: post.id, liked: true })).resolves.toMatchObject({ liked: true })
    expect(await alice('moderate', 'myStatus', { circleId })).toMatchObject({
      canPublish: false,
      block: { code: 'muted', message: expect.stringContaining('后可以发言') },
    })
    expect((await notes('o_alice')).map((n) => n.kind)).toEqual(['muted'])

    await admin('moderate', 'unmute', { circleId, openid: 'o_alice' })
    await expect(alice('post', 'create', { circleId, text: '谢谢管理员' })).resolves.toMatchObject({
      text: '谢谢管理员',
    })
  })

  it('ends on its own after the duration, to the second', async () => {
    const circleId = await circleWithTeam()
    const { until } = await owner('moderate', 'mute', { circleId, openid: 'o_alice', duration: '1h' })
    setClockOffset(new Date(until!).getTime() - Date.now() - 2000)
    expect(await refusal(alice('post', 'create', { circleId, text: '还不行' }))).toMatchObject({ code: 'muted' })
    setClockOffset(new Date(until!).getTime() - Date.now() + 1000)
    await expect(alice('post', 'create', { circleId, text: '可以了' })).resolves.toBeTruthy()
  })

  it('a permanent mute has no end and says so', async () => {
    const circleId = await circleWithTeam()
    expect(await owner('moderate', 'mute', { circleId, openid: 'o_alice', duration: 'forever' })).toMatchObject({
      until: null,
    })
    setClockOffset(3000 * DAY)
    expect(await refusal(alice('post', 'create', { circleId, text: 'x' }))).toMatchObject({
      code: 'muted',
      message: '你已被永久禁言',
    })
  })

  it('only downwards: members and visitors may not mute, an admin may not mute an admin or the owner', async () => {
    const circleId = await circleWithTeam()
    await owner('circle', 'setRole', { circleId, openid: 'o_bob', role: 'admin' })
    const before = await snapshot(w.cloud)
    expect(await refusal(alice('moderate', 'mute', { circleId, openid: 'o_bob', duration: '1h' }))).toMatchObject({
      code: 'forbidden',
    })
    expect(await refusal(stranger('moderate', 'mute', { circleId, openid: 'o_alice', duration: '1h' }))).toMatchObject({
      code: 'not_member',
    })
    expect(await refusal(as(null)('moderate', 'mute', { circleId, openid: 'o_alice', duration: '1h' }))).toMatchObject({
      code: 'unauthenticated',
    })
    expect(await refusal(admin('moderate', 'mute', { circleId, openid: 'o_bob', duration: '1h' }))).toMatchObject({
      code: 'forbidden',
    })
    expect(await refusal(admin('moderate', 'mute', { circleId, openid: 'o_owner', duration: '1h' }))).toMatchObject({
      code: 'forbidden',
    })
    expect(await refusal(admin('moderate', 'mute', { circleId, openid: 'o_stranger', duration: '1h' }))).toMatchObject({
      code: 'not_found',
      param: 'openid',
    })
    expect(await snapshot(w.cloud)).toEqual(before)
  })

  it('bad input changes nothing', async () => {
    const circleId = await circleWithTeam()
    const before = await snapshot(w.cloud)
    expect(
      await refusal(owner('moderate', 'mute', { circleId, openid: 'o_alice', duration: '3d' as never })),
    ).toMatchObject({ code: 'invalid_argument', param: 'duration', message: '禁言时长填写有误，请检查后再试' })
    expect(
      await refusal(owner('moderate', 'mute', { circleId, openid: 'o_alice', duration: '1h', until: 'x' } as never)),
    ).toMatchObject({ code: 'invalid_argument', param: 'until' })
    expect(
      await refusal(
        owner('moderate', 'setSettings', {
          circleId,
          muteAll: false,
          quietHours: { start: '25:00', end: '07:00' },
          newMemberMuteDays: 0,
        }),
      ),
    ).toMatchObject({ code: 'invalid_argument', param: 'quietHours.start' })
    expect(
      await refusal(
        owner('moderate', 'setSettings', {
          circleId,
          muteAll: false,
          quietHours: { start: '07:00', end: '07:00' },
          newMemberMuteDays: 0,
        }),
      ),
    ).toMatchObject({ code: 'invalid_argument', param: 'quietHours' })
    expect(
      await refusal(
        owner('moderate', 'setSettings', { circleId, muteAll: false, quietHours: null, newMemberMuteDays: 31 }),
      ),
    ).toMatchObject({ code: 'invalid_argument', param: 'newMemberMuteDays' })
    expect(
      await refusal(
        alice('moderate', 'report', { kind: 'post', targetId: 'nope', reason: 'spam', note: 'x'.repeat(201) }),
      ),
    ).toMatchObject({ code: 'invalid_argument', param: 'note' })
    expect(await snapshot(w.cloud)).toEqual(before)
  })
})

describe('circle-wide rules', () => {
  it('mute-all silences members and guests but not the team', async () => {
    const circleId = await circleWithTeam()
    await owner('circle', 'setRole', { circleId, openid: 'o_bob', role: 'guest' })
    await admin('moderate', 'setSettings', { circleId, muteAll: true, quietHours: null, newMemberMuteDays: 0 })
    expect(await refusal(alice('post', 'create', { circleId, text: 'x' }))).toMatchObject({ code: 'circle_muted' })
    expect(await refusal(bob('post', 'create', { circleId, text: 'x' }))).toMatchObject({ code: 'circle_muted' })
    await expect(admin('post', 'create', { circleId, text: '管理员公告' })).resolves.toBeTruthy()
    await expect(owner('post', 'create', { circleId, text: '圈主发言' })).resolves.toBeTruthy()
    expect(await owner('moderate', 'settings', { circleId })).toMatchObject({
      muteAll: true,
      quietHours: null,
      newMemberMuteDays: 0,
    })
  })

  it('quiet hours follow the Shanghai wall clock across midnight, and a window can be turned off again', async () => {
    const circleId = await circleWithTeam()
    await owner('moderate', 'setSettings', {
      circleId,
      muteAll: false,
      quietHours: { start: '23:00', end: '07:00' },
      newMemberMuteDays: 0,
    })
    const day = new Date(Date.now() + 8 * HOUR).toISOString().slice(0, 10)
    const next = new Date(Date.now() + 8 * HOUR + DAY).toISOString().slice(0, 10)
    setShanghaiClock(`${day}T22:59:00`)
    await expect(alice('post', 'create', { circleId, text: '睡前一句' })).resolves.toBeTruthy()
    setShanghaiClock(`${day}T23:30:00`)
    expect(await refusal(alice('post', 'create', { circleId, text: 'x' }))).toMatchObject({
      code: 'quiet_hours',
      message: expect.stringContaining('07:00 后可以发言'),
    })
    await expect(admin('post', 'create', { circleId, text: '管理员不受限' })).resolves.toBeTruthy()
    setShanghaiClock(`${next}T06:59:00`)
    expect(await refusal(alice('post', 'create', { circleId, text: 'x' }))).toMatchObject({ code: 'quiet_hours' })
    setShanghaiClock(`${next}T07:00:00`)
    await expect(alice('post', 'create', { circleId, text: '早上好' })).resolves.toBeTruthy()
    setShanghaiClock(`${next}T23:10:00`)
    await owner('moderate', 'setSettings', { circleId, muteAll: false, quietHours: null, newMemberMuteDays: 0 })
    await expect(alice('post', 'create', { circleId, text: '关掉了' })).resolves.toBeTruthy()
  })

  it('new members wait N days; earlier members do not', async () => {
    const circleId = await circleWithTeam()
    setClockOffset(10 * DAY)
    await owner('moderate', 'setSettings', { circleId, muteAll: false, quietHours: null, newMemberMuteDays: 3 })
    await stranger('circle', 'join', { circleId })
    expect(await refusal(stranger('post', 'create', { circleId, text: '我是新人' }))).toMatchObject({
      code: 'new_member_muted',
    })
    await expect(alice('post', 'create', { circleId, text: '老成员' })).resolves.toBeTruthy()
    setClockOffset(13 * DAY + 60_000)
    await expect(stranger('post', 'create', { circleId, text: '三天后' })).resolves.toBeTruthy()
  })

  it('only the team reads and changes the settings', async () => {
    const circleId = await circleWithTeam()
    const before = await snapshot(w.cloud)
    expect(
      await refusal(
        alice('moderate', 'setSettings', { circleId, muteAll: true, quietHours: null, newMemberMuteDays: 0 }),
      ),
    ).toMatchObject({ code: 'forbidden' })
    expect(await refusal(alice('moderate', 'settings', { circleId }))).toMatchObject({ code: 'forbidden' })
    expect(await snapshot(w.cloud)).toEqual(before)
  })
})

describe('roles', () => {
  it('keeps at most 50 guests when many promotions race', async () => {
    const circleId = await circleWithTeam()
    const now = new Date()
    const member = (openid: string, role: string) => ({
      _id: `${circleId}:${openid}`,
      circleId,
      openid,
      role,
      status: 'active',
      user: { nickname: openid, avatarUrl: '' },
      joinedAt: now,
      expiresAt: null,
      updatedAt: now,
    })
    w.cloud.db.insertMany('memberships', [
      ...Array.from({ length: 47 }, (_, i) => member(`o_g${i}`, 'guest')),
      ...Array.from({ length: 6 }, (_, i) => member(`o_c${i}`, 'member')),
    ])
    await w.cloud.db.handle('modifyDocument', {
      collectionName: 'circles',
      query: JSON.stringify({ _id: circleId }),
      data: JSON.stringify({ $set: { guestCount: { $numberInt: '47' } } }),
      multi: false,
      merge: true,
    })
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => owner('circle', 'setRole', { circleId, openid: `o_c${i}`, role: 'guest' })),
    )
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3)
    for (const r of results.filter((x): x is PromiseRejectedResult => x.status === 'rejected'))
      expect(r.reason).toMatchObject({ code: 'guest_limit_reached' })
    const guests = ((await w.cloud.db.find('memberships')) as any[]).filter(
      (m) => m.circleId === circleId && m.role === 'guest',
    )
    expect(guests).toHaveLength(50)
    expect(((await w.cloud.db.find('circles')) as any[])[0].guestCount).toBe(50)
    // demoting one makes room for another
    await owner('circle', 'setRole', { circleId, openid: 'o_g0', role: 'member' })
    const rejected = results.findIndex((r) => r.status === 'rejected')
    await expect(
      owner('circle', 'setRole', { circleId, openid: `o_c${rejected}`, role: 'guest' }),
    ).resolves.toMatchObject({ role: 'guest' })
  })

  it("the owner's role never changes, and only the owner assigns roles", async () => {
    const circleId = await circleWithTeam()
    expect(await refusal(admin('circle', 'setRole', { circleId, openid: 'o_alice', role: 'admin' }))).toMatchObject({
      code: 'forbidden',
    })
    expect(await refusal(owner('circle', 'setRole', { circleId, openid: 'o_owner', role: 'member' }))).toMatchObject({
      code: 'forbidden',
    })
    await owner('circle', 'setRole', { circleId, openid: 'o_alice', role: 'partner' })
    await owner('circle', 'setRole', { circleId, openid: 'o_alice', role: 'member' })
    const members = await owner('circle', 'members', { circleId })
    expect(members.items.find((m) => m.openid === 'o_alice')).toMatchObject({
      role: 'member',
      team: { source: { kind: 'free' }, mute: null },
    })
  })

  it('shows channels and mutes to the team only', async () => {
    const circleId = await circleWithTeam()
    await owner('moderate', 'mute', { circleId, openid: 'o_bob', duration: '7d' })
    const seenByAdmin = await admin('circle', 'members', { circleId })
    expect(seenByAdmin.items.find((m) => m.openid === 'o_bob')!.team!.mute).toEqual({ until: expect.any(String) })
    const seenByMember = await alice('circle', 'members', { circleId })
    expect(seenByMember.items.every((m) => m.team === undefined)).toBe(true)
  })
})

describe('removal and the blacklist', () => {
  it('removes a member, who may join again unless blacklisted', async () => {
    const circleId = await circleWithTeam()
    expect(await admin('moderate', 'remove', { circleId, openid: 'o_alice' })).toEqual({
      removed: true,
      refundFen: 0,
      orderId: null,
    })
    expect(await refusal(alice('post', 'list', { circleId }))).toMatchObject({ code: 'not_member' })
    expect((await owner('circle', 'get', { circleId })).circle.memberCount).toBe(3)
    expect((await notes('o_alice')).map((n) => n.kind)).toEqual(['removed'])
    await alice('circle', 'join', { circleId })

    await admin('moderate', 'blacklist', { circleId, openid: 'o_alice', reason: '多次发广告' })
    expect((await owner('circle', 'get', { circleId })).circle.memberCount).toBe(3)
    const before = await snapshot(w.cloud)
    expect(await refusal(alice('circle', 'join', { circleId }))).toMatchObject({
      code: 'blacklisted',
      message: '你已被该圈子拉黑，不能加入',
    })
    expect(await snapshot(w.cloud)).toEqual(before)
    expect((await admin('moderate', 'blacklisted', { circleId })).items).toEqual([
      expect.objectContaining({ openid: 'o_alice', reason: '多次发广告', by: 'o_admin' }),
    ])

    await owner('moderate', 'unblacklist', { circleId, openid: 'o_alice' })
    await expect(alice('circle', 'join', { circleId })).resolves.toMatchObject({ membership: { role: 'member' } })
    expect((await admin('moderate', 'blacklisted', { circleId })).items).toEqual([])
  })

  it('blacklists a stranger before they ever join; never the owner; refuses members', async () => {
    const circleId = await circleWithTeam()
    await stranger('user', 'login', {})
    await admin('moderate', 'blacklist', { circleId, openid: 'o_stranger' })
    expect(await refusal(stranger('circle', 'join', { circleId }))).toMatchObject({ code: 'blacklisted' })
    const before = await snapshot(w.cloud)
    expect(await refusal(admin('moderate', 'blacklist', { circleId, openid: 'o_owner' }))).toMatchObject({
      code: 'forbidden',
    })
    expect(await refusal(alice('moderate', 'blacklist', { circleId, openid: 'o_bob' }))).toMatchObject({
      code: 'forbidden',
    })
    expect(await refusal(alice('moderate', 'remove', { circleId, openid: 'o_bob' }))).toMatchObject({
      code: 'forbidden',
    })
    expect(await refusal(admin('moderate', 'remove', { circleId, openid: 'o_bob', refund: true }))).toMatchObject({
      code: 'forbidden',
    })
    expect(await snapshot(w.cloud)).toEqual(before)
  })

  it('removes a paying member with a pro-rata refund that books a balanced reversal', async () => {
    const c = await owner('circle', 'create', { name: '人像摄影进阶', type: 'knowledge', entryMode: 'paid' })
    await owner('shop', 'setPricing', {
      circleId: c.id,
      entry: { priceFen: 9900, markedPriceFen: null, term: { kind: 'rolling', days: 365 } },
      pass: null,
    })
    const start = await alice('shop', 'order', { circleId: c.id, product: { kind: 'entry' }, platform: 'h5' })
    await w.pay(start.order.id)
    // past the refund window and settlement, 100 days into the 365-day term
    setClockOffset(100 * DAY)
    const quote = await owner('moderate', 'refundQuote', { circleId: c.id, openid: 'o_alice' })
    expect(quote.refundFen).toBeGreaterThanOrEqual(7187)
    expect(quote.refundFen).toBeLessThanOrEqual(7188)
    const res = await owner('moderate', 'remove', {
      circleId: c.id,
      openid: 'o_alice',
      refund: true,
      reason: '违反圈规',
    })
    expect(res).toEqual({ removed: true, refundFen: quote.refundFen, orderId: start.order.id })
    await w.flush()
    const order = await alice('shop', 'getOrder', { orderId: start.order.id })
    expect(order).toMatchObject({ status: 'partially_refunded', refundedFen: quote.refundFen })
    const journals = (await w.cloud.db.find('journals')) as any[]
    const refund = journals.find((j) => j._id === `${start.order.id}:refund:1`)
    expect(refund).toBeTruthy()
    for (const j of journals) expect(j.entries.reduce((s: number, e: any) => s + e.amountFen, 0)).toBe(0)
    const m = ((await w.cloud.db.find('memberships')) as any[]).find((x) => x.openid === 'o_alice')
    expect(m.status).toBe('removed')
    expect((await owner('circle', 'get', { circleId: c.id })).circle.memberCount).toBe(1)
    expect((await notes('o_alice')).find((n) => n.kind === 'removed').body).toContain(
      `${(quote.refundFen / 100).toFixed(2)} 元`,
    )
  })
})

describe('removal refunds under concurrency', () => {
  it('refunds the unused share once when the team removes a paying member twice at the same moment', async () => {
    const c = await owner('circle', 'create', { name: '人像摄影进阶', type: 'knowledge', entryMode: 'paid' })
    await owner('shop', 'setPricing', {
      circleId: c.id,
      entry: { priceFen: 9900, markedPriceFen: null, term: { kind: 'rolling', days: 365 } },
      pass: null,
    })
    const start = await alice('shop', 'order', { circleId: c.id, product: { kind: 'entry' }, platform: 'h5' })
    await w.pay(start.order.id)
    // 250 days in: the unused share (≈ 31 %) fits twice into what is left, so only the rules stop a second refund
    setClockOffset(250 * DAY)
    const quote = await owner('moderate', 'refundQuote', { circleId: c.id, openid: 'o_alice' })
    const results = await Promise.allSettled(
      [0, 1].map(() => owner('moderate', 'remove', { circleId: c.id, openid: 'o_alice', refund: true })),
    )
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    await w.flush()
    const journals = ((await w.cloud.db.find('journals')) as any[]).filter(
      (j) => j.orderId === start.order.id && j.kind === 'refund',
    )
    expect(journals).toHaveLength(1)
    expect(await alice('shop', 'getOrder', { orderId: start.order.id })).toMatchObject({
      status: 'partially_refunded',
      refundedFen: quote.refundFen,
    })
  })
})

describe('reports and deletion with a reason', () => {
  it('a report goes to the team queue; deleting it tells the author why and each reporter the outcome', async () => {
    const circleId = await circleWithTeam()
    const post = await bob('post', 'create', { circleId, text: '加我微信领取免费资料 xxx' })
    const r1 = await alice('moderate', 'report', { kind: 'post', targetId: post.id, reason: 'spam', note: '广告' })
    expect(r1).toMatchObject({
      status: 'open',
      reasonLabel: '垃圾广告',
      excerpt: post.text,
      author: { openid: 'o_bob' },
      reporter: { openid: 'o_alice' },
    })
    await admin('moderate', 'report', { kind: 'post', targetId: post.id, reason: 'fraud' })
    expect(
      await refusal(alice('moderate', 'report', { kind: 'post', targetId: post.id, reason: 'spam' })),
    ).toMatchObject({ code: 'already_reported' })
    expect(await refusal(alice('moderate', 'reports', { circleId }))).toMatchObject({ code: 'forbidden' })
    expect(
      await refusal(stranger('moderate', 'report', { kind: 'post', targetId: post.id, reason: 'spam' })),
    ).toMatchObject({ code: 'not_member' })

    const queue = await owner('moderate', 'reports', { circleId })
    expect(queue.items.map((r) => r.reporter.openid).sort()).toEqual(['o_admin', 'o_alice'])
    expect(await refusal(owner('moderate', 'resolveReport', { reportId: r1.id, decision: 'remove' }))).toMatchObject({
      code: 'invalid_argument',
      param: 'reason',
    })
    const done = await owner('moderate', 'resolveReport', { reportId: r1.id, decision: 'remove', reason: '发布广告' })
    expect(done).toMatchObject({ status: 'removed', resolution: '发布广告' })
    expect((await owner('moderate', 'reports', { circleId })).items).toEqual([])
    expect((await owner('moderate', 'reports', { circleId, status: 'closed' })).items).toHaveLength(2)
    expect(await refusal(owner('moderate', 'resolveReport', { reportId: r1.id, decision: 'dismiss' }))).toMatchObject({
      code: 'report_closed',
    })

    const [removedNote] = await notes('o_bob')
    expect(removedNote).toMatchObject({ kind: 'content_removed', body: expect.stringContaining('原因：发布广告') })
    expect((await notes('o_alice')).map((n) => n.kind)).toEqual(['report_resolved'])
    expect((await notes('o_admin')).map((n) => n.kind)).toEqual(['report_resolved'])
    // the author sees why; everyone else: gone
    expect(await bob('post', 'get', { postId: post.id })).toMatchObject({ id: post.id, removedReason: '发布广告' })
    expect(await refusal(alice('post', 'get', { postId: post.id }))).toMatchObject({ code: 'not_found' })
    expect((await alice('post', 'list', { circleId })).items.find((p) => p.id === post.id)).toBeUndefined()
  })

  it('dismissing keeps the content; comments can be reported and deleted too', async () => {
    const circleId = await circleWithTeam()
    const post = await alice('post', 'create', { circleId, text: '分享一本书' })
    const comment = await bob('post', 'comment', { postId: post.id, text: '垃圾书' })
    const r = await alice('moderate', 'report', { kind: 'comment', targetId: comment.id, reason: 'abuse' })
    await admin('moderate', 'resolveReport', { reportId: r.id, decision: 'dismiss' })
    expect((await alice('post', 'comments', { postId: post.id })).items).toHaveLength(1)
    const r2 = await owner('moderate', 'report', { kind: 'comment', targetId: comment.id, reason: 'abuse' })
    await admin('moderate', 'resolveReport', { reportId: r2.id, decision: 'remove', reason: '人身攻击' })
    expect((await alice('post', 'comments', { postId: post.id })).items).toHaveLength(0)
    expect((await alice('post', 'get', { postId: post.id })).commentCount).toBe(0)
    expect((await notes('o_bob')).find((n) => n.kind === 'content_removed').body).toContain('原因：人身攻击')
  })

  it('the team deleting a post with a reason notifies its author; an author deleting their own does not', async () => {
    const circleId = await circleWithTeam()
    const p1 = await alice('post', 'create', { circleId, text: '第一条' })
    const p2 = await alice('post', 'create', { circleId, text: '第二条' })
    await admin('post', 'remove', { postId: p1.id, reason: '与圈子主题无关' })
    await alice('post', 'remove', { postId: p2.id })
    const mine = await notes('o_alice')
    expect(mine).toEqual([
      expect.objectContaining({
        kind: 'content_removed',
        body: expect.stringContaining('原因：与圈子主题无关'),
        link: expect.stringContaining(p1.id),
      }),
    ])
    expect(await alice('post', 'get', { postId: p1.id })).toMatchObject({ removedReason: '与圈子主题无关' })
    expect(await refusal(alice('post', 'get', { postId: p2.id }))).toMatchObject({ code: 'not_found' })
    expect(await refusal(bob('post', 'remove', { postId: p1.id, reason: 'x' }))).toMatchObject({ code: 'not_found' })
  })
})
