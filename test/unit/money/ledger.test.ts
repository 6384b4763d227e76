import {
  DEFAULT_SPLIT_RULES,
  applyJournal,
  assertBalanced,
  balanceAt,
  balancesEqual,
  correctionJournal,
  decidePosting,
  maturesAt,
  negativeBalances,
  paymentJournal,
  rebuildBalances,
  refundFailedJournal,
  refundJournal,
  remainingShares,
  reverseJournal,
  sameJournal,
  settlementJournal,
  splitOrder,
  unsettledIncome,
  withdrawalJournal,
  withdrawalReturnJournal,
  type Balances,
  type Journal,
  type SplitRules,
} from '@core/money'
import { HOUR, T0, anOrder, codeOf } from './helpers'

const rules: SplitRules = { ...DEFAULT_SPLIT_RULES, referrerBps: 1000, partners: [{ openid: 'p1', bps: 333 }] }
const sumOf = (j: Journal) => j.entries.reduce((t, e) => t + e.amountFen, 0)

function paid(amountFen = 99_999) {
  const order = anOrder({ amountFen, referrer: 'o_ref', rules })
  const shares = splitOrder({ ...order, referrer: order.referrer }, order.splitRules)
  const payment = paymentJournal(order, shares, T0)
  return { order, shares, payment }
}

describe('the payment journal', () => {
  it('takes the amount from clearing and credits every share as pending', () => {
    const { payment, shares } = paid()
    expect(payment._id).toBe('QZ20261123100000abcdef0123456789:pay')
    expect(payment.entries[0]).toEqual({ account: 'buyer_payments', bucket: 'available', amountFen: -99_999 })
    expect(payment.entries.slice(1)).toEqual(
      shares.map((s) => ({ account: s.account, bucket: 'pending', amountFen: s.amountFen })),
    )
    expect(sumOf(payment)).toBe(0)
    expect(payment.accounts).toEqual([
      'buyer_payments',
      'platform:fee',
      'channel:fee',
      'user:o_ref',
      'user:p1',
      'owner:c1',
    ])
  })

  it('refuses shares that do not add up to the order', () => {
    const { order, shares } = paid()
    expect(() => paymentJournal(order, shares.slice(1), T0)).toThrow(/sum/)
  })
})

describe('assertBalanced', () => {
  const j = (entries: Journal['entries']) => ({ _id: 'x', entries })
  it('refuses unbalanced, one-sided, zero, fractional and unsafe entries', () => {
    expect(() => assertBalanced(j([{ account: 'refunds', bucket: 'available', amountFen: 1 }]))).toThrow(/two/)
    expect(() =>
      assertBalanced(
        j([
          { account: 'refunds', bucket: 'available', amountFen: 1 },
          { account: 'payouts', bucket: 'available', amountFen: 0 },
        ]),
      ),
    ).toThrow()
    expect(() =>
      assertBalanced(
        j([
          { account: 'refunds', bucket: 'available', amountFen: 1 },
          { account: 'payouts', bucket: 'available', amountFen: -2 },
        ]),
      ),
    ).toThrow(/sum/)
    expect(() =>
      assertBalanced(
        j([
          { account: 'refunds', bucket: 'available', amountFen: 0.5 },
          { account: 'payouts', bucket: 'available', amountFen: -0.5 },
        ]),
      ),
    ).toThrow(/integer/)
    expect(() =>
      assertBalanced(
        j([
          { account: 'refunds', bucket: 'available', amountFen: 2 ** 53 },
          { account: 'payouts', bucket: 'available', amountFen: -(2 ** 53) },
        ]),
      ),
    ).toThrow()
  })
  it('refuses an unbalanced correction', () => {
    expect(() =>
      correctionJournal({
        correctionId: 'a1',
        entries: [
          { account: 'owner:c1', bucket: 'available', amountFen: 5 },
          { account: 'platform:fee', bucket: 'available', amountFen: -4 },
        ],
        memo: '更正',
        at: T0,
      }),
    ).toThrow()
  })
})

