/**
 * Settlement modes through the real functions and the pay simulator (docs/payments.md
 * "Settlement modes"): 平台收付通 — the buyer's money lands in the owner's sub-merchant, the
 * platform fee and partner shares leave by ecommerce 分账 after the refund window, a refund after
 * 分账 has the platform's fee returned first (回退), the owner withdraws to their bank card — with
 * the ledger equal to WeChat's balance at every step; the 30 % cap on every path; 直连 where the
 * operator's own income is never paid out.
 */
import { db } from '../../cloudfunctions/runtime/db'
import { createPaymentPorts } from '../../cloudfunctions/runtime/payment'
import { as, invoke, refusal, setClockOffset, setSettlementMode, useMoneyWorld } from './world'

const w = useMoneyWorld()
afterEach(() => setSettlementMode('self'))

const owner = as('o_owner')
const buyer = as('o_buyer')
const partner = as('o_partner')
const HOUR = 3600_000

async function paidCircle(priceFen = 10_000) {
  const c = await owner('circle', 'create', { name: '人像摄影进阶', type: 'knowledge', entryMode: 'paid' })
  await owner('shop', 'setPricing', {
    circleId: c.id,
    entry: { priceFen, markedPriceFen: null, term: { kind: 'rolling', days: 365 } },
  })
  return c.id
}

async function buyEntry(circleId: string, who = buyer) {
  const start = await who('shop', 'order', { circleId, product: { kind: 'entry' }, platform: 'h5' })
  await w.pay(start.order.id)
  return start.order.id
}

async function ownerAccount(circleId: string) {
  const acc = (await w.cloud.db.find('accounts')).find((a: any) => a._id === `owner:${circleId}`) as any
  return { pendingFen: acc?.pendingFen ?? 0, availableFen: acc?.availableFen ?? 0 }
}

/** Moves past the refund window and runs the settlement timer (which performs the 分账 calls it queued). */
async function settleAfterWindow(hoursFromNow = 72) {
  setClockOffset(hoursFromNow * HOUR + 1000)
  await invoke(null, 'finance', { Type: 'Timer', TriggerName: 'settle' })
}

