/** The event rules (core/event.ts): seats, the waitlist, cancellation and refunds, the door, CSV. */
import { inputs } from '@core/contract'
import {
  CSV_BOM,
  assertCanPay,
  csvCell,
  decideCancel,
  decideCheckIn,
  decideHoldExpiry,
  decidePromotion,
  decideSignUp,
  decideTicketPaid,
  editEvent,
  eventPhase,
  newEvent,
  refundFenFor,
  signupsCsv,
  validateAnswers,
  type EventFields,
  type EventRecord,
  type SignupRecord,
} from '@core/event'
import { decideTicketRefund, newOrder, DEFAULT_SPLIT_RULES } from '@core/money'

const HOUR = 3600_000
const NOW = new Date('2026-11-23T02:00:00Z')
const at = (ms: number) => new Date(NOW.getTime() + ms)

function fields(extra: Partial<EventFields> = {}): EventFields {
  return {
    title: '读书会线下见面',
    description: '',
    startAt: at(72 * HOUR),
    endAt: at(75 * HOUR),
    place: { kind: 'offline', address: '上海市徐汇区漕溪北路 1 号' },
    capacity: 2,
    priceFen: 0,
    audience: 'members',
    form: {
      name: true,
      phone: false,
      fields: [{ id: 'q1', label: '从哪里得知', kind: 'choice', options: ['朋友', '公众号'], required: true }],
    },
    signupDeadline: at(48 * HOUR),
    cancelDeadline: at(24 * HOUR),
    refundPct: 50,
    waitlist: true,
    ...extra,
  }
}

const event = (extra: Partial<EventFields> = {}, counters: Partial<EventRecord> = {}): EventRecord => ({
  ...newEvent(fields(extra), { id: 'ev1', circleId: 'c1', createdBy: 'o_owner', now: NOW }),
  ...counters,
})

const user = { nickname: '小明', avatarUrl: '' }
const ans = { name: '小明', phone: '', fields: { q1: '朋友' } }

function signUp(e: EventRecord, openid = 'o_a', existing: SignupRecord | null = null, now = NOW) {
  return decideSignUp({
    event: e,
    existing,
    openid,
    user,
    answers: ans,
    order: e.priceFen ? { id: 'QZ1', expiresAt: at(30 * 60_000) } : null,
    now,
  })
}

describe('creating and editing', () => {
  it('refuses times that do not fit together, naming the field', () => {
    expect(() =>
      newEvent(fields({ endAt: at(72 * HOUR) }), { id: 'x', circleId: 'c', createdBy: 'o', now: NOW }),
    ).toThrow(expect.objectContaining({ param: 'endAt' }))
    expect(() =>
      newEvent(fields({ signupDeadline: at(73 * HOUR) }), { id: 'x', circleId: 'c', createdBy: 'o', now: NOW }),
    ).toThrow(expect.objectContaining({ param: 'signupDeadline' }))
    expect(() =>
      newEvent(fields({ startAt: at(-HOUR), endAt: at(HOUR), signupDeadline: at(-HOUR), cancelDeadline: at(-HOUR) }), {
        id: 'x',
        circleId: 'c',
        createdBy: 'o',
        now: NOW,
      }),
    ).toThrow(expect.objectContaining({ param: 'startAt' }))
    const dup = fields({
      form: {
        name: true,
        phone: true,
        fields: [
          { id: 'a', label: 'A', kind: 'text', options: [], required: false },
          { id: 'a', label: 'B', kind: 'text', options: [], required: false },
        ],
      },
    })
    expect(() => newEvent(dup, { id: 'x', circleId: 'c', createdBy: 'o', now: NOW })).toThrow(
      expect.objectContaining({ param: 'form.fields.1.id' }),
    )
  })

  it('keeps the capacity above the seats taken and the price once anyone signed up', () => {
    const e = event({}, { seatsTaken: 2 })
    expect(() => editEvent(e, fields({ capacity: 1 }), NOW)).toThrow(
      expect.objectContaining({ code: 'event_capacity_too_small' }),
    )
    expect(() => editEvent(e, fields({ priceFen: 100 }), NOW)).toThrow(
      expect.objectContaining({ code: 'event_price_locked' }),
    )
    expect(editEvent(event({}, { waitlistCount: 1, seatsTaken: 2 }), fields({ capacity: 3 }), NOW).fillPending).toBe(
      true,
    )
    expect(() => editEvent(e, fields(), at(75 * HOUR))).toThrow(expect.objectContaining({ code: 'event_ended' }))
  })

  it('reads the phase from the clock', () => {
    const e = event()
    expect([NOW, at(48 * HOUR), at(72 * HOUR), at(75 * HOUR)].map((t) => eventPhase(e, t))).toEqual([
      'open',
      'closed',
      'started',
      'ended',
    ])
  })

  it('gives the save schema sensible defaults: members only, 100 % refund, a waitlist, name and phone asked', () => {
    const parsed = inputs.event.save.parse({
      circleId: 'c1',
      title: '见面会',
      startAt: '2026-12-01T10:00:00+08:00',
      endAt: '2026-12-01T12:00:00+08:00',
      place: { kind: 'offline', address: '上海' },
      capacity: 10,
      priceFen: 0,
    })
    expect(parsed).toMatchObject({
      audience: 'members',
      refundPct: 100,
      waitlist: true,
      form: { name: true, phone: true, fields: [] },
    })
    expect(inputs.event.save.safeParse({ ...parsed, refundPct: 101 }).success).toBe(false)
    expect(
      inputs.event.save.safeParse({ ...parsed, place: { kind: 'online', link: 'javascript:alert(1)' } }).success,
    ).toBe(false)
  })
})