describe('settlement', () => {
  it('moves every pending share to available after the window', () => {
    const { payment } = paid()
    const s = settlementJournal(payment, maturesAt(T0))!
    expect(s._id).toBe('QZ20261123100000abcdef0123456789:settle')
    expect(sumOf(s)).toBe(0)
    const b = rebuildBalances([payment, s])
    expect(b['owner:c1'].pendingFen).toBe(0)
    expect(b['owner:c1'].availableFen).toBe(rebuildBalances([payment])['owner:c1'].pendingFen)
  })

  it('settles only what a partial refund inside the window left', () => {
    const { order, payment } = paid()
    const r1 = refundJournal({ order, payment, refundFen: 40_000, seq: 1, settled: false, at: T0 })
    const s = settlementJournal(payment, maturesAt(T0), [r1])!
    const b = rebuildBalances([payment, r1, s])
    expect(Object.entries(b).filter(([, x]) => x.pendingFen !== 0)).toEqual([])
    expect(b['refunds'].availableFen).toBe(40_000)
    expect(negativeBalances(b)).toEqual([])
  })

  it('has nothing to settle after a full refund inside the window', () => {
    const { order, payment } = paid()
    const r1 = refundJournal({ order, payment, refundFen: 99_999, seq: 1, settled: false, at: T0 })
    expect(settlementJournal(payment, maturesAt(T0), [r1])).toBeNull()
  })
})

describe('refunds', () => {
  it('a full refund is the exact negation of the shares, from pending, into refunds', () => {
    const { order, payment, shares } = paid()
    const r = refundJournal({ order, payment, refundFen: 99_999, seq: 1, settled: false, at: T0 })
    expect(r._id).toBe('QZ20261123100000abcdef0123456789:refund:1')
    expect(r.entries).toEqual([
      ...shares.map((s) => ({ account: s.account, bucket: 'pending', amountFen: -s.amountFen })),
      { account: 'refunds', bucket: 'available', amountFen: 99_999 },
    ])
    const b = rebuildBalances([payment, r])
    for (const s of shares) expect(b[s.account]).toEqual({ pendingFen: 0, availableFen: 0 })
  })

  it('after settlement takes the parts from available', () => {
    const { order, payment } = paid()
    const s = settlementJournal(payment, maturesAt(T0))!
    const r = refundJournal({ order, payment, refundFen: 5000, seq: 1, settled: true, at: maturesAt(T0) })
    expect(r.entries.filter((e) => e.account !== 'refunds').every((e) => e.bucket === 'available')).toBe(true)
    expect(negativeBalances(rebuildBalances([payment, s, r]))).toEqual([])
  })

  it('refunds in parts add up to a full refund exactly', () => {
    const { order, payment, shares } = paid(99_999)
    const parts = [1, 33_333, 2, 50_000, 16_663]
    const refunds: Journal[] = []
    parts.forEach((fen, i) =>
      refunds.push(
        refundJournal({ order, payment, refundFen: fen, seq: i + 1, settled: false, at: T0, priorRefunds: refunds }),
      ),
    )
    for (const r of refunds) expect(sumOf(r)).toBe(0)
    const b = rebuildBalances([payment, ...refunds])
    for (const s of shares) expect(b[s.account]).toEqual({ pendingFen: 0, availableFen: 0 })
    expect(b['refunds'].availableFen).toBe(99_999)
    expect(remainingShares(order, payment, refunds).every((s) => s.amountFen === 0)).toBe(true)
  })

  it('refuses to refund more than is left', () => {
    const { order, payment } = paid(1000)
    const r1 = refundJournal({ order, payment, refundFen: 600, seq: 1, settled: false, at: T0 })
    expect(
      codeOf(() =>
        refundJournal({ order, payment, refundFen: 401, seq: 2, settled: false, at: T0, priorRefunds: [r1] }),
      ),
    ).toBe('order_not_refundable')
  })

  it('lets the owner cover a payee who already withdrew, and refuses when the owner cannot', () => {
    const { order, payment } = paid(100_000)
    const settle = settlementJournal(payment, maturesAt(T0))!
    // The owner has other settled income; the referrer withdrew their whole commission.
    const other = anOrder({ amountFen: 50_000, id: 'QZ20261123100000ffff000000000000' })
    const otherPayment = paymentJournal(other, splitOrder(other, DEFAULT_SPLIT_RULES), T0)
    const otherSettle = settlementJournal(otherPayment, maturesAt(T0))!
    const wd = withdrawalJournal({ withdrawalId: 'WD1', account: 'user:o_ref', amountFen: 10_000, at: maturesAt(T0) })
    let b: Balances = rebuildBalances([payment, settle, otherPayment, otherSettle, wd])
    const ownerBefore = b['owner:c1'].availableFen
    const availableFen = Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v.availableFen]))
    const r = refundJournal({
      order,
      payment,
      refundFen: 100_000,
      seq: 1,
      settled: true,
      at: maturesAt(T0),
      availableFen,
    })
    expect(r.entries.some((e) => e.account === 'user:o_ref')).toBe(false)
    b = applyJournal(b, r)
    expect(negativeBalances(b)).toEqual([])
    expect(b['user:o_ref'].availableFen).toBe(0)
    // The owner gave back their own share and the referrer's 10 000 fen.
    expect(ownerBefore - b['owner:c1'].availableFen).toBe(rebuildBalances([payment])['owner:c1'].pendingFen + 10_000)

    const poorOwner = { ...availableFen, 'owner:c1': 5 }
    expect(
      codeOf(() =>
        refundJournal({
          order,
          payment,
          refundFen: 100_000,
          seq: 1,
          settled: true,
          at: maturesAt(T0),
          availableFen: poorOwner,
        }),
      ),
    ).toBe('refund_not_covered')
  })

  it('books a refund the channel refused back with a correction', () => {
    const { order, payment } = paid()
    const r = refundJournal({ order, payment, refundFen: 20_000, seq: 1, settled: false, at: T0 })
    const back = reverseJournal(r, `${r._id}:failed`, '退款未成功，款项已退回收入', T0)
    expect(back._id).toBe(`fix:${r._id}:failed`)
    expect(balancesEqual(rebuildBalances([payment, r, back]), rebuildBalances([payment]))).toBe(true)
    // The reversed refund no longer counts: the whole amount can be refunded again.
    const r2 = refundJournal({
      order,
      payment,
      refundFen: 99_999,
      seq: 2,
      settled: false,
      at: T0,
      priorRefunds: [r, back],
    })
    expect(sumOf(r2)).toBe(0)
  })
})

