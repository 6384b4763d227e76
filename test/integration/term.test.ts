import { RENEWAL_TEMPLATE_ID } from '@core/term'
import { db } from '../../cloudfunctions/runtime/db'
import { openapi } from '../../cloudfunctions/runtime/cloud'
import { sendSubscribed } from '../../cloudfunctions/runtime/subscribe'
import { sendReminders } from '../../cloudfunctions/term/remind'
import { sweepExpired, SWEEP_JOB } from '../../cloudfunctions/term/sweep'
import { sentSubscribeMessages } from '../../localcloud/openapi/subscribe'
import { as, invoke, refusal, setClockOffset, snapshot, startWorld, type TestCloud } from './world'

const DAY = 86_400_000
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

/** Sets the functions' clock to an instant. */
const clockAt = (instant: Date) => setClockOffset(instant.getTime() - Date.now())

async function circleWith(settings?: Record<string, unknown>) {
  const c = await owner('circle', 'create', { name: '晨读会', type: 'interest', entryMode: 'paid' })
  if (settings) await db().collection('circles').doc(c.id).update({ data: { settings } })
  return c.id
}

const renewal = (over: Record<string, unknown> = {}) => ({
  renewal: {
    beforeExpiryBps: 10000,
    within30DaysBps: 10000,
    laterBps: 10000,
    graceDays: 0,
    reminderDays: [7, 3, 1],
    ...over,
  },
})

/** A paid member whose term ends at `expiresAt`, written straight into the database (as a purchase leaves it). */
function member(circleId: string, openid: string, expiresAt: Date, extra: Record<string, unknown> = {}) {
  cloud.db.insert('memberships', {
    _id: `${circleId}:${openid}`,
    circleId,
    openid,
    role: 'member',
    status: 'active',
    user: { nickname: `成员${openid.slice(-4)}`, avatarUrl: '' },
    joinedAt: new Date(expiresAt.getTime() - 365 * DAY),
    expiresAt,
    updatedAt: new Date(expiresAt.getTime() - 365 * DAY),
    ...extra,
  })
}

describe('access from expiresAt, with the timer never run', () => {
  it('lets a member read and post one second before expiry and refuses one second after', async () => {
    const circleId = await circleWith()
    const expiresAt = new Date(Date.now() + 3600_000)
    member(circleId, 'o_alice', expiresAt)
    clockAt(new Date(expiresAt.getTime() - 1000))
    await alice('post', 'create', { circleId, text: '到期前最后一条' })
    expect((await alice('post', 'list', { circleId })).items).toHaveLength(1)
    clockAt(new Date(expiresAt.getTime() + 1000))
    expect(await refusal(alice('post', 'list', { circleId }))).toMatchObject({ code: 'not_member' })
    const before = await snapshot(cloud)
    expect(await refusal(alice('post', 'create', { circleId, text: '到期后' }))).toMatchObject({ code: 'not_member' })
    expect(await snapshot(cloud)).toEqual(before)
    const page = await alice('circle', 'get', { circleId })
    expect(page.me).toMatchObject({ state: 'expired', graceEndsAt: null })
    expect(page.feed).toBeNull()
    // the timer never ran: the status is still as the purchase left it
    expect(cloud.db.find('memberships', { _id: `${circleId}:o_alice` })[0].status).toBe('active')
  })

  it('ends at Asia/Shanghai midnight, whatever the machine zone', async () => {
    const circleId = await circleWith()
    const midnight = new Date('2027-03-01T00:00:00+08:00')
    member(circleId, 'o_alice', midnight)
    clockAt(new Date('2027-02-28T23:59:59+08:00'))
    expect(await alice('circle', 'get', { circleId })).toMatchObject({ me: { state: 'active' }, feed: { items: [] } })
    clockAt(new Date('2027-03-01T00:00:01+08:00'))
    expect((await alice('circle', 'get', { circleId })).me).toMatchObject({ state: 'expired' })
    expect(await refusal(alice('post', 'list', { circleId }))).toMatchObject({ code: 'not_member' })
  })
})

