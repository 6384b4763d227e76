/** Paid Q&A rules (core/qa.ts) and its money (core/money splitQa, holds, refunds). */
import fc from 'fast-check'
import {
  DEFAULT_SPLIT_RULES,
  decideQuestionRefund,
  newOrder,
  paymentJournal,
  refundJournal,
  settlementHeld,
  splitQa,
  usesProfitSharing,
  type OrderRecord,
  type QaPayees,
  type SplitRules,
} from '@core/money'
import {
  ANONYMOUS_NAME,
  assertPeekable,
  countdownText,
  decideAnswer,
  decideDecline,
  decideExpire,
  newQuestion,
  markPaid,
  questionView,
  quotaId,
  relationOf,
  type QuestionRecord,
} from '@core/qa'
import { DomainError } from '@core/errors'

const HOUR = 3_600_000
const T0 = new Date('2026-11-23T02:00:00Z')
const sum = (xs: { amountFen: number }[]) => xs.reduce((t, x) => t + x.amountFen, 0)
const codeOf = (fn: () => unknown) => {
  try {
    fn()
  } catch (e) {
    return e instanceof DomainError ? e.code : String(e)
  }
  return 'ok'
}

function question(over: Partial<Parameters<typeof newQuestion>[0]> = {}): QuestionRecord {
  return newQuestion({
    id: 'q1',
    circleId: 'c1',
    asker: { openid: 'o_asker', user: { nickname: '小李', avatarUrl: '' } },
    answerer: { openid: 'o_owner', user: { nickname: '圈主', avatarUrl: '' }, role: 'owner' },
    text: '怎么开始？',
    images: [],
    anonymous: false,
    isPublic: true,
    held: false,
    priceFen: 1000,
    quotaId: null,
    orderId: 'QZ1',
    payBy: new Date(T0.getTime() + 30 * 60_000),
    expireHours: 72,
    now: T0,
    ...over,
  })
}

