/** When an approved applicant is reminded to pay (core/entry.ts payReminderDue). */
import { payReminderDue } from '@core/entry'

const HOUR = 3600_000
const T0 = new Date('2026-12-01T02:00:00Z')
const at = (h: number) => new Date(T0.getTime() + h * HOUR)
const approved = (windowHours: number, over: Record<string, unknown> = {}) => ({
  status: 'approved' as const,
  decidedAt: T0,
  payBy: at(windowHours),
  round: 1,
  ...over,
})

describe('the pay-window reminder rule', () => {
  it('is due from 24 hours before the window closes until it closes', () => {
    expect(payReminderDue(approved(72), false, at(47.99))).toBe(false)
    expect(payReminderDue(approved(72), false, at(48))).toBe(true)
    expect(payReminderDue(approved(72), false, at(71.99))).toBe(true)
    expect(payReminderDue(approved(72), false, at(72))).toBe(false)
  })

  it('comes half-way through a window shorter than 48 hours', () => {
    expect(payReminderDue(approved(6), false, at(2.9))).toBe(false)
    expect(payReminderDue(approved(6), false, at(3))).toBe(true)
  })

  it('is not due once sent for this round, once paid, or for an application that is not approved', () => {
    expect(payReminderDue(approved(72, { payRemindedRound: 1 }), false, at(50))).toBe(false)
    expect(payReminderDue(approved(72, { payRemindedRound: 1, round: 2 }), false, at(50))).toBe(true)
    expect(payReminderDue(approved(72), true, at(50))).toBe(false)
    expect(payReminderDue(approved(72, { status: 'pending' }), false, at(50))).toBe(false)
    expect(payReminderDue(approved(72, { payBy: null }), false, at(50))).toBe(false)
  })
})