describe('the read-only grace', () => {
  it('reads posts and comments for the grace days but cannot post, comment or like, then locks', async () => {
    const circleId = await circleWith(renewal({ graceDays: 3 }))
    const post = await owner('post', 'create', { circleId, text: '本周分享' })
    await owner('post', 'comment', { postId: post.id, text: '欢迎讨论' })
    const expiresAt = new Date(Date.now() + 3600_000)
    member(circleId, 'o_alice', expiresAt)
    clockAt(new Date(expiresAt.getTime() + 1000))

    const page = await alice('circle', 'get', { circleId })
    expect(page.me).toMatchObject({
      state: 'grace',
      graceEndsAt: new Date(expiresAt.getTime() + 3 * DAY).toISOString(),
    })
    expect(page.feed?.items.map((p) => p.id)).toEqual([post.id])
    expect((await alice('post', 'list', { circleId })).items).toHaveLength(1)
    expect((await alice('post', 'get', { postId: post.id })).text).toBe('本周分享')
    expect((await alice('post', 'comments', { postId: post.id })).items).toHaveLength(1)

    const before = await snapshot(cloud)
    expect(await refusal(alice('post', 'create', { circleId, text: '宽限期发帖' }))).toMatchObject({
      code: 'not_member',
    })
    expect(await refusal(alice('post', 'comment', { postId: post.id, text: '宽限期评论' }))).toMatchObject({
      code: 'not_member',
    })
    expect(await refusal(alice('post', 'like', { postId: post.id, liked: true }))).toMatchObject({ code: 'not_member' })
    expect(await snapshot(cloud)).toEqual(before)

    // the sweep marks the membership expired: reading in the grace does not change, nor 我的圈子
    await sweepExpired({ now: new Date(expiresAt.getTime() + 2000) })
    expect(cloud.db.find('memberships', { _id: `${circleId}:o_alice` })[0].status).toBe('expired')
    expect((await alice('post', 'list', { circleId })).items).toHaveLength(1)
    expect((await alice('circle', 'mine', {})).items.map((c) => c.id)).toEqual([circleId])

    clockAt(new Date(expiresAt.getTime() + 3 * DAY + 1000))
    expect((await alice('circle', 'mine', {})).items).toEqual([])
    expect(await refusal(alice('post', 'list', { circleId }))).toMatchObject({ code: 'not_member' })
    expect(await refusal(alice('post', 'comments', { postId: post.id }))).toMatchObject({ code: 'not_member' })
    expect((await alice('circle', 'get', { circleId })).me).toMatchObject({ state: 'expired' })
  })

  it('keeps reading a feed page at 2 database calls for an active member', async () => {
    const circleId = await circleWith(renewal({ graceDays: 3 }))
    member(circleId, 'o_alice', new Date(Date.now() + 30 * DAY))
    cloud.db.resetCallCounts()
    await alice('post', 'list', { circleId })
    expect(cloud.db.totalCalls()).toBeLessThanOrEqual(2)
  })
})

