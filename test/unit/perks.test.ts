import { cleanCodes, decideClaim, eligibilityText, ineligibility, type PerkRecord } from '@core/perks'
import { displayTitle, monthKey, pointEventId, thresholdTitle, validatePointsSettings } from '@core/points'
import { DEFAULT_SETTINGS } from '@core/settings'

const NOW = new Date('2026-11-23T12:00:00Z')
const DAY = 86_400_000
const perk = (over: Partial<PerkRecord> = {}): PerkRecord => ({
  _id: 'p1',
  circleId: 'c1',
  title: '福利',
  description: '',
  kind: 'codes',
  link: '',
  courseId: null,
  eligibility: { kind: 'all' },
  stock: 2,
  claimedCount: 0,
  status: 'active',
  createdBy: 'o_owner',
  createdAt: NOW,
  updatedAt: NOW,
  ...over,
})
const claimArgs = (p: PerkRecord, poolCode: string | null = 'CODE') => ({
  perk: p,
  existing: null,
  openid: 'o_a',
  user: { nickname: '阿', avatarUrl: '' },
  poolCode,
  offlineCode: 'OFF1',
  now: NOW,
})

describe('claiming a perk', () => {
  it('takes the pool code and counts the claim', () => {
    const { claim, claimedCount } = decideClaim(claimArgs(perk()))
    expect(claim).toMatchObject({ _id: 'p1:o_a', code: 'CODE' })
    expect(claimedCount).toBe(1)
  })

  it('refuses once the stock is gone, a second claim, an archived perk', () => {
    expect(() => decideClaim(claimArgs(perk({ claimedCount: 2 })))).toThrow(
      expect.objectContaining({ code: 'perk_out_of_stock' }),
    )
    expect(() => decideClaim(claimArgs(perk(), null))).toThrow(expect.objectContaining({ code: 'perk_out_of_stock' }))
    const first = decideClaim(claimArgs(perk())).claim
    expect(() => decideClaim({ ...claimArgs(perk()), existing: first })).toThrow(
      expect.objectContaining({ code: 'perk_already_claimed' }),
    )
    expect(() => decideClaim(claimArgs(perk({ status: 'archived' })))).toThrow(
      expect.objectContaining({ code: 'perk_unavailable' }),
    )
  })

  it('gives an on-site code for offline perks and nothing to show for links', () => {
    expect(decideClaim(claimArgs(perk({ kind: 'offline', stock: null }))).claim.code).toBe('OFF1')
    expect(decideClaim(claimArgs(perk({ kind: 'link', stock: null }))).claim.code).toBeNull()
  })

  it('counts tenure to the second', () => {
    const p = perk({ eligibility: { kind: 'tenure', minDays: 30 } })
    expect(ineligibility(p, { joinedAt: new Date(NOW.getTime() - 30 * DAY + 1000) }, false, NOW)).toBe(
      'perk_tenure_required',
    )
    expect(ineligibility(p, { joinedAt: new Date(NOW.getTime() - 30 * DAY) }, false, NOW)).toBeNull()
    expect(ineligibility(perk({ eligibility: { kind: 'pass' } }), { joinedAt: NOW }, false, NOW)).toBe(
      'perk_pass_required',
    )
    expect(ineligibility(perk({ eligibility: { kind: 'pass' } }), { joinedAt: NOW }, true, NOW)).toBeNull()
    expect(eligibilityText({ kind: 'tenure', minDays: 30 })).toBe('入圈满 30 天可领')
  })

  it('drops blank and repeated codes', () => {
    expect(cleanCodes([' a ', 'a', '', 'b'])).toEqual(['a', 'b'])
  })
})

describe('points and titles', () => {
  const titles = [
    { name: '活跃成员', minPoints: 50 },
    { name: '核心成员', minPoints: 200 },
  ]
  it('gives the highest title reached; a granted title wins', () => {
    expect(thresholdTitle(49, titles)).toBeNull()
    expect(thresholdTitle(50, titles)).toBe('活跃成员')
    expect(thresholdTitle(500, titles)).toBe('核心成员')
    expect(displayTitle(500, '年度之星', { ...DEFAULT_SETTINGS.points, titles })).toBe('年度之星')
  })

  it('keys months and events by Shanghai calendar and cause', () => {
    expect(monthKey(new Date('2026-11-30T15:59:59Z'))).toBe('202611')
    expect(monthKey(new Date('2026-11-30T16:00:00Z'))).toBe('202612')
    expect(pointEventId({ circleId: 'c', openid: 'o', reason: 'post', refId: 'p' })).toBe('c:post:p:o')
  })

  it('refuses repeated titles or thresholds and sorts the rest', () => {
    const ok = validatePointsSettings({ weights: DEFAULT_SETTINGS.points.weights, titles: [titles[1], titles[0]] })
    expect(ok.titles.map((t) => t.name)).toEqual(['活跃成员', '核心成员'])
    expect(() =>
      validatePointsSettings({
        weights: DEFAULT_SETTINGS.points.weights,
        titles: [titles[0], { name: '活跃成员', minPoints: 9 }],
      }),
    ).toThrow(expect.objectContaining({ param: 'titles' }))
    expect(() =>
      validatePointsSettings({ weights: { ...DEFAULT_SETTINGS.points.weights, post: 101 }, titles: [] }),
    ).toThrow(expect.objectContaining({ param: 'weights' }))
  })
})
