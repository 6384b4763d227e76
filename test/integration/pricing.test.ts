/**
 * Term and price options on the strict local database with the real pay simulator: coupons (limits
 * under concurrency, once per user, window, scope, release on close), the free trial, renewal
 * tiers, the term switch rule, invitations on orders, and refusals that change nothing.
 */
import { as, invoke, refusal, setClockOffset, snapshot, useMoneyWorld } from './world'

const w = useMoneyWorld()

const owner = as('o_owner')
const buyer = as('o_buyer')
const DAY = 86_400_000
const MIN = 60_000
const reconcile = () =>
  invoke(null, 'finance', { Type: 'Timer', TriggerName: 'reconcile', Time: new Date().toISOString() })
const iso = (ms: number) => new Date(Date.now() + ms).toISOString()

async function paidCircle(opts: { priceFen?: number; trialDays?: number; tiers?: [number, number, number] } = {}) {
  const c = await owner('circle', 'create', { name: '人像摄影进阶', type: 'knowledge', entryMode: 'paid' })
  await owner('shop', 'setPricing', {
    circleId: c.id,
    entry: { priceFen: opts.priceFen ?? 10_000, markedPriceFen: null, term: { kind: 'rolling', days: 365 } },
  })
  const [b, m, l] = opts.tiers ?? [9000, 8000, 7000]
  await owner('shop', 'setTerms', {
    circleId: c.id,
    trialDays: opts.trialDays ?? 0,
    renewal: { beforeExpiryBps: b, within30DaysBps: m, laterBps: l, graceDays: 3, reminderDays: [7, 3, 1] },
  })
  return c.id
}

async function coupon(circleId: string, extra: Partial<Parameters<typeof owner<'shop', 'createCoupon'>>[2]> = {}) {
  return owner('shop', 'createCoupon', {
    circleId,
    couponCode: 'SPRING20',
    title: '春季优惠',
    couponKind: 'percent',
    offBps: 2000,
    couponLimit: 10,
    validFrom: iso(-DAY),
    validUntil: iso(10 * DAY),
    couponScopes: ['entry', 'renewal'],
    ...extra,
  })
}

async function buy(circleId: string, who = buyer, couponCode?: string) {
  const start = await who('shop', 'order', {
    circleId,
    product: { kind: 'entry' },
    platform: 'h5',
    ...(couponCode ? { couponCode } : {}),
  })
  await w.pay(start.order.id)
  return start.order
}

