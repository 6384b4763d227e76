import {
  DEFAULT_SPLIT_RULES,
  proportionalSplit,
  splitOrder,
  validateSplitRules,
  type Share,
  type SplitRules,
} from '@core/money'
import { codeOf } from './helpers'

const sum = (shares: Share[]) => shares.reduce((t, s) => t + s.amountFen, 0)
const rules = (over: Partial<SplitRules>): SplitRules => ({ ...DEFAULT_SPLIT_RULES, ...over })
const order = (amountFen: number, referrer: string | null = null) => ({
  amountFen,
  circleId: 'c1',
  buyer: 'o_buyer',
  referrer,
  channel: 'wxpay' as const,
})

describe('splitting an order', () => {
  it('takes 3 % platform fee and 0.6 % WeChat Pay fee and leaves the rest to the owner', () => {
    expect(splitOrder(order(10_000), DEFAULT_SPLIT_RULES)).toEqual([
      { account: 'platform:fee', role: 'platform', amountFen: 300 },
      { account: 'channel:fee', role: 'channel', amountFen: 60 },
      { account: 'owner:c1', role: 'owner', amountFen: 9640 },
    ])
  })

  it('charges the virtual payment fee on virtual orders', () => {
    const shares = splitOrder({ ...order(10_000), channel: 'virtual' }, DEFAULT_SPLIT_RULES)
    expect(shares.find((s) => s.role === 'channel')?.amountFen).toBe(100)
  })

  it.each([1, 3, 7, 99, 99_999, 100_000_000])(
    'sums exactly to %i fen and gives the remainder to the owner',
    (amountFen) => {
      const r = rules({
        referrerBps: 333,
        partners: [
          { openid: 'p1', bps: 1 },
          { openid: 'p2', bps: 9 },
        ],
      })
      const shares = splitOrder(order(amountFen, 'o_ref'), r)
      expect(sum(shares)).toBe(amountFen)
      expect(shares.every((s) => Number.isSafeInteger(s.amountFen) && s.amountFen >= 0)).toBe(true)
      const owner = shares.find((s) => s.role === 'owner')!
      expect(owner.amountFen).toBeGreaterThanOrEqual(1)
      for (const s of shares.filter((x) => x.role !== 'owner')) expect(s.amountFen).toBeGreaterThan(0)
    },
  )

  it('floors every non-owner share: 99 999 fen at 333 bps is 3 329 fen, not 3 329.97', () => {
    const shares = splitOrder(order(99_999, 'o_ref'), rules({ referrerBps: 333 }))
    expect(shares.find((s) => s.role === 'referrer')?.amountFen).toBe(3329)
    expect(shares.find((s) => s.role === 'platform')?.amountFen).toBe(2999)
    expect(shares.find((s) => s.role === 'channel')?.amountFen).toBe(599)
    expect(shares.find((s) => s.role === 'owner')?.amountFen).toBe(99_999 - 3329 - 2999 - 599)
  })

  it('omits zero-fen shares but always names the owner: 1 fen goes wholly to the owner', () => {
    expect(splitOrder(order(1, 'o_ref'), rules({ referrerBps: 9000 }))).toEqual([
      { account: 'owner:c1', role: 'owner', amountFen: 1 },
    ])
  })

  it('handles 1 bps and 9 999 bps totals', () => {
    const tiny = splitOrder(
      order(10_000),
      rules({ platformFeeBps: 1, channelFeeBps: { wxpay: 0, virtual: 0, local: 0 } }),
    )
    expect(tiny).toEqual([
      { account: 'platform:fee', role: 'platform', amountFen: 1 },
      { account: 'owner:c1', role: 'owner', amountFen: 9999 },
    ])
    const huge = splitOrder(
      order(3),
      rules({ platformFeeBps: 9999, channelFeeBps: { wxpay: 0, virtual: 0, local: 0 } }),
    )
    expect(huge).toEqual([
      { account: 'platform:fee', role: 'platform', amountFen: 2 },
      { account: 'owner:c1', role: 'owner', amountFen: 1 },
    ])
  })

  it('pays the referrer their commission into their own account', () => {
    const shares = splitOrder(order(10_000, 'o_ref'), rules({ referrerBps: 1000 }))
    expect(shares).toContainEqual({ account: 'user:o_ref', role: 'referrer', amountFen: 1000 })
  })

  it('gives a self-referral nothing', () => {
    const shares = splitOrder({ ...order(10_000), referrer: 'o_buyer' }, rules({ referrerBps: 1000 }))
    expect(shares.some((s) => s.role === 'referrer')).toBe(false)
    expect(sum(shares)).toBe(10_000)
  })

  it('gives the owner no commission for referring to their own circle', () => {
    const shares = splitOrder({ ...order(10_000, 'o_owner'), ownerOpenid: 'o_owner' }, rules({ referrerBps: 1000 }))
    expect(shares.some((s) => s.role === 'referrer')).toBe(false)
  })

  it('pays each partner their percentage', () => {
    const shares = splitOrder(
      order(10_000),
      rules({
        partners: [
          { openid: 'p1', bps: 500 },
          { openid: 'p2', bps: 250 },
        ],
      }),
    )
    expect(shares.filter((s) => s.role === 'partner')).toEqual([
      { account: 'user:p1', role: 'partner', amountFen: 500 },
      { account: 'user:p2', role: 'partner', amountFen: 250 },
    ])
  })
})

