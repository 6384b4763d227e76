import fc from 'fast-check'
import {
  assertWithinCap,
  checkGuestShare,
  guestShareFor,
  guestShareMaxBps,
  checkSharingCap,
  DEFAULT_SPLIT_RULES,
  newOrder,
  platformPaymentShares,
  platformReturnFen,
  platformSharing,
  platformSharingJournals,
  sharingCapFen,
  sharingReturnJournal,
  takenBps,
  type SplitRules,
} from '@core/money'
import {
  applymentBody,
  canSell,
  checkApplymentForm,
  maskForm,
  MERCHANT_STEPS,
  stateOfApplyment,
  type ApplymentForm,
} from '@core/merchant'

const rules = (partners: number[], referrerBps = 0, platformFeeBps = 300): SplitRules => ({
  ...DEFAULT_SPLIT_RULES,
  platformFeeBps,
  referrerBps,
  partners: partners.map((bps, i) => ({ openid: `o_p${i}`, bps })),
})
const order = (amountFen: number, r: SplitRules, referrer: string | null = null) => ({
  _id: 'QZ1',
  amountFen,
  circleId: 'c1',
  buyer: 'o_b',
  referrer,
  channel: 'wxpay' as const,
  splitRules: r,
})

describe('the 30 % cap', () => {
  it('counts the platform fee in platform mode but not in 直连', () => {
    expect(takenBps(rules([1000], 500), 'platform')).toBe(1800)
    expect(takenBps(rules([1000], 500), 'self')).toBe(1500)
    expect(() => checkSharingCap(rules([2800]), 'platform')).toThrow(
      expect.objectContaining({ code: 'split_cap_exceeded' }),
    )
    expect(() => checkSharingCap(rules([2700]), 'platform')).not.toThrow()
    expect(() => checkSharingCap(rules([3000]), 'self')).not.toThrow()
    expect(() => checkSharingCap(rules([5000]), 'self')).toThrow(
      expect.objectContaining({ code: 'split_cap_exceeded' }),
    )
  })

  it('refuses a computed 分账 above 30 % of the amount, to the fen', () => {
    expect(sharingCapFen(9_999)).toBe(2_999)
    expect(() => assertWithinCap(9_999, 2_999)).not.toThrow()
    expect(() => assertWithinCap(9_999, 3_000)).toThrow(expect.objectContaining({ code: 'split_cap_exceeded' }))
  })

  it('refuses to create an order whose split would go over the cap, in either mode', () => {
    const args = {
      id: 'QZ20261207000000abcdef0123456789',
      buyer: 'o_b',
      circleId: 'c1',
      circleName: '圈',
      product: { kind: 'ticket' as const, id: 't', title: '门票' },
      priceBreakdown: { baseFen: 10_000, discountFen: 0 },
      channel: 'wxpay' as const,
      now: new Date(),
    }
    // The old path: an event ticket (WeChat Pay) carrying a 50 % partner share into 分账.
    expect(() => newOrder({ ...args, splitRules: rules([5000]) })).toThrow(
      expect.objectContaining({ code: 'split_cap_exceeded' }),
    )
    expect(() =>
      newOrder({ ...args, splitRules: rules([2800]), settlement: { mode: 'platform', subMchid: '1600000001' } }),
    ).toThrow(expect.objectContaining({ code: 'split_cap_exceeded' }))
    expect(
      newOrder({ ...args, splitRules: rules([2700]), settlement: { mode: 'platform', subMchid: '1600000001' } })
        .settlement,
    ).toEqual({ mode: 'platform', subMchid: '1600000001' })
    // Virtual payment has no 分账: nothing is sent, so nothing is capped there.
    expect(() => newOrder({ ...args, channel: 'virtual', splitRules: rules([5000]) })).not.toThrow()
  })

  it('never takes more than 30 % of any order in platform mode (random amounts and rules within the saved cap)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.array(fc.integer({ min: 1, max: 900 }), { maxLength: 3 }),
        fc.integer({ min: 0, max: 300 }),
        (amount, partners, referrerBps) => {
          const r = rules(partners, referrerBps)
          if (takenBps(r, 'platform') > 3000) return
          const receivers = platformSharing(order(amount, r, 'o_r'), amount)
          expect(receivers.reduce((t, x) => t + x.amountFen, 0)).toBeLessThanOrEqual(
            Math.floor((amount * 3000) / 10_000),
          )
        },
      ),
    )
  })
})

