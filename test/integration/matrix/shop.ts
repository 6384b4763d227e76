/**
 * shop: buying needs only a session (the blacklisted may not buy entry or start a trial); the
 * circle's money and settings follow the matrix; one's own orders are found only by their buyer.
 */
import { matrixFor } from './_kit'

const entry = { priceFen: 9900, markedPriceFen: null, term: { kind: 'rolling', days: 365 } }

export default matrixFor('shop', {
  catalog: { need: 'public', input: (k) => ({ circleId: k.paidCircleId }) },
  order: {
    need: 'signedIn',
    input: (k) => ({ circleId: k.paidCircleId, product: { kind: 'entry' }, platform: 'h5' }),
    expect: { blacklisted: 'blacklisted' },
  },
  quote: {
    need: 'signedIn',
    input: (k) => ({ circleId: k.paidCircleId, product: { kind: 'entry' }, couponCode: 'MATRIX10' }),
  },
  startTrial: {
    need: 'signedIn',
    input: (k) => ({ circleId: k.paidCircleId }),
    expect: { blacklisted: 'blacklisted' },
  },
  coupons: { need: 'circle.settings', input: (k) => ({ circleId: k.paidCircleId }) },
  createCoupon: {
    need: 'circle.settings',
    input: (k) => ({
      circleId: k.paidCircleId,
      couponCode: `M${Date.now().toString(36).toUpperCase().slice(-8)}`,
      title: '新人立减',
      couponKind: 'fixed',
      amountFen: 500,
      couponLimit: 10,
      validFrom: new Date(k.now.getTime() - 60_000).toISOString(),
      validUntil: new Date(k.now.getTime() + 7 * 86_400_000).toISOString(),
      couponScopes: ['entry'],
    }),
  },
  disableCoupon: { need: 'circle.settings', input: (k) => ({ couponId: k.couponId }) },
  terms: { need: 'circle.settings', input: (k) => ({ circleId: k.paidCircleId }) },
  setTerms: { need: 'circle.settings', input: (k) => ({ circleId: k.paidCircleId, trialDays: 3 }) },
  // the target's order: everyone else is told it does not exist
  pay: { need: 'signedIn', input: (k) => ({ orderId: k.paidOrderId }) },
  confirm: { need: 'signedIn', input: (k) => ({ orderId: k.paidOrderId }) },
  getOrder: { need: 'signedIn', input: (k) => ({ orderId: k.paidOrderId }) },
  orders: { need: 'signedIn', input: () => ({}) },
  refund: { need: 'signedIn', input: (k) => ({ orderId: k.paidOrderId }) },
  ownerRefund: { need: 'circle.refund', input: (k) => ({ orderId: k.paidOrderId, reason: '矩阵测试退款' }) },
  circleOrders: { need: 'circle.seeIncome', input: (k) => ({ circleId: k.paidCircleId }) },
  redeem: { need: 'signedIn', input: () => ({ code: 'NOGIFT1234' }) },
  course: { need: 'public', input: (k) => ({ courseId: k.courseId }) },
  setPricing: { need: 'circle.edit', input: (k) => ({ circleId: k.paidCircleId, entry }) },
  saveCourse: {
    need: 'circle.edit',
    input: (k) => ({
      circleId: k.paidCircleId,
      title: '新课程',
      priceFen: 990,
      lessons: [{ title: '第一课', body: '内容', free: false }],
    }),
  },
})