describe('answers', () => {
  const form = {
    name: true,
    phone: true,
    fields: [
      { id: 'size', label: '尺码', kind: 'choice' as const, options: ['S', 'M'], required: true },
      { id: 'note', label: '备注', kind: 'text' as const, options: [], required: false },
    ],
  }

  it('accepts a complete form and trims what it keeps', () => {
    expect(
      validateAnswers(form, { contactName: ' 张三 ', contactPhone: '13912345678', answers: { size: 'S', note: '' } }),
    ).toEqual({ name: '张三', phone: '13912345678', fields: { size: 'S' } })
  })

  it('names the field that is missing, not an option, unknown or not asked', () => {
    const ok = { contactName: '张三', contactPhone: '13912345678' }
    expect(() => validateAnswers(form, { ...ok, answers: {} })).toThrow(
      expect.objectContaining({ code: 'invalid_argument', param: 'answers.size' }),
    )
    expect(() => validateAnswers(form, { ...ok, answers: { size: 'XL' } })).toThrow(
      expect.objectContaining({ param: 'answers.size' }),
    )
    expect(() => validateAnswers(form, { ...ok, answers: { size: 'S', age: '3' } })).toThrow(
      expect.objectContaining({ param: 'answers.age' }),
    )
    expect(() => validateAnswers(form, { contactName: '张三', contactPhone: '110', answers: { size: 'S' } })).toThrow(
      expect.objectContaining({ param: 'contactPhone' }),
    )
    expect(() => validateAnswers({ ...form, phone: false }, { ...ok, answers: { size: 'S' } })).toThrow(
      expect.objectContaining({ param: 'contactPhone' }),
    )
  })
})

