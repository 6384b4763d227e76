import { accessAt } from '@core/access'
import { mentionTokens } from '@core/mentions'
import type { MembershipRecord } from '@core/records'
import {
  classifyExpiring,
  daysLeft,
  dueReminder,
  expiredNotice,
  expiringWindow,
  isDueForExpiry,
  reminderKey,
  renewalMessageData,
} from '@core/term'

const DAY = 86_400_000
const end = new Date('2026-12-01T00:00:00+08:00')
const base: MembershipRecord = {
  _id: 'c1:o_a',
  circleId: 'c1',
  openid: 'o_a',
  role: 'member',
  status: 'active',
  user: { nickname: '小艾', avatarUrl: '' },
  joinedAt: new Date('2025-12-01T00:00:00+08:00'),
  expiresAt: end,
  updatedAt: new Date('2025-12-01T00:00:00+08:00'),
}
const at = (msBeforeEnd: number) => new Date(end.getTime() - msBeforeEnd)

describe('access at the second boundary', () => {
  it('is full one second before expiresAt and gone at it, whatever the timer did', () => {
    expect(accessAt(base, {}, at(1000))).toMatchObject({ state: 'active', role: 'member', readRole: 'member' })
    expect(accessAt(base, {}, at(0))).toMatchObject({ state: 'expired', role: null, readRole: null })
    expect(accessAt(base, {}, at(-1000))).toMatchObject({ state: 'expired', role: null, readRole: null })
  })

  it('reads only during the grace days, then locks', () => {
    const circle = {
      settings: {
        renewal: {
          beforeExpiryBps: 10000,
          within30DaysBps: 10000,
          laterBps: 10000,
          graceDays: 3,
          reminderDays: [7, 3, 1],
        },
      },
    }
    expect(accessAt(base, circle, at(-1000))).toMatchObject({ state: 'grace', role: null, readRole: 'member' })
    expect(accessAt({ ...base, status: 'expired' }, circle, at(-3 * DAY + 1000))).toMatchObject({
      state: 'grace',
      readRole: 'member',
    })
    expect(accessAt({ ...base, status: 'expired' }, circle, at(-3 * DAY))).toMatchObject({
      state: 'expired',
      readRole: null,
    })
  })
})

describe('reminders', () => {
  it('is due once the threshold is crossed, not a second before', () => {
    expect(dueReminder(base, [7, 3, 1], at(7 * DAY + 1000))).toBeNull()
    expect(dueReminder(base, [7, 3, 1], at(7 * DAY))).toEqual({ daysBefore: 7, keys: [reminderKey(end, 7)] })
  })

  it('sends each threshold once per term', () => {
    const sent7 = { ...base, remindersSent: [reminderKey(end, 7)] }
    expect(dueReminder(sent7, [7, 3, 1], at(5 * DAY))).toBeNull()
    expect(dueReminder(sent7, [7, 3, 1], at(3 * DAY))).toEqual({ daysBefore: 3, keys: [reminderKey(end, 3)] })
    // renewed: a new expiresAt is a new term, so its reminders are new keys
    const renewed = { ...sent7, expiresAt: new Date(end.getTime() + 365 * DAY) }
    expect(dueReminder(renewed, [7, 3, 1], new Date(renewed.expiresAt.getTime() - 6 * DAY))).toEqual({
      daysBefore: 7,
      keys: [reminderKey(renewed.expiresAt, 7)],
    })
  })

  it('sends only the most imminent of several thresholds crossed at once, and marks the others', () => {
    expect(dueReminder(base, [7, 3, 1], at(2 * DAY))).toEqual({
      daysBefore: 3,
      keys: [reminderKey(end, 3), reminderKey(end, 7)],
    })
  })

  it('sends nothing after expiry, for endless or ended memberships, or with no reminder days', () => {
    expect(dueReminder(base, [7, 3, 1], at(0))).toBeNull()
    expect(dueReminder({ ...base, expiresAt: null }, [7], at(DAY))).toBeNull()
    expect(dueReminder({ ...base, status: 'left' }, [7], at(DAY))).toBeNull()
    expect(dueReminder(base, [], at(DAY))).toBeNull()
    expect(dueReminder(base, [0, 45, -1], at(DAY))).toBeNull()
  })

  it('counts days left as a person does, across Asia/Shanghai midnight', () => {
    expect(daysLeft(end, at(2.1 * DAY))).toBe(3)
    expect(daysLeft(end, at(1000))).toBe(1)
    expect(daysLeft(end, at(-1000))).toBe(0)
    // 23:59:59 Shanghai the evening before: the date shown is still the day of expiry
    expect(expiredNotice(base, '晨读会', 0).body).toContain('2026年12月1日')
    const lateEvening = { ...base, expiresAt: new Date('2026-11-30T23:59:59+08:00') }
    expect(expiredNotice(lateEvening, '晨读会', 2).body).toContain('2026年11月30日')
    expect(expiredNotice(lateEvening, '晨读会', 2).body).toContain('2 天内仍可只读浏览')
  })

  it('fits WeChat subscription-message fields', () => {
    const data = renewalMessageData('一个名字非常非常非常非常非常非常长的圈子名称啊', end, at(3 * DAY))
    expect([...data.thing1.value].length).toBeLessThanOrEqual(20)
    expect([...data.thing3.value].length).toBeLessThanOrEqual(20)
    expect(data.date2.value).toBe('2026年12月1日')
  })
})

describe('the expiry sweep rule', () => {
  it('is due at expiresAt, to the second', () => {
    expect(isDueForExpiry(base, at(1000))).toBe(false)
    expect(isDueForExpiry(base, at(0))).toBe(true)
    expect(isDueForExpiry({ ...base, status: 'expired' }, at(-DAY))).toBe(false)
    expect(isDueForExpiry({ ...base, expiresAt: null }, at(-DAY))).toBe(false)
  })
})

describe("the owner's expiring list", () => {
  const now = new Date('2026-11-25T12:00:00+08:00')
  const w7 = expiringWindow(7, now)

  it('lists a term ending inside the window as not renewed, lapsed or not', () => {
    expect(classifyExpiring(base, w7)).toBe('pending')
    expect(classifyExpiring({ ...base, status: 'expired', expiresAt: new Date(now.getTime() - 2 * DAY) }, w7)).toBe(
      'pending',
    )
    expect(classifyExpiring({ ...base, expiresAt: new Date(now.getTime() + 8 * DAY) }, w7)).toBeNull()
  })

  it('lists a member who was due in the window and now ends after it as renewed', () => {
    const renewed = { ...base, dueAt: end, expiresAt: new Date(end.getTime() + 365 * DAY) }
    expect(classifyExpiring(renewed, w7)).toBe('renewed')
    // renewed only for a short term that ends inside the window again: still to renew
    expect(classifyExpiring({ ...renewed, expiresAt: new Date(end.getTime() + DAY) }, w7)).toBe('pending')
    expect(classifyExpiring({ ...renewed, status: 'left' }, w7)).toBeNull()
  })
})

describe('mentions', () => {
  it('takes @nicknames up to whitespace or punctuation, each once', () => {
    expect(mentionTokens('@小艾 你看 @王一鸣，还有 @小艾')).toEqual(['小艾', '王一鸣'])
    expect(mentionTokens('邮箱 a@b 不算？@ 也不算')).toEqual(['b'])
    expect(mentionTokens('没有提到任何人')).toEqual([])
  })
})
