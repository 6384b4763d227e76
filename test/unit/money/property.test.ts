/**
 * The money rules under random sequences: a small in-memory world that uses only the pure core
 * (orders, split, journals, withdrawals) the way the actions do, with duplicate and late
 * notifications, refunds in full and in part, settlement, withdrawals and failed transfers.
 * After every step: every journal balances and no account that must not is below zero. At the end:
 * the incremental balances equal the rebuild and no order was fulfilled twice.
 *
 * The newer kinds ride the same sequences: coupon-discounted entries, paid questions (held out of
 * settlement until answered, refunded in full on decline or expiry), peeks (splitQa asker /
 * answerer), event tickets (a partial refund on cancellation), challenge deposits (held in
 * `deposits`, then refunded or forfeited to income, never both) and the pro-rata refund of a
 * removed member.
 */
import fc from 'fast-check'
import { couponDiscountFen } from '@core/coupons'
import { DomainError } from '@core/errors'
import { refundFenFor } from '@core/event'
import { proRataRefundFen } from '@core/moderation'
import {
  DEPOSITS,
  committedRefundFen,
  decideDepositRefund,
  decideQuestionRefund,
  decideTicketRefund,
  depositPaymentJournal,
  forfeitJournal,
  settlementHeld,
  splitQa,
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

const KINDS = ['entry', 'question', 'peek', 'ticket', 'deposit'] as const
type Kind = (typeof KINDS)[number]
type Coupon = { kind: 'fixed'; amountFen: number; offBps: 0 } | { kind: 'percent'; amountFen: 0; offBps: number }

type Cmd =
  | {
      t: 'order'
      circle: number
      buyer: number
      referrer: number
      amountFen: number
      channel: 'wxpay' | 'virtual' | 'local'
      kind: number
      coupon: Coupon | null
      /** Q&A: 0 the owner answers, else a guest; the peek's asker and their share. */
      answerer: number
      asker: number
      askerShareBps: number
    }
  | { t: 'answer'; i: number }
  | { t: 'questionRefund'; i: number }
  | { t: 'depositEnd'; i: number; completed: boolean }
  | { t: 'ticketCancel'; i: number; refundPct: number }
  | { t: 'removal'; i: number }
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
  {
    weight: 6,
    arbitrary: fc.record({
      t: fc.constant('order' as const),
      circle: fc.nat({ max: 1 }),
      buyer: fc.nat({ max: 3 }),
      referrer: fc.nat({ max: 4 }),
      amountFen: fc.oneof(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 300_000 })),
      channel: fc.constantFrom('wxpay' as const, 'virtual' as const, 'local' as const),
      kind: fc.nat({ max: KINDS.length - 1 }),
      coupon: fc.oneof(
        fc.constant(null),
        fc.record({
          kind: fc.constant('fixed' as const),
          amountFen: fc.integer({ min: 1, max: 50_000 }),
          offBps: fc.constant(0 as const),
        }),
        fc.record({
          kind: fc.constant('percent' as const),
          amountFen: fc.constant(0 as const),
          offBps: fc.integer({ min: 1, max: 10_000 }),
        }),
      ),
      answerer: fc.nat({ max: 2 }),
      asker: fc.nat({ max: 3 }),
      askerShareBps: fc.oneof(fc.constantFrom(0, 5000, 10_000), fc.integer({ min: 0, max: 10_000 })),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('answer' as const), i: idx }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('questionRefund' as const), i: idx }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('depositEnd' as const), i: idx, completed: fc.boolean() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('ticketCancel' as const),
      i: idx,
      refundPct: fc.oneof(fc.constantFrom(0, 50, 100), fc.integer({ min: 0, max: 100 })),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('removal' as const), i: idx }) },
  { weight: 5, arbitrary: fc.record({ t: fc.constant('notify' as const), i: idx }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('close' as const), i: idx }) },
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('advance' as const),
      // Around the 30-minute order expiry, and around and past the 72-hour refund window.
      minutes: fc.oneof(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 60, max: 5000 }),
        fc.constantFrom(72 * 60 - 1, 72 * 60, 72 * 60 + 1),
      ),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('selfRefund' as const), i: idx }) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('ownerRefund' as const),
      i: idx,
      partBps: fc.oneof(fc.constant(10_000), fc.integer({ min: 1, max: 10_000 })),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('refundDone' as const), i: idx, ok: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('settle' as const), i: idx }) },
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('withdraw' as const),
      wallet: fc.nat({ max: WALLETS.length - 1 }),
      // Mostly a share of what is available (so withdrawals happen), sometimes any amount (so they are refused).
      amount: fc.oneof(
        { weight: 3, arbitrary: fc.record({ bps: fc.integer({ min: 1, max: 10_000 }) }) },
        { weight: 1, arbitrary: fc.record({ fen: fc.integer({ min: 1, max: 400_000 }) }) },
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('transfer' as const),
      w: idx,
      to: fc.constantFrom<WithdrawalState>('transferring', 'waiting_confirm', 'succeeded', 'failed', 'expired'),
    }),
  },
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
  /** The business side of the newer kinds: a question answered or closed, a ticket cancelled, a deposit's fate. */
  state = new Map<string, string>()
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
    const saved = {
      orders: [...this.orders],
      journals: new Map(this.journals),
      log: [...this.log],
      balances: this.balances,
      fulfilled: new Map(this.fulfilled),
      withdrawals: this.withdrawals.map((w) => ({ ...w })),
      refundsUsed: new Map(this.refundsUsed),
      state: new Map(this.state),
    }
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
    // An unanswered paid question may still be refunded in full (runtime/settlement.ts).
    if (settlementHeld(order)) return
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
        const kind: Kind = KINDS[c.kind]
        const owner = `owner:${circleId}` as const
        // Q&A and deposits carry no referral or partner share (qa/actions.ts, challenge/actions.ts).
        const peopleFree = kind === 'question' || kind === 'peek' || kind === 'deposit'
        const splitRules = peopleFree ? { ...RULES[c.circle], referrerBps: 0, partners: [] } : RULES[c.circle]
        const answerer = c.answerer === 0 ? owner : (`user:${PEOPLE[c.answerer]}` as const)
        const qa =
          kind === 'question'
            ? { answerer }
            : kind === 'peek'
              ? { answerer, asker: `user:${PEOPLE[c.asker]}` as const, askerShareBps: c.askerShareBps }
              : null
        // A coupon applies to entry after the tier price; the buyer always pays at least 1 fen.
        const couponFen = kind === 'entry' && c.coupon ? couponDiscountFen(c.coupon, c.amountFen) : 0
        if (couponFen < 0 || c.amountFen - couponFen < 1) throw new Error(`coupon ${couponFen} off ${c.amountFen}`)
        this.orders.push(
          newOrder({
            id: `QZ${String(++this.seq).padStart(8, '0')}`,
            buyer: PEOPLE[c.buyer],
            circleId,
            circleName: circleId,
            product: { kind, id: circleId, title: circleId },
            priceBreakdown: { baseFen: c.amountFen, discountFen: couponFen, discount: couponFen > 0 ? 'coupon' : null },
            termDays: kind === 'entry' ? 30 : null,
            splitRules,
            channel: kind === 'ticket' || kind === 'deposit' ? 'wxpay' : c.channel,
            referrer: peopleFree ? null : (PEOPLE[c.referrer] ?? null),
            qa,
            now: this.now,
          }),
        )
        count(`order:${kind}`)
        return
      }
      case 'notify':
        // The same transaction id every time: the notification, the poll and the timer all report it.
        if (!order) return
        return this.tx(() => {
          const d = decidePaid(order, {
            transactionId: `tx-${order._id}`,
            amountFen: order.amountFen,
            paidAt: this.now,
          })
          // Trust each flag on its own, as an action would: fulfil whenever told to, book when it is new.
          if (d.fulfil) this.fulfilled.set(order._id, (this.fulfilled.get(order._id) ?? 0) + 1)
          if (!d.firstTime) return
          // runtime/fulfil.ts: Q&A earns its people; a deposit is held, not income.
          const deposit = order.product.kind === 'deposit'
          const shares = order.qa
            ? splitQa(order, order.splitRules)
            : splitOrder({ ...order, referrer: order.referrer }, order.splitRules)
          this.post(
            deposit
              ? depositPaymentJournal(d.order, d.order.paidAt as Date)
              : paymentJournal(d.order, shares, d.order.paidAt as Date),
          )
          if (d.fulfil && deposit) this.state.set(order._id, 'held')
          if (d.fulfil && order.product.kind === 'ticket') this.state.set(order._id, 'confirmed')
          if (d.fulfil && order.product.kind === 'question') this.state.set(order._id, 'waiting')
          const paid = { ...d.order, payees: deposit ? [] : [...new Set(shares.map((s) => s.account))] }
          this.put(paid)
          if (d.refund) this.requestRefund(paid, { order: paid, refund: d.refund })
        })
      case 'answer':
        // qa/actions.ts answer: a waiting question whose order was not refunded; the hold ends.
        if (!order || this.state.get(order._id) !== 'waiting' || order.refunds.some((r) => r.status !== 'failed'))
          return
        this.state.set(order._id, 'answered')
        this.put({ ...order, holdSettlement: false })
        return
      case 'questionRefund':
        // qa/refund.ts: declined or expired, once; an owner's earlier refund leaves nothing more to give.
        if (!order || this.state.get(order._id) !== 'waiting') return
        return this.tx(() => {
          this.state.set(order._id, 'closed')
          if (order.refunds.some((r) => r.status !== 'failed')) return
          this.requestRefund(order, decideQuestionRefund(order, { reason: 'expired', now: this.now }))
        })
      case 'depositEnd':
        // challenge/deposits.ts settleDeposit: a held deposit is refunded (completed) or forfeited, once.
        if (!order || this.state.get(order._id) !== 'held') return
        return this.tx(() => {
          if (c.completed) {
            this.requestRefund(order, decideDepositRefund(order, this.now))
            this.state.set(order._id, 'refunding')
          } else {
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
            this.post(forfeitJournal(order, shares, this.now))
            this.state.set(order._id, 'forfeited')
          }
        })
      case 'ticketCancel':
        // event/actions.ts cancel: a confirmed ticket, refundPct of what was paid, by the buyer.
        if (!order || this.state.get(order._id) !== 'confirmed') return
        return this.tx(() => {
          this.state.set(order._id, 'cancelled')
          const refundFen = refundFenFor(order.amountFen, c.refundPct)
          if (refundFen > 0)
            this.requestRefund(order, decideTicketRefund(order, { amountFen: refundFen, now: this.now }))
        })
      case 'removal': {
        // moderate/actions.ts remove with refund: the unused share of a 30-day term.
        if (!order || order.product.kind !== 'entry' || !order.paidAt || this.state.get(order._id) === 'removed') return
        const termStart = new Date(order.paidAt)
        const termEnd = new Date(termStart.getTime() + 30 * 86_400_000)
        const refundFen = proRataRefundFen({
          paidFen: order.amountFen,
          refundedFen: committedRefundFen(order),
          termStart,
          termEnd,
          now: this.now,
        })
        if (refundFen > order.amountFen - committedRefundFen(order))
          throw new Error(`pro-rata ${refundFen} beyond what is left of ${order._id}`)
        return this.tx(() => {
          this.state.set(order._id, 'removed')
          if (refundFen > 0)
            this.requestRefund(order, decideOwnerRefund(order, { amountFen: refundFen, now: this.now }))
        })
      }
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
          const open =
            order.amountFen - order.refunds.filter((r) => r.status !== 'failed').reduce((t, r) => t + r.amountFen, 0)
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
        const funded = WALLETS.filter(
          (a) => (this.balances[a]?.availableFen ?? 0) + (this.balances[a]?.pendingFen ?? 0) >= 100,
        )
        const account = 'bps' in c.amount && funded.length ? funded[c.wallet % funded.length] : WALLETS[c.wallet]
        // Maturing on read: what the reader sees now must equal the ledger once settlement has run.
        // A paid question's income waiting for its answer is held: it does not mature on read either.
        const held = new Set(this.orders.filter((o) => settlementHeld(o)).map((o) => o._id))
        const maturing = unsettledIncome(account as never, this.log).filter((u) => !held.has(u.orderId))
        const seen = balanceAt(this.balances[account] ?? { pendingFen: 0, availableFen: 0 }, maturing, this.now)
        for (const o of this.orders) if (o.payees.includes(account as never)) this.settle(o)
        const after = this.balances[account] ?? { pendingFen: 0, availableFen: 0 }
        if (after.pendingFen !== seen.pendingFen || after.availableFen !== seen.availableFen)
          throw new Error(`maturing on read saw ${JSON.stringify(seen)}, ledger has ${JSON.stringify(after)}`)
        const amountFen =
          'fen' in c.amount ? c.amount.fen : Math.max(1, Math.floor((after.availableFen * c.amount.bps) / 10_000))
        return this.tx(() => {
          checkWithdrawal({
            amountFen,
            availableFen: after.availableFen,
            withdrawnTodayFen: withdrawnOnDay(
              this.withdrawals.filter((w) => w.account === account),
              this.now,
            ),
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
          if (next.returnsMoney)
            this.post(
              withdrawalReturnJournal({ withdrawalId: w.id, account: w.account, amountFen: w.amountFen, at: this.now }),
            )
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
      if (committed > o.amountFen || o.refundedFen > committed)
        throw new Error(`order ${o._id} refunds ${committed} of ${o.amountFen}`)
      if (o.settled && settlementHeld(o)) throw new Error(`order ${o._id}: settled while held`)
      // The settlement query passes over holdSettlement orders: a refund must end the hold with it.
      if (o.holdSettlement && o.refunds.length > 0) throw new Error(`order ${o._id}: held with refunds`)
    }
    // `deposits` holds exactly the deposits paid and neither refunded nor forfeited; never pending.
    let held = 0
    for (const o of this.orders) {
      if (o.product.kind !== 'deposit' || !this.journals.has(`${o._id}:pay`)) continue
      const forfeited = this.journals.has(`${o._id}:forfeit`)
      if (forfeited && committedRefundFen(o) > 0) throw new Error(`deposit ${o._id} both refunded and forfeited`)
      if (!forfeited) held += o.amountFen - committedRefundFen(o)
    }
    const deposits = this.balances[DEPOSITS] ?? { pendingFen: 0, availableFen: 0 }
    if (deposits.pendingFen !== 0 || deposits.availableFen !== held)
      throw new Error(`deposits ${JSON.stringify(deposits)}, held ${held}`)
  }

  checkEnd() {
    for (const j of this.log) expect(j.entries.reduce((t, e) => t + e.amountFen, 0)).toBe(0)
    const rebuilt = rebuildBalances(this.log)
    expect(balancesEqual(this.balances, rebuilt)).toBe(true)
    // Each account's rebuild is the plain sum of its entries, bucket by bucket.
    const sums: Record<string, { pendingFen: number; availableFen: number }> = {}
    for (const j of this.log) {
      for (const e of j.entries) {
        const b = (sums[e.account] ??= { pendingFen: 0, availableFen: 0 })
        if (e.bucket === 'pending') b.pendingFen += e.amountFen
        else b.availableFen += e.amountFen
      }
    }
    expect(balancesEqual(rebuilt, sums)).toBe(true)
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

describe('the newer journal builders, one by one', () => {
  const at = new Date('2026-11-23T02:00:00Z')
  const later = new Date(at.getTime() + 100 * 3600_000)
  const amount = fc.oneof(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 2_000_000 }))
  const rules = fc.constantFrom(...RULES)
  const channel = fc.constantFrom('wxpay' as const, 'virtual' as const, 'local' as const)
  const mk = (kind: Kind, amountFen: number, extra: Partial<Parameters<typeof newOrder>[0]> = {}) =>
    newOrder({
      id: 'QZ00000001',
      buyer: 'u0',
      circleId: 'c0',
      circleName: 'c0',
      product: { kind, id: 'x', title: 'x' },
      priceBreakdown: { baseFen: amountFen, discountFen: 0 },
      splitRules: RULES[0],
      channel: 'wxpay',
      now: at,
      ...extra,
    })
  const paid = (o: OrderRecord) => decidePaid(o, { transactionId: 't1', amountFen: o.amountFen, paidAt: at }).order

  /** Balanced, and the rebuild of the journals equals the sum of their entries per account. */
  function expectSound(journals: Journal[]) {
    for (const j of journals) assertBalanced(j)
    const sums: Record<string, { pendingFen: number; availableFen: number }> = {}
    for (const j of journals)
      for (const e of j.entries) {
        const b = (sums[e.account] ??= { pendingFen: 0, availableFen: 0 })
        if (e.bucket === 'pending') b.pendingFen += e.amountFen
        else b.availableFen += e.amountFen
      }
    expect(balancesEqual(rebuildBalances(journals), sums)).toBe(true)
  }

  it('a deposit payment, then its refund or its forfeit, leaves `deposits` at zero', () => {
    fc.assert(
      fc.property(amount, rules, fc.boolean(), (amountFen, r, completed) => {
        const order = paid(mk('deposit', amountFen, { splitRules: { ...r, referrerBps: 0, partners: [] } }))
        const pay = depositPaymentJournal(order, at)
        let end: Journal
        if (completed) {
          const d = decideDepositRefund(order, later)
          end = refundJournal({
            order,
            payment: pay,
            refundFen: d.refund.amountFen,
            seq: d.refund.seq,
            settled: false,
            at: later,
          })
        } else {
          end = forfeitJournal(
            order,
            splitOrder({ amountFen, circleId: 'c0', buyer: 'u0', referrer: null, channel: 'wxpay' }, order.splitRules),
            later,
          )
          expect(end.entries.every((e) => e.bucket === 'available')).toBe(true)
        }
        expectSound([pay, end])
        expect(rebuildBalances([pay, end])[DEPOSITS]).toEqual({ pendingFen: 0, availableFen: 0 })
      }),
      { numRuns: 2000 },
    )
  })

  it('a question and a peek split to the fen: fees floored, the asker floor(rest × bps), the answerer the odd fen', () => {
    fc.assert(
      fc.property(
        amount,
        rules,
        channel,
        fc.boolean(),
        fc.integer({ min: 0, max: 10_000 }),
        fc.nat({ max: 10_000 }),
        (amountFen, r, ch, guest, askerShareBps, partBps) => {
          const answerer = guest ? ('user:u1' as const) : ('owner:c0' as const)
          for (const qa of [{ answerer }, { answerer, asker: 'user:u2' as const, askerShareBps }]) {
            const order = paid(
              mk(qa.asker ? 'peek' : 'question', amountFen, {
                qa,
                channel: ch,
                splitRules: { ...r, referrerBps: 0, partners: [] },
              }),
            )
            const shares = splitQa(order, order.splitRules)
            expect(shares.reduce((t, s) => t + s.amountFen, 0)).toBe(amountFen)
            expect(shares.every((s) => s.amountFen >= 0)).toBe(true)
            const fee = (bps: number) => Math.floor((amountFen * bps) / 10_000)
            const rest = amountFen - fee(r.platformFeeBps) - fee(r.channelFeeBps[ch])
            const asker = shares.filter((s) => s.role === 'asker').reduce((t, s) => t + s.amountFen, 0)
            expect(asker).toBe(qa.asker ? Math.floor((rest * askerShareBps) / 10_000) : 0)
            const pay = paymentJournal(order, shares, at)
            const refundFen = Math.max(1, Math.floor((amountFen * partBps) / 10_000))
            const refund = refundJournal({ order, payment: pay, refundFen, seq: 1, settled: false, at: later })
            const settle = settlementJournal(pay, later, [refund])
            expectSound([pay, refund, ...(settle ? [settle] : [])])
          }
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('a ticket, its partial refund on cancellation and the owner refunding the rest end at zero income', () => {
    fc.assert(
      fc.property(amount, rules, fc.integer({ min: 1, max: 100 }), fc.boolean(), (amountFen, r, refundPct, settled) => {
        const order = paid(mk('ticket', amountFen, { splitRules: r, referrer: 'u1' }))
        const shares = splitOrder({ amountFen, circleId: 'c0', buyer: 'u0', referrer: 'u1', channel: 'wxpay' }, r)
        const pay = paymentJournal(order, shares, at)
        const journals = [pay]
        if (settled) journals.push(settlementJournal(pay, later) as Journal)
        const refundFen = refundFenFor(amountFen, refundPct)
        let o = order
        if (refundFen > 0) {
          const d = decideTicketRefund(o, { amountFen: refundFen, now: later })
          journals.push(
            refundJournal({
              order: o,
              payment: pay,
              refundFen,
              seq: d.refund.seq,
              settled,
              at: later,
              priorRefunds: journals.filter((j) => j.kind === 'refund'),
            }),
          )
          o = d.order
          expect(() => decideTicketRefund(o, { amountFen: 1, now: later })).toThrow(DomainError)
        }
        const rest = amountFen - committedRefundFen(o)
        if (rest > 0) {
          const d = decideOwnerRefund(o, { now: later })
          journals.push(
            refundJournal({
              order: o,
              payment: pay,
              refundFen: rest,
              seq: d.refund.seq,
              settled,
              at: later,
              priorRefunds: journals.filter((j) => j.kind === 'refund'),
            }),
          )
        }
        expectSound(journals)
        const b = rebuildBalances(journals)
        for (const [account, bal] of Object.entries(b))
          if (account !== 'buyer_payments' && account !== 'refunds')
            expect(bal).toEqual({ pendingFen: 0, availableFen: 0 })
        expect(b.refunds.availableFen).toBe(amountFen)
      }),
      { numRuns: 2000 },
    )
  })

  it('a coupon-discounted entry and the pro-rata refund of a removed member never exceed what was paid', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2_000_000 }),
        fc.oneof(
          fc.record({
            kind: fc.constant('fixed' as const),
            amountFen: fc.integer({ min: 1, max: 3_000_000 }),
            offBps: fc.constant(0),
          }),
          fc.record({
            kind: fc.constant('percent' as const),
            amountFen: fc.constant(0),
            offBps: fc.integer({ min: 1, max: 10_000 }),
          }),
        ),
        rules,
        fc.integer({ min: 0, max: 31 * 86_400_000 }),
        fc.boolean(),
        (baseFen, coupon, r, elapsedMs, settled) => {
          const couponFen = couponDiscountFen(coupon, baseFen)
          expect(couponFen).toBeGreaterThanOrEqual(0)
          expect(baseFen - couponFen).toBeGreaterThanOrEqual(1)
          const order = paid(
            mk('entry', baseFen, {
              priceBreakdown: { baseFen, discountFen: couponFen, discount: 'coupon' },
              splitRules: r,
              referrer: 'u1',
              termDays: 30,
            }),
          )
          expect(order.amountFen).toBe(baseFen - couponFen)
          const shares = splitOrder(
            { amountFen: order.amountFen, circleId: 'c0', buyer: 'u0', referrer: 'u1', channel: 'wxpay' },
            r,
          )
          const pay = paymentJournal(order, shares, at)
          const journals = [pay]
          if (settled) journals.push(settlementJournal(pay, later) as Journal)
          const now = new Date(at.getTime() + elapsedMs)
          const refundFen = proRataRefundFen({
            paidFen: order.amountFen,
            refundedFen: 0,
            termStart: at,
            termEnd: new Date(at.getTime() + 30 * 86_400_000),
            now,
          })
          expect(refundFen).toBeLessThanOrEqual(order.amountFen)
          if (refundFen > 0) {
            const d = decideOwnerRefund(order, { amountFen: refundFen, now })
            journals.push(refundJournal({ order, payment: pay, refundFen, seq: d.refund.seq, settled, at: now }))
          }
          expectSound(journals)
        },
      ),
      { numRuns: 2000 },
    )
  })
})
