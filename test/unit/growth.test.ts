/** The growth rules (core/growth.ts): newcomer progress and its reward, the paying-invitee count, milestones. */
import {
  DEFAULT_NEWCOMER,
  decideMilestone,
  decideNewcomerReward,
  newcomerProgress,
  payingInvitees,
  validateMilestones,
  validateNewcomer,
  type InviteOrderFact,
  type NewcomerSettings,
} from '@core/growth'
import { entryBlock } from '@core/lottery'

const settings: NewcomerSettings = {
  enabled: true,
  introTag: '自我介绍',
  checkin: true,
  guide: { title: '新人指南', body: '欢迎' },
  perkId: null,
  reward: { kind: 'points', points: 20 },
}
const none = { introPosted: false, checkedIn: false, guideRead: false, perkClaimed: false }
const all = { introPosted: true, checkedIn: true, guideRead: true, perkClaimed: true }

describe('newcomer tasks', () => {
  it('lists only the tasks the owner chose, each done from its fact', () => {
    expect(newcomerProgress(settings, { ...none, guideRead: true, perkClaimed: true })).toEqual([
      { key: 'intro', done: false },
      { key: 'checkin', done: false },
      { key: 'guide', done: true },
    ])
  })

  it('refuses an enabled checklist without tasks', () => {
    expect(() => validateNewcomer({ ...DEFAULT_NEWCOMER, enabled: true })).toThrow(
      expect.objectContaining({ code: 'growth_no_tasks' }),
    )
    expect(validateNewcomer(DEFAULT_NEWCOMER)).toEqual(DEFAULT_NEWCOMER)
  })

  it('gives the reward only when every task is done, and never after it was given', () => {
    expect(() => decideNewcomerReward(settings, { ...all, checkedIn: false }, null)).toThrow(
      expect.objectContaining({ code: 'growth_tasks_open' }),
    )
    expect(decideNewcomerReward(settings, all, null)).toEqual({ kind: 'points', points: 20 })
    const given = {
      _id: 'c:o',
      circleId: 'c',
      openid: 'o',
      guideReadAt: null,
      rewardedAt: new Date(),
      updatedAt: new Date(),
    }
    expect(() => decideNewcomerReward(settings, all, given)).toThrow(
      expect.objectContaining({ code: 'growth_already_rewarded' }),
    )
    expect(() => decideNewcomerReward({ ...settings, enabled: false }, all, null)).toThrow(
      expect.objectContaining({ code: 'growth_not_enabled' }),
    )
  })
})

describe('paying invitees', () => {
  const order = (buyer: string, extra: Partial<InviteOrderFact> = {}): InviteOrderFact => ({
    buyer,
    referrer: 'o_alice',
    kind: 'entry',
    status: 'paid',
    refunds: 0,
    ...extra,
  })

  it('counts distinct buyers of paid entries and passes, not oneself, not refunded, not other products', () => {
    const orders = [
      order('o_bob'),
      order('o_bob', { kind: 'pass' }),
      order('o_carol', { kind: 'pass' }),
      order('o_alice'),
      order('o_dave', { refunds: 1 }),
      order('o_erin', { status: 'refunded', refunds: 1 }),
      order('o_frank', { kind: 'course' }),
      order('o_gina', { referrer: 'o_someone' }),
      order('o_hana', { status: 'partially_refunded', refunds: 1 }),
    ]
    expect(payingInvitees('o_alice', orders)).toBe(2)
  })

  it('still counts a buyer whose other member order stands after one was refunded', () => {
    expect(payingInvitees('o_alice', [order('o_bob', { refunds: 1 }), order('o_bob', { kind: 'pass' })])).toBe(1)
  })
})

describe('milestones', () => {
  const ms = validateMilestones([
    { invitees: 5, reward: { kind: 'month' } },
    { invitees: 1, reward: { kind: 'coupon', amountFen: 1000 } },
  ])

  it('sorts milestones and refuses two with the same count', () => {
    expect(ms.map((m) => m.invitees)).toEqual([1, 5])
    expect(() => validateMilestones([...ms, { invitees: 5, reward: { kind: 'points', points: 1 } }])).toThrow(
      expect.objectContaining({ code: 'invalid_argument' }),
    )
  })

  it('rewards a milestone once it is reached, once', () => {
    expect(decideMilestone(ms, 1, 1, null)).toEqual({ kind: 'coupon', amountFen: 1000 })
    expect(() => decideMilestone(ms, 5, 4, null)).toThrow(
      expect.objectContaining({ code: 'growth_milestone_not_reached' }),
    )
    const done = { _id: 'x', circleId: 'c', openid: 'o', invitees: 1, reward: ms[0].reward, counted: 1, at: new Date() }
    expect(() => decideMilestone(ms, 1, 3, done)).toThrow(expect.objectContaining({ code: 'growth_already_rewarded' }))
    expect(() => decideMilestone(ms, 2, 3, null)).toThrow(expect.objectContaining({ code: 'not_found' }))
  })
})

describe('lottery entry conditions', () => {
  it('asks for check-in days first, then enough points', () => {
    const c = { minCheckinDays: 3, pointsCost: 50 }
    expect(entryBlock(c, { checkinDays: 2, points: 100 })).toBe('lottery_checkin_days')
    expect(entryBlock(c, { checkinDays: 3, points: 49 })).toBe('lottery_points_short')
    expect(entryBlock(c, { checkinDays: 3, points: 50 })).toBeNull()
  })
})