describe('coupons', () => {
  it('prices a percent coupon on the server, reserves it with the order and counts the use when paid', async () => {
    const circleId = await paidCircle()
    const created = await coupon(circleId)
    expect(created).toMatchObject({
      code: 'SPRING20',
      text: '8 折',
      limit: 10,
      usedCount: 0,
      paidCount: 0,
      listed: true,
    })
    const catalog = await buyer('shop', 'catalog', { circleId })
    expect(catalog.coupons.map((c) => c.code)).toEqual(['SPRING20'])
    expect(
      await buyer('shop', 'quote', { circleId, product: { kind: 'entry' }, couponCode: 'spring20' }),
    ).toMatchObject({
      baseFen: 10_000,
      amountFen: 8000,
      discounts: [{ kind: 'coupon', fen: 2000 }],
    })
    const order = await buy(circleId, buyer, 'spring20')
    expect(order.amountFen).toBe(8000)
    const [c] = (await owner('shop', 'coupons', { circleId })).items
    expect(c).toMatchObject({ usedCount: 1, paidCount: 1 })
    // once per user: used, then refused (also after the circle lapses: a renewal is the same user)
    expect(
      await refusal(
        buyer('shop', 'order', { circleId, product: { kind: 'entry' }, platform: 'h5', couponCode: 'SPRING20' }),
      ),
    ).toMatchObject({ code: 'coupon_already_used', param: 'couponCode' })
    expect((await buyer('shop', 'catalog', { circleId })).coupons).toEqual([])
  })

  it('gives the last coupon to exactly one of many simultaneous orders', async () => {
    const circleId = await paidCircle()
    await coupon(circleId, { couponLimit: 1, couponKind: 'fixed', amountFen: 3000 })
    const people = Array.from({ length: 8 }, (_, i) => `o_rush_${i}`)
    const results = await Promise.allSettled(
      people.map((p) =>
        as(p)('shop', 'order', { circleId, product: { kind: 'entry' }, platform: 'h5', couponCode: 'SPRING20' }),
      ),
    )
    const won = results.filter((r) => r.status === 'fulfilled')
    expect(won).toHaveLength(1)
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(
      Array(7).fill('coupon_used_up'),
    )
    expect((won[0] as PromiseFulfilledResult<{ order: { amountFen: number } }>).value.order.amountFen).toBe(7000)
    expect(await w.cloud.db.count('orders')).toBe(1)
    expect((await w.cloud.db.find('coupons'))[0]).toMatchObject({ usedCount: 1 })
    expect(await w.cloud.db.count('couponRedemptions')).toBe(1)
  })

  it('lets one user hold a coupon in one pending order only, even when two orders race', async () => {
    const circleId = await paidCircle()
    await coupon(circleId)
    const order = () =>
      buyer('shop', 'order', { circleId, product: { kind: 'entry' }, platform: 'h5', couponCode: 'SPRING20' })
    const results = await Promise.allSettled([order(), order(), order()])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(
      ['coupon_reserved', 'coupon_reserved'],
    )
    expect((await w.cloud.db.find('coupons'))[0]).toMatchObject({ usedCount: 1 })
  })

  it('gives the coupon back when the order closes unpaid, once, and lets it be used again', async () => {
    const circleId = await paidCircle()
    await coupon(circleId, { couponLimit: 1 })
    const first = await buyer('shop', 'order', {
      circleId,
      product: { kind: 'entry' },
      platform: 'h5',
      couponCode: 'SPRING20',
    })
    expect(
      await refusal(
        as('o_other')('shop', 'order', {
          circleId,
          product: { kind: 'entry' },
          platform: 'h5',
          couponCode: 'SPRING20',
        }),
      ),
    ).toMatchObject({ code: 'coupon_used_up' })
    setClockOffset(31 * MIN)
    expect(await reconcile()).toMatchObject({ ok: true, data: { closed: 1 } })
    expect((await w.cloud.db.find('coupons'))[0]).toMatchObject({ usedCount: 0, paidCount: 0 })
    expect((await w.cloud.db.find('couponRedemptions'))[0]).toMatchObject({
      status: 'released',
      orderId: first.order.id,
    })
    // a second run finds nothing to release
    await reconcile()
    expect((await w.cloud.db.find('coupons'))[0]).toMatchObject({ usedCount: 0 })
    const again = await buy(circleId, buyer, 'SPRING20')
    expect(again.amountFen).toBe(8000)
    expect((await w.cloud.db.find('coupons'))[0]).toMatchObject({ usedCount: 1, paidCount: 1 })
  })

  it('frees a reservation left behind by an order that closed without releasing it (a crash in reconciliation)', async () => {
    const circleId = await paidCircle()
    await coupon(circleId, { couponLimit: 1 })
    const first = await buyer('shop', 'order', {
      circleId,
      product: { kind: 'entry' },
      platform: 'h5',
      couponCode: 'SPRING20',
    })
    // reconciliation closed the order and stopped before releasing its coupon
    await w.cloud.db.handle('modifyDocument', {
      collectionName: 'orders',
      query: JSON.stringify({ _id: first.order.id }),
      data: JSON.stringify({ $set: { status: 'closed' } }),
      multi: false,
      merge: true,
    })
    const again = await buy(circleId, buyer, 'SPRING20')
    expect(again.amountFen).toBe(8000)
    expect((await w.cloud.db.find('coupons'))[0]).toMatchObject({ usedCount: 1, paidCount: 1 })
    expect((await w.cloud.db.find('couponRedemptions'))[0]).toMatchObject({ status: 'used', orderId: again.id })
  })

  it('is usable only inside its window', async () => {
    const circleId = await paidCircle()
    await coupon(circleId, { validFrom: iso(DAY), validUntil: iso(2 * DAY) })
    expect(
      await refusal(buyer('shop', 'quote', { circleId, product: { kind: 'entry' }, couponCode: 'SPRING20' })),
    ).toMatchObject({ code: 'coupon_not_started' })
    expect((await buyer('shop', 'catalog', { circleId })).coupons).toEqual([])
    setClockOffset(DAY + MIN)
    expect(
      await buyer('shop', 'quote', { circleId, product: { kind: 'entry' }, couponCode: 'SPRING20' }),
    ).toMatchObject({ amountFen: 8000 })
    setClockOffset(2 * DAY)
    expect(
      await refusal(
        buyer('shop', 'order', { circleId, product: { kind: 'entry' }, platform: 'h5', couponCode: 'SPRING20' }),
      ),
    ).toMatchObject({ code: 'coupon_expired' })
  })

  it('applies only to its scopes: entry, renewal, course', async () => {
    const circleId = await paidCircle()
    await coupon(circleId, { couponCode: 'RENEW', couponScopes: ['renewal'] })
    await coupon(circleId, { couponCode: 'COURSE', couponScopes: ['course'], couponKind: 'fixed', amountFen: 500 })
    const course = await owner('shop', 'saveCourse', {
      circleId,
      title: '布光入门',
      priceFen: 2000,
      lessons: [{ title: '第一课', body: '三灯布光' }],
    })
    expect(
      await refusal(buyer('shop', 'quote', { circleId, product: { kind: 'entry' }, couponCode: 'RENEW' })),
    ).toMatchObject({ code: 'coupon_not_applicable' })
    expect(
      await refusal(buyer('shop', 'quote', { circleId, product: { kind: 'entry' }, couponCode: 'COURSE' })),
    ).toMatchObject({ code: 'coupon_not_applicable' })
    expect(
      await buyer('shop', 'quote', {
        circleId,
        product: { kind: 'course', courseId: course.id },
        couponCode: 'COURSE',
      }),
    ).toMatchObject({ amountFen: 1500 })
    expect(
      await refusal(
        buyer('shop', 'order', {
          circleId,
          product: { kind: 'pass', gift: true },
          platform: 'h5',
          couponCode: 'COURSE',
        }),
      ),
    ).toMatchObject({
      code: expect.stringMatching(/coupon_not_applicable|product_unavailable/),
    })
    await buy(circleId)
    // now a member: buying entry again is a renewal, the renewal coupon applies on top of the tier price
    expect(await buyer('shop', 'quote', { circleId, product: { kind: 'entry' }, couponCode: 'RENEW' })).toMatchObject({
      baseFen: 10_000,
      amountFen: 7200,
    })
    expect(
      await refusal(buyer('shop', 'quote', { circleId, product: { kind: 'entry' }, couponCode: 'NOSUCH' })),
    ).toMatchObject({ code: 'coupon_not_found' })
  })

  it('a 100 % coupon still charges 1 fen (no channel takes 0)', async () => {
    const circleId = await paidCircle()
    await coupon(circleId, { offBps: 10_000 })
    const order = await buy(circleId, buyer, 'SPRING20')
    expect(order.amountFen).toBe(1)
    expect((await buyer('circle', 'get', { circleId })).me).toMatchObject({ role: 'member' })
  })

  it('only the owner and partners make coupons; a taken code is refused', async () => {
    const circleId = await paidCircle()
    await buy(circleId)
    await coupon(circleId)
    expect(
      await refusal(
        buyer('shop', 'createCoupon', {
          circleId,
          couponCode: 'MINE',
          title: 'x',
          couponKind: 'fixed',
          amountFen: 100,
          couponLimit: 1,
          validFrom: iso(0),
          validUntil: iso(DAY),
          couponScopes: ['entry'],
        }),
      ),
    ).toMatchObject({ code: 'forbidden' })
    expect(await refusal(coupon(circleId))).toMatchObject({ code: 'coupon_code_taken' })
    expect(await refusal(buyer('shop', 'coupons', { circleId }))).toMatchObject({ code: 'forbidden' })
    const [c] = (await owner('shop', 'coupons', { circleId })).items
    await owner('shop', 'disableCoupon', { couponId: c.id })
    expect(
      await refusal(as('o_new')('shop', 'quote', { circleId, product: { kind: 'entry' }, couponCode: 'SPRING20' })),
    ).toMatchObject({ code: 'coupon_expired' })
  })
})

