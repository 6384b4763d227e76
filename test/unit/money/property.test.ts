/**
 * The money rules under random sequences: a small in-memory world that uses only the pure core
 * (orders, split, journals, withdrawals) the way the actions do, with duplicate and late
 * notifications, refunds in full and in part, settlement, withdrawals and failed transfers.
 * After every step: every journal balances and no account that must not is below zero. At the end:
 * the incremental balances equal the rebuild and no order was fulfilled twice.
 */
import fc from 'fast-check'
import { DomainError } from '@core/errors'
import {
  DEFAULT_SPLIT_RULES,
  applyJournal,
  assertBalanced,
  balanceAt,
  balancesEqual,
  checkWithdrawal,
  decideClose,
  decideOwnerRefund,
  decidePaid,
  decidePosting,
  decideRefundFailed,
  decideRefundSucceeded,
  decideSelfRefund,
  decideWithdrawalState,
  isOpenWithdrawal,
  markSettled,
  maturesAt,
  negativeBalances,
  newOrder,
  paymentJournal,
  rebuildBalances,
  refundFailedJournal,
  refundJournal,
  settlementJournal,
  splitOrder,
  unsettledIncome,
  withdrawalDay,
  withdrawalJournal,
  withdrawalReturnJournal,
  withdrawnOnDay,
  type Balances,
  type Journal,
  type OrderRecord,
  type SplitRules,
  type WithdrawalState,
} from '@core/money'

const CIRCLES = ['c0', 'c1']
const PEOPLE = ['u0', 'u1', 'u2', 'u3']
const RULES: SplitRules[] = [
  { ...DEFAULT_SPLIT_RULES, referrerBps: 1000, partners: [{ openid: 'u3', bps: 333 }] },
  { ...DEFAULT_SPLIT_RULES, referrerBps: 1, partners: [] },
]
const WALLETS = [...CIRCLES.map((c) => `owner:${c}`), ...PEOPLE.map((p) => `user:${p}`)]

type Cmd =
  | { t: 'order'; circle: number; buyer: number; referrer: number; amountFen: number; channel: 'wxpay' | 'virtual' | 'local' }
  | { t: 'notify'; i: number }
  | { t: 'close'; i: number }
  | { t: 'advance'; minutes: number }
  | { t: 'selfRefund'; i: number }
  | { t: 'ownerRefund'; i: number; partBps: number }
  | { t: 'refundDone'; i: number; ok: boolean }
  | { t: 'settle'; i: number }
  | { t: 'withdraw'; wallet: number; amount: { bps: number } | { fen: number } }
  | { t: 'transfer'; w: number; to: WithdrawalState }

const idx = fc.nat({ max: 50 })
const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant('order' as const), circle: fc.nat({ max: 1 }), buyer: fc.nat({ max: 3 }), referrer: fc.nat({ max: 4 }), amountFen: fc.oneof(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 300_000 })), channel: fc.constantFrom('wxpay' as const, 'virtual' as const, 'local' as const) }) },
  { weight: 5, arbitrary: fc.record({ t: fc.constant('notify' as const), i: idx }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('close' as const), i: idx }) },
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('advance' as const),
      // Around the 30-minute order expiry, and around and past the 72-hour refund window.
      minutes: fc.oneof(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 60, max: 5000 }), fc.constantFrom(72 * 60 - 1, 72 * 60, 72 * 60 + 1)),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('selfRefund' as const), i: idx }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('ownerRefund' as const), i: idx, partBps: fc.oneof(fc.constant(10_000), fc.integer({ min: 1, max: 10_000 })) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('refundDone' as const), i: idx, ok: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('settle' as const), i: idx }) },
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('withdraw' as const),
      wallet: fc.nat({ max: WALLETS.length - 1 }),
      // Mostly a share of what is available (so withdrawals happen), sometimes any amount (so they are refused).
      amount: fc.oneof({ weight: 3, arbitrary: fc.record({ bps: fc.integer({ min: 1, max: 10_000 }) }) }, { weight: 1, arbitrary: fc.record({ fen: fc.integer({ min: 1, max: 400_000 }) }) }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('transfer' as const), w: idx, to: fc.constantFrom<WithdrawalState>('transferring', 'waiting_confirm', 'succeeded', 'failed', 'expired') }) },
)

/** How much each kind of step really did across the runs (printed with MONEY_STATS=1). */
const STATS: Record<string, number> = {}
const count = (k: string) => (STATS[k] = (STATS[k] ?? 0) + 1)

interface Withdrawal {
  id: string
  account: string
  amountFen: number
  state: WithdrawalState
  day: string
}

class World {
  now = new Date('2026-11-23T02:00:00Z')
  orders: OrderRecord[] = []
  journals = new Map<string, Journal>()
  log: Journal[] = []
  balances: Balances = {}
  fulfilled = new Map<string, number>()
  withdrawals: Withdrawal[] = []
  refundsUsed = new Map<string, number>()
  seq = 0