describe('the expiry sweep', () => {
  const N = 5000
  // 5 000 memberships through the real SDK and the strict database: minutes of headroom, not a speed check (that is npm run bench)
  jest.setTimeout(120_000)

  async function dueWorld() {
    const circleId = await circleWith(renewal({ graceDays: 2 }))
    const ended = new Date(Date.now() - DAY)
    const docs = Array.from({ length: N }, (_, i) => {
      const openid = `o_m${String(i).padStart(5, '0')}`
      const expiresAt = new Date(ended.getTime() - (i % 97) * 60_000)
      return {
        _id: `${circleId}:${openid}`,
        circleId,
        openid,
        role: 'member',
        status: 'active',
        user: { nickname: openid, avatarUrl: '' },
        joinedAt: new Date(expiresAt.getTime() - 365 * DAY),
        expiresAt,
        updatedAt: expiresAt,
      }
    })
    cloud.db.insertMany('memberships', docs)
    // not due: still running, renewed, or already left
    member(circleId, 'o_current', new Date(Date.now() + DAY))
    member(circleId, 'o_left', ended, { status: 'left' })
    // the count as joins would have kept it: the owner, the due members and o_current
    await db()
      .collection('circles')
      .doc(circleId)
      .update({ data: { memberCount: N + 2 } })
    return circleId
  }

  it('pages through 5 000 due memberships, survives an interruption, and notifies each member once', async () => {
    await dueWorld()
    const now = { now: new Date() }
    // run 1: stopped by its page bound after 2 pages
    expect(await sweepExpired(now, { page: 1000, maxPages: 2, budgetMs: 60_000 })).toMatchObject({
      pages: 2,
      expired: 2000,
      done: false,
    })
    expect(cloud.db.find('jobs', { _id: SWEEP_JOB })[0].cursor).not.toBeNull()
    // run 2: crashes after writing a page's notices, before their statuses
    const crash = () => {
      throw new Error('function timed out')
    }
    await expect(sweepExpired(now, { page: 1000, maxPages: 5, budgetMs: 60_000, afterNotify: crash })).rejects.toThrow(
      'timed out',
    )
    expect(cloud.db.count('notifications')).toBe(3000)
    // run 3 resumes from the cursor and finishes
    const last = await sweepExpired(now, { page: 1000, maxPages: 10, budgetMs: 60_000 })
    expect(last).toMatchObject({ pages: 3, expired: 3000, done: true })

    expect(cloud.db.count('memberships', { status: 'expired' })).toBe(N)
    // the member count catches up at the recount (the sweep leaves counts alone): the owner and o_current
    expect(cloud.db.find('circles')[0].memberCount).toBe(N + 2)
    await invoke(null, 'maintenance', { Type: 'Timer', TriggerName: 'recountMembers' })
    expect(cloud.db.find('circles')[0].memberCount).toBe(2)
    expect(cloud.db.find('memberships', { openid: 'o_current' })[0].status).toBe('active')
    expect(cloud.db.find('memberships', { openid: 'o_left' })[0].status).toBe('left')
    const notices = cloud.db.find('notifications', { kind: 'expired' })
    expect(notices).toHaveLength(N)
    expect(new Set(notices.map((n) => n.openid)).size).toBe(N)
    expect(notices[0]).toMatchObject({
      title: '会员已到期',
      body: expect.stringContaining('2 天内仍可只读浏览'),
      link: expect.stringContaining('/packagePay/pages/renew/index?circleId='),
    })
    expect(cloud.db.find('jobs', { _id: SWEEP_JOB })[0]).toMatchObject({ cursor: null, passes: 1 })

    // a later run finds nothing and notifies nobody again
    expect(await sweepExpired(now)).toMatchObject({ pages: 0, expired: 0, done: true })
    expect(cloud.db.count('notifications')).toBe(N)
  })

  it('reads at most 1000 memberships per call and costs a handful of calls per page', async () => {
    await dueWorld()
    cloud.db.resetCallCounts()
    const result = await sweepExpired({ now: new Date() })
    expect(result).toMatchObject({ pages: 5, expired: N, done: true })
    // per page: read, circles, notification ids, batch insert, where-update, cursor
    expect(cloud.db.totalCalls()).toBeLessThanOrEqual(5 * 6 + 4)
  })

  it('counts a member once whether they come back before or after the sweep and the recount', async () => {
    const circleId = await circleWith()
    member(circleId, 'o_alice', new Date(Date.now() - 1000))
    member(circleId, 'o_bob', new Date(Date.now() - 1000))
    await db()
      .collection('circles')
      .doc(circleId)
      .update({ data: { memberCount: 3 } })
    const count = () => cloud.db.find('circles')[0].memberCount
    // alice comes back before the sweep saw her: still counted once
    await owner('member', 'grant', { circleId, openid: 'o_alice', grantDays: 30, requestId: 'grant-alice-1' })
    expect(count()).toBe(3)
    await sweepExpired({ now: new Date() })
    await invoke(null, 'maintenance', { Type: 'Timer', TriggerName: 'recountMembers' })
    expect(count()).toBe(2)
    // bob comes back after the sweep and the recount took him out: counted again
    await owner('member', 'grant', { circleId, openid: 'o_bob', grantDays: 30, requestId: 'grant-bob-01' })
    expect(count()).toBe(3)
  })

  it('leaves a membership renewed in between alone, and answers the platform timer event', async () => {
    const circleId = await circleWith()
    member(circleId, 'o_alice', new Date(Date.now() - 1000))
    member(circleId, 'o_bob', new Date(Date.now() - 1000))
    await db()
      .collection('memberships')
      .doc(`${circleId}:o_bob`)
      .update({ data: { expiresAt: new Date(Date.now() + 30 * DAY) } })
    const res = await invoke(null, 'term', { Type: 'Timer', TriggerName: 'sweep' })
    expect(res).toMatchObject({ ok: true, data: { expired: 1, done: true } })
    expect(cloud.db.find('memberships', { openid: 'o_bob' })[0].status).toBe('active')
    // a user cannot fire the timer
    expect(await invoke('o_alice', 'term', { Type: 'Timer', TriggerName: 'sweep' })).toMatchObject({
      ok: false,
      error: { code: 'unknown_action' },
    })
  })
})

