/**
 * Random sequences of 平台收付通 money events through the real functions, the strict database and
 * the pay simulator: sales into owners' sub-merchants, refunds inside the window and after 分账
 * (with 分账回退), the settlement timer's ecommerce 分账 and 完结, bank withdrawals that arrive or
 * fail, a second owner's onboarding moving through its states (their circle sells only once it is
 * finished), challenge deposits held in the sub-merchant (refunded on a check-in that completes,
 * forfeited with the platform fee by 分账 when the challenge ends), and paid questions to a guest
 * whose share leaves by 分账. After every sequence, with every queued effect performed:
 * - each ready sub-merchant's balance at WeChat equals what the ledger says it holds, pending and
 *   available, to the fen;
 * - no order had more than 30 % taken by 分账, and no balance at WeChat ever went below zero
 *   (so no withdrawal or refund was sent above what the sub-merchant held);
 * - the usual ledger invariants: every journal balanced, cached balances equal their rebuild.
 * Each sequence costs real round trips (≈ 1 s): a developer's run takes 15 sequences, CI 200
 * (≈ 4 min); SETTLEMENT_PROPERTY_RUNS overrides.
 */
import fc from 'fast-check'
import { rebuildBalances, type Journal } from '@core/money'
import { createPaymentPorts } from '../../cloudfunctions/runtime/payment'
import { as, invoke, setClockOffset, setSettlementMode, startMoneyWorld, type MoneyWorld } from './world'

let w: MoneyWorld
beforeAll(async () => {
  w = await startMoneyWorld()
})
afterAll(async () => {
  setSettlementMode('self')
  await w.close()
})

const HOUR = 3600_000
const owner = as('o_owner')
const owner2 = as('o_owner2')
const buyers = ['o_b1', 'o_b2', 'o_b3']
/** Who enrols, checks in and asks: two members who joined at the start, and a buyer who may have. */
const members = ['o_m1', 'o_m2', 'o_b1']
const ONBOARDING = ['ACCOUNT_NEED_VERIFY', 'NEED_SIGN', 'FINISH'] as const

type Step =
  | { kind: 'buy'; who: number; circle: 0 | 1; price: number }
  | { kind: 'refund'; who: number }
  | { kind: 'ownerRefund'; who: number }
  | { kind: 'advance'; hours: number }
  | { kind: 'settle' }
  | { kind: 'withdraw'; who: 0 | 1; pct: number }
  | { kind: 'bank'; outcome: 'arrive' | 'fail' }
  | { kind: 'onboard'; reject: boolean }
  | { kind: 'deposit'; who: number }
  | { kind: 'checkin'; who: number }
  | { kind: 'ask'; who: number; price: number }

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('buy' as const),
      who: fc.integer({ min: 0, max: 2 }),
      circle: fc.constantFrom(0 as const, 0 as const, 1 as const),
      price: fc.integer({ min: 1, max: 50_000 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('refund' as const), who: fc.integer({ min: 0, max: 2 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('ownerRefund' as const), who: fc.integer({ min: 0, max: 2 }) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), hours: fc.constantFrom(1, 24, 73) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('settle' as const) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('withdraw' as const),
      who: fc.constantFrom(0 as const, 0 as const, 1 as const),
      pct: fc.integer({ min: 1, max: 110 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('bank' as const),
      outcome: fc.constantFrom('arrive' as const, 'fail' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('onboard' as const), reject: fc.boolean() }) },
  // A challenge deposit paid into the owner's sub-merchant, a check-in that earns it back, a paid
  // question to a guest whose share leaves by 分账.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deposit' as const), who: fc.integer({ min: 0, max: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('checkin' as const), who: fc.integer({ min: 0, max: 2 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('ask' as const),
      who: fc.integer({ min: 0, max: 2 }),
      price: fc.integer({ min: 100, max: 50_000 }),
    }),
  },
)

const STATS: Record<string, number> = {}
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')

