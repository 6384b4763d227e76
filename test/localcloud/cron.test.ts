import { CronError, fireTimesBetween, nextFireTime, parseCron } from '../../localcloud/timers/cron'

const next = (expression: string, after: string) => nextFireTime(parseCron(expression), new Date(after))?.toISOString()

describe('7-field cron in UTC+8', () => {
  it('fires "0 0 2 * * * *" at 02:00 Shanghai, which is 18:00 UTC the day before', () => {
    expect(next('0 0 2 * * * *', '2025-03-10T00:00:00Z')).toBe('2025-03-10T18:00:00.000Z')
    expect(next('0 0 2 * * * *', '2025-03-10T18:00:00Z')).toBe('2025-03-11T18:00:00.000Z')
  })

  it('fires strictly after the given instant', () => {
    expect(next('0 0 2 * * * *', '2025-03-10T17:59:59.999Z')).toBe('2025-03-10T18:00:00.000Z')
  })

  it('understands steps, ranges, lists and start/step', () => {
    expect(next('*/5 * * * * * *', '2025-01-01T00:00:01Z')).toBe('2025-01-01T00:00:05.000Z')
    expect(next('0 1/10 * * * * *', '2025-01-01T00:02:00Z')).toBe('2025-01-01T00:11:00.000Z')
    expect(next('0 0 10,14,16 * * * *', '2025-01-01T03:00:00Z')).toBe('2025-01-01T06:00:00.000Z') // 14:00 +08
    expect(next('0 */30 9-17 * * * *', '2025-01-01T02:10:00Z')).toBe('2025-01-01T02:30:00.000Z') // 10:30 +08
  })

  it('keeps hour ranges inside the Shanghai day', () => {
    // 17:30 Shanghai is the last slot of 9-17 every half hour; the next is 09:00 the next day
    expect(next('0 */30 9-17 * * * *', '2025-01-01T09:31:00Z')).toBe('2025-01-02T01:00:00.000Z')
  })

  it('reads weekday names with 0 = Sunday', () => {
    // 2025-01-04 is a Saturday (Shanghai): MON-FRI 10:15 next fires on Monday 6th
    expect(next('0 15 10 * * MON-FRI *', '2025-01-03T03:00:00Z')).toBe('2025-01-06T02:15:00.000Z')
    expect(next('0 0 12 * * 0 *', '2025-01-01T00:00:00Z')).toBe('2025-01-05T04:00:00.000Z')
  })

  it('ORs day-of-month and day-of-week when both are restricted', () => {
    // the 15th, or any Monday: after Tue 2025-01-07 the next is Mon 13th, then Wed 15th
    expect(next('0 0 0 15 * MON *', '2025-01-07T00:00:00Z')).toBe('2025-01-12T16:00:00.000Z')
    expect(next('0 0 0 15 * MON *', '2025-01-12T16:00:00Z')).toBe('2025-01-14T16:00:00.000Z')
  })

  it('skips months without the day and honours the year field', () => {
    expect(next('0 0 0 31 * * *', '2025-04-01T00:00:00Z')).toBe('2025-05-30T16:00:00.000Z')
    expect(next('0 0 0 1 JAN * 2027', '2025-04-01T00:00:00Z')).toBe('2026-12-31T16:00:00.000Z')
    expect(next('0 0 0 1 1 * 2020', '2025-04-01T00:00:00Z')).toBeUndefined()
  })

  it('lists every occurrence in a window, oldest first', () => {
    const times = fireTimesBetween(
      parseCron('0 0 2 * * * *'),
      new Date('2025-03-10T00:00:00Z'),
      new Date('2025-03-13T00:00:00Z'),
    )
    expect(times.map((t) => t.toISOString())).toEqual([
      '2025-03-10T18:00:00.000Z',
      '2025-03-11T18:00:00.000Z',
      '2025-03-12T18:00:00.000Z',
    ])
  })

  it.each([
    ['0 0 2 * * *', /expected 7 fields/],
    ['0 0 24 * * * *', /hour value "24"/],
    ['0 0 2 0 * * *', /day value "0"/],
    ['0 0 2 * 13 * *', /month value "13"/],
    ['0 0 2 * * 7 *', /week value "7"/],
    ['0 */0 2 * * * *', /bad step/],
    ['0 5-1 * * * * *', /runs backwards/],
  ])('refuses "%s"', (expression, message) => {
    expect(() => parseCron(expression)).toThrow(CronError)
    expect(() => parseCron(expression)).toThrow(message)
  })
})