describe('a refund the channel refused', () => {
  it('goes back to pending while the order is unsettled, and settlement then moves it', () => {
    const { order, payment } = paid()
    const r = refundJournal({ order, payment, refundFen: 20_000, seq: 1, settled: false, at: T0 })
    const back = refundFailedJournal({ refund: r, settled: false, at: T0 })
    expect(back._id).toBe(`fix:${r._id}:failed`)
    expect(balancesEqual(rebuildBalances([payment, r, back]), rebuildBalances([payment]))).toBe(true)
    const s = settlementJournal(payment, maturesAt(T0), [r, back])!
    expect(sameJournal(s, settlementJournal(payment, maturesAt(T0))!)).toBe(true)
  })

  it('goes back to available when settlement already ran, so nothing is stuck in pending', () => {
    const { order, payment } = paid()
    const r = refundJournal({ order, payment, refundFen: 20_000, seq: 1, settled: false, at: T0 })
    const s = settlementJournal(payment, maturesAt(T0), [r])!
    const back = refundFailedJournal({ refund: r, settled: true, at: maturesAt(T0) })
    const b = rebuildBalances([payment, r, s, back])
    expect(Object.entries(b).filter(([, x]) => x.pendingFen !== 0)).toEqual([])
    expect(b['refunds']).toEqual({ pendingFen: 0, availableFen: 0 })
    expect(negativeBalances(b)).toEqual([])
  })
})