describe('the free trial', () => {
  it('gives N days once per user; buying later extends from the trial end', async () => {
    const circleId = await paidCircle({ trialDays: 7 })
    expect((await buyer('shop', 'catalog', { circleId })).trial).toEqual({ days: 7, available: true })
    const t = await buyer('shop', 'startTrial', { circleId })
    const trialEnd = new Date(t.expiresAt).getTime()
    expect(trialEnd - Date.now()).toBeGreaterThan(7 * DAY - MIN)
    await expect(buyer('post', 'list', { circleId })).resolves.toMatchObject({ viewerRole: 'member' })
    expect((await w.cloud.db.find('memberships')).find((m: any) => m.openid === 'o_buyer')).toMatchObject({
      source: { kind: 'trial' },
    })
    expect(await refusal(buyer('shop', 'startTrial', { circleId }))).toMatchObject({ code: 'trial_used' })
    const catalog = await buyer('shop', 'catalog', { circleId })
    expect(catalog.trial).toEqual({ days: 7, available: false })
    expect(catalog.entry).toMatchObject({ kind: 'entry', priceFen: 10_000, tier: null })
    await buy(circleId)
    const m = (await w.cloud.db.find('memberships')).find((x: any) => x.openid === 'o_buyer') as any
    expect(new Date(m.expiresAt).getTime()).toBe(trialEnd + 365 * DAY)
    expect(m.source).toMatchObject({ kind: 'paid' })
  })

  it('is refused after it lapsed, to a blacklisted person, and where no trial is offered — changing nothing', async () => {
    const circleId = await paidCircle({ trialDays: 3 })
    await buyer('shop', 'startTrial', { circleId })
    const free = await owner('circle', 'create', { name: '免费圈子', type: 'interest', entryMode: 'free' })
    w.cloud.db.insert('blacklist', {
      _id: `${circleId}:o_bad`,
      circleId,
      openid: 'o_bad',
      by: 'o_owner',
      reason: '广告',
      createdAt: new Date(),
    })
    setClockOffset(4 * DAY)
    const before = await snapshot(w.cloud)
    expect(await refusal(buyer('shop', 'startTrial', { circleId }))).toMatchObject({ code: 'trial_used' })
    expect(await refusal(as('o_bad')('shop', 'startTrial', { circleId }))).toMatchObject({ code: 'blacklisted' })
    expect(
      await refusal(as('o_bad')('shop', 'order', { circleId, product: { kind: 'entry' }, platform: 'h5' })),
    ).toMatchObject({ code: 'blacklisted' })
    expect(await refusal(buyer('shop', 'startTrial', { circleId: free.id }))).toMatchObject({
      code: 'trial_unavailable',
    })
    expect(await snapshot(w.cloud)).toEqual(before)
    expect(await w.cloud.db.count('trials')).toBe(1)
  })
})