async function run(steps: Step[]) {
  await w.reset()
  setSettlementMode('platform')
  let clock = 0
  setClockOffset(0)
  await w.readyMerchant('o_owner')
  const c = await owner('circle', 'create', { name: '人像摄影进阶', type: 'knowledge', entryMode: 'paid' })
  const c2 = await owner2('circle', 'create', { name: '夜跑俱乐部', type: 'interest', entryMode: 'paid' })
  const circles = [c.id, c2.id]
  const setPrice = (circleId: string, priceFen: number, who = owner) =>
    who('shop', 'setPricing', {
      circleId,
      entry: { priceFen, markedPriceFen: null, term: { kind: 'rolling', days: 30 } },
    })
  await setPrice(c.id, 9_999)
  await setPrice(c2.id, 9_999, owner2)
  // A partner with 10 % (3 % platform + 10 % ≤ 30 %), so 分账 pays a person and the platform.
  const p = await as('o_partner')('shop', 'order', { circleId: c.id, product: { kind: 'entry' }, platform: 'h5' })
  await w.pay(p.order.id)
  await owner('wallet', 'setSplitRules', {
    circleId: c.id,
    referrerBps: 0,
    partners: [{ openid: 'o_partner', bps: 1000 }],
  })
  for (const m of members.slice(0, 2)) {
    const o = await as(m)('shop', 'order', { circleId: c.id, product: { kind: 'entry' }, platform: 'h5' })
    await w.pay(o.order.id)
  }
  // A guest who answers paid questions for 25 % of each (3 % platform + 25 % ≤ 30 %).
  const g = await as('o_guest')('shop', 'order', { circleId: c.id, product: { kind: 'entry' }, platform: 'h5' })
  await w.pay(g.order.id)
  await owner('circle', 'setRole', { circleId: c.id, openid: 'o_guest', role: 'guest' })
  await owner('qa', 'setSettings', {
    circleId: c.id,
    freeQuestionsPerTerm: 0,
    expireHours: 72,
    peekPriceFen: 100,
    askerShareBps: 5000,
    guestShareBps: 2500,
  })
  // A two-day check-in challenge from today (Shanghai) with a deposit; one check-in completes it.
  const today = new Date(Date.now() + 8 * HOUR).toISOString().slice(0, 10)
  const challenge = await owner('challenge', 'create', {
    circleId: c.id,
    title: '两天打卡',
    startDay: today,
    days: 2,
    requiredDays: 1,
    depositFen: 990,
  })
  // The second owner applies (the form's images through WeChat Pay's media API).
  const wx = createPaymentPorts(process.env).wxpay()
  const media = await wx.uploadMedia({ filename: 'id.png', content: PNG })
  await owner2('wallet', 'applyMerchant', {
    subjectType: 'micro',
    merchantShortname: '夜跑小店',
    idCard: {
      portraitMediaId: media.mediaId,
      nationalMediaId: media.mediaId,
      name: '李四',
      number: '11010519491231002X',
      validFrom: '2020-01-01',
      validTo: '长期',
    },
    bank: {
      accountType: 'personal',
      bankName: '招商银行',
      bankAddressCode: '110000',
      accountNumber: '6225880087654321',
      accountName: '李四',
    },
    contact: { mobile: '13900139000' },
    storeName: '夜跑小店',
  })
  let onboardingAt = -1
  const lastOrder = new Map<number, string>()
  let lastWithdrawal: string | null = null
  for (const s of steps) {
    try {
      if (s.kind === 'buy') {
        const circleId = circles[s.circle]
        await setPrice(circleId, s.price, s.circle === 0 ? owner : owner2)
        const start = await as(buyers[s.who])('shop', 'order', { circleId, product: { kind: 'entry' }, platform: 'h5' })
        lastOrder.set(s.who, start.order.id)
        await w.pay(start.order.id)
      } else if (s.kind === 'refund' && lastOrder.has(s.who)) {
        await as(buyers[s.who])('shop', 'refund', { orderId: lastOrder.get(s.who)!, reason: '不想要了' })
        await w.flush()
      } else if (s.kind === 'ownerRefund' && lastOrder.has(s.who)) {
        const order = (await w.cloud.db.find('orders')).find((o: any) => o._id === lastOrder.get(s.who)) as any
        await (order?.circleId === c2.id ? owner2 : owner)('shop', 'ownerRefund', {
          orderId: lastOrder.get(s.who)!,
          reason: '活动取消',
        })
        await w.flush()
      } else if (s.kind === 'advance') {
        clock += s.hours * HOUR
        setClockOffset(clock)
      } else if (s.kind === 'settle') {
        await invoke(null, 'finance', { Type: 'Timer', TriggerName: 'settle' })
        await invoke(null, 'challenge', { Type: 'Timer', TriggerName: 'settle' })
        await w.flush()
      } else if (s.kind === 'deposit') {
        const start = await as(members[s.who])('challenge', 'enroll', { challengeId: challenge.id })
        if (start.orderId) await w.pay(start.orderId)
      } else if (s.kind === 'checkin') {
        await as(members[s.who])('challenge', 'checkIn', { challengeId: challenge.id, text: '今天打卡了。' })
        await w.flush()
      } else if (s.kind === 'ask') {
        await as('o_guest')('qa', 'setPrice', { circleId: c.id, priceFen: s.price })
        const start = await as(members[s.who])('qa', 'ask', {
          circleId: c.id,
          answerer: 'o_guest',
          text: '第一批付费用户从哪里来？',
          isPublic: true,
          anonymous: false,
        })
        await w.pay(start.question.orderId!)
        await as('o_guest')('qa', 'answer', { questionId: start.question.id, text: '从现有读者开始。' })
      } else if (s.kind === 'withdraw') {
        // A share of what the wallet shows (past 100 %: more than there is, which must be refused).
        const who = s.who === 0 ? owner : owner2
        const account = { kind: 'owner' as const, circleId: circles[s.who] }
        const { availableFen } = await who('wallet', 'summary', { account })
        lastWithdrawal = (
          await who('wallet', 'withdraw', {
            account,
            amountFen: Math.max(100, Math.floor((availableFen * s.pct) / 100)),
          })
        ).id
      } else if (s.kind === 'bank' && lastWithdrawal) {
        const record = (await w.cloud.db.find('withdrawals')).find((x: any) => x._id === lastWithdrawal) as any
        if (s.outcome === 'fail' && record?.state === 'transferring') w.sim.ecommerce.failWithdraw(lastWithdrawal)
        if (s.outcome === 'arrive') {
          clock += 25 * HOUR
          setClockOffset(clock)
        }
        await (record?.openid === 'o_owner2' ? owner2 : owner)('wallet', 'refreshWithdrawal', {
          withdrawalId: lastWithdrawal,
        })
      } else if (s.kind === 'onboard' && onboardingAt < ONBOARDING.length - 1) {
        const { outRequestNo } = (await w.cloud.db.find('merchants')).find((m: any) => m._id === 'o_owner2') as any
        if (s.reject && onboardingAt < 1) {
          w.sim.ecommerce.applymentTo(outRequestNo, 'REJECTED')
          await owner2('wallet', 'refreshMerchant', {})
          // The owner fixes the form and sends it again under the same 业务申请编号.
          const f = await owner2('wallet', 'merchant', {})
          expect(f).toMatchObject({
            state: 'rejected',
            rejectReasons: [expect.objectContaining({ reason: expect.any(String) })],
          })
          onboardingAt = -1
          await owner2('wallet', 'applyMerchant', {
            subjectType: 'micro',
            merchantShortname: '夜跑小店',
            idCard: {
              portraitMediaId: media.mediaId,
              nationalMediaId: media.mediaId,
              name: '李四',
              number: '11010519491231002X',
              validFrom: '2020-01-01',
              validTo: '长期',
            },
            bank: {
              accountType: 'personal',
              bankName: '招商银行',
              bankAddressCode: '110000',
              accountNumber: '6225880087654321',
              accountName: '李四',
            },
            contact: { mobile: '13900139000' },
            storeName: '夜跑小店',
          })
        } else {
          onboardingAt += 1
          w.sim.ecommerce.applymentTo(outRequestNo, ONBOARDING[onboardingAt])
          await owner2('wallet', 'refreshMerchant', {})
        }
      }
      STATS[`ok:${s.kind}`] = (STATS[`ok:${s.kind}`] ?? 0) + 1
    } catch (e) {
      const code = (e as { code?: string }).code
      if (!code || code === 'internal') throw e
      STATS[`refused:${s.kind}:${code}`] = (STATS[`refused:${s.kind}:${code}`] ?? 0) + 1
    }
  }
  // Whatever is still queued for WeChat is performed, so both sides have seen every event.
  await invoke(null, 'finance', { Type: 'Timer', TriggerName: 'outbox' })
  await w.flush()
  await checkInvariants(onboardingAt === ONBOARDING.length - 1)
}