  post(j: Journal) {
    assertBalanced(j)
    if (decidePosting(this.journals.get(j._id) ?? null, j) === 'noop') return
    this.journals.set(j._id, j)
    this.log.push(j)
    count(`posted:${j.kind}`)
    this.balances = applyJournal(this.balances, j)
  }

  pick<T>(list: T[], i: number): T | undefined {
    return list.length ? list[i % list.length] : undefined
  }

  put(order: OrderRecord) {
    this.orders[this.orders.findIndex((o) => o._id === order._id)] = order
  }

  orderJournals(orderId: string, kinds: Journal['kind'][]) {
    return this.log.filter((j) => j.orderId === orderId && kinds.includes(j.kind))
  }

  availableMap() {
    return Object.fromEntries(Object.entries(this.balances).map(([k, v]) => [k, v.availableFen]))
  }

  /** One transaction: decide, then post; a DomainError aborts it with nothing written. */
  tx(fn: () => void) {
    const saved = { orders: [...this.orders], journals: new Map(this.journals), log: [...this.log], balances: this.balances, fulfilled: new Map(this.fulfilled), withdrawals: this.withdrawals.map((w) => ({ ...w })), refundsUsed: new Map(this.refundsUsed) }
    try {
      fn()
    } catch (e) {
      if (!(e instanceof DomainError)) throw e
      count(`refused:${e.code}`)
      Object.assign(this, saved)
    }
  }

  requestRefund(order: OrderRecord, decided: { order: OrderRecord; refund: OrderRecord['refunds'][number] }) {
    const payment = this.journals.get(`${order._id}:pay`) as Journal
    const j = refundJournal({
      order,
      payment,
      refundFen: decided.refund.amountFen,
      seq: decided.refund.seq,
      settled: order.settled,
      at: this.now,
      priorRefunds: this.orderJournals(order._id, ['refund', 'correction']),
      availableFen: order.settled ? this.availableMap() : undefined,
    })
    this.post(j)
    this.put(decided.order)
  }

  settle(order: OrderRecord) {
    if (order.status === 'pending' || order.status === 'closed' || order.settled) return
    if (this.now.getTime() < maturesAt(order.paidAt as Date).getTime()) return
    const payment = this.journals.get(`${order._id}:pay`) as Journal
    const j = settlementJournal(payment, this.now, this.orderJournals(order._id, ['refund', 'correction']))
    if (j) this.post(j)
    this.put(markSettled(order, this.now))
  }

