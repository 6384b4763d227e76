/**
 * Paid Q&A and peeks (issue 5 items 3–4) on the strict local database, with the production payment
 * code talking to the local pay simulator: ask → pay → pending → answered / declined / expired,
 * automatic refunds through the ledger and the original payment, peeks split asker / answerer
 * after the platform fee, and refusals that change nothing.
 */
import { refundNo } from '../../cloudfunctions/core/money'
import { db } from '../../cloudfunctions/runtime/db'
import { settleMatured } from '../../cloudfunctions/runtime/settlement'
import { as, invoke, refusal, setClockOffset, snapshot, useMoneyWorld } from './world'

const w = useMoneyWorld()

const owner = as('o_owner')
const guest = as('o_guest')
const alice = as('o_alice')
const bob = as('o_bob')
const stranger = as('o_stranger')
const HOUR = 3_600_000

const expire = () => invoke(null, 'qa', { Type: 'Timer', TriggerName: 'expire' })
const settleTimer = () => invoke(null, 'finance', { Type: 'Timer', TriggerName: 'settle' })
const reconcile = () => invoke(null, 'finance', { Type: 'Timer', TriggerName: 'reconcile' })

/** A free circle: owner (10 元 per question), a guest (20 元), members alice and bob. */
async function qaCircle() {
  const c = await owner('circle', 'create', { name: '独立开发者问答', type: 'knowledge', entryMode: 'free' })
  for (const who of [guest, alice, bob]) await who('circle', 'join', { circleId: c.id })
  await owner('circle', 'setRole', { circleId: c.id, openid: 'o_guest', role: 'guest' })
  await owner('qa', 'setPrice', { circleId: c.id, priceFen: 1000 })
  await guest('qa', 'setPrice', { circleId: c.id, priceFen: 2000 })
  return c.id
}

async function askPaid(
  circleId: string,
  opts: { answerer?: string; who?: typeof alice; isPublic?: boolean; anonymous?: boolean } = {},
) {
  const who = opts.who ?? alice
  const start = await who('qa', 'ask', {
    circleId,
    answerer: opts.answerer ?? 'o_owner',
    text: '独立开发第一年，怎么找到第一批付费用户？',
    isPublic: opts.isPublic ?? true,
    anonymous: opts.anonymous ?? false,
  })
  expect(start.pay).toMatchObject({ channel: 'local' })
  await w.pay(start.question.orderId!)
  return start.question.id
}

async function journals(): Promise<any[]> {
  return w.cloud.db.find('journals')
}

async function journalsOf(orderId: string) {
  return (await journals()).filter((j) => j.orderId === orderId)
}

async function expectBalancedLedger() {
  for (const j of await journals()) expect(j.entries.reduce((s: number, e: any) => s + e.amountFen, 0)).toBe(0)
  expect(await reconcile()).toMatchObject({ ok: true, data: { unbalanced: 0, mismatches: 0 } })
}

/** Sets the functions' clock to an instant. */
function at(instant: number) {
  setClockOffset(instant - Date.now())
}

