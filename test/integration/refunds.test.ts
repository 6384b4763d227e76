/**
 * Refunds through the product registry (docs/money.md "Products"), on the strict local database
 * with the pay simulator: a refund takes back exactly what its order granted, and for every
 * product kind the order view's promise (canRefund / refundableFen) is what shop.refund does.
 */
import type { OrderView, ProductKind } from '../../cloudfunctions/core/contract'
import { PRODUCT_KINDS } from '../../cloudfunctions/core/products'
import { as, refusal, setClockOffset, snapshot, useMoneyWorld } from './world'

jest.setTimeout(120_000)

const w = useMoneyWorld()

const owner = as('o_owner')
const wu = as('o_wu') // 吴晓
const HOUR = 3600_000
const DAY = 24 * HOUR

async function paidCircle() {
  const c = await owner('circle', 'create', { name: '人像摄影进阶', type: 'knowledge', entryMode: 'paid' })
  await owner('shop', 'setPricing', {
    circleId: c.id,
    entry: { priceFen: 19900, term: { kind: 'rolling', days: 365 } },
    pass: { priceFen: 29900, days: 365 },
  })
  return c.id
}

async function buy(circleId: string, product: Record<string, unknown>, who = wu): Promise<string> {
  const start = await who('shop', 'order', { circleId, product, platform: 'h5' } as never)
  await w.pay(start.order.id)
  return start.order.id
}

const membershipOf = async (circleId: string, openid = 'o_wu') =>
  ((await w.cloud.db.find('memberships')) as any[]).find((m) => m.circleId === circleId && m.openid === openid)
const circleDoc = async (circleId: string) =>
  ((await w.cloud.db.find('circles')) as any[]).find((c) => c._id === circleId)

describe('a refund takes back exactly what its order granted', () => {
  it('keeps the paid entry when the 年卡 bought after it is refunded, with exactly the pass’s 365 days removed', async () => {
    const circleId = await paidCircle()
    const entryOrder = await buy(circleId, { kind: 'entry' })
    const afterEntry = new Date((await membershipOf(circleId)).expiresAt).getTime()
    const count = (await circleDoc(circleId)).memberCount
    const passOrder = await buy(circleId, { kind: 'pass', gift: false })
    expect(new Date((await membershipOf(circleId)).expiresAt).getTime()).toBe(afterEntry + 365 * DAY)

    const refunded = await wu('shop', 'refund', { orderId: passOrder, reason: '买重了' })
    await w.flush()

    const m = await membershipOf(circleId)
    expect(m.status).toBe('active')
    expect(new Date(m.expiresAt).getTime()).toBe(afterEntry)
    expect((await circleDoc(circleId)).memberCount).toBe(count)
    await expect(wu('post', 'list', { circleId })).resolves.toMatchObject({ viewerRole: 'member' })
    // the answer is the order as it now stands: no second refund offered
    expect(refunded).toMatchObject({ id: passOrder, canRefund: false, refundableUntil: null, refundableFen: 0 })
    expect(await wu('shop', 'getOrder', { orderId: passOrder })).toMatchObject({ status: 'refunded', canRefund: false })
    // the entry order is untouched and still refundable in its own window
    expect(await wu('shop', 'getOrder', { orderId: entryOrder })).toMatchObject({
      status: 'paid',
      canRefund: true,
      refundableFen: 19900,
    })
  })

  it('refunds the entry after a 年卡 extended it: the entry’s days go, the pass’s days stay', async () => {
    const circleId = await paidCircle()
    const entryOrder = await buy(circleId, { kind: 'entry' })
    const afterEntry = new Date((await membershipOf(circleId)).expiresAt).getTime()
    await buy(circleId, { kind: 'pass', gift: false })
    await wu('shop', 'refund', { orderId: entryOrder })
    await w.flush()
    const m = await membershipOf(circleId)
    expect(m.status).toBe('active')
    expect(new Date(m.expiresAt).getTime()).toBe(afterEntry)
  })

  it('ends the membership when the refunded order was all that backed it', async () => {
    const circleId = await paidCircle()
    const count = (await circleDoc(circleId)).memberCount
    const orderId = await buy(circleId, { kind: 'entry' })
    await wu('shop', 'refund', { orderId })
    expect((await membershipOf(circleId)).status).toBe('left')
    expect((await circleDoc(circleId)).memberCount).toBe(count)
    expect(await refusal(wu('post', 'list', { circleId }))).toMatchObject({ code: 'not_member' })
  })

  it('refunds a course within 72 hours and ends its access', async () => {
    const circleId = await paidCircle()
    const course = await owner('shop', 'saveCourse', {
      circleId,
      title: '布光入门',
      intro: '',
      coverUrl: '',
      priceFen: 7920,
      memberDiscountBps: 0,
      lessons: [{ title: '第一课', body: '正文', images: [], videoUrl: '', free: false }],
    } as never)
    const orderId = await buy(circleId, { kind: 'course', courseId: course.id })
    expect(await wu('shop', 'getOrder', { orderId })).toMatchObject({
      canRefund: true,
      refundableFen: 7920,
      refundableUntil: expect.any(String),
    })
    expect(await wu('shop', 'refund', { orderId })).toMatchObject({ canRefund: false })
    await w.flush()
    expect((await wu('shop', 'course', { courseId: course.id })).lessons[0]).toMatchObject({ locked: true })
  })

  it('refunds a gift pass before its code is redeemed, and refuses it after, with nothing changed', async () => {
    const circleId = await paidCircle()
    const kept = await buy(circleId, { kind: 'pass', gift: true })
    const view = await wu('shop', 'getOrder', { orderId: kept })
    expect(view).toMatchObject({ canRefund: true, giftRedeemed: false })
    await as('o_friend')('shop', 'redeem', { code: view.giftCode! })
    expect(await wu('shop', 'getOrder', { orderId: kept })).toMatchObject({
      canRefund: false,
      refundNote: '礼品码已被领取，不能退款',
      ownerRefundableFen: 0,
    })
    expect(await refusal(owner('shop', 'ownerRefund', { orderId: kept }))).toMatchObject({
      code: 'order_not_refundable',
    })
    const before = await snapshot(w.cloud)
    expect(await refusal(wu('shop', 'refund', { orderId: kept }))).toMatchObject({ code: 'order_not_refundable' })
    expect(await snapshot(w.cloud)).toEqual(before)

    const unused = await buy(circleId, { kind: 'pass', gift: true })
    const code = (await wu('shop', 'getOrder', { orderId: unused })).giftCode!
    await wu('shop', 'refund', { orderId: unused })
    expect(await refusal(as('o_other')('shop', 'redeem', { code }))).toMatchObject({ code: 'gift_code_invalid' })
  })
})