async function checkInvariants(secondOwnerReady: boolean) {
  const outbox = (await w.cloud.db.find('outbox')) as any[]
  expect(outbox.filter((e) => e.state === 'pending').map((e) => [e._id, e.lastError])).toEqual([])
  const journals = (await w.cloud.db.find('journals')) as unknown as Journal[]
  for (const j of journals) expect(j.entries.reduce((sum, e) => sum + e.amountFen, 0)).toBe(0)
  const rebuilt = rebuildBalances(journals)
  const accounts = (await w.cloud.db.find('accounts')) as any[]
  for (const acc of accounts) {
    expect(acc.availableFen).toBeGreaterThanOrEqual(0)
    expect({ id: acc._id, pendingFen: acc.pendingFen, availableFen: acc.availableFen }).toEqual({
      id: acc._id,
      pendingFen: rebuilt[acc._id]?.pendingFen ?? 0,
      availableFen: rebuilt[acc._id]?.availableFen ?? 0,
    })
  }
  // The ledger mirrors WeChat: each ready owner's circle accounts == their sub-merchant's balance.
  const merchants = ((await w.cloud.db.find('merchants')) as any[]).filter((m) => m.state === 'finish')
  expect(merchants.length).toBe(secondOwnerReady ? 2 : 1)
  const memberships = (await w.cloud.db.find('memberships')) as any[]
  for (const m of merchants) {
    const ownedCircles = memberships.filter((x) => x.openid === m._id && x.role === 'owner').map((x) => x.circleId)
    const owned = ownedCircles.map((id) => `owner:${id}`)
    const ledger = accounts
      .filter((a) => owned.includes(a._id))
      .reduce((t, a) => ({ pendingFen: t.pendingFen + a.pendingFen, availableFen: t.availableFen + a.availableFen }), {
        pendingFen: 0,
        availableFen: 0,
      })
    // Deposits held for members are frozen in the same sub-merchant: WeChat counts them pending.
    for (const a of accounts.filter((x) => ownedCircles.map((id) => `deposits:${id}`).includes(x._id)))
      ledger.pendingFen += a.pendingFen + a.availableFen
    expect({ owner: m._id, ...ledger }).toEqual({ owner: m._id, ...w.subMerchantBalance(m.subMchid) })
  }
  const sim = w.sim.snapshot()
  for (const sub of Object.values(sim.ecommerce.subMerchants)) {
    expect(sub.pendingFen).toBeGreaterThanOrEqual(0)
    expect(sub.availableFen).toBeGreaterThanOrEqual(0)
  }
  // ≤ 30 % of every order left by 分账 (what the platform gave back by 回退 is not taken).
  const taken = new Map<string, number>()
  for (const s of Object.values(sim.ecommerce.sharings) as any[]) {
    for (const r of s.receivers)
      taken.set(s.transactionId, (taken.get(s.transactionId) ?? 0) + r.amount - r.returnedFen)
  }
  for (const o of Object.values(sim.orders)) {
    if (!o.subMchid || !o.transactionId) continue
    expect(taken.get(o.transactionId) ?? 0).toBeLessThanOrEqual(Math.floor((o.amountFen * 3000) / 10_000))
    STATS[`order:${o.state}`] = (STATS[`order:${o.state}`] ?? 0) + 1
  }
  // Nothing was ever asked of WeChat above what a sub-merchant held.
  expect(outbox.filter((e) => String(e.lastError ?? '').includes('NOT_ENOUGH'))).toEqual([])
}

const RUNS = Number(process.env.SETTLEMENT_PROPERTY_RUNS ?? (process.env.CI ? 200 : 15))

it(
  `keeps every sub-merchant's balance at WeChat equal to the ledger, ≤ 30 % taken from every order, no withdrawal above the balance (${RUNS} sequences)`,
  async () => {
    await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 4, maxLength: 16 }), run), { numRuns: RUNS })
    if (process.env.MONEY_STATS) console.log(STATS)
  },
  60 * 60_000,
)
