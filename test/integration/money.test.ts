import { refundNo } from '../../cloudfunctions/core/money'
import { db } from '../../cloudfunctions/runtime/db'
/**
 * Money on the strict local database, with the production payment code talking to the local pay
 * simulator (signed, encrypted notifications in WeChat Pay's format).
 */
import { main as payNotify } from '../../cloudfunctions/payNotify/index'
import { beijing, encryptResource, signedHeaders } from '../../localcloud/paysim/wire'
import { as, invoke, refusal, setClockOffset, setSettlementMode, snapshot, useMoneyWorld } from './world'

const w = useMoneyWorld()

const owner = as('o_owner')
const buyer = as('o_buyer')
const friend = as('o_friend')
const HOUR = 3600_000

async function paidCircle(priceFen = 9900) {
  const c = await owner('circle', 'create', { name: '人像摄影进阶', type: 'knowledge', entryMode: 'paid' })
  await owner('shop', 'setPricing', {
    circleId: c.id,
    entry: { priceFen, markedPriceFen: priceFen * 2, term: { kind: 'rolling', days: 365 } },
    pass: { priceFen: 29900, days: 365 },
  })
  return c.id
}

/** Orders and pays through the simulator's cashier; the notification fulfils. */
async function buyEntry(circleId: string, who = buyer) {
  const start = await who('shop', 'order', { circleId, product: { kind: 'entry' }, platform: 'h5' })
  await w.pay(start.order.id)
  return start.order.id
}

