/**
 * Deposit challenges (押金) with the production payment code talking to the local pay simulator:
 * the deposit is held for the member (not income), completion refunds exactly the deposit once
 * through the original payment, a deposit not earned back is forfeited to the owner's income when
 * the challenge ends, and the ledger balances throughout.
 */
import { forfeitJournal, splitOrder, type OrderRecord } from '../../cloudfunctions/core/money'
import { transaction } from '../../cloudfunctions/runtime/db'
import { postJournal } from '../../cloudfunctions/runtime/ledger'
import { as, invoke, refusal, setClockOffset, useMoneyWorld } from './world'

jest.setTimeout(60_000)

const w = useMoneyWorld()

const owner = as('o_owner')
const alice = as('o_alice')
const bob = as('o_bob')
const DEPOSIT = 9900

function at(iso: string) {
  setClockOffset(new Date(iso).getTime() - Date.now())
}

const settle = () => invoke(null, 'challenge', { Type: 'Timer', TriggerName: 'settle' })
const reconcile = () => invoke(null, 'finance', { Type: 'Timer', TriggerName: 'reconcile' })
const text = '今天跑了五公里。'

async function depositChallenge() {
  at('2026-11-30T02:00:00Z')
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
  return { circleId: c.id, challengeId: ch.id }
}

async function payDeposit(challengeId: string, who = alice) {
  const start = await who('challenge', 'enroll', { challengeId })
  expect(start).toMatchObject({ enrolled: false, orderId: expect.any(String), pay: { channel: 'local' } })
  await w.pay(start.orderId!)
  return start.orderId!
}

async function journals(): Promise<any[]> {
  return w.cloud.db.find('journals')
}

/** Per account, the sum of every entry (both buckets). */
async function sums() {
  const out: Record<string, number> = {}
  for (const j of await journals()) for (const e of j.entries) out[e.account] = (out[e.account] ?? 0) + e.amountFen
  return out
}

async function expectBalancedLedger() {
  for (const j of await journals()) expect(j.entries.reduce((s: number, e: any) => s + e.amountFen, 0)).toBe(0)
  expect(await reconcile()).toMatchObject({ ok: true, data: { unbalanced: 0, mismatches: 0 } })
}

