/**
 * 拼团 through the real functions, the strict database and the pay simulator (docs/growth.md
 * "拼团"): a full group fulfils everyone and its income is held until then; the last seat under 20
 * simultaneous payments goes to exactly one of them and the rest are refunded in full; a group that
 * fails at its deadline refunds each member exactly once, however often the timer runs; both
 * settlement modes; iPhones see no price and cannot buy.
 */
import { rebuildBalances, type Journal } from '@core/money'
import { as, invoke, refusal, setClockOffset, setSettlementMode, snapshot, useMoneyWorld } from './world'

jest.setTimeout(180_000)

const w = useMoneyWorld()

const HOUR = 3600_000
const owner = as('o_owner')
const alice = as('o_alice')
const bob = as('o_bob')
const carol = as('o_carol')

const timer = () => invoke(null, 'group', { Type: 'Timer', TriggerName: 'expire' })

async function paidCircle(opts: { size?: number; limitHours?: number } = {}) {
  const c = await owner('circle', 'create', { name: '人像摄影进阶', type: 'knowledge', entryMode: 'paid' })
  await owner('shop', 'setPricing', {
    circleId: c.id,
    entry: { priceFen: 19900, term: { kind: 'rolling', days: 365 } },
    pass: { priceFen: 29900, days: 365 },
  })
  const offer = await owner('group', 'createOffer', {
    circleId: c.id,
    product: { kind: 'entry' },
    size: opts.size ?? 2,
    priceFen: 9900,
    limitHours: opts.limitHours ?? 24,
  })
  return { circleId: c.id, offerId: offer.id }
}

const find = async (collection: string) => (await w.cloud.db.find(collection)) as any[]
const orderDoc = async (id: string) => (await find('orders')).find((o) => o._id === id)
const groupDoc = async (id: string) => (await find('groups')).find((g) => g._id === id)
const membershipOf = async (circleId: string, openid: string) =>
  (await find('memberships')).find((m) => m.circleId === circleId && m.openid === openid)

async function assertLedger() {
  const journals = (await find('journals')) as Journal[]
  for (const j of journals) expect(j.entries.reduce((s, e) => s + e.amountFen, 0)).toBe(0)
  const rebuilt = rebuildBalances(journals)
  for (const acc of await find('accounts')) {
    expect(acc.availableFen).toBeGreaterThanOrEqual(0)
    expect({ pendingFen: acc.pendingFen, availableFen: acc.availableFen }).toEqual({
      pendingFen: rebuilt[acc._id]?.pendingFen ?? 0,
      availableFen: rebuilt[acc._id]?.availableFen ?? 0,
    })
  }
}