describe('renewal tiers through the pay simulator', () => {
  async function memberWhoseTermEnds() {
    const circleId = await paidCircle({ tiers: [9000, 8000, 7000] })
    await buy(circleId)
    const m = (await w.cloud.db.find('memberships')).find((x: any) => x.openid === 'o_buyer') as any
    return { circleId, expiresAt: new Date(m.expiresAt).getTime() }
  }
  const expiryOf = async () =>
    new Date(
      ((await w.cloud.db.find('memberships')).find((x: any) => x.openid === 'o_buyer') as any).expiresAt,
    ).getTime()

  it('before expiry: 9 折, extended from the current expiry', async () => {
    const { circleId, expiresAt } = await memberWhoseTermEnds()
    setClockOffset(expiresAt - Date.now() - DAY)
    const catalog = await buyer('shop', 'catalog', { circleId })
    expect(catalog.entry).toMatchObject({
      kind: 'renewal',
      priceFen: 9000,
      baseFen: 10_000,
      tier: { key: 'before', text: '9 折' },
    })
    const order = await buy(circleId)
    expect(order.amountFen).toBe(9000)
    expect(await expiryOf()).toBe(expiresAt + 365 * DAY)
  })

  it('within 30 days after expiry (the grace tier): 8 折, a new term from the payment', async () => {
    const { circleId, expiresAt } = await memberWhoseTermEnds()
    setClockOffset(expiresAt - Date.now() + 2 * DAY)
    const catalog = await buyer('shop', 'catalog', { circleId })
    expect(catalog.entry).toMatchObject({
      kind: 'renewal',
      priceFen: 8000,
      tier: { key: 'within30', label: '宽限期续费价', text: '8 折' },
    })
    expect(catalog.standing).toMatchObject({ state: 'grace', trial: false })
    const order = await buy(circleId)
    expect(order.amountFen).toBe(8000)
    const after = await expiryOf()
    expect(after).toBeGreaterThan(expiresAt + 2 * DAY + 365 * DAY - MIN)
    await expect(buyer('post', 'list', { circleId })).resolves.toMatchObject({ viewerRole: 'member' })
  })

  it('later than 30 days: 7 折', async () => {
    const { circleId, expiresAt } = await memberWhoseTermEnds()
    setClockOffset(expiresAt - Date.now() + 31 * DAY)
    expect((await buyer('shop', 'catalog', { circleId })).standing).toMatchObject({ state: 'expired' })
    const order = await buy(circleId)
    expect(order.amountFen).toBe(7000)
    expect((await buyer('shop', 'getOrder', { orderId: order.id })).status).toBe('paid')
  })
})

