import { DomainError } from '@core/errors'
import { DEFAULT_SPLIT_RULES, newOrder, type OrderRecord, type SplitRules } from '@core/money'

export const T0 = new Date('2026-11-23T02:00:00Z') // 10:00 in Shanghai
export const HOUR = 3_600_000

export function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (e) {
    if (e instanceof DomainError) return e.code
    throw e
  }
  return undefined
}

export function anOrder(
  over: Partial<{
    amountFen: number
    kind: OrderRecord['product']['kind']
    referrer: string | null
    rules: SplitRules
    id: string
  }> = {},
): OrderRecord {
  return newOrder({
    id: over.id ?? 'QZ20261123100000abcdef0123456789',
    buyer: 'o_buyer',
    circleId: 'c1',
    circleName: '晨读会',
    product: { kind: over.kind ?? 'entry', id: 'c1', title: '晨读会' },
    priceBreakdown: { baseFen: over.amountFen ?? 9900, discountFen: 0, discount: null },
    termDays: 365,
    splitRules: over.rules ?? DEFAULT_SPLIT_RULES,
    channel: 'wxpay',
    referrer: over.referrer ?? null,
    now: T0,
  })
}