describe('a group that fills', () => {
  it('grants both members only when the second pays, at the group price, with income held until then', async () => {
    const { circleId, offerId } = await paidCircle()
    const started = await alice('group', 'start', { offerId, platform: 'h5' })
    expect(started.pay.channel).toBe('local')
    expect(await orderDoc(started.orderId)).toMatchObject({
      amountFen: 9900,
      priceBreakdown: { baseFen: 19900, discountFen: 10000, discount: 'group' },
      holdSettlement: true,
      group: { groupId: started.group.id, state: 'pending' },
    })
    // the leader's seat is taken when the payment arrives
    expect(started.group).toMatchObject({ seats: 0, seatsLeft: 2, status: 'forming', canJoin: false })
    await w.pay(started.orderId)
    const waiting = await alice('group', 'get', { groupId: started.group.id })
    expect(waiting).toMatchObject({ seats: 1, seatsLeft: 1, me: { state: 'joined' } })
    expect(await membershipOf(circleId, 'o_alice')).toBeUndefined()
    expect(await alice('shop', 'getOrder', { orderId: started.orderId })).toMatchObject({
      status: 'paid',
      canRefund: false,
      ownerRefundableFen: 0,
    })
    // a held order is not settled by the timer, even past the 72 h window
    setClockOffset(73 * HOUR)
    await invoke(null, 'finance', { Type: 'Timer', TriggerName: 'settle' })
    expect((await orderDoc(started.orderId)).settled).toBe(false)
    setClockOffset(HOUR)

    const offers = await bob('group', 'offers', { circleId })
    expect(offers.items[0].groups.map((g) => g.id)).toEqual([started.group.id])
    const joined = await bob('group', 'join', { groupId: started.group.id, platform: 'h5' })
    expect(joined.group.canJoin).toBe(true)
    await w.pay(joined.orderId)

    const done = await bob('group', 'get', { groupId: started.group.id })
    expect(done).toMatchObject({ status: 'completed', seats: 2, seatsLeft: 0, me: { state: 'fulfilled' } })
    for (const who of ['o_alice', 'o_bob'])
      expect(await membershipOf(circleId, who)).toMatchObject({ status: 'active' })
    for (const id of [started.orderId, joined.orderId])
      expect(await orderDoc(id)).toMatchObject({ holdSettlement: false, group: { state: 'fulfilled' } })
    // once granted, the kind's own refund rule applies again
    expect(await bob('shop', 'getOrder', { orderId: joined.orderId })).toMatchObject({ canRefund: true })
    expect((await alice('group', 'mine', { circleId })).items.map((g) => g.id)).toEqual([started.group.id])
    // the group is over: nobody joins it
    expect(await refusal(carol('group', 'join', { groupId: started.group.id, platform: 'h5' }))).toMatchObject({
      code: 'group_closed',
    })
    await assertLedger()
  })

  it('gives the last seat to exactly one of 20 simultaneous payments and refunds the other 19 in full', async () => {
    const { circleId, offerId } = await paidCircle({ size: 3 })
    const started = await alice('group', 'start', { offerId, platform: 'h5' })
    await w.pay(started.orderId)
    const second = await bob('group', 'join', { groupId: started.group.id, platform: 'h5' })
    await w.pay(second.orderId)
    const racers = Array.from({ length: 20 }, (_, i) => `o_racer${i}`)
    const orderIds: string[] = []
    for (const who of racers)
      orderIds.push((await as(who)('group', 'join', { groupId: started.group.id, platform: 'h5' })).orderId)
    // every payment at once: the notifications race for the one seat
    for (const id of orderIds) w.sim.pay(id)
    // a notification answered with a conflict is sent again, as WeChat Pay does, until every one is taken
    for (let round = 0; round < 20; round++) {
      await w.flush()
      if ((await Promise.all(orderIds.map(orderDoc))).every((o) => o.status !== 'pending')) break
    }
    await w.flush()

    const g = await groupDoc(started.group.id)
    expect(g.seats).toBe(3)
    expect(g.members).toHaveLength(3)
    expect(g.status).toBe('completed')
    const racerOrders = await Promise.all(orderIds.map(orderDoc))
    const seated = racerOrders.filter((o) => o.group.state === 'fulfilled')
    const refused = racerOrders.filter((o) => o.group.state === 'refused')
    expect(seated).toHaveLength(1)
    expect(refused).toHaveLength(19)
    for (const o of refused) {
      expect(o.refunds).toEqual([expect.objectContaining({ seq: 1, amountFen: 9900, by: 'system' })])
      expect(o.status).toBe('refunded')
    }
    const members = (await find('memberships')).filter((m) => m.circleId === circleId && m.role === 'member')
    expect(members.map((m) => m.openid).sort()).toEqual(['o_alice', 'o_bob', seated[0].buyer].sort())
    await assertLedger()
  })
})

describe('a group that fails at its deadline', () => {
  it('refunds each member exactly once, however often the timer runs, and grants nothing', async () => {
    const { circleId, offerId } = await paidCircle({ size: 3, limitHours: 2 })
    const started = await alice('group', 'start', { offerId, platform: 'h5' })
    await w.pay(started.orderId)
    const second = await bob('group', 'join', { groupId: started.group.id, platform: 'h5' })
    await w.pay(second.orderId)
    setClockOffset(HOUR)
    await timer()
    expect((await groupDoc(started.group.id)).status).toBe('forming')
    // a third order is placed before the deadline and paid after it
    setClockOffset(HOUR + 45 * 60_000)
    const late = await carol('group', 'join', { groupId: started.group.id, platform: 'h5' })

    setClockOffset(2 * HOUR)
    await Promise.all([timer(), timer()])
    await timer()
    await w.flush()
    expect((await groupDoc(started.group.id)).status).toBe('failed')
    for (const id of [started.orderId, second.orderId]) {
      const o = await orderDoc(id)
      expect(o).toMatchObject({ status: 'refunded', refundedFen: 9900, group: { state: 'refunded' } })
      expect(o.refunds).toHaveLength(1)
    }
    const refundJournals = (await find('journals')).filter((j) => j.kind === 'refund')
    expect(refundJournals.map((j) => j.orderId).sort()).toEqual([started.orderId, second.orderId].sort())
    expect(await membershipOf(circleId, 'o_alice')).toBeUndefined()

    // the late payment finds the group over: refunded in full, no seat
    setClockOffset(2 * HOUR + 5 * 60_000)
    await w.pay(late.orderId)
    await w.flush()
    expect(await orderDoc(late.orderId)).toMatchObject({ status: 'refunded', group: { state: 'refused' } })
    expect((await groupDoc(started.group.id)).seats).toBe(2)
    const view = await alice('group', 'get', { groupId: started.group.id })
    expect(view).toMatchObject({ status: 'failed', statusLabel: '未成团，已退款', me: { state: 'refunded' } })
    await assertLedger()
  })

  it('answers the timer only to the platform trigger', async () => {
    const res = await invoke('o_alice', 'group', { Type: 'Timer', TriggerName: 'expire' })
    expect(res.ok).toBe(false)
  })
})