describe('平台收付通: the owner is paid by their own sub-merchant, not by 二清', () => {
  it('sells into the sub-merchant, takes the fee and the partner share by 分账, and the owner withdraws to the bank', async () => {
    setSettlementMode('platform')
    const subMchid = await w.readyMerchant('o_owner')
    const circleId = await paidCircle(10_000)
    await buyEntry(circleId, partner)
    await owner('wallet', 'setSplitRules', { circleId, referrerBps: 0, partners: [{ openid: 'o_partner', bps: 1000 }] })
    const orderId = await buyEntry(circleId)

    // The order went through the partner JSAPI with the owner's sub_mchid, frozen for 分账.
    const simOrder = w.sim.snapshot().orders[orderId]
    expect(simOrder).toMatchObject({ subMchid, profitSharing: true, state: 'SUCCESS' })
    // Two sales less WeChat's 0.6 %: pending at WeChat and in our ledger alike.
    expect(w.subMerchantBalance(subMchid)).toEqual({ pendingFen: 2 * 9940, availableFen: 0 })
    expect(await ownerAccount(circleId)).toEqual({ pendingFen: 2 * 9940, availableFen: 0 })

    await settleAfterWindow()
    // The first sale: the platform's 3 %; the second: 3 % and the partner's 10 %.
    const sharings = Object.values(w.sim.snapshot().ecommerce.sharings) as any[]
    const receivers = sharings.flatMap((s) => s.receivers.map((r: any) => [r.type, r.amount]))
    expect(receivers.sort()).toEqual(
      [
        ['MERCHANT_ID', 300],
        ['MERCHANT_ID', 300],
        ['PERSONAL_OPENID', 1000],
      ].sort(),
    )
    expect(w.sim.snapshot().ecommerce.platformReceivedFen).toBe(600)
    const expected = { pendingFen: 0, availableFen: 2 * 9940 - 600 - 1000 }
    expect(w.subMerchantBalance(subMchid)).toEqual(expected)
    expect(await ownerAccount(circleId)).toEqual(expected)
    const statement = await owner('wallet', 'statement', { account: { kind: 'owner', circleId } })
    // the owner's statement: the platform fee and the partner's share, each naming the sale
    const sharing = statement.items.filter((l) => l.kind === 'profit_sharing')
    expect(sharing.map((l) => [l.memo, l.amountFen]).sort()).toEqual([
      ['分账：分成 · 人像摄影进阶 · 入圈', -1000],
      ['分账：平台服务费 · 人像摄影进阶 · 入圈', -300],
      ['分账：平台服务费 · 人像摄影进阶 · 入圈', -300],
    ])
    // the partner's own statement: the share in, then gone to their 零钱 (nothing to withdraw)
    const partnerLines = (await partner('wallet', 'statement', { account: { kind: 'self' } })).items
    expect(partnerLines.map((l) => [l.memo, l.amountFen]).sort()).toEqual([
      ['分账：分成 · 人像摄影进阶 · 入圈', 1000],
      ['分账：已转入微信零钱', -1000],
    ])

    // The owner sees WeChat's balance, and withdraws to the card verified at onboarding (T+1).
    expect(await owner('wallet', 'merchant', {})).toMatchObject({ state: 'finish', label: '已完成', balance: expected })
    expect((await owner('wallet', 'summary', { account: { kind: 'owner', circleId } })).payout).toEqual({
      kind: 'bank',
      bankAccount: '**** **** **** 8888',
      bankName: '招商银行',
    })
    const wd = await owner('wallet', 'withdraw', {
      account: { kind: 'owner', circleId },
      amountFen: expected.availableFen,
    })
    expect(wd).toMatchObject({ state: 'transferring', confirm: null })
    expect(w.subMerchantBalance(subMchid)).toEqual({ pendingFen: 0, availableFen: 0 })
    expect(await ownerAccount(circleId)).toEqual({ pendingFen: 0, availableFen: 0 })
    expect(await owner('wallet', 'refreshWithdrawal', { withdrawalId: wd.id })).toMatchObject({ state: 'transferring' })
    setClockOffset((72 + 25) * HOUR)
    expect(await owner('wallet', 'refreshWithdrawal', { withdrawalId: wd.id })).toMatchObject({ state: 'succeeded' })
    const record = (await w.cloud.db.find('withdrawals')).find((x: any) => x._id === wd.id) as any
    expect(record.bank).toEqual({ accountNumber: '8888', accountBank: '招商银行' })

    // Reconciliation asks WeChat and finds the two equal.
    const rec = await invoke(null, 'finance', { Type: 'Timer', TriggerName: 'reconcile' })
    expect(rec).toMatchObject({ ok: true, data: { subMerchantsChecked: 1, subMerchantMismatches: 0 } })
  })

  it('returns the platform fee (分账回退) before refunding after 分账, and keeps the ledger equal to WeChat', async () => {
    setSettlementMode('platform')
    const subMchid = await w.readyMerchant('o_owner')
    const circleId = await paidCircle(10_000)
    const orderId = await buyEntry(circleId)
    await settleAfterWindow()
    expect(await ownerAccount(circleId)).toEqual({ pendingFen: 0, availableFen: 10_000 - 60 - 300 })
    await owner('shop', 'ownerRefund', { orderId, reason: '课程取消' })
    const journals = (await w.cloud.db.find('journals')).map((j: any) => j._id)
    // A full refund by the owner: the platform gives back its whole 300, WeChat its whole fee.
    expect(journals).toContain(`${orderId}:return:1`)
    const returns = Object.values(w.sim.snapshot().ecommerce.returns) as any[]
    expect(returns.map((r) => [r.outReturnNo, r.amount])).toEqual([[`${orderId}B1`, 300]])
    await w.flush()
    expect(w.subMerchantBalance(subMchid)).toEqual({ pendingFen: 0, availableFen: 0 })
    expect(await ownerAccount(circleId)).toEqual({ pendingFen: 0, availableFen: 0 })
    expect(await buyer('shop', 'getOrder', { orderId })).toMatchObject({ status: 'refunded' })
  })

  it('refunds inside the window from the frozen money, with WeChat giving back its fee in proportion', async () => {
    setSettlementMode('platform')
    const subMchid = await w.readyMerchant('o_owner')
    const circleId = await paidCircle(9_999)
    const orderId = await buyEntry(circleId)
    await buyer('shop', 'refund', { orderId, reason: '不合适' })
    await w.flush()
    expect(w.subMerchantBalance(subMchid)).toEqual({ pendingFen: 0, availableFen: 0 })
    expect(await ownerAccount(circleId)).toEqual({ pendingFen: 0, availableFen: 0 })
    await settleAfterWindow()
    // Nothing left to share: no 分账 for a refunded order, only 完结.
    expect(Object.values(w.sim.snapshot().ecommerce.sharings).filter((s: any) => s.receivers.length > 0)).toEqual([])
  })

  it('does not sell until the owner’s sub-merchant is ready: the owner is told what is missing, visitors that paid entry is not open', async () => {
    setSettlementMode('platform')
    const circleId = await paidCircle()
    expect(
      await refusal(buyer('shop', 'order', { circleId, product: { kind: 'entry' }, platform: 'h5' })),
    ).toMatchObject({ code: 'merchant_not_ready', message: expect.stringContaining('还没有开通') })
    expect((await buyer('shop', 'catalog', { circleId })).selling).toEqual({ open: false, code: 'merchant_not_ready' })
    expect((await owner('shop', 'catalog', { circleId })).selling).toEqual({
      open: false,
      code: 'merchant_setup_required',
    })
    expect(await buyer('wallet', 'sellable', { circleId })).toEqual({ sellable: false, reason: 'merchant_not_ready' })
    expect(await owner('wallet', 'merchant', {})).toMatchObject({ state: null, label: '未开通' })
    await w.readyMerchant('o_owner')
    expect((await buyer('shop', 'catalog', { circleId })).selling).toEqual({ open: true, code: null })
    await buyEntry(circleId)
  })
})