describe('asking and answering', () => {
  it('asks a paid question, starts the answer clock on payment, and books the answer income to the owner', async () => {
    const circleId = await qaCircle()
    const home = await alice('qa', 'home', { circleId })
    expect(home.answerers.map((a) => [a.openid, a.role, a.priceFen])).toEqual([
      ['o_owner', 'owner', 1000],
      ['o_guest', 'guest', 2000],
    ])
    expect(home.settings).toMatchObject({
      expireHours: 72,
      peekPriceFen: 100,
      askerShareBps: 5000,
      freeQuestionsPerTerm: 0,
    })
    const start = await alice('qa', 'ask', { circleId, answerer: 'o_owner', text: '怎么定价？' })
    expect(start.question).toMatchObject({ status: 'unpaid', priceFen: 1000, deadline: null, relation: 'asker' })
    // Unpaid questions are nobody else's business.
    expect((await owner('qa', 'mine', { circleId, box: 'toAnswer' })).items).toEqual([])

    await w.pay(start.question.orderId!)
    const q = await alice('qa', 'get', { questionId: start.question.id })
    expect(q.status).toBe('pending')
    const deadline = new Date(q.deadline!).getTime()
    expect(deadline - new Date(q.askedAt).getTime()).toBeGreaterThanOrEqual(72 * HOUR)
    expect(deadline - Date.now()).toBeLessThanOrEqual(72 * HOUR)
    // The answerer hears of it once, with the payment.
    const notices = ((await w.cloud.db.find('notifications')) as any[]).filter((n) => n.kind === 'question_received')
    expect(notices).toEqual([
      expect.objectContaining({
        _id: `question_received:${q.id}`,
        openid: 'o_owner',
        title: '你收到一个 10.00 元的付费提问',
      }),
    ])
    const waiting = await owner('qa', 'mine', { circleId, box: 'toAnswer' })
    expect(waiting.items.map((x) => x.id)).toEqual([q.id])

    const pay = (await journalsOf(q.orderId!)).find((j) => j._id.endsWith(':pay'))
    // 1000 fen: platform 3 % = 30, channel 0.6 % = 6, the owner (the answerer) the rest.
    expect(pay.entries).toEqual(
      expect.arrayContaining([
        { account: 'buyer_payments', bucket: 'available', amountFen: -1000 },
        { account: 'platform:fee', bucket: 'pending', amountFen: 30 },
        { account: 'channel:fee', bucket: 'pending', amountFen: 6 },
        { account: `owner:${circleId}`, bucket: 'pending', amountFen: 964 },
      ]),
    )

    const answered = await owner('qa', 'answer', { questionId: q.id, text: '先找 10 个愿意付费的朋友。' })
    expect(answered).toMatchObject({ status: 'answered', answer: { text: '先找 10 个愿意付费的朋友。' } })
    expect(await refusal(owner('qa', 'answer', { questionId: q.id, text: '再补充一句' }))).toMatchObject({
      code: 'qa_not_pending',
    })
    const feed = await bob('qa', 'feed', { circleId })
    expect(feed.items).toHaveLength(1)
    expect(feed.items[0]).toMatchObject({ id: q.id, locked: true, answer: null, peekCount: 0, peekPriceFen: 100 })
    await expectBalancedLedger()
  })

  it('pays a guest answerer into their own wallet', async () => {
    const circleId = await qaCircle()
    const qid = await askPaid(circleId, { answerer: 'o_guest' })
    const q = await alice('qa', 'get', { questionId: qid })
    const pay = (await journalsOf(q.orderId!)).find((j) => j._id.endsWith(':pay'))
    expect(pay.entries).toEqual(
      expect.arrayContaining([{ account: 'user:o_guest', bucket: 'pending', amountFen: 2000 - 60 - 12 }]),
    )
    expect(pay.accounts).not.toContain(`owner:${circleId}`)
    await guest('qa', 'answer', { questionId: qid, text: '从你的现有读者开始。' })
    // Answered: the hold is gone, and the income settles after the 72 h refund window like any other.
    at(Date.now() + 73 * HOUR)
    await settleTimer()
    expect((await journalsOf(q.orderId!)).map((j) => j.kind).sort()).toEqual(['payment', 'settlement'])
    await expectBalancedLedger()
  })

  it('hides an anonymous asker from the answerer and from peekers', async () => {
    const circleId = await qaCircle()
    const qid = await askPaid(circleId, { anonymous: true })
    expect((await owner('qa', 'get', { questionId: qid })).asker).toEqual({
      openid: null,
      nickname: '匿名成员',
      avatarUrl: '',
    })
    expect((await alice('qa', 'get', { questionId: qid })).asker).toMatchObject({ openid: 'o_alice' })
    await owner('qa', 'answer', { questionId: qid, text: '好问题。' })
    expect((await bob('qa', 'feed', { circleId })).items[0].asker.nickname).toBe('匿名成员')
  })

  it('refuses bad asks and changes nothing', async () => {
    const circleId = await qaCircle()
    const before = await snapshot(w.cloud)
    expect(await refusal(alice('qa', 'ask', { circleId, answerer: 'o_alice', text: '问自己' }))).toMatchObject({
      code: 'qa_self_question',
    })
    expect(await refusal(alice('qa', 'ask', { circleId, answerer: 'o_bob', text: '成员不能被提问' }))).toMatchObject({
      code: 'qa_not_answerer',
    })
    expect(await refusal(stranger('qa', 'ask', { circleId, answerer: 'o_owner', text: '我不是成员' }))).toMatchObject({
      code: 'not_member',
    })
    expect(await refusal(alice('qa', 'ask', { circleId, answerer: 'o_owner', text: '' }))).toMatchObject({
      code: 'invalid_argument',
      param: 'text',
    })
    expect(
      await refusal(alice('qa', 'ask', { circleId, answerer: 'o_owner', text: '便宜点', priceFen: 1 } as never)),
    ).toMatchObject({ code: 'invalid_argument' })
    expect(
      await refusal(
        alice('qa', 'ask', {
          circleId,
          answerer: 'o_owner',
          text: '太多图',
          images: [1, 2, 3, 4].map((n) => `cloud://x/${n}.png`),
        }),
      ),
    ).toMatchObject({
      code: 'invalid_argument',
      param: 'images',
    })
    expect(await refusal(guest('qa', 'setPrice', { circleId, priceFen: 99 }))).toMatchObject({
      code: 'invalid_argument',
      param: 'priceFen',
    })
    expect(await refusal(alice('qa', 'setPrice', { circleId, priceFen: 500 }))).toMatchObject({ code: 'forbidden' })
    expect(
      await refusal(
        alice('qa', 'setSettings', {
          circleId,
          freeQuestionsPerTerm: 1,
          expireHours: 72,
          peekPriceFen: 100,
          askerShareBps: 5000,
        }),
      ),
    ).toMatchObject({ code: 'forbidden' })
    expect(
      await refusal(
        owner('qa', 'setSettings', {
          circleId,
          freeQuestionsPerTerm: 1,
          expireHours: 200,
          peekPriceFen: 100,
          askerShareBps: 5000,
        }),
      ),
    ).toMatchObject({
      code: 'invalid_argument',
      param: 'expireHours',
    })
    expect(await snapshot(w.cloud)).toEqual(before)
  })

  it('gives free questions from the quota per term and returns a declined one to the quota', async () => {
    const circleId = await qaCircle()
    await owner('qa', 'setSettings', {
      circleId,
      freeQuestionsPerTerm: 1,
      expireHours: 48,
      peekPriceFen: 200,
      askerShareBps: 4000,
    })
    expect((await alice('qa', 'home', { circleId })).viewer.freeLeft).toBe(1)
    const free = await alice('qa', 'ask', { circleId, answerer: 'o_owner', text: '免费问一个' })
    expect(free).toMatchObject({ pay: null, question: { status: 'pending', priceFen: 0, orderId: null } })
    expect(new Date(free.question.deadline!).getTime() - new Date(free.question.askedAt).getTime()).toBe(48 * HOUR)
    expect((await alice('qa', 'home', { circleId })).viewer.freeLeft).toBe(0)
    const paid = await alice('qa', 'ask', { circleId, answerer: 'o_owner', text: '第二个要付费' })
    expect(paid.pay).not.toBeNull()
    await owner('qa', 'decline', { questionId: free.question.id, reason: '这个问题不在我的领域' })
    expect((await alice('qa', 'home', { circleId })).viewer.freeLeft).toBe(1)
  })
})