describe('withdrawal journals', () => {
  it('move available to payouts and back', () => {
    const w = withdrawalJournal({ withdrawalId: 'WD1', account: 'owner:c1', amountFen: 500, at: T0 })
    const back = withdrawalReturnJournal({ withdrawalId: 'WD1', account: 'owner:c1', amountFen: 500, at: T0 })
    expect(w._id).toBe('wd:WD1:request')
    expect(back._id).toBe('wd:WD1:return')
    expect(w.entries).toEqual([
      { account: 'owner:c1', bucket: 'available', amountFen: -500 },
      { account: 'payouts', bucket: 'available', amountFen: 500 },
    ])
    expect(balancesEqual(rebuildBalances([w, back]), {})).toBe(true)
  })
  it('never withdraw from an internal account', () => {
    expect(() => withdrawalJournal({ withdrawalId: 'WD1', account: 'platform:fee', amountFen: 1, at: T0 })).toThrow()
  })
})

describe('idempotent posting', () => {
  it('treats the same journal built again later as a repeat', () => {
    const { payment } = paid()
    const s1 = settlementJournal(payment, maturesAt(T0))!
    const s2 = settlementJournal(payment, new Date(maturesAt(T0).getTime() + HOUR))!
    expect(sameJournal(s1, s2)).toBe(true)
    expect(decidePosting(null, s1)).toBe('insert')
    expect(decidePosting(s1, s2)).toBe('noop')
  })

  it('refuses a different journal under the same id', () => {
    const { order, payment } = paid()
    const a = refundJournal({ order, payment, refundFen: 100, seq: 1, settled: false, at: T0 })
    const b = refundJournal({ order, payment, refundFen: 200, seq: 1, settled: false, at: T0 })
    expect(sameJournal(a, b)).toBe(false)
    expect(codeOf(() => decidePosting(a, b))).toBe('id_conflict')
  })
})

describe('balances', () => {
  it('rebuilding equals applying one journal at a time', () => {
    const { order, payment } = paid()
    const journals = [
      payment,
      refundJournal({ order, payment, refundFen: 10_000, seq: 1, settled: false, at: T0 }),
      withdrawalJournal({ withdrawalId: 'WD9', account: 'user:x', amountFen: 1, at: T0 }),
    ]
    let incremental: Balances = {}
    for (const j of journals) incremental = applyJournal(incremental, j)
    expect(balancesEqual(incremental, rebuildBalances(journals))).toBe(true)
    expect(negativeBalances(incremental)).toEqual(['user:x'])
  })

  it('treats a missing account as zero', () => {
    expect(balancesEqual({ a: { pendingFen: 0, availableFen: 0 } }, {})).toBe(true)
    expect(balancesEqual({ a: { pendingFen: 0, availableFen: 1 } }, {})).toBe(false)
  })
})

describe('maturing on read', () => {
  const { payment } = paid()
  const owner = rebuildBalances([payment])['owner:c1']
  const unsettled = unsettledIncome('owner:c1', [payment])

  it('matures exactly 72 hours after payment', () => {
    expect(unsettled).toEqual([
      { orderId: payment.orderId, amountFen: owner.pendingFen, maturesAt: new Date(T0.getTime() + 72 * HOUR) },
    ])
  })

  it('is still pending one second before', () => {
    const at = new Date(T0.getTime() + 72 * HOUR - 1000)
    expect(balanceAt(owner, unsettled, at)).toEqual(owner)
  })

  it('reads as available at the boundary and one second after, before the timer has run', () => {
    for (const at of [new Date(T0.getTime() + 72 * HOUR), new Date(T0.getTime() + 72 * HOUR + 1000)]) {
      expect(balanceAt(owner, unsettled, at)).toEqual({ pendingFen: 0, availableFen: owner.pendingFen })
    }
  })

  it('reads the same before and after the timer posts the settlement', () => {
    const at = new Date(T0.getTime() + 80 * HOUR)
    const settled = [payment, settlementJournal(payment, at)!]
    const after = rebuildBalances(settled)['owner:c1']
    expect(unsettledIncome('owner:c1', settled)).toEqual([])
    expect(balanceAt(after, [], at)).toEqual(balanceAt(owner, unsettled, at))
  })

  it('honours a configured window', () => {
    expect(maturesAt(T0, 24).getTime() - T0.getTime()).toBe(24 * HOUR)
  })
})