describe('seats and the waitlist', () => {
  it('confirms a free seat, holds a paid one until its order closes, then waitlists or refuses', () => {
    expect(signUp(event())).toMatchObject({
      signup: { status: 'confirmed', _id: 'ev1:o_a', round: 1 },
      seatDelta: 1,
      waitlistDelta: 0,
    })
    expect(signUp(event({ priceFen: 1000 }))).toMatchObject({
      signup: { status: 'held', orderId: 'QZ1', payBy: at(30 * 60_000) },
      seatDelta: 1,
    })
    expect(signUp(event({}, { seatsTaken: 2 }))).toMatchObject({
      signup: { status: 'waitlisted' },
      seatDelta: 0,
      waitlistDelta: 1,
    })
    expect(() => signUp(event({ waitlist: false }, { seatsTaken: 2 }))).toThrow(
      expect.objectContaining({ code: 'event_full' }),
    )
    expect(() => signUp(event(), 'o_a', null, at(48 * HOUR))).toThrow(
      expect.objectContaining({ code: 'event_signup_closed' }),
    )
  })

  it('refuses a second active signup and starts a new round after a cancellation', () => {
    const first = signUp(event()).signup
    expect(() => signUp(event(), 'o_a', first)).toThrow(expect.objectContaining({ code: 'event_already_signed_up' }))
    const again = signUp(event(), 'o_a', { ...first, status: 'cancelled' }, at(HOUR)).signup
    expect(again).toMatchObject({ status: 'confirmed', round: 2, createdAt: at(HOUR) })
  })

  it('promotes a waiting person: confirmed for free events, 24 h to pay (never past the start) for paid ones', () => {
    const waiting = signUp(event({}, { seatsTaken: 2 })).signup
    expect(decidePromotion(event({}, { seatsTaken: 1 }), waiting, NOW)).toMatchObject({
      status: 'confirmed',
      promotedAt: NOW,
    })
    expect(decidePromotion(event({}, { seatsTaken: 2 }), waiting, NOW)).toBeNull()
    const paid = event({ priceFen: 500 }, { seatsTaken: 1 })
    expect(decidePromotion(paid, waiting, NOW)).toMatchObject({ status: 'held', orderId: null, payBy: at(24 * HOUR) })
    expect(decidePromotion(paid, waiting, at(60 * HOUR))).toMatchObject({ payBy: at(72 * HOUR) })
    expect(decidePromotion(paid, waiting, at(72 * HOUR))).toBeNull()
  })

  it('lets a held seat go only when its time ran out and no order is pending or paid', () => {
    const held = signUp(event({ priceFen: 1000 })).signup
    expect(decideHoldExpiry(held, 'pending', at(HOUR))).toBeNull()
    expect(decideHoldExpiry(held, 'paid', at(HOUR))).toBeNull()
    expect(decideHoldExpiry(held, 'closed', at(29 * 60_000))).toBeNull()
    expect(decideHoldExpiry(held, 'closed', at(30 * 60_000))).toMatchObject({ status: 'expired' })
    expect(() => assertCanPay(held, at(30 * 60_000))).toThrow(
      expect.objectContaining({ code: 'event_payment_window_passed' }),
    )
  })

  it('confirms a held seat only for the order that holds it', () => {
    const held = signUp(event({ priceFen: 1000 })).signup
    expect(decideTicketPaid(held, { _id: 'QZ1', amountFen: 1000 }, NOW)).toMatchObject({
      status: 'confirmed',
      paidFen: 1000,
      payBy: null,
    })
    expect(decideTicketPaid(held, { _id: 'QZ2', amountFen: 1000 }, NOW)).toBeNull()
    expect(decideTicketPaid({ ...held, status: 'expired' }, { _id: 'QZ1', amountFen: 1000 }, NOW)).toBeNull()
  })
})

describe('cancelling', () => {
  const paidEvent = event({ priceFen: 9999, refundPct: 33 })
  const confirmed: SignupRecord = { ...signUp(paidEvent).signup, status: 'confirmed', paidFen: 9999 }

  it('rounds the refund down to the fen', () => {
    expect(refundFenFor(9999, 33)).toBe(3299)
    expect(refundFenFor(1, 99)).toBe(0)
    expect(refundFenFor(12345, 100)).toBe(12345)
    expect(refundFenFor(12345, 0)).toBe(0)
  })

  it('refunds the percentage one second before the deadline and refuses at and after it', () => {
    expect(decideCancel(paidEvent, confirmed, at(24 * HOUR - 1000))).toMatchObject({
      refundFen: 3299,
      seatDelta: -1,
      signup: { status: 'cancelled', refundFen: 3299 },
    })
    expect(() => decideCancel(paidEvent, confirmed, at(24 * HOUR))).toThrow(
      expect.objectContaining({ code: 'event_cancel_closed' }),
    )
    expect(() => decideCancel(paidEvent, confirmed, at(24 * HOUR + 1000))).toThrow(
      expect.objectContaining({ code: 'event_cancel_closed' }),
    )
  })

  it('lets the waitlisted and the unpaid leave any time, and never a checked-in ticket', () => {
    expect(decideCancel(paidEvent, { ...confirmed, status: 'waitlisted' }, at(70 * HOUR))).toMatchObject({
      seatDelta: 0,
      waitlistDelta: -1,
      refundFen: 0,
    })
    expect(decideCancel(paidEvent, { ...confirmed, status: 'held' }, at(70 * HOUR))).toMatchObject({
      seatDelta: -1,
      refundFen: 0,
    })
    expect(() => decideCancel(paidEvent, { ...confirmed, checkedInAt: NOW }, NOW)).toThrow(
      expect.objectContaining({ code: 'event_checked_in' }),
    )
    expect(() => decideCancel(paidEvent, { ...confirmed, status: 'cancelled' }, NOW)).toThrow(
      expect.objectContaining({ code: 'event_not_signed_up' }),
    )
  })

  it('books a partial ticket refund through the order, once', () => {
    const order = {
      ...newOrder({
        id: 'QZ20261123100000abcdef12',
        buyer: 'o_a',
        circleId: 'c1',
        circleName: '圈',
        product: { kind: 'ticket', id: 'ev1:o_a', title: '票' },
        priceBreakdown: { baseFen: 9999, discountFen: 0 },
        splitRules: DEFAULT_SPLIT_RULES,
        channel: 'wxpay',
        now: NOW,
      }),
      status: 'paid' as const,
    }
    const { order: next, refund } = decideTicketRefund(order, { amountFen: 3299, now: NOW })
    expect(refund).toMatchObject({ amountFen: 3299, seq: 1, by: 'self' })
    expect(() => decideTicketRefund(next, { amountFen: 1, now: NOW })).toThrow(
      expect.objectContaining({ code: 'order_not_refundable' }),
    )
    expect(() => decideTicketRefund(order, { amountFen: 10_000, now: NOW })).toThrow(
      expect.objectContaining({ code: 'order_not_refundable' }),
    )
  })
})

