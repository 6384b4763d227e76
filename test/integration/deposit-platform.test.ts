/**
 * Challenge deposits (押金) in 平台收付通 mode, through the real functions and the pay simulator
 * (docs/payments.md "Deposits in platform mode"): the deposit is paid into the owner's own
 * sub-merchant, frozen for 分账, never into the platform's merchant (that would be 二清); a
 * completed challenge refunds it from there; a forfeited one stays there as the owner's income,
 * less the platform fee taken by ecommerce 分账; our ledger equals the sub-merchant's balance at
 * every step and reconciliation finds them equal.
 */
import { as, invoke, refusal, setClockOffset, setSettlementMode, useMoneyWorld } from './world'

jest.setTimeout(60_000)

const w = useMoneyWorld()
afterEach(() => setSettlementMode('self'))

const owner = as('o_owner')
const alice = as('o_alice')
const bob = as('o_bob')
const DEPOSIT = 9900
const WECHAT_FEE = Math.floor((DEPOSIT * 60) / 10000) // 0.6 %, kept by WeChat at payment
const PLATFORM_FEE = Math.floor((DEPOSIT * 300) / 10000) // 3 %, the platform's 分账 of a forfeit
const text = '今天跑了五公里。'

function at(iso: string) {
  setClockOffset(new Date(iso).getTime() - Date.now())
}

const settleChallenges = () => invoke(null, 'challenge', { Type: 'Timer', TriggerName: 'settle' })
const reconcile = () => invoke(null, 'finance', { Type: 'Timer', TriggerName: 'reconcile' })

async function platformChallenge() {
  setSettlementMode('platform')
  at('2026-11-30T02:00:00Z')
  const subMchid = await w.readyMerchant('o_owner')
  const c = await owner('circle', 'create', { name: '跑步俱乐部', type: 'interest', entryMode: 'free' })
  for (const who of [alice, bob]) await who('circle', 'join', { circleId: c.id })
  const ch = await owner('challenge', 'create', {
    circleId: c.id,
    title: '三天跑步挑战',
    startDay: '2026-12-01',
    days: 3,
    requiredDays: 2,
    depositFen: DEPOSIT,
  })
  return { circleId: c.id, challengeId: ch.id, subMchid }
}

async function payDeposit(challengeId: string, who = alice) {
  const start = await who('challenge', 'enroll', { challengeId })
  expect(start).toMatchObject({ enrolled: false, orderId: expect.any(String), pay: { channel: 'local' } })
  await w.pay(start.orderId!)
  return start.orderId!
}

async function account(id: string) {
  const acc = (await w.cloud.db.find('accounts')).find((a: any) => a._id === id) as any
  return { pendingFen: acc?.pendingFen ?? 0, availableFen: acc?.availableFen ?? 0 }
}

async function expectReconciled() {
  await w.flush()
  const rec = await reconcile()
  expect(rec).toMatchObject({
    ok: true,
    data: { unbalanced: 0, mismatches: 0, subMerchantsChecked: 1, subMerchantMismatches: 0 },
  })
}

