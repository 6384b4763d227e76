/**
 * Paid questions answered by a guest (嘉宾) in 平台收付通 mode, through the real functions and the
 * pay simulator (docs/payments.md "Guest answerers in platform mode"): the question is sold into
 * the owner's sub-merchant; after the refund window the platform fee and the guest's configured
 * share leave by ecommerce 分账 (the guest as a PERSONAL_OPENID receiver), the owner keeps the
 * rest; the total taken stays ≤ 30 % on every path; an impossible share is refused when the owner
 * saves it, never when an asker pays.
 */
import { as, invoke, refusal, setClockOffset, setSettlementMode, useMoneyWorld } from './world'

jest.setTimeout(60_000)

const w = useMoneyWorld()
afterEach(() => setSettlementMode('self'))

const owner = as('o_owner')
const guest = as('o_guest')
const alice = as('o_alice')
const bob = as('o_bob')
const HOUR = 3_600_000
const PRICE = 2000 // the guest's price per question
const QUESTION = '独立开发第一年，怎么找到第一批付费用户？'

const rules = { freeQuestionsPerTerm: 0, expireHours: 72, peekPriceFen: 1000, askerShareBps: 5000 }

async function platformQaCircle(guestShareBps?: number) {
  setSettlementMode('platform')
  const subMchid = await w.readyMerchant('o_owner')
  const c = await owner('circle', 'create', { name: '独立开发者问答', type: 'knowledge', entryMode: 'free' })
  for (const who of [guest, alice, bob]) await who('circle', 'join', { circleId: c.id })
  await owner('circle', 'setRole', { circleId: c.id, openid: 'o_guest', role: 'guest' })
  await guest('qa', 'setPrice', { circleId: c.id, priceFen: PRICE })
  await owner('qa', 'setSettings', {
    circleId: c.id,
    ...rules,
    ...(guestShareBps === undefined ? {} : { guestShareBps }),
  })
  return { circleId: c.id, subMchid }
}

async function askGuest(circleId: string) {
  const start = await alice('qa', 'ask', {
    circleId,
    answerer: 'o_guest',
    text: QUESTION,
    isPublic: true,
    anonymous: false,
  })
  expect(start.pay).toMatchObject({ channel: 'local' })
  await w.pay(start.question.orderId!)
  return { questionId: start.question.id, orderId: start.question.orderId! }
}

async function settleAfterWindow() {
  setClockOffset(73 * HOUR)
  await invoke(null, 'finance', { Type: 'Timer', TriggerName: 'settle' })
  await w.flush()
}

function sharingOf(orderId: string) {
  const s = (w.sim.snapshot().ecommerce.sharings as Record<string, any>)[`${orderId}P`]
  return (s?.receivers ?? []).map((r: any) => [r.type, r.receiver_account, r.amount])
}

async function ownerAccount(circleId: string) {
  const acc = (await w.cloud.db.find('accounts')).find((a: any) => a._id === `owner:${circleId}`) as any
  return { pendingFen: acc?.pendingFen ?? 0, availableFen: acc?.availableFen ?? 0 }
}