// ---------- every kind: the view's promise is what shop.refund does ----------

/** A paid order of each kind, bought by 吴晓 through its own flow. */
async function paidOrderOf(kind: ProductKind): Promise<string> {
  const latest = async () =>
    ((await w.cloud.db.find('orders')) as any[])
      .filter((o) => o.buyer === 'o_wu' && o.product.kind === kind)
      .sort((a, b) => +new Date(b.createdAt) - +new Date(a.createdAt))[0]._id as string
  if (kind === 'entry' || kind === 'pass' || kind === 'pass_gift' || kind === 'course') {
    const circleId = await paidCircle()
    if (kind === 'entry') return buy(circleId, { kind: 'entry' })
    if (kind === 'pass' || kind === 'pass_gift') return buy(circleId, { kind: 'pass', gift: kind === 'pass_gift' })
    const course = await owner('shop', 'saveCourse', {
      circleId,
      title: '布光入门',
      intro: '',
      coverUrl: '',
      priceFen: 7920,
      memberDiscountBps: 0,
      lessons: [{ title: '第一课', body: '正文', images: [], videoUrl: '', free: false }],
    } as never)
    return buy(circleId, { kind: 'course', courseId: course.id })
  }
  const c = await owner('circle', 'create', { name: '独立开发者问答', type: 'knowledge', entryMode: 'free' })
  await wu('circle', 'join', { circleId: c.id })
  if (kind === 'question' || kind === 'peek') {
    await owner('qa', 'setPrice', { circleId: c.id, priceFen: 1000 })
    if (kind === 'question') {
      const start = await wu('qa', 'ask', {
        circleId: c.id,
        answerer: 'o_owner',
        text: '怎么找到第一批付费用户？',
        isPublic: true,
        anonymous: false,
      })
      await w.pay(start.question.orderId!)
      return start.question.orderId!
    }
    const asker = as('o_asker')
    await asker('circle', 'join', { circleId: c.id })
    const start = await asker('qa', 'ask', {
      circleId: c.id,
      answerer: 'o_owner',
      text: '怎么定价？',
      isPublic: true,
      anonymous: false,
    })
    await w.pay(start.question.orderId!)
    await owner('qa', 'answer', { questionId: start.question.id, text: '先做 MVP。' })
    const peek = await wu('qa', 'peek', { questionId: start.question.id })
    await w.pay(peek.orderId!)
    return peek.orderId!
  }
  if (kind === 'ticket') {
    const start = Date.now() + 10 * DAY
    const e = await owner('event', 'save', {
      circleId: c.id,
      title: '周末西山徒步',
      description: '',
      startAt: new Date(start).toISOString(),
      endAt: new Date(start + 6 * HOUR).toISOString(),
      place: { kind: 'offline', address: '香山公园东门' },
      capacity: 20,
      priceFen: 5000,
      form: { name: true, phone: false, fields: [] },
    } as never)
    await wu('event', 'signUp', { eventId: e.id, contactName: '吴晓', answers: {} } as never)
    const orderId = await latest()
    await w.pay(orderId)
    return orderId
  }
  const startDay = new Date(Date.now() + 2 * DAY).toISOString().slice(0, 10)
  const ch = await owner('challenge', 'create', {
    circleId: c.id,
    title: '三天跑步挑战',
    startDay,
    days: 3,
    requiredDays: 2,
    depositFen: 9900,
  } as never)
  const enrol = await wu('challenge', 'enroll', { challengeId: ch.id })
  await w.pay(enrol.orderId!)
  return enrol.orderId!
}