describe('renewal reminders', () => {
  it('reminds 7, 3 and 1 days before, each once, by subscription message only while a grant is left', async () => {
    const circleId = await circleWith()
    const expiresAt = new Date(Date.now() + 10 * DAY)
    member(circleId, 'o_alice', expiresAt)
    member(circleId, 'o_bob', new Date(Date.now() + 40 * DAY))
    await alice('notify', 'grant', { accepted: [RENEWAL_TEMPLATE_ID] })

    clockAt(new Date(expiresAt.getTime() - 8 * DAY))
    expect(await sendReminders({ now: new Date(expiresAt.getTime() - 8 * DAY) })).toMatchObject({ reminded: 0 })

    const sevenBefore = new Date(expiresAt.getTime() - 6.5 * DAY)
    expect(await sendReminders({ now: sevenBefore })).toMatchObject({ reminded: 1, messages: 1 })
    expect(await sendReminders({ now: sevenBefore })).toMatchObject({ reminded: 0, messages: 0 })
    const messages = sentSubscribeMessages(cloud.db, 'o_alice')
    expect(messages).toHaveLength(1)
    expect(messages[0]).toMatchObject({
      templateId: RENEWAL_TEMPLATE_ID,
      page: `/packagePay/pages/renew/index?circleId=${circleId}`,
      data: { thing1: { value: '晨读会' }, thing3: { value: '还有7天到期，续费不损失天数' } },
    })

    // the 3-day reminder: in-app only, the one grant was used
    const threeBefore = new Date(expiresAt.getTime() - 2.5 * DAY)
    expect(await sendReminders({ now: threeBefore })).toMatchObject({ reminded: 1, messages: 0 })
    const oneBefore = new Date(expiresAt.getTime() - 0.5 * DAY)
    expect(await sendReminders({ now: oneBefore })).toMatchObject({ reminded: 1 })
    expect(await sendReminders({ now: oneBefore })).toMatchObject({ reminded: 0 })

    const notices = cloud.db.find('notifications', { openid: 'o_alice', kind: 'expiry_reminder' })
    expect(notices.map((n) => n.body).sort()).toEqual([
      expect.stringContaining('还有 1 天'),
      expect.stringContaining('还有 3 天'),
      expect.stringContaining('还有 7 天'),
    ])
    expect(sentSubscribeMessages(cloud.db, 'o_alice')).toHaveLength(1)
    expect(cloud.db.find('notifications', { openid: 'o_bob' })).toHaveLength(0)
    expect(cloud.db.find('memberships', { openid: 'o_alice' })[0]).toMatchObject({ dueAt: expiresAt })
  })

  it("follows the circle's reminder days", async () => {
    const circleId = await circleWith(renewal({ reminderDays: [14] }))
    const expiresAt = new Date(Date.now() + 20 * DAY)
    member(circleId, 'o_alice', expiresAt)
    expect(await sendReminders({ now: new Date(expiresAt.getTime() - 13 * DAY) })).toMatchObject({ reminded: 1 })
    expect(await sendReminders({ now: new Date(expiresAt.getTime() - 2 * DAY) })).toMatchObject({ reminded: 0 })
  })
})