describe('buying paid entry', () => {
  it('prices on the server, opens the cashier, and grants the membership once paid', async () => {
    const circleId = await paidCircle(9900)
    const catalog = await buyer('shop', 'catalog', { circleId })
    expect(catalog.entry).toMatchObject({
      priceFen: 9900,
      markedPriceFen: 19800,
      perDayText: expect.stringContaining('元/天'),
      refundHours: 72,
    })
    const start = await buyer('shop', 'order', { circleId, product: { kind: 'entry' }, platform: 'h5' })
    expect(start.order).toMatchObject({ amountFen: 9900, status: 'pending', channel: 'local' })
    expect(start.pay).toMatchObject({ channel: 'local', orderId: start.order.id })
    // the mini-program pays the same prepay at WeChat Pay's JSAPI sheet
    expect(start.pay).toMatchObject({
      jsapi: { package: expect.stringMatching(/^prepay_id=wx/), signType: 'RSA', paySign: expect.any(String) },
    })
    expect(await refusal(buyer('post', 'list', { circleId }))).toMatchObject({ code: 'not_member' })
    await w.pay(start.order.id)
    expect(await buyer('shop', 'getOrder', { orderId: start.order.id })).toMatchObject({
      status: 'paid',
      refundableUntil: expect.any(String),
    })
    const page = await buyer('circle', 'get', { circleId })
    expect(page.me).toMatchObject({ role: 'member', expiresAt: expect.any(String) })
    await expect(buyer('post', 'list', { circleId })).resolves.toMatchObject({ viewerRole: 'member' })
  })

  it('fulfils exactly once for 15 duplicate notifications and a client "I paid" check', async () => {
    const circleId = await paidCircle()
    const start = await buyer('shop', 'order', { circleId, product: { kind: 'entry' }, platform: 'h5' })
    await w.pay(start.order.id, { copies: 15 })
    await buyer('shop', 'confirm', { orderId: start.order.id })
    const journals = (await w.cloud.db.find('journals')).filter((j: any) => j.orderId === start.order.id)
    expect(journals.map((j: any) => j._id)).toEqual([`${start.order.id}:pay`])
    const m = (await w.cloud.db.find('memberships')).filter((x: any) => x.openid === 'o_buyer')
    expect(m).toHaveLength(1)
  })

  it('heals a payment whose notification never came: the client check asks the channel', async () => {
    const circleId = await paidCircle()
    const start = await buyer('shop', 'order', { circleId, product: { kind: 'entry' }, platform: 'h5' })
    await w.pay(start.order.id, { copies: 0 })
    expect((await buyer('shop', 'getOrder', { orderId: start.order.id })).status).toBe('pending')
    expect(await buyer('shop', 'confirm', { orderId: start.order.id })).toMatchObject({ status: 'paid' })
  })

  it('rejects a forged notification and changes nothing', async () => {
    const circleId = await paidCircle()
    const start = await buyer('shop', 'order', { circleId, product: { kind: 'entry' }, platform: 'h5' })
    const before = await snapshot(w.cloud)
    const res = await w.forgeNotification(start.order.id)
    expect(res.statusCode).toBeGreaterThanOrEqual(400)
    expect(await snapshot(w.cloud)).toEqual(before)
  })

  it('counts a new member once and extends the term when a second order placed before joining is paid after', async () => {
    const circleId = await paidCircle()
    await invoke('o_buyer', 'user', { action: 'login' })
    // both placed with no membership yet: each carries the buyer's profile for a membership by insert
    const a = await buyer('shop', 'order', { circleId, product: { kind: 'entry' }, platform: 'h5' })
    const b = await buyer('shop', 'order', { circleId, product: { kind: 'entry' }, platform: 'h5' })
    const countBefore = ((await w.cloud.db.find('circles', { _id: circleId }))[0] as any).memberCount
    await w.pay(a.order.id)
    // b's insert meets a's membership (duplicate key): its transaction runs again, reading it
    await w.pay(b.order.id, { copies: 2 })
    const [m] = (await w.cloud.db.find('memberships')).filter((x: any) => x.openid === 'o_buyer') as any[]
    const [user] = (await w.cloud.db.find('users', { _id: 'o_buyer' })) as any[]
    expect(m).toMatchObject({ status: 'active', role: 'member', user: { nickname: user.nickname } })
    expect(Math.round((new Date(m.expiresAt).getTime() - Date.now()) / (24 * HOUR))).toBe(730)
    expect(((await w.cloud.db.find('circles', { _id: circleId }))[0] as any).memberCount).toBe(countBefore + 1)
    for (const id of [a.order.id, b.order.id])
      expect(await buyer('shop', 'getOrder', { orderId: id })).toMatchObject({ status: 'paid' })
    const journals = (await w.cloud.db.find('journals')).filter((j: any) => j._id.endsWith(':pay'))
    expect(journals.map((j: any) => j._id).sort()).toEqual([`${a.order.id}:pay`, `${b.order.id}:pay`].sort())
  })

  it('never doubles the term for two simultaneous payments of the same entry', async () => {
    const circleId = await paidCircle()
    const a = await buyer('shop', 'order', { circleId, product: { kind: 'entry' }, platform: 'h5' })
    const b = await buyer('shop', 'order', { circleId, product: { kind: 'entry' }, platform: 'h5' })
    await Promise.all([w.pay(a.order.id), w.pay(b.order.id)])
    const [m] = (await w.cloud.db.find('memberships')).filter((x: any) => x.openid === 'o_buyer') as any[]
    const days = (new Date(m.expiresAt).getTime() - Date.now()) / (24 * HOUR)
    // two paid orders extend twice, from each other's end, never from the same start twice
    expect(Math.round(days)).toBe(730)
  })
})

describe('the ledger', () => {
  it('splits a payment into balanced shares and keeps income pending for 72 hours', async () => {
    const circleId = await paidCircle(9900)
    await buyEntry(circleId)
    const summary = await owner('wallet', 'summary', { account: { kind: 'owner', circleId } })
    expect(summary.availableFen).toBe(0)
    expect(summary.pendingFen).toBeGreaterThan(9000)
    expect(summary.pendingFen).toBeLessThan(9900)
    for (const j of (await w.cloud.db.find('journals')) as any[])
      expect(j.entries.reduce((s: number, e: any) => s + e.amountFen, 0)).toBe(0)
    setClockOffset(72 * HOUR + 1000)
    const later = await owner('wallet', 'summary', { account: { kind: 'owner', circleId } })
    expect(later).toMatchObject({ pendingFen: 0, availableFen: summary.pendingFen })
    const lines = await owner('wallet', 'statement', { account: { kind: 'owner', circleId } })
    expect(lines.items.map((l) => l.kind)).toEqual(expect.arrayContaining(['payment', 'settlement']))
  })

  it('lets only the owner see the circle income', async () => {
    const circleId = await paidCircle()
    expect(await refusal(buyer('wallet', 'summary', { account: { kind: 'owner', circleId } }))).toMatchObject({
      code: 'not_member',
    })
  })
})