describe('at the door', () => {
  const e = event()
  const ticket: SignupRecord = signUp(e).signup

  it('checks a confirmed ticket in once; a second scan keeps the first time', () => {
    const first = decideCheckIn(e, ticket, 'o_staff', NOW)
    expect(first).toMatchObject({ outcome: 'checked_in', signup: { checkedInAt: NOW, checkedInBy: 'o_staff' } })
    const second = decideCheckIn(e, first.signup, 'o_other', at(HOUR))
    expect(second).toMatchObject({
      outcome: 'already_checked_in',
      signup: { checkedInAt: NOW, checkedInBy: 'o_staff' },
    })
  })

  it('refuses a void, foreign or missing ticket', () => {
    expect(() => decideCheckIn(e, { ...ticket, status: 'cancelled' }, 'o_staff', NOW)).toThrow(
      expect.objectContaining({ code: 'ticket_void' }),
    )
    expect(() => decideCheckIn(e, { ...ticket, status: 'held' }, 'o_staff', NOW)).toThrow(
      expect.objectContaining({ code: 'ticket_void' }),
    )
    expect(() => decideCheckIn(e, { ...ticket, eventId: 'ev2' }, 'o_staff', NOW)).toThrow(
      expect.objectContaining({ code: 'ticket_wrong_event' }),
    )
    expect(() => decideCheckIn(e, null, 'o_staff', NOW)).toThrow(expect.objectContaining({ code: 'ticket_void' }))
  })
})

describe('CSV', () => {
  it('quotes cells with quotes, commas and line breaks, and defuses formulas', () => {
    expect(csvCell('普通')).toBe('普通')
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('说"好"')).toBe('"说""好"""')
    expect(csvCell('两行\n文字')).toBe('"两行\n文字"')
    expect(csvCell('\r')).toBe('"\'\r"')
    expect(csvCell('=1+1')).toBe("'=1+1")
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvCell(null)).toBe('')
    expect(csvCell(12)).toBe('12')
  })

  it('starts the first page with the BOM and the header, and later pages with rows only', () => {
    const e = event()
    const s: SignupRecord = { ...signUp(e).signup, answers: { name: '李, "四"', phone: '', fields: { q1: '朋友' } } }
    const first = signupsCsv(e, [s], true)
    expect(
      first.startsWith(CSV_BOM + '报名时间,昵称,姓名,从哪里得知,状态,支付金额(元),退款金额(元),核销时间\r\n'),
    ).toBe(true)
    expect(first).toContain('2026-11-23 10:00:00,小明,"李, ""四""",朋友,已报名,0.00,0.00,\r\n')
    const later = signupsCsv(e, [s], false)
    expect(later.startsWith(CSV_BOM)).toBe(false)
    expect(later.split('\r\n')).toHaveLength(2)
  })
})