describe('validating split rules', () => {
  const via = { viaProfitSharing: true }
  const paramOf = (fn: () => void) => {
    try {
      fn()
    } catch (e) {
      return (e as { code: string; param?: string }).code + ':' + (e as { param?: string }).param
    }
    return 'ok'
  }

  it('accepts the defaults', () => {
    expect(paramOf(() => validateSplitRules(DEFAULT_SPLIT_RULES, via))).toBe('ok')
  })

  it('refuses negative, fractional and out-of-range rates, naming the field', () => {
    expect(paramOf(() => validateSplitRules(rules({ referrerBps: -1 }), via))).toBe('invalid_split_rules:referrerBps')
    expect(paramOf(() => validateSplitRules(rules({ referrerBps: 2.5 }), via))).toBe('invalid_split_rules:referrerBps')
    expect(paramOf(() => validateSplitRules(rules({ platformFeeBps: 10_000 }), via))).toBe(
      'invalid_split_rules:platformFeeBps',
    )
    expect(
      paramOf(() => validateSplitRules(rules({ channelFeeBps: { wxpay: 60, virtual: NaN, local: 60 } }), via)),
    ).toBe('invalid_split_rules:channelFeeBps.virtual')
    expect(paramOf(() => validateSplitRules(rules({ partners: [{ openid: 'p1', bps: 0 }] }), via))).toBe(
      'invalid_split_rules:partners.0.bps',
    )
  })

  it('refuses the same partner twice', () => {
    const r = rules({
      partners: [
        { openid: 'p1', bps: 100 },
        { openid: 'p1', bps: 200 },
      ],
    })
    expect(paramOf(() => validateSplitRules(r, via))).toBe('invalid_split_rules:partners.1.openid')
  })

  it('refuses rules that leave the owner nothing (total ≥ 100 %)', () => {
    const r = rules({ referrerBps: 5000, partners: [{ openid: 'p1', bps: 4640 }] }) // + 300 + 100 (virtual) = 10 040
    expect(paramOf(() => validateSplitRules(r, { viaProfitSharing: false }))).toBe('invalid_split_rules:partners')
    const ok = rules({ referrerBps: 5000, partners: [{ openid: 'p1', bps: 4599 }] }) // 9 999
    expect(paramOf(() => validateSplitRules(ok, { viaProfitSharing: false }))).toBe('ok')
  })

  it('keeps referrer and partners within the 分账 cap (30 %) when shares go out by WeChat Pay', () => {
    const atCap = rules({ referrerBps: 1000, partners: [{ openid: 'p1', bps: 2000 }] })
    expect(paramOf(() => validateSplitRules(atCap, via))).toBe('ok')
    const over = rules({ referrerBps: 1000, partners: [{ openid: 'p1', bps: 2001 }] })
    expect(codeOf(() => validateSplitRules(over, via))).toBe('split_cap_exceeded')
    expect(paramOf(() => validateSplitRules(over, { viaProfitSharing: false }))).toBe('ok')
    expect(paramOf(() => validateSplitRules(over, { viaProfitSharing: true, capBps: 4000 }))).toBe('ok')
  })
})

describe('reversing shares for a partial refund', () => {
  const shares = (amountFen: number) =>
    splitOrder(order(amountFen, 'o_ref'), rules({ referrerBps: 333, partners: [{ openid: 'p1', bps: 1 }] }))

  it('takes back each share in proportion and puts the rounding on the owner', () => {
    const parts = proportionalSplit(shares(99_999), 33_333)
    expect(sum(parts)).toBe(33_333)
    expect(parts.find((p) => p.role === 'referrer')?.amountFen).toBe(Math.floor((3329 * 33_333) / 99_999))
  })

  it('is the exact shares when the whole amount is reversed', () => {
    expect(proportionalSplit(shares(99_999), 99_999)).toEqual(shares(99_999))
  })

  it.each([
    [3, 1],
    [3, 2],
    [99_999, 1],
    [99_999, 99_998],
    [100_000_000, 99_999_999],
  ])('sums exactly for %i fen refunding %i', (amountFen, partFen) => {
    const all = shares(amountFen)
    const parts = proportionalSplit(all, partFen)
    expect(sum(parts)).toBe(partFen)
    for (const p of parts) {
      const s = all.find((x) => x.account === p.account && x.role === p.role)!
      expect(p.amountFen).toBeGreaterThanOrEqual(0)
      expect(p.amountFen).toBeLessThanOrEqual(s.amountFen)
    }
  })

  it('never takes more from the owner than the owner holds, even when the owner share is tiny', () => {
    const tinyOwner: Share[] = [
      { account: 'user:a', role: 'partner', amountFen: 1 },
      { account: 'user:b', role: 'partner', amountFen: 1 },
      { account: 'owner:c1', role: 'owner', amountFen: 1 },
    ]
    const parts = proportionalSplit(tinyOwner, 2)
    expect(sum(parts)).toBe(2)
    expect(parts.find((p) => p.role === 'owner')?.amountFen).toBe(1)
  })
})