describe('deposit challenges', () => {
  it("holds the paid deposit for the member, not as the owner's income", async () => {
    const { circleId, challengeId } = await depositChallenge()
    const orderId = await payDeposit(challengeId)
    const detail = await alice('challenge', 'get', { challengeId })
    expect(detail.me).toMatchObject({ deposit: { amountFen: DEPOSIT, state: 'held' } })
    expect(detail.challenge.participantCount).toBe(1)
    expect((await journals()).map((j) => j._id)).toEqual([`${orderId}:pay`])
    expect(await sums()).toEqual({ buyer_payments: -DEPOSIT, deposits: DEPOSIT })
    expect(await owner('wallet', 'summary', { account: { kind: 'owner', circleId } })).toMatchObject({
      pendingFen: 0,
      availableFen: 0,
    })
    expect(await refusal(owner('shop', 'ownerRefund', { orderId }))).toMatchObject({ code: 'order_not_refundable' })
    await expectBalancedLedger()
  })

  it('refunds exactly the deposit, once, through the original payment when the member completes', async () => {
    const { challengeId } = await depositChallenge()
    const orderId = await payDeposit(challengeId)
    at('2026-12-01T01:00:00Z')
    await alice('challenge', 'checkIn', { challengeId, text })
    at('2026-12-02T01:00:00Z')
    const taps = await Promise.all(
      Array.from({ length: 5 }, () => alice('challenge', 'checkIn', { challengeId, text })),
    )
    expect(taps.filter((t) => t.completedNow)).toHaveLength(1)
    await w.flush()
    expect(await alice('shop', 'getOrder', { orderId })).toMatchObject({ status: 'refunded' })
    expect((await alice('challenge', 'get', { challengeId })).me).toMatchObject({ deposit: { state: 'refunded' } })
    at('2026-12-04T00:00:00Z')
    expect(await settle()).toMatchObject({ ok: true, data: { refunded: 0, forfeited: 0, closed: 1 } })
    expect(await settle()).toMatchObject({ ok: true, data: { closed: 0 } })
    await w.flush()
    const refunds = (await journals()).filter((j) => j.kind === 'refund')
    expect(refunds.map((j) => j._id)).toEqual([`${orderId}:refund:1`])
    expect(await sums()).toEqual({ buyer_payments: -DEPOSIT, deposits: 0, refunds: DEPOSIT })
    const order = (await w.cloud.db.find('orders')).find((o: any) => o._id === orderId) as any
    expect(order.refunds).toHaveLength(1)
    expect(order).toMatchObject({ refundedFen: DEPOSIT, status: 'refunded' })
    await expectBalancedLedger()
  })

  it("forfeits a deposit not earned back to the owner's ledger when the challenge ends, once", async () => {
    const { circleId, challengeId } = await depositChallenge()
    const aliceOrder = await payDeposit(challengeId, alice)
    const bobOrder = await payDeposit(challengeId, bob)
    at('2026-12-01T01:00:00Z')
    await alice('challenge', 'checkIn', { challengeId, text })
    await bob('challenge', 'checkIn', { challengeId, text })
    at('2026-12-02T01:00:00Z')
    await alice('challenge', 'checkIn', { challengeId, text }) // alice completes; bob stops at 1 of 2
    at('2026-12-03T15:59:00Z') // the last minute of the last day: not ended yet
    expect(await settle()).toMatchObject({ ok: true, data: { forfeited: 0, closed: 0 } })
    at('2026-12-03T16:00:00Z') // midnight in Shanghai: ended
    // the income settlement timer passing over the deposit orders (past 72 h) moves nothing
    expect(await invoke(null, 'finance', { Type: 'Timer', TriggerName: 'settle' })).toMatchObject({ ok: true })
    expect((await journals()).filter((j) => j.kind === 'settlement')).toEqual([])
    expect(await settle()).toMatchObject({ ok: true, data: { forfeited: 1, closed: 1 } })
    expect(await settle()).toMatchObject({ ok: true, data: { forfeited: 0, closed: 0 } })
    await w.flush()

    const forfeits = (await journals()).filter((j) => j.kind === 'forfeit')
    expect(forfeits.map((j) => j._id)).toEqual([`${bobOrder}:forfeit`])
    // platform 3 % and channel 0.6 % of the forfeit; the owner gets the rest, available at once
    const platform = Math.floor((DEPOSIT * 300) / 10000)
    const channel = Math.floor((DEPOSIT * 60) / 10000)
    expect(await owner('wallet', 'summary', { account: { kind: 'owner', circleId } })).toMatchObject({
      pendingFen: 0,
      availableFen: DEPOSIT - platform - channel,
    })
    expect(await sums()).toEqual({
      buyer_payments: -2 * DEPOSIT,
      deposits: 0,
      refunds: DEPOSIT,
      'platform:fee': platform,
      'channel:fee': channel,
      [`owner:${circleId}`]: DEPOSIT - platform - channel,
    })
    expect((await bob('challenge', 'get', { challengeId })).me).toMatchObject({ deposit: { state: 'forfeited' } })
    expect(await alice('shop', 'getOrder', { orderId: aliceOrder })).toMatchObject({ status: 'refunded' })
    expect(await bob('shop', 'getOrder', { orderId: bobOrder })).toMatchObject({ status: 'paid' })
    const statement = await owner('wallet', 'statement', { account: { kind: 'owner', circleId } })
    expect(statement.items.map((l) => l.kind)).toEqual(['forfeit'])
    await expectBalancedLedger()
  })

  it('refunds a second deposit paid for a challenge already joined', async () => {
    const { challengeId } = await depositChallenge()
    const a = await alice('challenge', 'enroll', { challengeId })
    const b = await alice('challenge', 'enroll', { challengeId })
    await Promise.all([w.pay(a.orderId!), w.pay(b.orderId!)])
    await w.flush()
    const statuses = (
      await Promise.all([a.orderId!, b.orderId!].map((orderId) => alice('shop', 'getOrder', { orderId })))
    )
      .map((o) => o.status)
      .sort()
    expect(statuses).toEqual(['paid', 'refunded'])
    expect((await alice('challenge', 'get', { challengeId })).challenge.participantCount).toBe(1)
    expect(await sums()).toEqual({ buyer_payments: -2 * DEPOSIT, deposits: DEPOSIT, refunds: DEPOSIT })
    await expectBalancedLedger()
  })

  it('shows the rules and the deposit before enrolling', async () => {
    const { challengeId } = await depositChallenge()
    const detail = await alice('challenge', 'get', { challengeId })
    expect(detail.me).toBeNull()
    expect(detail.challenge).toMatchObject({ depositFen: DEPOSIT, requiredDays: 2, days: 3 })
  })
})

describe('reconciling deposits', () => {
  it('reports, loudly, a deposits account below zero: a deposit both refunded and forfeited', async () => {
    const { challengeId } = await depositChallenge()
    const orderId = await payDeposit(challengeId)
    at('2026-12-01T01:00:00Z')
    await alice('challenge', 'checkIn', { challengeId, text })
    at('2026-12-02T01:00:00Z')
    await alice('challenge', 'checkIn', { challengeId, text })
    await w.flush()
    await expectBalancedLedger()
    // The double release the deposit rules exist to prevent, booked behind their back.
    const order = ((await w.cloud.db.find('orders')) as any[]).find((o) => o._id === orderId) as OrderRecord
    const now = new Date('2026-12-04T00:00:00Z')
    const shares = splitOrder(
      {
        amountFen: order.amountFen,
        circleId: order.circleId,
        buyer: order.buyer,
        referrer: null,
        channel: order.channel,
      },
      order.splitRules,
    )
    await transaction((tx) => postJournal(tx, forfeitJournal(order, shares, now), now))
    expect((await sums()).deposits).toBe(-DEPOSIT)
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    const res = await reconcile()
    errors.mockRestore()
    expect(res).toMatchObject({ ok: true, data: { unbalanced: 0, mismatches: 1 } })
    expect(((await w.cloud.db.find('alerts')) as any[]).map((a) => a.message)).toEqual([
      expect.stringContaining('deposits'),
    ])
  })
})