describe('the 30 % 分账 cap on every path', () => {
  it('refuses split rules that could take more than 30 %, the platform fee counted in platform mode', async () => {
    setSettlementMode('platform')
    await w.readyMerchant('o_owner')
    const circleId = await paidCircle()
    await buyEntry(circleId, partner)
    expect(
      await refusal(
        owner('wallet', 'setSplitRules', { circleId, referrerBps: 0, partners: [{ openid: 'o_partner', bps: 2800 }] }),
      ),
    ).toMatchObject({ code: 'split_cap_exceeded' })
    expect(
      await owner('wallet', 'setSplitRules', {
        circleId,
        referrerBps: 0,
        partners: [{ openid: 'o_partner', bps: 2700 }],
      }),
    ).toMatchObject({ capBps: 2700 })
  })

  it('refuses a 50 % partner share in 直连 whatever channel sells entry, and never sends an over-cap split saved before', async () => {
    const circleId = await paidCircle()
    await buyEntry(circleId, partner)
    expect(
      await refusal(
        owner('wallet', 'setSplitRules', { circleId, referrerBps: 0, partners: [{ openid: 'o_partner', bps: 5000 }] }),
      ),
    ).toMatchObject({ code: 'split_cap_exceeded' })
    // Rules stored before the check existed: the order is refused, nothing reaches WeChat.
    await db()
      .collection('circles')
      .doc(circleId)
      .update({
        data: {
          splitRules: {
            platformFeeBps: 300,
            channelFeeBps: { wxpay: 60, virtual: 100, local: 60 },
            referrerBps: 0,
            partners: [{ openid: 'o_partner', bps: 5000 }],
          },
        },
      })
    const before = Object.keys(w.sim.snapshot().orders).length
    expect(
      await refusal(buyer('shop', 'order', { circleId, product: { kind: 'entry' }, platform: 'h5' })),
    ).toMatchObject({ code: 'split_cap_exceeded' })
    expect(Object.keys(w.sim.snapshot().orders)).toHaveLength(before)
  })
})

describe('直连 (self): one operator owns the merchant account and every circle', () => {
  it('never pays out the operator’s own income', async () => {
    const circleId = await paidCircle()
    await buyEntry(circleId)
    setClockOffset(73 * HOUR)
    expect(
      await refusal(owner('wallet', 'withdraw', { account: { kind: 'owner', circleId }, amountFen: 1000 })),
    ).toMatchObject({ code: 'owner_income_not_withdrawable' })
    expect((await owner('wallet', 'summary', { account: { kind: 'owner', circleId } })).payout).toEqual({
      kind: 'operator',
    })
    // Orders go through the operator's own merchant (the ordinary JSAPI, no sub_mchid).
    expect(Object.values(w.sim.snapshot().orders).every((o: any) => !o.subMchid)).toBe(true)
  })
})