describe('refunds', () => {
  it('refunds a question nobody answered within 72 hours, exactly at the deadline', async () => {
    const circleId = await qaCircle()
    const qid = await askPaid(circleId)
    const q = await alice('qa', 'get', { questionId: qid })
    const deadline = new Date(q.deadline!).getTime()

    at(deadline - 1000)
    expect(await expire()).toMatchObject({ ok: true, data: { refunded: 0 } })
    expect((await alice('qa', 'get', { questionId: qid })).status).toBe('pending')
    expect((await alice('qa', 'get', { questionId: qid })).deadline).toBe(q.deadline)

    at(deadline)
    expect(await expire()).toMatchObject({ ok: true, data: { refunded: 1, failed: 0 } })
    await w.flush()
    const after = await alice('qa', 'get', { questionId: qid })
    expect(after.status).toBe('expired')
    const order = await alice('shop', 'getOrder', { orderId: q.orderId! })
    expect(order).toMatchObject({ status: 'refunded', refundedFen: 1000 })
    const refund = (await journalsOf(q.orderId!)).find((j) => j.kind === 'refund')
    expect(refund.entries).toEqual(
      expect.arrayContaining([
        { account: 'refunds', bucket: 'available', amountFen: 1000 },
        { account: `owner:${circleId}`, bucket: 'pending', amountFen: -964 },
      ]),
    )
    // Idempotent: another run finds nothing.
    expect(await expire()).toMatchObject({ ok: true, data: { refunded: 0 } })
    expect((await journalsOf(q.orderId!)).filter((j) => j.kind === 'refund')).toHaveLength(1)

    // No answer after the refund, and the refusal writes nothing.
    const before = await snapshot(w.cloud)
    expect(await refusal(owner('qa', 'answer', { questionId: qid, text: '来晚了' }))).toMatchObject({
      code: 'qa_refunded',
    })
    expect(await snapshot(w.cloud)).toEqual(before)
    await expectBalancedLedger()
  })

  it('refuses an answer after the deadline even before the timer ran', async () => {
    const circleId = await qaCircle()
    const qid = await askPaid(circleId)
    const q = await alice('qa', 'get', { questionId: qid })
    at(new Date(q.deadline!).getTime())
    const before = await snapshot(w.cloud)
    expect(await refusal(owner('qa', 'answer', { questionId: qid, text: '刚好到点' }))).toMatchObject({
      code: 'qa_expired',
    })
    expect(await snapshot(w.cloud)).toEqual(before)
  })

  it('refunds a declined question in full and allows no answer after it', async () => {
    const circleId = await qaCircle()
    const qid = await askPaid(circleId, { answerer: 'o_guest' })
    const q = await alice('qa', 'get', { questionId: qid })
    expect(await refusal(owner('qa', 'decline', { questionId: qid }))).toMatchObject({ code: 'forbidden' })
    const declined = await guest('qa', 'decline', { questionId: qid, reason: '不了解这个领域' })
    expect(declined).toMatchObject({ status: 'declined', declineReason: '不了解这个领域' })
    await w.flush()
    expect(await alice('shop', 'getOrder', { orderId: q.orderId! })).toMatchObject({
      status: 'refunded',
      refundedFen: 2000,
    })
    const before = await snapshot(w.cloud)
    expect(await refusal(guest('qa', 'answer', { questionId: qid, text: '改主意了' }))).toMatchObject({
      code: 'qa_refunded',
    })
    expect(await refusal(guest('qa', 'decline', { questionId: qid }))).toMatchObject({ code: 'qa_refunded' })
    expect(await snapshot(w.cloud)).toEqual(before)
    await expectBalancedLedger()
  })

  it('refunds a page of overdue questions together, each once, even when every refund result arrives three times', async () => {
    const circleId = await qaCircle()
    const ids: string[] = []
    for (let i = 0; i < 12; i++) ids.push(await askPaid(circleId, { who: i % 2 ? alice : bob }))
    const asked = await Promise.all(
      ids.map((id) => alice('qa', 'get', { questionId: id }).catch(() => bob('qa', 'get', { questionId: id }))),
    )
    const orderIds = asked.map((q) => q.orderId!)
    // WeChat resends a notification until it is answered: each refund's result comes three times
    for (const id of orderIds) w.sim.setPlan(refundNo(id, 1), { copies: 3 })
    at(Math.max(...asked.map((q) => new Date(q.deadline!).getTime())))
    expect(await expire()).toMatchObject({ ok: true, data: { refunded: 12, failed: 0 } })
    await w.flush()
    for (const orderId of orderIds) {
      const order = (await w.cloud.db.find('orders', { _id: orderId }))[0] as any
      expect(order).toMatchObject({ status: 'refunded', refundedFen: 1000 })
      expect(order.refunds).toHaveLength(1)
      expect(order.refunds[0]).toMatchObject({ seq: 1, status: 'succeeded' })
      expect((await journalsOf(orderId)).filter((j) => j.kind === 'refund')).toHaveLength(1)
    }
    // the owner's pending balance lost exactly the twelve refunds' shares (one summed write)
    const account = (await w.cloud.db.find('accounts', { _id: `owner:${circleId}` }))[0] as any
    expect(account.pendingFen).toBe(0)
    expect(await w.cloud.db.count('outbox', { state: 'pending' })).toBe(0)
    expect(await w.cloud.db.count('notifications', { kind: 'question_refunded' })).toBe(12)
    expect(await expire()).toMatchObject({ ok: true, data: { refunded: 0 } })
    await expectBalancedLedger()
  })

  it('still refunds the rest of a batch when one of its questions cannot be refunded', async () => {
    const circleId = await qaCircle()
    const ids: string[] = []
    for (let i = 0; i < 4; i++) ids.push(await askPaid(circleId))
    const asked = await Promise.all(ids.map((id) => alice('qa', 'get', { questionId: id })))
    // one question's order is gone: its refund throws, which rolls its whole batch back
    await db()
      .collection('questions')
      .doc(ids[2])
      .update({ data: { orderId: 'QZmissing' } })
    at(Math.max(...asked.map((q) => new Date(q.deadline!).getTime())))
    expect(await expire()).toMatchObject({ ok: true, data: { refunded: 3, failed: 1 } })
    await w.flush()
    for (const [i, q] of asked.entries()) {
      const order = (await w.cloud.db.find('orders', { _id: q.orderId }))[0] as any
      expect({ i, status: order.status }).toEqual({ i, status: i === 2 ? 'paid' : 'refunded' })
    }
    expect(((await w.cloud.db.find('questions', { _id: ids[2] }))[0] as any).status).toBe('pending')
    await expectBalancedLedger()
  })

  it('lets exactly one of an answer and a decline racing each other win', async () => {
    const circleId = await qaCircle()
    const qid = await askPaid(circleId)
    const results = await Promise.allSettled([
      owner('qa', 'answer', { questionId: qid, text: '回答' }),
      owner('qa', 'decline', { questionId: qid }),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const q = await alice('qa', 'get', { questionId: qid })
    const refunds = (await journalsOf(q.orderId!)).filter((j) => j.kind === 'refund')
    expect(refunds).toHaveLength(q.status === 'declined' ? 1 : 0)
    await w.flush()
    await expectBalancedLedger()
  })

  it('allows no answer after the owner refunded the question order', async () => {
    const circleId = await qaCircle()
    const qid = await askPaid(circleId, { answerer: 'o_guest' })
    const q = await alice('qa', 'get', { questionId: qid })
    await owner('shop', 'ownerRefund', { orderId: q.orderId!, reason: '重复提问' })
    await w.flush()
    const before = await snapshot(w.cloud)
    expect(await refusal(guest('qa', 'answer', { questionId: qid, text: '回答' }))).toMatchObject({
      code: 'qa_refunded',
    })
    expect(await snapshot(w.cloud)).toEqual(before)
  })

  it('keeps a pending question’s income unsettled past 72 hours when the window is longer', async () => {
    const circleId = await qaCircle()
    await owner('qa', 'setSettings', {
      circleId,
      freeQuestionsPerTerm: 0,
      expireHours: 168,
      peekPriceFen: 100,
      askerShareBps: 5000,
    })
    const qid = await askPaid(circleId)
    const q = await alice('qa', 'get', { questionId: qid })
    at(Date.now() + 100 * HOUR)
    await settleTimer()
    expect((await journalsOf(q.orderId!)).map((j) => j.kind)).toEqual(['payment'])
    at(new Date(q.deadline!).getTime())
    expect(await expire()).toMatchObject({ ok: true, data: { refunded: 1 } })
    await w.flush()
    await expectBalancedLedger()
  })
})

describe('settling around held questions', () => {
  it('settles a matured order even when older questions still wait for their answer at the head of the page', async () => {
    const circleId = await qaCircle()
    await owner('qa', 'setSettings', {
      circleId,
      freeQuestionsPerTerm: 0,
      expireHours: 168,
      peekPriceFen: 100,
      askerShareBps: 5000,
    })
    const held = await alice('qa', 'get', { questionId: await askPaid(circleId) })
    at(Date.now() + 60_000)
    const answeredId = await askPaid(circleId, { who: bob })
    await owner('qa', 'answer', { questionId: answeredId, text: '先找 10 个愿意付费的朋友。' })
    const answered = await bob('qa', 'get', { questionId: answeredId })
    // A page of one stands for the timer's page of 200 (or a wallet's 100) full of unanswered questions.
    expect(await settleMatured(new Date(Date.now() + 100 * HOUR), { limit: 1 })).toBe(1)
    expect((await journalsOf(answered.orderId!)).map((j) => j.kind)).toEqual(['payment', 'settlement'])
    expect((await journalsOf(held.orderId!)).map((j) => j.kind)).toEqual(['payment'])
  })
})

describe('peeks', () => {
  async function answeredPublic(circleId: string, answerer = 'o_owner') {
    const qid = await askPaid(circleId, { answerer })
    await (answerer === 'o_owner' ? owner : guest)('qa', 'answer', { questionId: qid, text: '答案在这里：先做 MVP。' })
    return qid
  }

  it('charges a third member the peek price, splits it asker / answerer after the fees, and shows the asker what it earned', async () => {
    const circleId = await qaCircle()
    const qid = await answeredPublic(circleId, 'o_guest')
    const start = await bob('qa', 'peek', { questionId: qid })
    expect(start.question).toMatchObject({ locked: true, answer: null })
    expect(start.pay).toMatchObject({ channel: 'local' })
    // A second tap is the same order: one member cannot be charged twice for one answer.
    expect((await bob('qa', 'peek', { questionId: qid })).orderId).toBe(start.orderId)
    await w.pay(start.orderId!)
    const read = await bob('qa', 'get', { questionId: qid })
    expect(read).toMatchObject({
      locked: false,
      relation: 'peeked',
      answer: { text: '答案在这里：先做 MVP。' },
      peekCount: 1,
    })
    const again = await bob('qa', 'peek', { questionId: qid })
    expect(again.pay).toBeNull()

    // 100 fen: platform 3, channel 0 (0.6 % floors to 0), rest 97 → asker floor(48.5) = 48, the guest 49 (the odd fen).
    const pay = (await journalsOf(start.orderId!)).find((j) => j.kind === 'payment')
    expect(pay.entries).toEqual(
      expect.arrayContaining([
        { account: 'buyer_payments', bucket: 'available', amountFen: -100 },
        { account: 'platform:fee', bucket: 'pending', amountFen: 3 },
        { account: 'user:o_alice', bucket: 'pending', amountFen: 48 },
        { account: 'user:o_guest', bucket: 'pending', amountFen: 49 },
      ]),
    )
    expect(pay.entries).toHaveLength(4)
    const asked = await alice('qa', 'mine', { circleId, box: 'asked' })
    expect(asked.items[0]).toMatchObject({ id: qid, peekCount: 1, earnedFen: 48 })
    expect((await guest('qa', 'get', { questionId: qid })).earnedFen).toBe(49)
    expect((await bob('qa', 'get', { questionId: qid })).earnedFen).toBeNull()
    await expectBalancedLedger()
  })

  it('gives five simultaneous taps of one member one peek order', async () => {
    const circleId = await qaCircle()
    const qid = await answeredPublic(circleId)
    const starts = await Promise.all(Array.from({ length: 5 }, () => bob('qa', 'peek', { questionId: qid })))
    expect(new Set(starts.map((x) => x.orderId)).size).toBe(1)
    const peekOrders = ((await w.cloud.db.find('orders')) as any[]).filter((o) => o.product.kind === 'peek')
    expect(peekOrders).toHaveLength(1)
    await w.pay(starts[0].orderId!)
    expect((await bob('qa', 'get', { questionId: qid })).peekCount).toBe(1)
  })

  it('never charges the asker or the answerer to read their own question', async () => {
    const circleId = await qaCircle()
    const qid = await answeredPublic(circleId)
    const before = await snapshot(w.cloud)
    for (const who of [alice, owner]) {
      const res = await who('qa', 'peek', { questionId: qid })
      expect(res).toMatchObject({
        pay: null,
        orderId: null,
        question: { locked: false, answer: { text: expect.any(String) } },
      })
    }
    expect(await snapshot(w.cloud)).toEqual(before)
  })

  it('refuses a non-member, an unanswered and a private question, changing nothing', async () => {
    const circleId = await qaCircle()
    const qid = await answeredPublic(circleId)
    const pending = await askPaid(circleId, { who: bob })
    const secret = await askPaid(circleId, { who: bob, isPublic: false })
    await owner('qa', 'answer', { questionId: secret, text: '私密回答' })
    const before = await snapshot(w.cloud)
    expect(await refusal(stranger('qa', 'peek', { questionId: qid }))).toMatchObject({ code: 'not_member' })
    expect(await refusal(stranger('qa', 'get', { questionId: qid }))).toMatchObject({ code: 'not_member' })
    expect(await refusal(alice('qa', 'peek', { questionId: pending }))).toMatchObject({ code: 'qa_not_peekable' })
    expect(await refusal(alice('qa', 'peek', { questionId: secret }))).toMatchObject({ code: 'qa_not_peekable' })
    expect(await refusal(alice('qa', 'get', { questionId: secret }))).toMatchObject({ code: 'not_found' })
    expect(await snapshot(w.cloud)).toEqual(before)
    expect((await alice('qa', 'feed', { circleId })).items.map((q) => q.id)).toEqual([qid])
  })

  it('an owner-answered peek pays the owner’s circle income and the asker', async () => {
    const circleId = await qaCircle()
    await owner('qa', 'setSettings', {
      circleId,
      freeQuestionsPerTerm: 0,
      expireHours: 72,
      peekPriceFen: 999,
      askerShareBps: 3333,
    })
    const qid = await answeredPublic(circleId)
    const start = await bob('qa', 'peek', { questionId: qid })
    await w.pay(start.orderId!)
    const pay = (await journalsOf(start.orderId!)).find((j) => j.kind === 'payment')
    // 999: platform 29, channel 5, rest 965 → asker floor(965 × 0.3333) = 321, owner 644.
    expect(pay.entries).toEqual(
      expect.arrayContaining([
        { account: 'user:o_alice', bucket: 'pending', amountFen: 321 },
        { account: `owner:${circleId}`, bucket: 'pending', amountFen: 644 },
      ]),
    )
    await expectBalancedLedger()
  })
})