describe('one grant, one message', () => {
  it('is enforced by the local WeChat stand-in: a second message for one grant answers 43101', async () => {
    await alice('notify', 'grant', { accepted: [RENEWAL_TEMPLATE_ID] })
    const api = openapi() as unknown as { subscribeMessage: { send(a: object): Promise<{ errCode: number }> } }
    const message = {
      touser: 'o_alice',
      templateId: RENEWAL_TEMPLATE_ID,
      page: '/pages/profile/index',
      data: { thing1: { value: '晨读会' }, date2: { value: '2026年12月1日' }, thing3: { value: '还有3天到期' } },
    }
    expect(await api.subscribeMessage.send(message)).toMatchObject({ errCode: 0 })
    await expect(api.subscribeMessage.send(message)).rejects.toMatchObject({ errCode: 43101 })
    // nobody granted anything to bob
    await expect(api.subscribeMessage.send({ ...message, touser: 'o_bob' })).rejects.toMatchObject({ errCode: 43101 })
    expect(sentSubscribeMessages(cloud.db)).toHaveLength(1)
  })

  it('uses one counted grant per message on the server, each cause once, and believes WeChat over its own count', async () => {
    await alice('notify', 'grant', { accepted: [RENEWAL_TEMPLATE_ID] })
    const { left } = await alice('notify', 'grant', { accepted: [RENEWAL_TEMPLATE_ID] })
    expect(left).toEqual({ [RENEWAL_TEMPLATE_ID]: 2 })
    const message = {
      touser: 'o_alice',
      templateId: RENEWAL_TEMPLATE_ID,
      page: '/pages/profile/index',
      data: { thing1: { value: '晨读会' }, date2: { value: '2026年12月1日' }, thing3: { value: '还有3天到期' } },
    }
    const now = new Date()
    expect(await sendSubscribed('cause-1', message, now)).toBe('sent')
    expect(await sendSubscribed('cause-1', message, now)).toBe('already')
    expect(await sendSubscribed('cause-2', message, now)).toBe('sent')
    expect(await sendSubscribed('cause-3', message, now)).toBe('no_grant')
    expect(sentSubscribeMessages(cloud.db, 'o_alice')).toHaveLength(2)
    // the server's count drifts (a grant reported that WeChat never recorded): WeChat refuses, the count follows
    await db()
      .collection('subscribeGrants')
      .doc(`o_alice:${RENEWAL_TEMPLATE_ID}`)
      .update({ data: { used: 1 } })
    expect(await sendSubscribed('cause-4', message, now)).toBe('refused')
    expect(cloud.db.find('subscribeGrants')[0]).toMatchObject({ granted: 2, used: 2 })
    expect(sentSubscribeMessages(cloud.db, 'o_alice')).toHaveLength(2)
  })
})

describe("the owner's expiring list", () => {
  it('shows members due within the window as not renewed, and those who renewed after a reminder as renewed', async () => {
    const circleId = await circleWith()
    const now = Date.now()
    member(circleId, 'o_soon', new Date(now + 3 * DAY))
    member(circleId, 'o_lapsed', new Date(now - 2 * DAY), { status: 'expired' })
    member(circleId, 'o_later', new Date(now + 20 * DAY))
    member(circleId, 'o_renewed', new Date(now + 368 * DAY), {
      dueAt: new Date(now + 3 * DAY),
      remindersSent: [`${now + 3 * DAY}:7`],
    })
    member(circleId, 'o_gone', new Date(now + 2 * DAY), { status: 'left' })
    member(circleId, 'o_admin', new Date(now + 5 * DAY), { role: 'admin' })

    const pending = await owner('term', 'expiring', { circleId, withinDays: 7 })
    expect(pending.items.map((m) => m.openid)).toEqual(['o_lapsed', 'o_soon', 'o_admin'])
    expect(pending.items[0]).toMatchObject({ state: 'expired', daysLeft: 0 })
    expect(pending.items[1]).toMatchObject({ state: 'active', daysLeft: 3 })
    expect(pending.counts).toEqual({ pending: 3, renewed: 1 })
    const renewed = await owner('term', 'expiring', { circleId, withinDays: 7, view: 'renewed' })
    expect(renewed.items.map((m) => m.openid)).toEqual(['o_renewed'])
    expect((await owner('term', 'expiring', { circleId, withinDays: 30 })).counts).toEqual({ pending: 4, renewed: 1 })

    // the team may look; a member may not
    expect((await as('o_admin')('term', 'expiring', { circleId, withinDays: 90 })).items).toHaveLength(4)
    expect(await refusal(as('o_soon')('term', 'expiring', { circleId, withinDays: 7 }))).toMatchObject({
      code: 'forbidden',
    })
    expect(await refusal(as('o_stranger')('term', 'expiring', { circleId, withinDays: 7 }))).toMatchObject({
      code: 'not_member',
    })
    expect(await refusal(owner('term', 'expiring', { circleId, withinDays: 14 as 7 }))).toMatchObject({
      code: 'invalid_argument',
      param: 'withinDays',
    })
  })

  it('pages by cursor', async () => {
    const circleId = await circleWith()
    for (let i = 0; i < 25; i++)
      member(circleId, `o_m${String(i).padStart(2, '0')}`, new Date(Date.now() + (i + 1) * 3600_000))
    const first = await owner('term', 'expiring', { circleId, withinDays: 7 })
    expect(first.items).toHaveLength(20)
    const second = await owner('term', 'expiring', { circleId, withinDays: 7, cursor: first.nextCursor! })
    expect(second.items.map((m) => m.openid)).toEqual(['o_m20', 'o_m21', 'o_m22', 'o_m23', 'o_m24'])
    expect(second).toMatchObject({ nextCursor: null, counts: null })
  })
})