describe('平台收付通 journals', () => {
  it('books the payment as the channel fee and the owner’s, all of it the sub-merchant’s until 分账', () => {
    expect(platformPaymentShares(order(10_000, rules([1000])))).toEqual([
      { account: 'channel:fee', role: 'channel', amountFen: 60 },
      { account: 'owner:c1', role: 'owner', amountFen: 9_940 },
    ])
  })

  it('sends the platform fee and people’s shares by 分账, from the owner’s account', () => {
    const receivers = platformSharing(order(10_000, rules([1000])), 10_000)
    expect(receivers).toEqual([
      { account: 'platform:fee', amountFen: 300 },
      { account: 'user:o_p0', amountFen: 1000 },
    ])
    const journals = platformSharingJournals({
      orderId: 'QZ1',
      circleId: 'c1',
      what: '人像摄影进阶 · 入圈',
      receivers,
      at: new Date(),
    })
    expect(journals.map((j) => [j._id, j.memo, j.entries])).toEqual([
      // the platform's fee: the journal a later 分账回退 reads
      [
        'QZ1:sharing',
        '分账：平台服务费 · 人像摄影进阶 · 入圈',
        [
          { account: 'owner:c1', bucket: 'available', amountFen: -300 },
          { account: 'platform:fee', bucket: 'available', amountFen: 300 },
        ],
      ],
      // the partner's share, on their own statement with the sale it came from …
      [
        'QZ1:sharing:people',
        '分账：分成 · 人像摄影进阶 · 入圈',
        [
          { account: 'owner:c1', bucket: 'available', amountFen: -1000 },
          { account: 'user:o_p0', bucket: 'available', amountFen: 1000 },
        ],
      ],
      // … and gone to their WeChat balance: nothing left to withdraw a second time
      [
        'QZ1:sharing:paid',
        '分账：已转入微信零钱',
        [
          { account: 'user:o_p0', bucket: 'available', amountFen: -1000 },
          { account: 'payouts', bucket: 'available', amountFen: 1000 },
        ],
      ],
    ])
    expect(
      platformSharingJournals({ orderId: 'QZ2', circleId: 'c1', what: 'x', receivers: [], at: new Date() }),
    ).toEqual([])
    // Only what the buyer kept is shared: a half refund before settlement halves the 分账.
    expect(platformSharing(order(10_000, rules([1000])), 5_000)).toEqual([
      { account: 'platform:fee', amountFen: 150 },
      { account: 'user:o_p0', amountFen: 500 },
    ])
    expect(platformSharing(order(10_000, rules([1000])), 0)).toEqual([])
  })

  it('returns the platform’s fee in proportion before a refund, all that is left on the last one', () => {
    expect(platformReturnFen({ sharedPlatformFen: 300, returnedFen: 0, netBeforeFen: 10_000, refundFen: 3_333 })).toBe(
      99,
    )
    expect(platformReturnFen({ sharedPlatformFen: 300, returnedFen: 99, netBeforeFen: 6_667, refundFen: 6_667 })).toBe(
      201,
    )
    expect(platformReturnFen({ sharedPlatformFen: 300, returnedFen: 300, netBeforeFen: 1, refundFen: 1 })).toBe(0)
    expect(
      sharingReturnJournal({ orderId: 'QZ1', circleId: 'c1', seq: 2, amountFen: 99, at: new Date() }),
    ).toMatchObject({
      _id: 'QZ1:return:2',
      kind: 'sharing_return',
      entries: [
        { account: 'platform:fee', bucket: 'available', amountFen: -99 },
        { account: 'owner:c1', bucket: 'available', amountFen: 99 },
      ],
    })
  })
})