describe('refunds', () => {
  it('refunds within 72 hours, ends the membership at once, and reverses the shares', async () => {
    const circleId = await paidCircle()
    const orderId = await buyEntry(circleId)
    // the circle gives read-only grace after a term runs out: a refund is not a lapse and gets none
    await db()
      .collection('circles')
      .doc(circleId)
      .update({ data: { settings: { renewal: { graceDays: 7 } } } })
    const before = Number((await w.cloud.db.find('circles'))[0].memberCount)
    // WeChat's REFUND.SUCCESS waits until the test lets it go (otherwise it races the answer below)
    w.sim.setPlan(refundNo(orderId, 1), { hold: 'release' })
    const asked = await buyer('shop', 'refund', { orderId, reason: '不适合我' })
    // until the channel confirms, the answer says 退款中 (refunding) and offers no second refund
    expect(asked).toMatchObject({ status: 'paid', refunding: true, canRefund: false, refundableUntil: null })
    // access ends at once; the order reads refunded once WeChat confirms (REFUND.SUCCESS)
    expect(await refusal(buyer('post', 'list', { circleId }))).toMatchObject({ code: 'not_member' })
    expect((await w.cloud.db.find('memberships')).find((x: any) => x.openid === 'o_buyer')).toMatchObject({
      status: 'left',
    })
    expect((await w.cloud.db.find('circles'))[0].memberCount).toBe(before - 1)
    await w.sim.release(refundNo(orderId, 1))
    await w.flush()
    expect(await buyer('shop', 'getOrder', { orderId })).toMatchObject({ status: 'refunded', refunding: false })
    const summary = await owner('wallet', 'summary', { account: { kind: 'owner', circleId } })
    expect(summary.pendingFen + summary.availableFen).toBe(0)
  })

  it('refuses after 72 hours and after two refunds in the same circle', async () => {
    const circleId = await paidCircle()
    const first = await buyEntry(circleId)
    setClockOffset(72 * HOUR + 1)
    expect(await refusal(buyer('shop', 'refund', { orderId: first }))).toMatchObject({ code: 'refund_window_passed' })
    setClockOffset(0)
    await w.reset()
    const c2 = await paidCircle()
    for (let i = 0; i < 2; i++) await buyer('shop', 'refund', { orderId: await buyEntry(c2) })
    const third = await buyEntry(c2)
    expect(await refusal(buyer('shop', 'refund', { orderId: third }))).toMatchObject({ code: 'refund_limit_reached' })
  })
})

describe('gift passes', () => {
  it('gives the buyer a code that a friend redeems once for a year', async () => {
    const circleId = await paidCircle()
    const start = await buyer('shop', 'order', { circleId, product: { kind: 'pass', gift: true }, platform: 'h5' })
    await w.pay(start.order.id)
    const order = await buyer('shop', 'getOrder', { orderId: start.order.id })
    expect(order.giftCode).toEqual(expect.any(String))
    expect(await refusal(buyer('post', 'list', { circleId }))).toMatchObject({ code: 'not_member' })
    const redeemed = await friend('shop', 'redeem', { code: order.giftCode! })
    expect(redeemed.circleId).toBe(circleId)
    expect(await refusal(as('o_third')('shop', 'redeem', { code: order.giftCode! }))).toMatchObject({
      code: 'gift_code_invalid',
    })
    await expect(friend('post', 'list', { circleId })).resolves.toMatchObject({ viewerRole: 'member' })
  })
})

