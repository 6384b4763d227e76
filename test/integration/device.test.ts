/**
 * Channels by device (docs/payments.md): the server decides from the device the app names; an
 * iPhone without iOS virtual payment buys no virtual good; with it, 小程序虚拟支付 runs end to end
 * through the local simulator (code2Session at login, stable token, /xpay/*, the delivery push).
 */
import { main as payNotify } from '../../cloudfunctions/payNotify/index'
import { as, refusal, snapshot, useMoneyWorld } from './world'

const w = useMoneyWorld()

const owner = as('o_owner')
const iphone = as('o_buyer', 'ios')
const android = as('o_buyer', 'android')

async function paidCircle(priceFen = 9900) {
  // in the default platform mode an owner sells once their 二级商户 is ready
  if (process.env.SETTLEMENT_MODE !== 'self') await w.readyMerchant('o_owner')
  const c = await owner('circle', 'create', { name: '人像摄影进阶', type: 'knowledge', entryMode: 'paid' })
  await owner('shop', 'setPricing', {
    circleId: c.id,
    entry: { priceFen, markedPriceFen: priceFen * 2, term: { kind: 'rolling', days: 365 } },
    pass: { priceFen: 29900, days: 365 },
  })
  return c.id
}

function withEnv(vars: Record<string, string | undefined>) {
  const saved: Record<string, string | undefined> = {}
  beforeEach(() => {
    for (const [k, v] of Object.entries(vars)) {
      saved[k] = process.env[k]
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  })
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  })
}

describe('an iPhone without iOS virtual payment', () => {
  withEnv({ VPAY_IOS_ENABLED: undefined, SETTLEMENT_MODE: undefined })

  it('sees no price and no way to buy in the catalog, while Android may buy every product', async () => {
    const circleId = await paidCircle()
    const onIos = await iphone('shop', 'catalog', { circleId })
    const none = { purchasable: false, showPrice: false }
    expect(onIos.sale).toEqual({ entry: none, pass: none, course: none })
    const onAndroid = await android('shop', 'catalog', { circleId })
    const all = { purchasable: true, showPrice: true }
    expect(onAndroid.sale).toEqual({ entry: all, pass: all, course: all })
    expect((await iphone('circle', 'get', { circleId })).entrySale).toEqual(none)
  })

  it('is refused an order for every virtual good, and nothing is written', async () => {
    const circleId = await paidCircle()
    const before = await snapshot(w.cloud)
    for (const product of [
      { kind: 'entry' as const },
      { kind: 'pass' as const, gift: false },
      { kind: 'pass' as const, gift: true },
    ]) {
      expect(await refusal(iphone('shop', 'order', { circleId, product, platform: 'ios' }))).toMatchObject({
        code: 'payment_channel_unavailable',
      })
    }
    expect(await snapshot(w.cloud)).toEqual(before)
  })

  it('cannot reopen on the iPhone an order placed on Android', async () => {
    const circleId = await paidCircle()
    const start = await android('shop', 'order', { circleId, product: { kind: 'entry' }, platform: 'android' })
    expect(start.order.sale).toEqual({ purchasable: true, showPrice: true })
    expect(await refusal(iphone('shop', 'pay', { orderId: start.order.id }))).toMatchObject({
      code: 'payment_channel_unavailable',
    })
    expect((await iphone('shop', 'getOrder', { orderId: start.order.id })).sale).toEqual({
      purchasable: false,
      showPrice: false,
    })
  })

  it('still uses what the member already owns', async () => {
    const circleId = await paidCircle()
    const start = await android('shop', 'order', { circleId, product: { kind: 'entry' }, platform: 'android' })
    await w.pay(start.order.id)
    await expect(iphone('post', 'list', { circleId })).resolves.toMatchObject({ viewerRole: 'member' })
  })
})

