/**
 * Random sequences of money events through the real functions, the strict database and the pay
 * simulator. After every sequence: every journal sums to zero, no available balance is below
 * zero, every cached balance equals its rebuild from the journals, and no order was fulfilled
 * twice. Each sequence costs real database round trips (≈ 0.1 s), so a developer's run takes 100
 * sequences and CI (CI=true) the full 10 000; MONEY_PROPERTY_RUNS overrides. The seed changes
 * every run; fast-check prints it with a counterexample for replay.
 */
import fc from 'fast-check'
import { rebuildBalances, type Journal } from '@core/money'
import { as, setClockOffset, startMoneyWorld, type MoneyWorld } from './world'

let w: MoneyWorld
beforeAll(async () => {
  w = await startMoneyWorld()
})
afterAll(() => w.close())

const HOUR = 3600_000
const owner = as('o_owner')
const buyers = ['o_b1', 'o_b2', 'o_b3']

type Step =
  | { kind: 'buy'; who: number; copies: number }
  | { kind: 'confirm'; who: number }
  | { kind: 'refund'; who: number }
  | { kind: 'advance'; hours: number }
  | { kind: 'withdraw'; fen: number }
  | { kind: 'transfer'; outcome: 'confirm' | 'fail' }

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('buy' as const), who: fc.integer({ min: 0, max: 2 }), copies: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant('confirm' as const), who: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ kind: fc.constant('refund' as const), who: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ kind: fc.constant('advance' as const), hours: fc.constantFrom(1, 24, 73) }),
  fc.record({ kind: fc.constant('withdraw' as const), fen: fc.integer({ min: 50, max: 20_000 }) }),
  fc.record({ kind: fc.constant('transfer' as const), outcome: fc.constantFrom('confirm' as const, 'fail' as const) }),
)

async function run(steps: Step[]) {
  await w.reset()
  let clock = 0
  setClockOffset(0)
  const c = await owner('circle', 'create', { name: '人像摄影进阶', type: 'knowledge', entryMode: 'paid' })
  await owner('shop', 'setPricing', { circleId: c.id, entry: { priceFen: 9_999, markedPriceFen: null, term: { kind: 'rolling', days: 30 } } })
  const account = { kind: 'owner' as const, circleId: c.id }
  const lastOrder = new Map<number, string>()
  let lastWithdrawal: string | null = null
  for (const s of steps) {
    // Refusals are part of the game (limits, windows, balances): only invariants matter.
    try {
      if (s.kind === 'buy') {
        const start = await as(buyers[s.who])('shop', 'order', { circleId: c.id, product: { kind: 'entry' }, platform: 'h5' })
        lastOrder.set(s.who, start.order.id)
        await w.pay(start.order.id, { copies: s.copies })
      } else if (s.kind === 'confirm' && lastOrder.has(s.who)) {
        await as(buyers[s.who])('shop', 'confirm', { orderId: lastOrder.get(s.who)! })
      } else if (s.kind === 'refund' && lastOrder.has(s.who)) {
        await as(buyers[s.who])('shop', 'refund', { orderId: lastOrder.get(s.who)! })
        await w.flush()
      } else if (s.kind === 'advance') {
        clock += s.hours * HOUR
        setClockOffset(clock)
        await owner('wallet', 'summary', { account })
      } else if (s.kind === 'withdraw') {
        lastWithdrawal = (await owner('wallet', 'withdraw', { account, amountFen: s.fen })).id
      } else if (s.kind === 'transfer' && lastWithdrawal) {
        if (s.outcome === 'confirm') await w.confirmTransfer(lastWithdrawal)
        else await w.failTransfer(lastWithdrawal)
        await owner('wallet', 'refreshWithdrawal', { withdrawalId: lastWithdrawal })
      }
    } catch (e) {
      const code = (e as { code?: string }).code
      if (!code || code === 'internal') throw e
    }
  }
  await checkInvariants()
}

async function checkInvariants() {
  const journals = (await w.cloud.db.find('journals')) as unknown as Journal[]
  for (const j of journals) expect(j.entries.reduce((sum, e) => sum + e.amountFen, 0)).toBe(0)
  const rebuilt = rebuildBalances(journals)
  for (const acc of (await w.cloud.db.find('accounts')) as any[]) {
    expect(acc.availableFen).toBeGreaterThanOrEqual(0)
    expect({ id: acc._id, pendingFen: acc.pendingFen, availableFen: acc.availableFen }).toEqual({
      id: acc._id,
      pendingFen: rebuilt[acc._id]?.pendingFen ?? 0,
      availableFen: rebuilt[acc._id]?.availableFen ?? 0,
    })
  }
  const payments = journals.filter((j) => j.kind === 'payment').map((j) => j.orderId)
  expect(new Set(payments).size).toBe(payments.length)
  for (const o of (await w.cloud.db.find('orders')) as any[]) {
    if (o.status === 'pending' || o.status === 'closed') expect(payments).not.toContain(o._id)
  }
}

const RUNS = Number(process.env.MONEY_PROPERTY_RUNS ?? (process.env.CI ? 10_000 : 100))

it(`keeps the ledger balanced, non-negative, equal to its rebuild, and fulfils each order once (${RUNS} sequences)`, async () => {
  await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 4, maxLength: 12 }), run), { numRuns: RUNS })
}, 60 * 60_000)