describe('courses', () => {
  it('shows free previews to anyone and every lesson once bought, for life', async () => {
    const circleId = await paidCircle()
    const course = await owner('shop', 'saveCourse', {
      circleId,
      title: '布光入门',
      priceFen: 4900,
      lessons: [
        { title: '第一课', body: '免费试看的内容', free: true },
        { title: '第二课', body: '付费内容' },
      ],
    })
    const before = await buyer('shop', 'course', { courseId: course.id })
    expect(before.lessons.map((l) => [l.locked, l.body])).toEqual([
      [false, '免费试看的内容'],
      [true, ''],
    ])
    const start = await buyer('shop', 'order', {
      circleId,
      product: { kind: 'course', courseId: course.id },
      platform: 'h5',
    })
    await w.pay(start.order.id)
    const after = await buyer('shop', 'course', { courseId: course.id })
    expect(after).toMatchObject({ owned: true })
    expect(after.lessons[1]).toMatchObject({ locked: false, body: '付费内容' })
    expect(
      await refusal(
        buyer('shop', 'order', { circleId, product: { kind: 'course', courseId: course.id }, platform: 'h5' }),
      ),
    ).toMatchObject({ code: 'already_purchased' })
  })
})

describe('withdrawals (平台收付通: from the owner’s sub-merchant to its bank card)', () => {
  // 直连 never pays the operator's own income out (test/integration/settlement.test.ts); an owner
  // withdraws only what their own sub-merchant holds.
  beforeEach(() => setSettlementMode('platform'))
  afterEach(() => setSettlementMode('self'))

  async function ownerWithIncome() {
    await w.readyMerchant('o_owner')
    const circleId = await paidCircle(500_000)
    await buyEntry(circleId)
    setClockOffset(72 * HOUR + 1000)
    return circleId
  }

  it('takes the amount out of available before calling WeChat, then it arrives the next day', async () => {
    const circleId = await ownerWithIncome()
    const account = { kind: 'owner' as const, circleId }
    const before = await owner('wallet', 'summary', { account })
    const wd = await owner('wallet', 'withdraw', { account, amountFen: 10_000 })
    expect(wd).toMatchObject({ state: 'transferring', confirm: null })
    expect((await owner('wallet', 'summary', { account })).availableFen).toBe(before.availableFen - 10_000)
    setClockOffset(97 * HOUR + 1000)
    expect(await owner('wallet', 'refreshWithdrawal', { withdrawalId: wd.id })).toMatchObject({ state: 'succeeded' })
  })

  it('returns the money when the bank refuses the withdrawal', async () => {
    const circleId = await ownerWithIncome()
    const account = { kind: 'owner' as const, circleId }
    const before = await owner('wallet', 'summary', { account })
    const wd = await owner('wallet', 'withdraw', { account, amountFen: 10_000 })
    w.sim.ecommerce.failWithdraw(wd.id)
    expect(await owner('wallet', 'refreshWithdrawal', { withdrawalId: wd.id })).toMatchObject({
      state: 'failed',
      failReason: '银行卡状态异常',
    })
    expect((await owner('wallet', 'summary', { account })).availableFen).toBe(before.availableFen)
  })

  it('applies the limits: minimum, one at a time; the bank card was verified at onboarding, so no separate real name', async () => {
    const circleId = await ownerWithIncome()
    const account = { kind: 'owner' as const, circleId }
    expect(await refusal(owner('wallet', 'withdraw', { account, amountFen: 99 }))).toMatchObject({
      code: 'withdraw_below_minimum',
    })
    await owner('wallet', 'withdraw', { account, amountFen: 250_000 })
    expect(await refusal(owner('wallet', 'withdraw', { account, amountFen: 1000 }))).toMatchObject({
      code: 'withdrawal_in_progress',
    })
  })

  it('never overdraws under 50 simultaneous requests', async () => {
    const circleId = await ownerWithIncome()
    const account = { kind: 'owner' as const, circleId }
    const { availableFen } = await owner('wallet', 'summary', { account })
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => owner('wallet', 'withdraw', { account, amountFen: 1000 })),
    )
    const ok = results.filter((r) => r.status === 'fulfilled')
    expect(ok).toHaveLength(1)
    expect((await owner('wallet', 'summary', { account })).availableFen).toBe(availableFen - 1000)
  }, 30_000)
})