describe('splitting a question and a peek', () => {
  const peek: QaPayees = { answerer: 'user:o_guest', asker: 'user:o_asker', askerShareBps: 5000 }

  it('gives the answerer everything after the fees of a question', () => {
    expect(
      splitQa(
        { amountFen: 1000, circleId: 'c1', channel: 'wxpay', qa: { answerer: 'user:o_guest' } },
        DEFAULT_SPLIT_RULES,
      ),
    ).toEqual([
      { account: 'platform:fee', role: 'platform', amountFen: 30 },
      { account: 'channel:fee', role: 'channel', amountFen: 6 },
      { account: 'user:o_guest', role: 'answerer', amountFen: 964 },
      { account: 'owner:c1', role: 'owner', amountFen: 0 },
    ])
  })

  it('gives the odd fen of a peek to the answerer', () => {
    const shares = splitQa({ amountFen: 100, circleId: 'c1', channel: 'wxpay', qa: peek }, DEFAULT_SPLIT_RULES)
    expect(shares.filter((s) => s.amountFen > 0)).toEqual([
      { account: 'platform:fee', role: 'platform', amountFen: 3 },
      { account: 'user:o_asker', role: 'asker', amountFen: 48 },
      { account: 'user:o_guest', role: 'answerer', amountFen: 49 },
    ])
  })

  it('sums exactly over any amount, fee and asker share (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.constantFrom('wxpay' as const, 'virtual' as const, 'local' as const),
        fc.boolean(),
        (amountFen, askerShareBps, platformFeeBps, channel, ownerAnswers) => {
          const rules: SplitRules = { ...DEFAULT_SPLIT_RULES, platformFeeBps }
          const answerer = ownerAnswers ? ('owner:c1' as const) : ('user:o_guest' as const)
          const shares = splitQa(
            { amountFen, circleId: 'c1', channel, qa: { answerer, asker: 'user:o_asker', askerShareBps } },
            rules,
          )
          expect(sum(shares)).toBe(amountFen)
          for (const s of shares) expect(Number.isSafeInteger(s.amountFen) && s.amountFen >= 0).toBe(true)
          const fees =
            Math.floor((amountFen * platformFeeBps) / 10_000) +
            Math.floor((amountFen * rules.channelFeeBps[channel]) / 10_000)
          const rest = amountFen - fees
          const asker = shares.find((s) => s.account === 'user:o_asker')?.amountFen ?? 0
          const answererFen = shares.filter((s) => s.account === answerer).reduce((t, s) => t + s.amountFen, 0)
          expect(asker).toBe(Math.floor((rest * askerShareBps) / 10_000))
          expect(answererFen).toBe(rest - asker)
          // Exactly one owner share, so a refund can reverse by it.
          expect(shares.filter((s) => s.role === 'owner')).toHaveLength(1)
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('uses 分账 only when the people shares fit within the 30 % cap, and never on virtual payment', () => {
    const base = { buyer: 'o_peeker', referrer: null, splitRules: DEFAULT_SPLIT_RULES, circleId: 'c1', amountFen: 1000 }
    expect(usesProfitSharing({ ...base, channel: 'wxpay', qa: peek })).toBe(false) // ≈ 48 % to the asker
    expect(
      usesProfitSharing({ ...base, channel: 'wxpay', qa: { ...peek, answerer: 'owner:c1', askerShareBps: 2000 } }),
    ).toBe(true) // ≈ 19 %
    expect(
      usesProfitSharing({ ...base, channel: 'virtual', qa: { ...peek, answerer: 'owner:c1', askerShareBps: 2000 } }),
    ).toBe(false)
    expect(usesProfitSharing({ ...base, channel: 'wxpay', qa: { answerer: 'owner:c1' } })).toBe(false) // nobody but the owner
    expect(usesProfitSharing({ ...base, channel: 'wxpay', qa: { answerer: 'user:o_guest' } })).toBe(false) // 96 % to the guest
  })
})

describe('a question order', () => {
  function paidQuestionOrder(): OrderRecord {
    const o = newOrder({
      id: 'QZ1',
      buyer: 'o_asker',
      circleId: 'c1',
      circleName: '圈',
      product: { kind: 'question', id: 'q1', title: '提问' },
      priceBreakdown: { baseFen: 1000, discountFen: 0 },
      splitRules: DEFAULT_SPLIT_RULES,
      channel: 'wxpay',
      qa: { answerer: 'user:o_guest' },
      now: T0,
    })
    return { ...o, status: 'paid', paidAt: T0, transactionId: 'tx1' }
  }

  it('holds its settlement until answered or refunded, then refunds in full by the system', () => {
    const order = paidQuestionOrder()
    expect(settlementHeld(order)).toBe(true)
    expect(settlementHeld({ ...order, holdSettlement: false })).toBe(false)
    const { order: after, refund } = decideQuestionRefund(order, { reason: '超时', now: T0 })
    expect(refund).toMatchObject({ amountFen: 1000, by: 'system', seq: 1 })
    expect(settlementHeld(after)).toBe(false)
    expect(codeOf(() => decideQuestionRefund(after, { reason: '再退', now: T0 }))).toBe('order_not_refundable')
    // The reversing journal takes every share back from pending and balances.
    const shares = splitQa(order, order.splitRules)
    const pay = paymentJournal(order, shares, T0)
    const j = refundJournal({ order, payment: pay, refundFen: 1000, seq: 1, settled: false, at: T0 })
    expect(sum(j.entries)).toBe(0)
    expect(j.entries).toEqual(
      expect.arrayContaining([
        { account: 'user:o_guest', bucket: 'pending', amountFen: -964 },
        { account: 'refunds', bucket: 'available', amountFen: 1000 },
      ]),
    )
  })
})

describe('the question state machine', () => {
  it('starts the clock when paid (or at once when free) and expires exactly at the deadline', () => {
    const q = question()
    expect(q).toMatchObject({ status: 'unpaid', deadline: null })
    const paid = markPaid(q, T0)
    expect(paid.deadline).toEqual(new Date(T0.getTime() + 72 * HOUR))
    expect(markPaid(paid, new Date(T0.getTime() + HOUR))).toBe(paid)
    expect(question({ priceFen: 0, orderId: null }).status).toBe('pending')
    expect(decideExpire(paid, new Date(T0.getTime() + 72 * HOUR - 1000))).toBeNull()
    expect(decideExpire(paid, new Date(T0.getTime() + 72 * HOUR))).toMatchObject({ status: 'expired' })
    expect(decideExpire(q, new Date(T0.getTime() + 1000 * HOUR))).toBeNull()
  })

  it('takes one final answer from the addressed answerer before the deadline and none after a refund', () => {
    const paid = markPaid(question(), T0)
    const now = new Date(T0.getTime() + HOUR)
    const args = { openid: 'o_owner', text: '回答', images: [], held: false, orderRefunded: false, now }
    const answered = decideAnswer(paid, args)
    expect(answered).toMatchObject({ status: 'answered', listed: true, answer: { text: '回答' } })
    expect(codeOf(() => decideAnswer(answered, args))).toBe('qa_not_pending')
    expect(codeOf(() => decideAnswer(paid, { ...args, openid: 'o_guest' }))).toBe('forbidden')
    expect(codeOf(() => decideAnswer(paid, { ...args, now: paid.deadline! }))).toBe('qa_expired')
    expect(codeOf(() => decideAnswer(paid, { ...args, orderRefunded: true }))).toBe('qa_refunded')
    const declined = decideDecline(paid, { openid: 'o_owner', reason: '', now })
    expect(codeOf(() => decideAnswer(declined, args))).toBe('qa_refunded')
    expect(codeOf(() => decideAnswer(question(), args))).toBe('qa_not_pending')
    // Held by content security: answered, but not in the public list.
    expect(decideAnswer(paid, { ...args, held: true }).listed).toBe(false)
    expect(decideAnswer(markPaid(question({ isPublic: false }), T0), args).listed).toBe(false)
  })
})

describe('who reads what', () => {
  const answered = decideAnswer(markPaid(question({ anonymous: true }), T0), {
    openid: 'o_owner',
    text: '答案',
    images: [],
    held: false,
    orderRefunded: false,
    now: T0,
  })

  it('never charges the asker or the answerer, and asks others to pay once', () => {
    expect(assertPeekable(answered, relationOf(answered, 'o_asker', false))).toBe('free')
    expect(assertPeekable(answered, relationOf(answered, 'o_owner', false))).toBe('free')
    expect(assertPeekable(answered, relationOf(answered, 'o_bob', true))).toBe('free')
    expect(assertPeekable(answered, relationOf(answered, 'o_bob', false))).toBe('pay')
    expect(codeOf(() => assertPeekable({ ...answered, listed: false }, 'other'))).toBe('qa_not_peekable')
  })

  it('hides an anonymous asker from everyone but themselves and locks the answer for others', () => {
    const other = questionView(answered, { viewer: 'o_bob', peeked: false, peekPriceFen: 100 })
    expect(other).toMatchObject({
      asker: { openid: null, nickname: ANONYMOUS_NAME },
      answer: null,
      locked: true,
      earnedFen: null,
      orderId: null,
    })
    expect(questionView(answered, { viewer: 'o_owner', peeked: false, peekPriceFen: 100 }).asker.nickname).toBe(
      ANONYMOUS_NAME,
    )
    expect(questionView(answered, { viewer: 'o_asker', peeked: false, peekPriceFen: 100 })).toMatchObject({
      asker: { openid: 'o_asker' },
      locked: false,
      answer: { text: '答案' },
      orderId: 'QZ1',
    })
    expect(questionView(answered, { viewer: 'o_bob', peeked: true, peekPriceFen: 100 })).toMatchObject({
      locked: false,
      answer: { text: '答案' },
    })
  })

  it('counts free questions per membership term and shows the countdown', () => {
    expect(quotaId('c1', 'o_a', null)).toBe('c1:o_a:open')
    expect(quotaId('c1', 'o_a', new Date(1000))).not.toBe(quotaId('c1', 'o_a', new Date(2000)))
    expect(countdownText(new Date(T0.getTime() + 72 * HOUR), T0)).toBe('剩余 72 小时 0 分')
    expect(countdownText(new Date(T0.getTime() + 61_000), T0)).toBe('剩余 2 分钟')
    expect(countdownText(T0, T0)).toBeNull()
  })
})
