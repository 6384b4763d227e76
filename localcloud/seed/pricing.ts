/**
 * Demo of term and price options (pricing) in 人像摄影进阶 (paid, 苏念): renewal price tiers
 * (提前 9 折 / 宽限期 8 折 / 回归 7 折), a 7-day free trial, 3 days of read-only grace, reminders
 * 7/3/1 days before expiry, three coupons (one listed for newcomers, one for renewals, one
 * unlisted code for the course). All through the real functions. (No seeded trial: the demo
 * circles keep their member counts; anyone new may start one from the buy page.)
 */
import type { SeedContext } from './context'

const DAY_MS = 86_400_000

export async function seedPricing({ call, at, openidOf, circleId }: SeedContext): Promise<void> {
  const photo = circleId('photo')
  const su = openidOf('su')
  at(6, 21, 10)
  await call(
    'shop',
    'setTerms',
    {
      circleId: photo,
      trialDays: 7,
      renewal: { beforeExpiryBps: 9000, within30DaysBps: 8000, laterBps: 7000, graceDays: 3, reminderDays: [7, 3, 1] },
    },
    su,
  )
  const from = new Date(Date.now() - 10 * DAY_MS).toISOString()
  const until = new Date(Date.now() + 60 * DAY_MS).toISOString()
  await call(
    'shop',
    'createCoupon',
    {
      circleId: photo,
      couponCode: 'XINREN20',
      title: '新人立减',
      couponKind: 'fixed',
      amountFen: 2000,
      couponLimit: 100,
      validFrom: from,
      validUntil: until,
      couponScopes: ['entry'],
      listed: true,
    },
    su,
  )
  await call(
    'shop',
    'createCoupon',
    {
      circleId: photo,
      couponCode: 'LAOYOU85',
      title: '老朋友续费',
      couponKind: 'percent',
      offBps: 1500,
      couponLimit: 50,
      validFrom: from,
      validUntil: until,
      couponScopes: ['renewal'],
      listed: true,
    },
    su,
  )
  await call(
    'shop',
    'createCoupon',
    {
      circleId: photo,
      couponCode: 'BUGUANG10',
      title: '布光课专享',
      couponKind: 'fixed',
      amountFen: 1000,
      couponLimit: 30,
      validFrom: from,
      validUntil: until,
      couponScopes: ['course'],
      listed: false,
    },
    su,
  )
}