describe('virtual payment on iOS (SETTLEMENT_MODE=self, VPAY_IOS_ENABLED=true)', () => {
  withEnv({ VPAY_IOS_ENABLED: 'true', SETTLEMENT_MODE: 'self' })

  /** wx.login on the phone, then user.login with its code: the session_key stays on the server. */
  async function login(openid = 'o_buyer') {
    const me = await as(openid, 'ios')('user', 'login', { code: w.xpay.login(openid) })
    expect(JSON.stringify(me)).not.toMatch(/session/i)
  }

  async function orderEntry(circleId: string) {
    const start = await iphone('shop', 'order', { circleId, product: { kind: 'entry' }, platform: 'ios' })
    expect(start.order).toMatchObject({ channel: 'virtual', sale: { purchasable: true, showPrice: true } })
    if (start.pay.channel !== 'virtual') throw new Error('expected the virtual-payment sheet')
    return { orderId: start.order.id, pay: start.pay }
  }

  it('sells on the iPhone with a price, signed for the buyer, and fulfils once under 15 duplicate delivery pushes', async () => {
    const circleId = await paidCircle(9900)
    await login()
    expect((await iphone('shop', 'catalog', { circleId })).sale.entry).toEqual({ purchasable: true, showPrice: true })
    const { orderId, pay } = await orderEntry(circleId)
    expect(JSON.parse(pay.signData)).toMatchObject({
      offerId: w.xpay.offerId,
      goodsPrice: 9900,
      outTradeNo: orderId,
      productId: 'qz_9900',
      currencyType: 'CNY',
    })
    // the user pays in the sheet; WeChat pushes the delivery, then 14 more times
    await w.xpay.pay('o_buyer', pay, { copies: 1 })
    await Promise.all(Array.from({ length: 14 }, () => w.xpay.push(orderId)))
    expect(w.xpay.pushes.filter((p) => p.orderId === orderId).every((p) => (p.answer as any).ErrCode === 0)).toBe(true)
    expect(await iphone('shop', 'getOrder', { orderId })).toMatchObject({ status: 'paid', channel: 'virtual' })
    const journals = (await w.cloud.db.find('journals')).filter((j: any) => j.orderId === orderId)
    expect(journals.map((j: any) => j._id)).toEqual([`${orderId}:pay`])
    expect((await w.cloud.db.find('memberships')).filter((m: any) => m.openid === 'o_buyer')).toHaveLength(1)
    await expect(iphone('post', 'list', { circleId })).resolves.toMatchObject({ viewerRole: 'member' })
  })

  it('heals a payment whose delivery push never came: "I paid" asks /xpay/query_order', async () => {
    const circleId = await paidCircle()
    await login()
    const { orderId, pay } = await orderEntry(circleId)
    await w.xpay.pay('o_buyer', pay, { copies: 0 })
    expect((await iphone('shop', 'getOrder', { orderId })).status).toBe('pending')
    expect(await iphone('shop', 'confirm', { orderId })).toMatchObject({ status: 'paid' })
  })

  it('refunds through /xpay/refund_order within 72 hours and ends the membership', async () => {
    const circleId = await paidCircle(9900)
    await login()
    const { orderId, pay } = await orderEntry(circleId)
    await w.xpay.pay('o_buyer', pay)
    await iphone('shop', 'refund', { orderId, reason: '不适合我' })
    expect(await refusal(iphone('post', 'list', { circleId }))).toMatchObject({ code: 'not_member' })
    expect((await iphone('shop', 'getOrder', { orderId })).status).toBe('refunded')
    const refunds = [...w.xpay.orders.values()].filter((o) => o.orderType === 1)
    expect(refunds).toEqual([expect.objectContaining({ openid: 'o_buyer', orderFee: 9900, status: 8 })])
  })

  it('asks for a fresh login when the server holds no session_key, and a forged push fulfils nothing', async () => {
    const circleId = await paidCircle()
    expect(
      await refusal(iphone('shop', 'order', { circleId, product: { kind: 'entry' }, platform: 'ios' })),
    ).toMatchObject({ code: 'session_expired' })
    await login()
    const { orderId } = await orderEntry(circleId)
    // anyone may call a function by name: an unpaid order's "push" is checked against query_order
    delete process.env.WX_OPENID
    const answer = await payNotify({
      Event: 'xpay_goods_deliver_notify',
      OutTradeNo: orderId,
      OpenId: 'o_buyer',
      GoodsInfo: { ActualPrice: 9900 },
      WeChatPayInfo: {},
    } as never)
    expect(answer).toMatchObject({ ErrCode: 1 })
    expect((await iphone('shop', 'getOrder', { orderId })).status).toBe('pending')
  })
})