describe('onboarding rules', () => {
  const form: ApplymentForm = {
    subjectType: 'micro',
    merchantShortname: '老张摄影',
    idCard: {
      portraitMediaId: 'm1',
      nationalMediaId: 'm2',
      name: '张三丰',
      number: '11010519491231002X',
      validFrom: '2020-01-01',
      validTo: '长期',
    },
    bank: {
      accountType: 'personal',
      bankName: '招商银行',
      bankAddressCode: '110000',
      accountNumber: '6225880012345678',
      accountName: '张三丰',
    },
    contact: { mobile: '13800138000' },
    storeName: '老张摄影',
  }

  it('maps every WeChat state to a step with a next action', () => {
    expect(
      ['CHECKING', 'AUDITING', 'ACCOUNT_NEED_VERIFY', 'NEED_SIGN', 'FINISH', 'REJECTED', 'FROZEN', 'CANCELED'].map(
        stateOfApplyment,
      ),
    ).toEqual(['checking', 'checking', 'account_need_verify', 'need_sign', 'finish', 'rejected', 'frozen', 'canceled'])
    expect(MERCHANT_STEPS.need_sign).toEqual({ label: '待签约', next: expect.stringContaining('扫描二维码') })
    expect(canSell({ state: 'need_sign', subMchid: '16' })).toBe(false)
    expect(canSell({ state: 'finish', subMchid: '16' })).toBe(true)
  })

  it('keeps only masked details and encrypts every sensitive field it sends', () => {
    expect(maskForm(form)).toEqual({
      name: '张**',
      idNumber: '1*************002X',
      bankAccount: '**** **** **** 5678',
      bankName: '招商银行',
      mobile: '138****8000',
    })
    const body = applymentBody(form, { outRequestNo: 'QZM1', appid: 'wx1', encrypt: (s) => `enc(${s})` })
    const text = JSON.stringify(body)
    for (const secret of ['11010519491231002X', '6225880012345678', '13800138000'])
      expect(text).not.toContain(`"${secret}"`)
    expect(body).toMatchObject({
      organization_type: '2401',
      account_info: { bank_account_type: '75', account_number: 'enc(6225880012345678)' },
      contact_info: { mobile_phone: 'enc(13800138000)' },
    })
  })

  it('refuses a form that does not fit its subject', () => {
    expect(() => checkApplymentForm({ ...form, bank: { ...form.bank, accountType: 'corporate' } })).toThrow(
      expect.objectContaining({ param: 'bank.accountType' }),
    )
    expect(() => checkApplymentForm({ ...form, subjectType: 'individual' })).toThrow(
      expect.objectContaining({ param: 'license' }),
    )
    expect(() =>
      checkApplymentForm({
        ...form,
        subjectType: 'enterprise',
        license: { mediaId: 'm3', number: '91110000MA00000000', merchantName: '老张有限公司' },
      }),
    ).toThrow(expect.objectContaining({ param: 'bank.accountType' }))
  })
})

describe('paid Q&A in platform mode', () => {
  const qaOrder = (
    qa: {
      answerer: `owner:${string}` | `user:${string}`
      asker?: `user:${string}`
      askerShareBps?: number
      answererShareBps?: number
    },
    amountFen = 100,
  ) => ({ ...order(amountFen, rules([])), qa })

  it('limits a peek asker’s share to what 分账 can carry; the answering owner keeps the rest', () => {
    // ¥1 peek, 50 % of the rest to the asker: 48 fen would be 51 % with the fee; 3 + 27 = 30 fen fits.
    expect(platformSharing(qaOrder({ answerer: 'owner:c1', asker: 'user:o_a', askerShareBps: 5000 }), 100)).toEqual([
      { account: 'platform:fee', amountFen: 3 },
      { account: 'user:o_a', amountFen: 27 },
    ])
  })

  it('pays a guest answerer their share of the order by 分账, the owner keeping the rest', () => {
    // ¥100 question, guest share 20 %: 3 % to the platform and 20 % to the guest leave; 77 % stays.
    expect(platformSharing(qaOrder({ answerer: 'user:o_guest', answererShareBps: 2000 }, 10_000), 10_000)).toEqual([
      { account: 'platform:fee', amountFen: 300 },
      { account: 'user:o_guest', amountFen: 2000 },
    ])
  })

  it('pays a peek of a guest’s answer: platform fee, the guest’s share, the asker in the room left (≤ 30 %)', () => {
    const receivers = platformSharing(
      qaOrder({ answerer: 'user:o_guest', answererShareBps: 2000, asker: 'user:o_a', askerShareBps: 5000 }, 1000),
      1000,
    )
    expect(receivers).toEqual([
      { account: 'platform:fee', amountFen: 30 },
      { account: 'user:o_a', amountFen: 70 },
      { account: 'user:o_guest', amountFen: 200 },
    ])
    expect(receivers.reduce((t, r) => t + r.amountFen, 0)).toBeLessThanOrEqual(300)
  })

  it('limits the guest share an order snapshots to what the cap leaves after the platform fee', () => {
    expect(guestShareMaxBps(300)).toBe(2700)
    expect(guestShareFor(2000, 300)).toBe(2000)
    expect(guestShareFor(5000, 300)).toBe(2700)
    expect(guestShareFor(2700, 500)).toBe(2500)
    expect(() => checkGuestShare(2700, 300)).not.toThrow()
    expect(() => checkGuestShare(2701, 300)).toThrow(
      expect.objectContaining({ code: 'guest_share_over_cap', param: 'guestShareBps' }),
    )
    // Any amount, any share the check lets through: the 分账 stays within 30 %.
    for (const amount of [1, 99, 100, 101, 1999, 10_000, 123_457])
      for (const share of [0, 1, 1999, 2700]) {
        const taken = platformSharing(qaOrder({ answerer: 'user:o_guest', answererShareBps: share }, amount), amount)
        expect(taken.reduce((t, r) => t + r.amountFen, 0)).toBeLessThanOrEqual(Math.floor((amount * 3000) / 10_000))
      }
  })
})