describe('owner settings', () => {
  it('refuses tiers outside 50–100 % and bad input, changing nothing', async () => {
    const circleId = await paidCircle()
    const before = await snapshot(w.cloud)
    const bad = [
      () =>
        owner('shop', 'setTerms', {
          circleId,
          renewal: { beforeExpiryBps: 4000, within30DaysBps: 8000, laterBps: 7000, graceDays: 0, reminderDays: [] },
        }),
      () => owner('shop', 'setTerms', { circleId, trialDays: 31 }),
      () =>
        owner('shop', 'createCoupon', {
          circleId,
          couponCode: 'X',
          title: '短码',
          couponKind: 'fixed',
          amountFen: 100,
          couponLimit: 1,
          validFrom: iso(0),
          validUntil: iso(DAY),
          couponScopes: ['entry'],
        }),
      () =>
        owner('shop', 'createCoupon', {
          circleId,
          couponCode: 'WINDOW',
          title: '反了',
          couponKind: 'fixed',
          amountFen: 100,
          couponLimit: 1,
          validFrom: iso(DAY),
          validUntil: iso(0),
          couponScopes: ['entry'],
        }),
      () =>
        owner('shop', 'createCoupon', {
          circleId,
          couponCode: 'ZERO',
          title: '零',
          couponKind: 'percent',
          offBps: 0,
          couponLimit: 1,
          validFrom: iso(0),
          validUntil: iso(DAY),
          couponScopes: ['entry'],
        }),
      () => buyer('shop', 'order', { circleId, product: { kind: 'entry' }, platform: 'h5', couponCode: 'NOPE' }),
      () => buyer('shop', 'setTerms', { circleId, trialDays: 3 }),
    ]
    for (const call of bad) expect((await refusal(call())).code).toMatch(/invalid_argument|coupon_not_found|not_member/)
    expect(await snapshot(w.cloud)).toEqual(before)
  })

  it('saves tiers, trial, grace and reminders without touching other settings', async () => {
    const circleId = await paidCircle()
    const saved = await owner('shop', 'setTerms', {
      circleId,
      trialDays: 5,
      renewal: {
        beforeExpiryBps: 9500,
        within30DaysBps: 8500,
        laterBps: 6000,
        graceDays: 7,
        reminderDays: [1, 7, 3, 3],
      },
    })
    expect(saved).toMatchObject({
      trialDays: 5,
      renewal: { beforeExpiryBps: 9500, within30DaysBps: 8500, laterBps: 6000, graceDays: 7, reminderDays: [7, 3, 1] },
      cohortAllowed: true,
    })
    expect(await owner('shop', 'terms', { circleId })).toEqual(saved)
    // saving one part leaves the others as they were (dotted-path updates, not a whole settings object)
    expect(await owner('shop', 'setTerms', { circleId, trialDays: 2 })).toEqual({ ...saved, trialDays: 2 })
    const circle = (await w.cloud.db.find('circles')).find((c: any) => c._id === circleId) as any
    expect(circle.settings.renewal).toMatchObject({ beforeExpiryBps: 9500, graceDays: 7 })
    expect(Object.keys(circle.settings.entry)).toEqual(['trialDays'])
  })

  it('switches cohort → rolling any time, rolling → cohort only while nobody has paid', async () => {
    const circleId = await paidCircle()
    const cohort = { kind: 'cohort' as const, endsAt: iso(100 * DAY) }
    await owner('shop', 'setPricing', { circleId, entry: { priceFen: 10_000, markedPriceFen: null, term: cohort } })
    const catalog = await buyer('shop', 'catalog', { circleId })
    expect(catalog.entry).toMatchObject({ remainingDays: 100, perDayText: '1.00 元/天' })
    await owner('shop', 'setPricing', {
      circleId,
      entry: { priceFen: 10_000, markedPriceFen: null, term: { kind: 'rolling', days: 365 } },
    })
    await buy(circleId)
    expect((await owner('shop', 'terms', { circleId })).cohortAllowed).toBe(false)
    const before = await snapshot(w.cloud)
    expect(
      await refusal(
        owner('shop', 'setPricing', { circleId, entry: { priceFen: 10_000, markedPriceFen: null, term: cohort } }),
      ),
    ).toMatchObject({ code: 'term_switch_not_allowed' })
    expect(await snapshot(w.cloud)).toEqual(before)
  })
})