describe('onboarding: an owner becomes a 二级商户 from the app', () => {
  const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex')

  async function form() {
    // The images go to WeChat Pay's media API (multipart, signed over its meta) through the production adapter.
    const wx = createPaymentPorts(process.env).wxpay()
    const portrait = await wx.uploadMedia({ filename: 'id-portrait.png', content: PNG })
    const national = await wx.uploadMedia({
      filename: 'id-national.png',
      content: Buffer.concat([PNG, Buffer.from([1])]),
    })
    return {
      subjectType: 'micro' as const,
      merchantShortname: '老张摄影',
      idCard: {
        portraitMediaId: portrait.mediaId,
        nationalMediaId: national.mediaId,
        name: '张三',
        number: '11010519491231002X',
        validFrom: '2020-01-01',
        validTo: '长期' as const,
      },
      bank: {
        accountType: 'personal' as const,
        bankName: '招商银行',
        bankAddressCode: '110000',
        accountNumber: '6225880012345678',
        accountName: '张三',
      },
      contact: { mobile: '13800138000' },
      storeName: '老张摄影',
    }
  }

  it('walks 审核中 → 待账户验证 → 待签约 → 已完成, storing only masked details, and then the circle sells', async () => {
    setSettlementMode('platform')
    const circleId = await paidCircle()
    const applied = await owner('wallet', 'applyMerchant', await form())
    expect(applied).toMatchObject({
      state: 'checking',
      label: '审核中',
      masked: { name: '张*', bankAccount: '**** **** **** 5678', mobile: '138****8000' },
    })
    const everything = JSON.stringify(await w.cloud.db.find('merchants'))
    expect(everything).not.toContain('6225880012345678')
    expect(everything).not.toContain('11010519491231002X')
    expect(everything).not.toContain('13800138000')
    const { outRequestNo } = (await w.cloud.db.find('merchants'))[0] as any

    w.sim.ecommerce.applymentTo(outRequestNo, 'ACCOUNT_NEED_VERIFY')
    expect(await owner('wallet', 'refreshMerchant', {})).toMatchObject({
      state: 'account_need_verify',
      label: '待账户验证',
      accountValidation: { payAmount: 1 },
    })
    w.sim.ecommerce.applymentTo(outRequestNo, 'NEED_SIGN')
    const signing = await owner('wallet', 'refreshMerchant', {})
    expect(signing).toMatchObject({
      state: 'need_sign',
      label: '待签约',
      signUrl: expect.stringContaining('https://pay.weixin.qq.com/'),
    })
    expect(
      await refusal(buyer('shop', 'order', { circleId, product: { kind: 'entry' }, platform: 'h5' })),
    ).toMatchObject({ code: 'merchant_not_ready' })
    // The timer asks WeChat too (applications not checked for a minute).
    w.sim.ecommerce.applymentTo(outRequestNo, 'FINISH')
    setClockOffset(2 * 60_000)
    await invoke(null, 'finance', { Type: 'Timer', TriggerName: 'merchants' })
    expect(await owner('wallet', 'merchant', {})).toMatchObject({
      state: 'finish',
      label: '已完成',
      subMchid: expect.stringMatching(/^16\d{8}$/),
    })
    await buyEntry(circleId)
  })

  it('shows a rejection with its reason and takes the corrected form again', async () => {
    setSettlementMode('platform')
    await owner('wallet', 'applyMerchant', await form())
    expect(await refusal(owner('wallet', 'applyMerchant', await form()))).toMatchObject({
      code: 'merchant_application_open',
    })
    const { outRequestNo } = (await w.cloud.db.find('merchants'))[0] as any
    w.sim.ecommerce.applymentTo(outRequestNo, 'REJECTED', {
      param_name: 'id_card_copy',
      reject_reason: '身份证照片不清晰',
    })
    expect(await owner('wallet', 'refreshMerchant', {})).toMatchObject({
      state: 'rejected',
      label: '已驳回',
      rejectReasons: [{ field: 'id_card_copy', reason: '身份证照片不清晰' }],
    })
    expect(await owner('wallet', 'applyMerchant', await form())).toMatchObject({ state: 'checking' })
  })

  it('refuses a form that does not fit its subject (小微 settles to the person’s own card)', async () => {
    setSettlementMode('platform')
    const f = await form()
    expect(
      await refusal(owner('wallet', 'applyMerchant', { ...f, bank: { ...f.bank, accountName: '李四' } })),
    ).toMatchObject({ code: 'invalid_argument', param: 'bank.accountName' })
    expect(await w.cloud.db.find('merchants')).toEqual([])
  })
})