describe('平台收付通: challenge deposits are held in the owner’s sub-merchant', () => {
  it("pays the deposit into the owner's sub-merchant, frozen, held for the member and not the owner's income", async () => {
    const { circleId, challengeId, subMchid } = await platformChallenge()
    const orderId = await payDeposit(challengeId)
    // The partner JSAPI with the owner's sub_mchid and the 分账 flag: the money is frozen there.
    expect(w.sim.snapshot().orders[orderId]).toMatchObject({ subMchid, profitSharing: true, state: 'SUCCESS' })
    expect(w.subMerchantBalance(subMchid)).toEqual({ pendingFen: DEPOSIT - WECHAT_FEE, availableFen: 0 })
    // Not income: the owner's account is untouched; the ledger holds it for the member per circle.
    expect(await account(`owner:${circleId}`)).toEqual({ pendingFen: 0, availableFen: 0 })
    expect(await account(`deposits:${circleId}`)).toEqual({ pendingFen: 0, availableFen: DEPOSIT - WECHAT_FEE })
    expect(w.sim.snapshot().ecommerce.platformReceivedFen).toBe(0)
    await expectReconciled()
  })

  it('refunds a completed deposit from the sub-merchant, and nothing reaches the platform', async () => {
    const { circleId, challengeId, subMchid } = await platformChallenge()
    const orderId = await payDeposit(challengeId)
    at('2026-12-01T01:00:00Z')
    await alice('challenge', 'checkIn', { challengeId, text })
    at('2026-12-02T01:00:00Z')
    expect(await alice('challenge', 'checkIn', { challengeId, text })).toMatchObject({ completedNow: true })
    await w.flush()
    expect(await alice('shop', 'getOrder', { orderId })).toMatchObject({ status: 'refunded' })
    // An ecommerce refund of the frozen order: WeChat returns its fee, the sub-merchant holds nothing.
    const refunds = Object.values(w.sim.snapshot().refunds) as any[]
    expect(refunds.map((r) => [r.outTradeNo, r.amountFen, r.subMchid, r.fromFinished])).toEqual([
      [orderId, DEPOSIT, subMchid, false],
    ])
    expect(w.subMerchantBalance(subMchid)).toEqual({ pendingFen: 0, availableFen: 0 })
    expect(await account(`deposits:${circleId}`)).toEqual({ pendingFen: 0, availableFen: 0 })
    at('2026-12-04T00:00:00Z')
    expect(await settleChallenges()).toMatchObject({ ok: true, data: { refunded: 0, forfeited: 0, closed: 1 } })
    expect(Object.keys(w.sim.snapshot().ecommerce.sharings)).toEqual([])
    await expectReconciled()
  })

  it('refunds a deposit completed after the 72 h income window passed over it, still from the frozen money', async () => {
    setSettlementMode('platform')
    at('2026-11-30T02:00:00Z')
    const subMchid = await w.readyMerchant('o_owner')
    const c = await owner('circle', 'create', { name: '跑步俱乐部', type: 'interest', entryMode: 'free' })
    await alice('circle', 'join', { circleId: c.id })
    const ch = await owner('challenge', 'create', {
      circleId: c.id,
      title: '五天跑步挑战',
      startDay: '2026-12-01',
      days: 5,
      requiredDays: 2,
      depositFen: DEPOSIT,
    })
    const orderId = await payDeposit(ch.id)
    at('2026-12-01T01:00:00Z')
    await alice('challenge', 'checkIn', { challengeId: ch.id, text })
    at('2026-12-04T01:00:00Z') // past 72 h: the income timer marks the deposit order, and moves nothing
    expect(await invoke(null, 'finance', { Type: 'Timer', TriggerName: 'settle' })).toMatchObject({ ok: true })
    expect(w.subMerchantBalance(subMchid)).toEqual({ pendingFen: DEPOSIT - WECHAT_FEE, availableFen: 0 })
    expect(await alice('challenge', 'checkIn', { challengeId: ch.id, text })).toMatchObject({ completedNow: true })
    await w.flush()
    expect(await alice('shop', 'getOrder', { orderId })).toMatchObject({ status: 'refunded' })
    expect(Object.keys(w.sim.snapshot().ecommerce.returns)).toEqual([])
    expect(w.subMerchantBalance(subMchid)).toEqual({ pendingFen: 0, availableFen: 0 })
    expect(await account(`deposits:${c.id}`)).toEqual({ pendingFen: 0, availableFen: 0 })
    await expectReconciled()
  })

  it('keeps a forfeited deposit in the sub-merchant as the owner’s income, the platform fee taken by 分账 (≤ 30 %)', async () => {
    const { circleId, challengeId, subMchid } = await platformChallenge()
    await payDeposit(challengeId, alice)
    const bobOrder = await payDeposit(challengeId, bob)
    at('2026-12-01T01:00:00Z')
    await alice('challenge', 'checkIn', { challengeId, text })
    await bob('challenge', 'checkIn', { challengeId, text })
    at('2026-12-02T01:00:00Z')
    await alice('challenge', 'checkIn', { challengeId, text }) // alice completes; bob stops at 1 of 2
    await w.flush()
    at('2026-12-03T16:00:00Z') // midnight in Shanghai: ended
    // The income timer (past 72 h) neither shares nor unfreezes a deposit: the challenge decides it.
    expect(await invoke(null, 'finance', { Type: 'Timer', TriggerName: 'settle' })).toMatchObject({ ok: true })
    expect(Object.keys(w.sim.snapshot().ecommerce.sharings)).toEqual([])
    expect(w.subMerchantBalance(subMchid)).toEqual({ pendingFen: DEPOSIT - WECHAT_FEE, availableFen: 0 })

    expect(await settleChallenges()).toMatchObject({ ok: true, data: { forfeited: 1, closed: 1 } })
    expect(await settleChallenges()).toMatchObject({ ok: true, data: { forfeited: 0, closed: 0 } })
    await w.flush()
    // One 分账 of the forfeited order: the platform's fee to the platform's merchant, then 完结.
    const sharings = Object.values(w.sim.snapshot().ecommerce.sharings) as any[]
    expect(sharings.map((s) => [s.outOrderNo, s.receivers.map((r: any) => [r.type, r.amount])])).toEqual([
      [`${bobOrder}P`, [['MERCHANT_ID', PLATFORM_FEE]]],
      [`${bobOrder}F`, []],
    ])
    expect(PLATFORM_FEE).toBeLessThanOrEqual(Math.floor(DEPOSIT * 0.3))
    expect(w.sim.snapshot().ecommerce.platformReceivedFen).toBe(PLATFORM_FEE)
    const income = DEPOSIT - WECHAT_FEE - PLATFORM_FEE
    expect(w.subMerchantBalance(subMchid)).toEqual({ pendingFen: 0, availableFen: income })
    expect(await account(`owner:${circleId}`)).toEqual({ pendingFen: 0, availableFen: income })
    expect(await account(`deposits:${circleId}`)).toEqual({ pendingFen: 0, availableFen: 0 })
    const statement = await owner('wallet', 'statement', { account: { kind: 'owner', circleId } })
    expect(statement.items.map((l) => [l.kind, l.amountFen])).toEqual(
      expect.arrayContaining([
        ['forfeit', DEPOSIT - WECHAT_FEE],
        ['profit_sharing', -PLATFORM_FEE],
      ]),
    )
    await expectReconciled()

    // The owner withdraws the forfeited deposit from their own sub-merchant to their bank card.
    const wd = await owner('wallet', 'withdraw', { account: { kind: 'owner', circleId }, amountFen: income })
    expect(wd).toMatchObject({ state: 'transferring' })
    expect(w.subMerchantBalance(subMchid)).toEqual({ pendingFen: 0, availableFen: 0 })
  })

  it('refuses a deposit challenge until the owner’s sub-merchant is ready, and takes no money meanwhile', async () => {
    setSettlementMode('platform')
    at('2026-11-30T02:00:00Z')
    const c = await owner('circle', 'create', { name: '跑步俱乐部', type: 'interest', entryMode: 'free' })
    const draft = { circleId: c.id, title: '三天跑步挑战', startDay: '2026-12-01', days: 3, requiredDays: 2 }
    expect(await refusal(owner('challenge', 'create', { ...draft, depositFen: DEPOSIT }))).toMatchObject({
      code: 'merchant_setup_required',
    })
    // A free challenge needs no merchant.
    await expect(owner('challenge', 'create', { ...draft, depositFen: 0 })).resolves.toMatchObject({ depositFen: 0 })
    expect(await w.cloud.db.find('orders')).toEqual([])
  })

  it('refuses a deposit challenge that would end after WeChat unfreezes its deposits (180 days)', async () => {
    setSettlementMode('platform')
    at('2026-11-30T02:00:00Z')
    await w.readyMerchant('o_owner')
    const c = await owner('circle', 'create', { name: '跑步俱乐部', type: 'interest', entryMode: 'free' })
    const draft = { circleId: c.id, title: '长期挑战', days: 100, requiredDays: 50, depositFen: DEPOSIT }
    expect(await refusal(owner('challenge', 'create', { ...draft, startDay: '2027-03-01' }))).toMatchObject({
      code: 'challenge_deposit_too_long',
    })
    await expect(owner('challenge', 'create', { ...draft, startDay: '2027-01-15' })).resolves.toMatchObject({
      depositFen: DEPOSIT,
    })
    // 直连 holds deposits in the operator's own merchant: no such limit.
    setSettlementMode('self')
    await expect(owner('challenge', 'create', { ...draft, startDay: '2027-03-01' })).resolves.toMatchObject({
      depositFen: DEPOSIT,
    })
  })
})
