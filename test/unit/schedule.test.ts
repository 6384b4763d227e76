import { calendarOf, canSeeScheduled, monthSpan, publishMinute, type ScheduledPostRecord } from '@core/schedule'

const NOW = new Date('2026-12-07T03:20:30.000Z') // 11:20:30 in Shanghai
const DAY = 86_400_000

const record = (over: Partial<ScheduledPostRecord>): ScheduledPostRecord => ({
  _id: 's1',
  circleId: 'c1',
  authorId: 'o_admin',
  author: { nickname: '管理员', avatarUrl: '', role: 'admin' },
  text: '定时',
  images: [],
  status: 'scheduled',
  publishAt: new Date('2026-12-08T15:30:00.000Z'),
  postId: null,
  failReason: null,
  createdAt: NOW,
  updatedAt: NOW,
  publishedAt: null,
  ...over,
})

describe('scheduling a post', () => {
  it('publishes at the minute asked for, after now and at most 14 days ahead', () => {
    expect(publishMinute('2026-12-07T11:21:59+08:00', NOW)).toEqual(new Date('2026-12-07T03:21:00.000Z'))
    expect(() => publishMinute('2026-12-07T11:20:59+08:00', NOW)).toThrow(
      expect.objectContaining({ code: 'schedule_too_soon' }),
    )
    expect(publishMinute(new Date(NOW.getTime() + 14 * DAY).toISOString(), NOW)).toEqual(
      new Date(Math.floor((NOW.getTime() + 14 * DAY) / 60_000) * 60_000),
    )
    expect(() => publishMinute(new Date(NOW.getTime() + 14 * DAY + 60_000).toISOString(), NOW)).toThrow(
      expect.objectContaining({ code: 'schedule_too_far' }),
    )
    expect(publishMinute(null, NOW)).toBeNull()
  })

  it('shows a draft to its author only and a scheduled post to the team', () => {
    expect(canSeeScheduled(record({ status: 'draft' }), 'o_admin', 'admin')).toBe(true)
    expect(canSeeScheduled(record({ status: 'draft' }), 'o_owner', 'owner')).toBe(false)
    expect(canSeeScheduled(record({}), 'o_owner', 'owner')).toBe(true)
    expect(canSeeScheduled(record({}), 'o_member', 'member')).toBe(false)
  })

  it('lays a month out in Shanghai days, a 23:30 post on its Shanghai day', () => {
    const { start, end } = monthSpan('202612')
    expect(start.toISOString()).toBe('2026-11-30T16:00:00.000Z')
    expect(end.toISOString()).toBe('2026-12-31T16:00:00.000Z')
    const cal = calendarOf('202612', [record({ _id: 'late' })], { '2026-12-08': 3 })
    expect(cal.days).toHaveLength(31)
    expect([cal.days[0].day, cal.days[30].day]).toEqual(['2026-12-01', '2026-12-31'])
    expect(calendarOf('202702', [], {}).days).toHaveLength(28)
    const day = cal.days.find((d) => d.day === '2026-12-08')!
    expect(day.scheduled.map((s) => s.id)).toEqual(['late'])
    expect(day.publishedCount).toBe(3)
    expect(() => monthSpan('202613')).toThrow(expect.objectContaining({ code: 'invalid_argument' }))
  })
})