describe('bad input', () => {
  it('refuses a client-sent amount: prices are the server’s', async () => {
    const circleId = await paidCircle()
    const res = await invoke('o_buyer', 'shop', {
      action: 'order',
      circleId,
      product: { kind: 'entry' },
      platform: 'h5',
      amountFen: 1,
    })
    expect(res).toMatchObject({ ok: false, error: { code: 'invalid_argument', param: 'amountFen' } })
  })
})

describe('notifications and reconciliation', () => {
  const reconcile = () =>
    invoke(null, 'finance', { Type: 'Timer', TriggerName: 'reconcile', Time: new Date().toISOString() })

  it('rejects a correctly signed notification with a wrong amount or an unknown order, changing nothing', async () => {
    const circleId = await paidCircle(9900)
    const start = await buyer('shop', 'order', { circleId, product: { kind: 'entry' }, platform: 'h5' })
    const before = await snapshot(w.cloud)
    expect((await sendSigned({ orderId: start.order.id, amountFen: 1 })).status).toBe(400)
    expect((await sendSigned({ orderId: 'QZ20991231235959deadbeef', amountFen: 9900 })).status).toBe(400)
    expect(await snapshot(w.cloud)).toEqual(before)
  })

  it('acknowledges a payment notification replayed after a refund, and changes nothing', async () => {
    const circleId = await paidCircle()
    const orderId = await buyEntry(circleId)
    await buyer('shop', 'refund', { orderId })
    await w.flush()
    const before = await snapshot(w.cloud)
    const replay = w.sim.snapshot().deliveries.find((d) => d.ref === orderId && d.eventType === 'TRANSACTION.SUCCESS')!
    const res = await fetch(replay.url, { method: 'POST', headers: freshHeaders(replay.body), body: replay.body })
    expect(res.status).toBe(204)
    expect(await snapshot(w.cloud)).toEqual(before)
  })

  it('heals a payment whose notification was lost (a crash before the acknowledgement) on the reconciliation timer', async () => {
    const circleId = await paidCircle()
    const start = await buyer('shop', 'order', { circleId, product: { kind: 'entry' }, platform: 'h5' })
    await w.pay(start.order.id, { copies: 0 })
    setClockOffset(2 * 60_000)
    expect(await reconcile()).toMatchObject({ ok: true, data: { paid: 1, unbalanced: 0, mismatches: 0 } })
    expect((await buyer('shop', 'getOrder', { orderId: start.order.id })).status).toBe('paid')
    await expect(buyer('post', 'list', { circleId })).resolves.toMatchObject({ viewerRole: 'member' })
  })

  it('closes unpaid orders after 30 minutes, and refunds a payment that arrives after closing', async () => {
    const circleId = await paidCircle()
    const start = await buyer('shop', 'order', { circleId, product: { kind: 'entry' }, platform: 'h5' })
    setClockOffset(31 * 60_000)
    expect(await reconcile()).toMatchObject({ ok: true, data: { closed: 1 } })
    expect((await buyer('shop', 'getOrder', { orderId: start.order.id })).status).toBe('closed')
    expect(await refusal(buyer('shop', 'pay', { orderId: start.order.id }))).toMatchObject({ code: 'order_closed' })
  })

  it('reports a cached balance that differs from its rebuild, loudly, without hiding it', async () => {
    const circleId = await paidCircle()
    await buyEntry(circleId)
    const [acc] = (await w.cloud.db.find('accounts')) as any[]
    await w.cloud.db.handle('modifyDocument', {
      collectionName: 'accounts',
      query: JSON.stringify({ _id: acc._id }),
      data: JSON.stringify({ $set: { pendingFen: { $numberInt: String(acc.pendingFen + 1) } } }),
      multi: false,
      merge: true,
    })
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    const res = await reconcile()
    errors.mockRestore()
    expect(res).toMatchObject({ ok: true, data: { mismatches: 1 } })
    expect(((await w.cloud.db.find('alerts')) as any[])[0]).toMatchObject({
      kind: 'ledger_mismatch',
      message: expect.stringContaining(acc._id),
    })
  })
})

