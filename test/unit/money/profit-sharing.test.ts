import { DEFAULT_SPLIT_RULES, profitSharingJournal, usesProfitSharing } from '@core/money'

const order = { channel: 'wxpay' as const, splitRules: DEFAULT_SPLIT_RULES, referrer: null, buyer: 'o_b' }

describe('分账', () => {
  it('is used only by channels that support it and only when someone besides the owner has a share', () => {
    expect(usesProfitSharing(order)).toBe(false)
    const withPartner = { ...order, splitRules: { ...DEFAULT_SPLIT_RULES, partners: [{ openid: 'o_p', bps: 500 }] } }
    expect(usesProfitSharing(withPartner)).toBe(true)
    expect(usesProfitSharing({ ...withPartner, channel: 'virtual' })).toBe(false)
    const referred = { ...order, splitRules: { ...DEFAULT_SPLIT_RULES, referrerBps: 300 }, referrer: 'o_r' }
    expect(usesProfitSharing(referred)).toBe(true)
    expect(usesProfitSharing({ ...referred, referrer: 'o_b' })).toBe(false)
  })

  it('books the receivers’ shares as paid out in one balanced journal, or nothing when nobody is paid', () => {
    const j = profitSharingJournal({
      orderId: 'QZ1',
      receivers: [
        { account: 'user:o_p', amountFen: 700 },
        { account: 'user:o_q', amountFen: 3 },
      ],
      at: new Date(),
    })!
    expect(j._id).toBe('QZ1:sharing')
    expect(j.entries).toEqual([
      { account: 'user:o_p', bucket: 'available', amountFen: -700 },
      { account: 'user:o_q', bucket: 'available', amountFen: -3 },
      { account: 'payouts', bucket: 'available', amountFen: 703 },
    ])
    expect(
      profitSharingJournal({ orderId: 'QZ1', receivers: [{ account: 'user:o_p', amountFen: 0 }], at: new Date() }),
    ).toBeNull()
  })
})