describe('invitations on orders', () => {
  it('credits the inviter as referrer and records the channel on the order and the membership', async () => {
    const circleId = await paidCircle()
    await buy(circleId, as('o_inviter'))
    const invite = await as('o_inviter')('member', 'createInvite', { circleId, channel: '公众号' })
    const start = await buyer('shop', 'order', {
      circleId,
      product: { kind: 'entry' },
      platform: 'h5',
      inviteCode: invite.code,
    })
    expect((await w.cloud.db.find('orders')).find((o: any) => o._id === start.order.id)).toMatchObject({
      referrer: 'o_inviter',
      inviteChannel: '公众号',
    })
    await w.pay(start.order.id)
    expect((await w.cloud.db.find('memberships')).find((m: any) => m.openid === 'o_buyer')).toMatchObject({
      source: { kind: 'paid', inviterId: 'o_inviter', channel: '公众号' },
    })
    // an unknown code attributes nothing and never refuses
    const other = await as('o_third')('shop', 'order', {
      circleId,
      product: { kind: 'entry' },
      platform: 'h5',
      inviteCode: 'zzzzzzzzzz',
    })
    expect((await w.cloud.db.find('orders')).find((o: any) => o._id === other.order.id)).toMatchObject({
      referrer: null,
      inviteChannel: null,
    })
  })
})