describe('paying again and the owner’s orders', () => {
  it('reopens the cashier for the same pending order instead of making a second one', async () => {
    const circleId = await paidCircle()
    const first = await buyer('shop', 'order', { circleId, product: { kind: 'entry' }, platform: 'h5' })
    const again = await buyer('shop', 'pay', { orderId: first.order.id })
    expect(again.order.id).toBe(first.order.id)
    expect(await w.cloud.db.count('orders')).toBe(1)
    expect(await refusal(friend('shop', 'pay', { orderId: first.order.id }))).toMatchObject({ code: 'order_not_found' })
  })

  it('shows the owner who bought, and lets only the owner refund', async () => {
    const circleId = await paidCircle()
    await buyer('user', 'updateProfile', { nickname: '小买家' })
    const orderId = await buyEntry(circleId)
    const list = await owner('shop', 'circleOrders', { circleId })
    expect(list.items[0]).toMatchObject({
      id: orderId,
      buyer: { openid: 'o_buyer', nickname: '小买家' },
      giftCode: null,
    })
    expect(await refusal(buyer('shop', 'circleOrders', { circleId }))).toMatchObject({ code: 'forbidden' })
    expect(await refusal(buyer('shop', 'ownerRefund', { orderId }))).toMatchObject({ code: 'forbidden' })
    await owner('shop', 'ownerRefund', { orderId, reason: '圈主退款' })
    await w.flush()
    expect((await buyer('shop', 'getOrder', { orderId })).status).toBe('refunded')
  })
})

/** Signs a body as WeChat Pay would now (the simulator's platform key). */
function freshHeaders(body: string): Record<string, string> {
  const k = w.sim.keys
  return {
    'content-type': 'application/json',
    ...signedHeaders(body, { keyId: k.publicKeyId, privateKey: k.platformPrivateKey }, Math.floor(Date.now() / 1000)),
  }
}

/** A genuine, correctly signed and encrypted TRANSACTION.SUCCESS with the given contents. */
async function sendSigned(p: { orderId: string; amountFen: number }) {
  const k = w.sim.keys
  const resource = {
    appid: 'wx_test_app',
    mchid: k.mchid,
    out_trade_no: p.orderId,
    transaction_id: '4200000000000000000000000001',
    trade_type: 'JSAPI',
    trade_state: 'SUCCESS',
    trade_state_desc: '支付成功',
    bank_type: 'OTHERS',
    success_time: beijing(new Date()),
    payer: { openid: 'o_buyer' },
    amount: { total: p.amountFen, payer_total: p.amountFen, currency: 'CNY', payer_currency: 'CNY' },
  }
  const body = JSON.stringify({
    id: `forged-${p.orderId}`,
    create_time: beijing(new Date()),
    resource_type: 'encrypt-resource',
    event_type: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: { original_type: 'transaction', ...encryptResource(JSON.stringify(resource), k.apiv3Key, 'transaction') },
  })
  const url = w.sim.snapshot().deliveries[0]?.url ?? process.env.WXPAY_NOTIFY_URL!
  return fetch(url, { method: 'POST', headers: freshHeaders(body), body })
}

