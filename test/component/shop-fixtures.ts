import type { Catalog, CourseView, OrderView } from '@core/contract'

export const HOUR = 3600_000

export function makeCatalog(over: Partial<Catalog> = {}): Catalog {
  return {
    circleId: 'c1',
    circleName: '人像摄影进阶',
    entry: {
      priceFen: 9900,
      markedPriceFen: 19900,
      perDayText: '约 0.27 元/天',
      term: { kind: 'rolling', days: 365 },
      termEndsAt: '2026-03-01T04:00:00.000Z',
      remainingDays: null,
      refundHours: 72,
      kind: 'entry',
      baseFen: 9900,
      tier: null,
    },
    pass: { priceFen: 29900, days: 365 },
    courses: [
      {
        id: 'k1',
        title: '布光入门',
        intro: '',
        coverUrl: '',
        priceFen: 4900,
        memberPriceFen: 3900,
        lessonCount: 8,
        freeLessonCount: 2,
        owned: false,
      },
    ],
    channel: 'virtual',
    sale: {
      entry: { purchasable: true, showPrice: true },
      pass: { purchasable: true, showPrice: true },
      course: { purchasable: true, showPrice: true },
    },
    member: null,
    standing: null,
    trial: null,
    coupons: [],
    ...over,
  }
}

export function makeOrder(over: Partial<OrderView> = {}): OrderView {
  return {
    id: 'o1',
    circleId: 'c1',
    circleName: '人像摄影进阶',
    product: { kind: 'entry', id: 'c1', title: '人像摄影进阶 · 入圈' },
    amountFen: 9900,
    status: 'pending',
    channel: 'local',
    createdAt: '2025-03-01T00:00:00.000Z',
    expiresAt: '2025-03-01T00:30:00.000Z',
    paidAt: null,
    canRefund: false,
    refundableUntil: null,
    refundableFen: 0,
    refundNote: null,
    refunding: false,
    ownerRefundableFen: 0,
    refundedFen: 0,
    giftCode: null,
    giftRedeemed: false,
    buyer: null,
    sale: { purchasable: true, showPrice: true },
    ...over,
  }
}

/** A paid order still inside its refund window, as seen at `now`. */
export function paidOrder(now: number, over: Partial<OrderView> = {}): OrderView {
  return makeOrder({
    status: 'paid',
    createdAt: new Date(now - HOUR).toISOString(),
    expiresAt: new Date(now - HOUR + 30 * 60_000).toISOString(),
    paidAt: new Date(now - HOUR).toISOString(),
    canRefund: true,
    refundableUntil: new Date(now + 71 * HOUR).toISOString(),
    refundableFen: over.amountFen ?? 9900,
    ...over,
  })
}

export function makeCourse(over: Partial<CourseView> = {}): CourseView {
  return {
    id: 'k1',
    circleId: 'c1',
    sale: { purchasable: true, showPrice: true },
    title: '布光入门',
    intro: '从一盏灯开始',
    coverUrl: '',
    priceFen: 4900,
    memberPriceFen: 3900,
    lessonCount: 2,
    freeLessonCount: 1,
    owned: false,
    memberDiscountBps: 2040,
    lessons: [
      {
        id: 'l1',
        title: '认识光比',
        free: true,
        locked: false,
        body: '光比是主光与辅光之比',
        images: ['cloud://env/uploads/a.jpg'],
        videoUrl: '',
      },
      { id: 'l2', title: '三灯布光', free: false, locked: true, body: '', images: [], videoUrl: '' },
    ],
    ...over,
  }
}

/** What an iPhone without iOS virtual payment is told of every virtual good. */
export const NOT_SOLD = { purchasable: false, showPrice: false }
export const IOS_CATALOG_SALE = { entry: NOT_SOLD, pass: NOT_SOLD, course: NOT_SOLD }