describe('the order view promises exactly what shop.refund does', () => {
  it.each(PRODUCT_KINDS.map((k) => [k]))('for a paid %s order', async (kind) => {
    setClockOffset(0)
    const orderId = await paidOrderOf(kind)
    const view: OrderView = await wu('shop', 'getOrder', { orderId })
    expect(view.status).toBe('paid')
    // the team's refund button follows the same registry
    expect(view.ownerRefundableFen).toBe(kind === 'deposit' ? 0 : view.amountFen)
    const listed = (await wu('shop', 'orders', {})).items.find((o: OrderView) => o.id === orderId)
    expect(listed).toMatchObject({
      canRefund: view.canRefund,
      refundableFen: view.refundableFen,
      refundableUntil: view.refundableUntil,
    })
    if (view.canRefund) {
      expect(view.refundableFen).toBe(view.amountFen)
      const after = await wu('shop', 'refund', { orderId })
      expect(after).toMatchObject({ canRefund: false, refundableFen: 0 })
      expect(after.status === 'refunded' || after.refunding).toBe(true)
    } else {
      expect(view).toMatchObject({ refundableUntil: null, refundableFen: 0, refundNote: expect.any(String) })
      const before = await snapshot(w.cloud)
      expect(await refusal(wu('shop', 'refund', { orderId }))).toMatchObject({ code: 'order_not_refundable' })
      expect(await snapshot(w.cloud)).toEqual(before)
    }
  })

  it('stops promising once the window closes, as shop.refund stops refunding', async () => {
    const circleId = await paidCircle()
    const orderId = await buy(circleId, { kind: 'entry' })
    setClockOffset(72 * HOUR)
    expect(await wu('shop', 'getOrder', { orderId })).toMatchObject({ canRefund: false, refundableUntil: null })
    expect(await refusal(wu('shop', 'refund', { orderId }))).toMatchObject({ code: 'refund_window_passed' })
  })

  it('stops promising once the buyer used up the refunds of a circle', async () => {
    const circleId = await paidCircle()
    const orders = [
      await buy(circleId, { kind: 'entry' }),
      await buy(circleId, { kind: 'pass', gift: false }),
      await buy(circleId, { kind: 'pass', gift: false }),
    ]
    await wu('shop', 'refund', { orderId: orders[0] })
    await wu('shop', 'refund', { orderId: orders[1] })
    expect(await wu('shop', 'getOrder', { orderId: orders[2] })).toMatchObject({
      canRefund: false,
      refundNote: expect.stringContaining('次数'),
    })
    expect(await refusal(wu('shop', 'refund', { orderId: orders[2] }))).toMatchObject({ code: 'refund_limit_reached' })
  })
})