describe('分账 (profit sharing)', () => {
  it('pays a partner share by 分账 after the refund window, once, and keeps it out of the wallet', async () => {
    const circleId = await paidCircle(10_000)
    // a partner must be a member of the circle
    const partnerOrder = await friend('shop', 'order', { circleId, product: { kind: 'entry' }, platform: 'h5' })
    await w.pay(partnerOrder.order.id)
    await owner('wallet', 'setSplitRules', { circleId, referrerBps: 0, partners: [{ openid: 'o_friend', bps: 1000 }] })
    const orderId = await buyEntry(circleId)
    setClockOffset(73 * HOUR)
    await owner('wallet', 'summary', { account: { kind: 'owner', circleId } })
    const sharing = Object.values(w.sim.snapshot().sharings).find((s) => s.outOrderNo === `${orderId}P`)!
    expect(sharing.receivers).toEqual([expect.objectContaining({ account: 'o_friend', amountFen: 1000 })])
    const partner = await friend('wallet', 'summary', { account: { kind: 'self' } })
    expect(partner).toMatchObject({ pendingFen: 0, availableFen: 0 })
    const lines = await friend('wallet', 'statement', { account: { kind: 'self' } })
    expect(lines.items.map((l) => [l.kind, l.amountFen])).toEqual(expect.arrayContaining([['profit_sharing', -1000]]))
    // settling again (timer and reads) never shares twice
    await invoke(null, 'finance', { Type: 'Timer', TriggerName: 'settle', Time: new Date().toISOString() })
    expect(Object.values(w.sim.snapshot().sharings).filter((s) => s.outOrderNo === `${orderId}P`)).toHaveLength(1)
  })

  it('refuses split rules that would send more than 30 % by 分账', async () => {
    const circleId = await paidCircle()
    const start = await friend('shop', 'order', { circleId, product: { kind: 'entry' }, platform: 'h5' })
    await w.pay(start.order.id)
    expect(
      await refusal(
        owner('wallet', 'setSplitRules', { circleId, referrerBps: 2500, partners: [{ openid: 'o_friend', bps: 600 }] }),
      ),
    ).toMatchObject({ code: 'split_cap_exceeded' })
  })
})

describe('out-of-order delivery', () => {
  it('fulfils once when the notification arrives late, after the "I paid" check already did', async () => {
    const circleId = await paidCircle()
    const start = await buyer('shop', 'order', { circleId, product: { kind: 'entry' }, platform: 'h5' })
    w.sim.setPlan(start.order.id, { hold: 'release', copies: 3 })
    w.sim.pay(start.order.id)
    expect(await buyer('shop', 'confirm', { orderId: start.order.id })).toMatchObject({ status: 'paid' })
    const before = await snapshot(w.cloud)
    await w.sim.release(start.order.id)
    await w.flush()
    expect(await snapshot(w.cloud)).toEqual(before)
  })
})

describe('platform-only entry points', () => {
  it('refuses a user who calls the money timers or the notification function by name', async () => {
    const circleId = await paidCircle()
    const start = await buyer('shop', 'order', { circleId, product: { kind: 'entry' }, platform: 'h5' })
    const before = await snapshot(w.cloud)
    expect(await invoke('o_buyer', 'finance', { Type: 'Timer', TriggerName: 'reconcile' })).toMatchObject({
      ok: false,
      error: { code: 'unknown_action' },
    })
    process.env.WX_OPENID = 'o_buyer'
    expect(await payNotify({ httpMethod: 'POST', headers: {}, body: '{}' })).toMatchObject({ statusCode: 403 })
    process.env.WX_OPENID = 'o_buyer'
    const push = await payNotify({
      Event: 'xpay_goods_deliver_notify',
      OutTradeNo: start.order.id,
      GoodsInfo: { ActualPrice: 9900 },
      WeChatPayInfo: { TransactionId: 'forged' },
    } as never)
    // a push is answered as WeChat reads it: not ErrCode 0, so nothing was delivered
    expect(push).toMatchObject({ ErrCode: 1 })
    expect(await snapshot(w.cloud)).toEqual(before)
  })
})