  run(c: Cmd) {
    STATS[c.t] = (STATS[c.t] ?? 0) + 1
    const order = 'i' in c ? this.pick(this.orders, c.i) : undefined
    switch (c.t) {
      case 'order': {
        const circleId = CIRCLES[c.circle]
        this.orders.push(
          newOrder({
            id: `QZ${String(++this.seq).padStart(8, '0')}`,
            buyer: PEOPLE[c.buyer],
            circleId,
            circleName: circleId,
            product: { kind: 'entry', id: circleId, title: circleId },
            priceBreakdown: { baseFen: c.amountFen, discountFen: 0 },
            splitRules: RULES[c.circle],
            channel: c.channel,
            referrer: PEOPLE[c.referrer] ?? null,
            now: this.now,
          }),
        )
        return
      }
      case 'notify':
        // The same transaction id every time: the notification, the poll and the timer all report it.
        if (!order) return
        return this.tx(() => {
          const d = decidePaid(order, { transactionId: `tx-${order._id}`, amountFen: order.amountFen, paidAt: this.now })
          // Trust each flag on its own, as an action would: fulfil whenever told to, book when it is new.
          if (d.fulfil) this.fulfilled.set(order._id, (this.fulfilled.get(order._id) ?? 0) + 1)
          if (!d.firstTime) return
          const shares = splitOrder({ ...order, referrer: order.referrer }, order.splitRules)
          this.post(paymentJournal(d.order, shares, d.order.paidAt as Date))
          const paid = { ...d.order, payees: [...new Set(shares.map((s) => s.account))] }
          this.put(paid)
          if (d.refund) this.requestRefund(paid, { order: paid, refund: d.refund })
        })
      case 'close': {
        if (!order) return
        const closed = decideClose(order, this.now)
        if (closed) this.put(closed)
        return
      }
      case 'advance':
        this.now = new Date(this.now.getTime() + c.minutes * 60_000)
        return
      case 'selfRefund':
        if (!order) return
        return this.tx(() => {
          const key = `${order.circleId}:${order.buyer}`
          const d = decideSelfRefund(order, { now: this.now, refundsUsedInCircle: this.refundsUsed.get(key) ?? 0 })
          this.requestRefund(order, d)
          this.refundsUsed.set(key, (this.refundsUsed.get(key) ?? 0) + 1)
        })
      case 'ownerRefund':
        if (!order) return
        return this.tx(() => {
          const open = order.amountFen - order.refunds.filter((r) => r.status !== 'failed').reduce((t, r) => t + r.amountFen, 0)
          const amountFen = Math.max(1, Math.floor((open * c.partBps) / 10_000))
          this.requestRefund(order, decideOwnerRefund(order, { amountFen, now: this.now }))
        })
      case 'refundDone': {
        const refund = order?.refunds.find((r) => r.status === 'pending')
        if (!order || !refund) return
        return this.tx(() => {
          if (c.ok) return this.put(decideRefundSucceeded(order, refund.seq, this.now).order)
          this.put(decideRefundFailed(order, refund.seq, this.now).order)
          const j = this.journals.get(`${order._id}:refund:${refund.seq}`) as Journal
          this.post(refundFailedJournal({ refund: j, settled: order.settled, at: this.now }))
        })
      }
      case 'settle':
        if (order) this.settle(order)
        return
      case 'withdraw': {
        // A share of a balance goes to a wallet that has one (else nothing would ever be withdrawn).
        const funded = WALLETS.filter((a) => (this.balances[a]?.availableFen ?? 0) + (this.balances[a]?.pendingFen ?? 0) >= 100)
        const account = 'bps' in c.amount && funded.length ? funded[c.wallet % funded.length] : WALLETS[c.wallet]
        // Maturing on read: what the reader sees now must equal the ledger once settlement has run.
        const seen = balanceAt(this.balances[account] ?? { pendingFen: 0, availableFen: 0 }, unsettledIncome(account as never, this.log), this.now)
        for (const o of this.orders) if (o.payees.includes(account as never)) this.settle(o)
        const after = this.balances[account] ?? { pendingFen: 0, availableFen: 0 }
        if (after.pendingFen !== seen.pendingFen || after.availableFen !== seen.availableFen) throw new Error(`maturing on read saw ${JSON.stringify(seen)}, ledger has ${JSON.stringify(after)}`)
        const amountFen = 'fen' in c.amount ? c.amount.fen : Math.max(1, Math.floor((after.availableFen * c.amount.bps) / 10_000))
        return this.tx(() => {
          checkWithdrawal({
            amountFen,
            availableFen: after.availableFen,
            withdrawnTodayFen: withdrawnOnDay(this.withdrawals.filter((w) => w.account === account), this.now),
            hasOpenRequest: this.withdrawals.some((w) => w.account === account && isOpenWithdrawal(w.state)),
            realNameVerified: amountFen % 2 === 0,
          })
          const id = `WD${String(++this.seq).padStart(8, '0')}`
          this.post(withdrawalJournal({ withdrawalId: id, account, amountFen, at: this.now }))
          this.withdrawals.push({ id, account, amountFen, state: 'requested', day: withdrawalDay(this.now) })
        })
      }
      case 'transfer': {
        const w = this.pick(this.withdrawals, c.w)
        if (!w) return
        return this.tx(() => {
          const next = decideWithdrawalState(w.state, c.to)
          if (next.returnsMoney) this.post(withdrawalReturnJournal({ withdrawalId: w.id, account: w.account, amountFen: w.amountFen, at: this.now }))
          w.state = next.state
        })
      }
    }
  }

  /** Plain throws, not expect(): this runs a few hundred thousand times. */
  checkStep() {
    const negative = negativeBalances(this.balances)
    if (negative.length) throw new Error(`below zero: ${negative.join(', ')}`)
    for (const o of this.orders) {
      const committed = o.refunds.filter((r) => r.status !== 'failed').reduce((t, r) => t + r.amountFen, 0)
      if (committed > o.amountFen || o.refundedFen > committed) throw new Error(`order ${o._id} refunds ${committed} of ${o.amountFen}`)
    }
  }

  checkEnd() {
    for (const j of this.log) expect(j.entries.reduce((t, e) => t + e.amountFen, 0)).toBe(0)
    expect(balancesEqual(this.balances, rebuildBalances(this.log))).toBe(true)
    for (const [, n] of this.fulfilled) expect(n).toBe(1)
    for (const o of this.orders) if (o.paidAfterClose) expect(this.fulfilled.get(o._id)).toBeUndefined()
    // Conservation: everything taken in is refunded, paid out, or held by some account.
    const held = Object.entries(this.balances)
      .filter(([a]) => a !== 'buyer_payments')
      .reduce((t, [, b]) => t + b.pendingFen + b.availableFen, 0)
    expect(held + (this.balances['buyer_payments']?.availableFen ?? 0)).toBe(0)
  }
}

describe('money rules under random sequences', () => {
  it('keep every journal balanced, no balance negative, the cache equal to the rebuild and fulfilment once', () => {
    fc.assert(
      fc.property(fc.array(cmd, { minLength: 1, maxLength: 40, size: 'max' }), (cmds) => {
        const world = new World()
        for (const c of cmds) {
          world.run(c)
          world.checkStep()
        }
        world.checkEnd()
      }),
      { numRuns: 10_000 },
    )
    if (process.env.MONEY_STATS) console.log(STATS)
  })
})