describe('平台收付通: a guest answers paid questions', () => {
  it('sells a question to a guest, pays the guest their share by 分账, and the owner keeps the rest', async () => {
    const { circleId, subMchid } = await platformQaCircle(2000)
    const { questionId, orderId } = await askGuest(circleId)
    // Into the owner's sub-merchant, frozen: the guest is paid by 分账, not by the platform.
    expect(w.sim.snapshot().orders[orderId]).toMatchObject({ subMchid, profitSharing: true, state: 'SUCCESS' })
    await guest('qa', 'answer', { questionId, text: '从你的现有读者开始。' })
    await settleAfterWindow()
    const platformFee = (PRICE * 300) / 10_000
    const guestShare = (PRICE * 2000) / 10_000
    expect(sharingOf(orderId)).toEqual([
      ['MERCHANT_ID', expect.any(String), platformFee],
      ['PERSONAL_OPENID', 'o_guest', guestShare],
    ])
    expect(platformFee + guestShare).toBeLessThanOrEqual(PRICE * 0.3)
    const rest = PRICE - (PRICE * 60) / 10_000 - platformFee - guestShare
    expect(w.subMerchantBalance(subMchid)).toEqual({ pendingFen: 0, availableFen: rest })
    expect(await ownerAccount(circleId)).toEqual({ pendingFen: 0, availableFen: rest })
    const rec = await invoke(null, 'finance', { Type: 'Timer', TriggerName: 'reconcile' })
    expect(rec).toMatchObject({
      ok: true,
      data: { unbalanced: 0, mismatches: 0, subMerchantsChecked: 1, subMerchantMismatches: 0 },
    })
  })

  it('pays a peek of the guest’s answer: the platform fee, the guest’s share, the asker in what the cap leaves', async () => {
    const { circleId } = await platformQaCircle(2000)
    const { questionId } = await askGuest(circleId)
    await guest('qa', 'answer', { questionId, text: '从你的现有读者开始。' })
    const peek = await bob('qa', 'peek', { questionId })
    await w.pay(peek.orderId!)
    await settleAfterWindow()
    // ¥10 peek: 3 % platform, 20 % guest, the asker 7 % (half of the rest would be 48 %): 30 % in all.
    expect(sharingOf(peek.orderId!)).toEqual([
      ['MERCHANT_ID', expect.any(String), 30],
      ['PERSONAL_OPENID', 'o_alice', 70],
      ['PERSONAL_OPENID', 'o_guest', 200],
    ])
    // What each side sees it earned from peeks is what 分账 sent them, not the 直连 split.
    expect((await alice('qa', 'get', { questionId })).earnedFen).toBe(70)
    expect((await guest('qa', 'get', { questionId })).earnedFen).toBe(200)
    // Their own 我的收益 statement says so too: the share and the sale it came from, then the
    // same amount gone to their WeChat balance (nothing left here to withdraw a second time).
    for (const [who, fen] of [
      [alice, 70],
      [guest, 200],
    ] as const) {
      const { items } = await who('wallet', 'statement', { account: { kind: 'self' } })
      const lines = items.filter((l: any) => l.orderId === peek.orderId)
      expect(lines.map((l: any) => l.amountFen).sort((a: number, b: number) => a - b)).toEqual([-fen, fen])
      const earned = lines.find((l: any) => l.amountFen > 0)
      const paidOut = lines.find((l: any) => l.amountFen < 0)
      // the sale it came from: the peek's title is 偷看： and the question's first 20 characters
      expect(earned?.memo).toBe(`分账：分成 · 偷看：${QUESTION.slice(0, 20)}`)
      expect(paidOut?.memo).toBe('分账：已转入微信零钱')
      const summary = await who('wallet', 'summary', { account: { kind: 'self' } })
      expect(summary).toMatchObject({ pendingFen: 0, availableFen: 0, payout: { kind: 'sharing' } })
      // and the platform's merchant account pays nothing out to them (that would be 二清)
      const before = await w.cloud.db.find('withdrawals')
      expect(await refusal(who('wallet', 'withdraw', { account: { kind: 'self' }, amountFen: 100 }))).toMatchObject({
        code: 'shares_paid_by_sharing',
      })
      expect(await w.cloud.db.find('withdrawals')).toEqual(before)
    }
  })

  it('tells the owner when saving a guest share the 30 % cap cannot carry, and never refuses the asker', async () => {
    const { circleId } = await platformQaCircle()
    const home = await owner('qa', 'home', { circleId })
    expect(home.guestShareMaxBps).toBe(2700)
    expect(home.settings.guestShareBps).toBe(2000)
    expect(await refusal(owner('qa', 'setSettings', { circleId, ...rules, guestShareBps: 2800 }))).toMatchObject({
      code: 'guest_share_over_cap',
      param: 'guestShareBps',
    })
    expect(await owner('qa', 'setSettings', { circleId, ...rules, guestShareBps: 2700 })).toMatchObject({
      guestShareBps: 2700,
    })
    // A share saved in 直连 (where guests earn all after the fees) and then the switch to 平台收付通:
    // the asker still pays, and the guest's 分账 is limited to what the cap leaves.
    setSettlementMode('self')
    expect(await owner('qa', 'setSettings', { circleId, ...rules, guestShareBps: 9000 })).toMatchObject({
      guestShareBps: 9000,
    })
    expect((await owner('qa', 'home', { circleId })).guestShareMaxBps).toBeNull()
    setSettlementMode('platform')
    const { questionId, orderId } = await askGuest(circleId)
    await guest('qa', 'answer', { questionId, text: '从你的现有读者开始。' })
    await settleAfterWindow()
    expect(sharingOf(orderId)).toEqual([
      ['MERCHANT_ID', expect.any(String), 60],
      ['PERSONAL_OPENID', 'o_guest', 540],
    ])
  })
})