describe('offers', () => {
  it('refuses a group price that is not below the product’s price and changes nothing', async () => {
    const { circleId } = await paidCircle()
    const before = await snapshot(w.cloud)
    expect(
      await refusal(
        owner('group', 'createOffer', {
          circleId,
          product: { kind: 'pass' },
          size: 3,
          priceFen: 29900,
          limitHours: 24,
        }),
      ),
    ).toMatchObject({ code: 'group_price_invalid', param: 'priceFen' })
    expect(
      await refusal(
        owner('group', 'createOffer', { circleId, product: { kind: 'pass' }, size: 11, priceFen: 100, limitHours: 24 }),
      ),
    ).toMatchObject({ code: 'invalid_argument', param: 'size' })
    expect(await snapshot(w.cloud)).toEqual(before)
  })

  it('lets no new group start once the offer is closed', async () => {
    const { offerId } = await paidCircle()
    await owner('group', 'closeOffer', { offerId })
    expect(await refusal(alice('group', 'start', { offerId, platform: 'h5' }))).toMatchObject({
      code: 'group_offer_closed',
    })
  })

  it('shows an iPhone no price it may use and sells it nothing without iOS virtual payment', async () => {
    const { circleId, offerId } = await paidCircle()
    const iphone = as('o_alice', 'ios')
    const offers = await iphone('group', 'offers', { circleId })
    expect(offers.items[0].sale).toEqual({ purchasable: false, showPrice: false })
    expect(await refusal(iphone('group', 'start', { offerId, platform: 'ios' }))).toMatchObject({
      code: 'payment_channel_unavailable',
    })
  })
})

describe('平台收付通', () => {
  it('sells the seats into the owner’s sub-merchant and refunds a failed group from there', async () => {
    setSettlementMode('platform')
    try {
      const subMchid = await w.readyMerchant('o_owner')
      const { offerId } = await paidCircle({ size: 2, limitHours: 1 })
      const started = await alice('group', 'start', { offerId, platform: 'h5' })
      expect((await orderDoc(started.orderId)).settlement).toEqual({ mode: 'platform', subMchid })
      await w.pay(started.orderId)
      expect(w.subMerchantBalance(subMchid).pendingFen).toBeGreaterThan(0)
      setClockOffset(HOUR)
      await timer()
      await w.flush()
      expect(await orderDoc(started.orderId)).toMatchObject({ status: 'refunded', group: { state: 'refunded' } })
      expect(w.subMerchantBalance(subMchid)).toEqual({ pendingFen: 0, availableFen: 0 })
      await assertLedger()
    } finally {
      setSettlementMode('self')
    }
  })
})

describe('iOS virtual payment (SETTLEMENT_MODE=self, VPAY_IOS_ENABLED=true)', () => {
  it('sells a seat on the iPhone through virtual payment and refunds it there when the group fails', async () => {
    const saved = process.env.VPAY_IOS_ENABLED
    process.env.VPAY_IOS_ENABLED = 'true'
    try {
      const { circleId, offerId } = await paidCircle({ size: 2, limitHours: 1 })
      const iphone = as('o_alice', 'ios')
      await iphone('user', 'login', { code: w.xpay.login('o_alice') })
      const offers = await iphone('group', 'offers', { circleId })
      expect(offers.items[0].sale).toEqual({ purchasable: true, showPrice: true })
      const started = await iphone('group', 'start', { offerId, platform: 'ios' })
      if (started.pay.channel !== 'virtual') throw new Error('expected the virtual-payment sheet')
      expect(JSON.parse(started.pay.signData)).toMatchObject({ goodsPrice: 9900, outTradeNo: started.orderId })
      await w.xpay.pay('o_alice', started.pay)
      expect(await orderDoc(started.orderId)).toMatchObject({ channel: 'virtual', group: { state: 'joined' } })
      setClockOffset(HOUR)
      await timer()
      await w.flush()
      expect(await orderDoc(started.orderId)).toMatchObject({ status: 'refunded', group: { state: 'refunded' } })
      const refunds = [...w.xpay.orders.values()].filter((o) => o.orderType === 1)
      expect(refunds).toEqual([expect.objectContaining({ openid: 'o_alice', orderFee: 9900 })])
      await assertLedger()
    } finally {
      if (saved === undefined) delete process.env.VPAY_IOS_ENABLED
      else process.env.VPAY_IOS_ENABLED = saved
    }
  })
})
