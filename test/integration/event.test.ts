/**
 * Events on the strict local database, with the production payment code talking to the local pay
 * simulator: signups and seats under concurrency, the waitlist, tickets at the door, refunds on
 * cancellation through the ledger, and the CSV export.
 */
import { as, invoke, refusal, setClockOffset, snapshot, useMoneyWorld } from './world'

jest.setTimeout(30_000)

const w = useMoneyWorld()

const owner = as('o_owner')
const alice = as('o_alice')
const bob = as('o_bob')
const carol = as('o_carol')
const stranger = as('o_stranger')
const HOUR = 3600_000
const DAY = 24 * HOUR

const promoteTimer = () =>
  invoke(null, 'event', { Type: 'Timer', TriggerName: 'promote', Time: new Date().toISOString() })
const reconcile = () =>
  invoke(null, 'finance', { Type: 'Timer', TriggerName: 'reconcile', Time: new Date().toISOString() })

async function circleWith(...members: string[]) {
  const c = await owner('circle', 'create', { name: '城市徒步俱乐部', type: 'interest', entryMode: 'free' })
  for (const m of members) await as(m)('circle', 'join', { circleId: c.id })
  return c.id
}

/** An event starting in 10 days; overrides replace any field. */
async function newEvent(circleId: string, extra: Record<string, unknown> = {}) {
  const start = Date.now() + 10 * DAY
  return owner('event', 'save', {
    circleId,
    title: '周末西山徒步',
    description: '早上八点在地铁站集合，全程约 12 公里。',
    startAt: new Date(start).toISOString(),
    endAt: new Date(start + 6 * HOUR).toISOString(),
    place: { kind: 'offline', address: '北京市海淀区香山公园东门' },
    capacity: 20,
    priceFen: 0,
    form: {
      name: true,
      phone: true,
      fields: [{ id: 'size', label: 'T恤尺码', kind: 'choice', options: ['S', 'M', 'L'], required: true }],
    },
    ...extra,
  } as never)
}

const answers = (name = '张三') => ({ contactName: name, contactPhone: '13800138000', answers: { size: 'M' } })
const eventDoc = async (id: string) => ((await w.cloud.db.find('events')) as any[]).find((e) => e._id === id)
const signupDocs = async (eventId: string) =>
  ((await w.cloud.db.find('eventSignups')) as any[]).filter((s) => s.eventId === eventId)

describe('creating events', () => {
  it('lets the team create an event and refuses members, with nothing written', async () => {
    const circleId = await circleWith('o_alice')
    const e = await newEvent(circleId, { priceFen: 5000, refundPct: 80 })
    expect(e).toMatchObject({
      title: '周末西山徒步',
      capacity: 20,
      seatsLeft: 20,
      priceFen: 5000,
      refundPct: 80,
      canManage: true,
      phase: 'open',
      audience: 'members',
    })
    expect(e.cancelDeadline).toBe(e.signupDeadline)
    const before = await snapshot(w.cloud)
    const start = Date.now() + DAY
    const input = {
      circleId,
      title: '成员办的活动',
      startAt: new Date(start).toISOString(),
      endAt: new Date(start + HOUR).toISOString(),
      place: { kind: 'online' as const, link: 'https://meeting.example.com/1' },
      capacity: 5,
      priceFen: 0,
    }
    expect(await refusal(alice('event', 'save', input))).toMatchObject({ code: 'forbidden' })
    expect(await refusal(stranger('event', 'save', input))).toMatchObject({ code: 'not_member' })
    expect(await refusal(owner('event', 'save', { ...input, endAt: input.startAt }))).toMatchObject({
      code: 'invalid_argument',
      param: 'endAt',
    })
    expect(await snapshot(w.cloud)).toEqual(before)
  })

  it('keeps the price once people signed up and never lowers capacity below the seats taken', async () => {
    const circleId = await circleWith('o_alice', 'o_bob')
    const e = await newEvent(circleId, { capacity: 3 })
    await alice('event', 'signUp', { eventId: e.id, ...answers() })
    await bob('event', 'signUp', { eventId: e.id, ...answers('李四') })
    const base = {
      circleId,
      eventId: e.id,
      title: e.title,
      startAt: e.startAt,
      endAt: e.endAt,
      place: e.place,
      form: e.form,
    }
    const before = await snapshot(w.cloud)
    expect(await refusal(owner('event', 'save', { ...base, capacity: 1, priceFen: 0 }))).toMatchObject({
      code: 'event_capacity_too_small',
    })
    expect(await refusal(owner('event', 'save', { ...base, capacity: 3, priceFen: 100 }))).toMatchObject({
      code: 'event_price_locked',
    })
    expect(await snapshot(w.cloud)).toEqual(before)
    expect(
      await owner('event', 'save', { ...base, capacity: 2, priceFen: 0, title: '周末西山徒步（改期）' }),
    ).toMatchObject({ capacity: 2, seatsLeft: 0, title: '周末西山徒步（改期）' })
  })

  it('replaces the place and the form whole on an edit, and shows an online link only to attendees and the team', async () => {
    const circleId = await circleWith('o_alice', 'o_bob')
    const e = await newEvent(circleId)
    const link = 'https://meeting.example.com/42'
    await owner('event', 'save', {
      circleId,
      eventId: e.id,
      title: e.title,
      startAt: e.startAt,
      endAt: e.endAt,
      place: { kind: 'online', link },
      capacity: 20,
      priceFen: 0,
      form: { name: true, phone: false, fields: [] },
    })
    const doc = await eventDoc(e.id)
    expect(doc.place).toEqual({ kind: 'online', link })
    expect(doc.form).toEqual({ name: true, phone: false, fields: [] })
    expect((await bob('event', 'get', { eventId: e.id })).place).toEqual({ kind: 'online', link: '' })
    expect((await alice('event', 'signUp', { eventId: e.id, contactName: '张三', answers: {} })).place).toEqual({
      kind: 'online',
      link,
    })
    expect((await owner('event', 'get', { eventId: e.id })).place).toEqual({ kind: 'online', link })
  })
})

describe('signing up', () => {
  it('checks the answers against the form on the server and refuses bad ones without writing', async () => {
    const circleId = await circleWith('o_alice')
    const e = await newEvent(circleId)
    const before = await snapshot(w.cloud)
    expect(
      await refusal(
        alice('event', 'signUp', { eventId: e.id, contactName: '张三', contactPhone: '13800138000', answers: {} }),
      ),
    ).toMatchObject({ code: 'invalid_argument', param: 'answers.size' })
    expect(
      await refusal(
        alice('event', 'signUp', {
          eventId: e.id,
          contactName: '张三',
          contactPhone: '13800138000',
          answers: { size: 'XXL' },
        }),
      ),
    ).toMatchObject({ param: 'answers.size' })
    expect(
      await refusal(
        alice('event', 'signUp', { eventId: e.id, contactName: '张三', contactPhone: '12345', answers: { size: 'M' } }),
      ),
    ).toMatchObject({ param: 'contactPhone' })
    expect(
      await refusal(alice('event', 'signUp', { eventId: e.id, ...answers(), answers: { size: 'M', extra: 'x' } })),
    ).toMatchObject({ param: 'answers.extra' })
    expect(await refusal(stranger('event', 'signUp', { eventId: e.id, ...answers() }))).toMatchObject({
      code: 'not_member',
    })
    expect(await snapshot(w.cloud)).toEqual(before)
    const d = await alice('event', 'signUp', { eventId: e.id, ...answers() })
    expect(d.me).toMatchObject({ status: 'confirmed', paidFen: 0 })
    expect(d.seatsLeft).toBe(19)
    const again = await snapshot(w.cloud)
    expect(await refusal(alice('event', 'signUp', { eventId: e.id, ...answers() }))).toMatchObject({
      code: 'event_already_signed_up',
    })
    expect(await snapshot(w.cloud)).toEqual(again)
  })

  it('lets anyone signed in sign up for an open event, and nobody after the signup deadline', async () => {
    const circleId = await circleWith()
    const e = await newEvent(circleId, {
      audience: 'open',
      signupDeadline: new Date(Date.now() + 2 * DAY).toISOString(),
    })
    const list = await stranger('event', 'list', { circleId })
    expect(list.items.map((x) => x.id)).toEqual([e.id])
    expect((await stranger('event', 'signUp', { eventId: e.id, ...answers() })).me).toMatchObject({
      status: 'confirmed',
    })
    setClockOffset(2 * DAY)
    const before = await snapshot(w.cloud)
    expect(await refusal(alice('event', 'signUp', { eventId: e.id, ...answers() }))).toMatchObject({
      code: 'event_signup_closed',
    })
    expect(await snapshot(w.cloud)).toEqual(before)
  })

  it('never overbooks: 30 simultaneous signups for the last 5 seats take exactly 5, the rest wait', async () => {
    // an open event: anyone signed in may sign up, so the 31 people need no memberships first
    const people = Array.from({ length: 31 }, (_, i) => `o_m${String(i).padStart(2, '0')}`)
    const circleId = await circleWith()
    const e = await newEvent(circleId, { capacity: 6, audience: 'open' })
    await as(people[0])('event', 'signUp', { eventId: e.id, ...answers() })
    const results = await Promise.allSettled(
      people.slice(1).map((p) => as(p)('event', 'signUp', { eventId: e.id, ...answers() })),
    )
    const statuses = results.map((r) =>
      r.status === 'fulfilled' ? r.value.me!.status : (r.reason as { code: string }).code,
    )
    expect(statuses.filter((s) => s === 'confirmed')).toHaveLength(5)
    expect(statuses.filter((s) => s !== 'confirmed').every((s) => s === 'waitlisted' || s === 'conflict')).toBe(true)
    const doc = await eventDoc(e.id)
    const rows = await signupDocs(e.id)
    expect(doc.seatsTaken).toBe(6)
    expect(rows.filter((s) => s.status === 'confirmed')).toHaveLength(6)
    expect(doc.waitlistCount).toBe(rows.filter((s) => s.status === 'waitlisted').length)
  }, 120_000)

  it('holds exactly 5 seats for 30 simultaneous paid signups when there is no waitlist, refusing the rest', async () => {
    const people = Array.from({ length: 30 }, (_, i) => `o_p${String(i).padStart(2, '0')}`)
    const circleId = await circleWith()
    const e = await newEvent(circleId, { capacity: 5, priceFen: 3000, waitlist: false, audience: 'open' })
    const results = await Promise.allSettled(
      people.map((p) => as(p)('event', 'signUp', { eventId: e.id, ...answers() })),
    )
    const held = results.filter((r) => r.status === 'fulfilled' && r.value.me!.status === 'held')
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)
    expect(held).toHaveLength(5)
    expect(refused.every((c) => c === 'event_full' || c === 'conflict')).toBe(true)
    expect((await eventDoc(e.id)).seatsTaken).toBe(5)
    const ticketOrders = ((await w.cloud.db.find('orders')) as any[]).filter((o) => o.product.kind === 'ticket')
    expect(ticketOrders).toHaveLength(5)
  }, 120_000)
})

describe('the waitlist', () => {
  it('promotes the first waiting person at once when a seat of a free event frees, and tells them', async () => {
    const circleId = await circleWith('o_alice', 'o_bob', 'o_carol', 'o_dave')
    const e = await newEvent(circleId, { capacity: 1 })
    await alice('event', 'signUp', { eventId: e.id, ...answers() })
    expect((await bob('event', 'signUp', { eventId: e.id, ...answers('李四') })).me).toMatchObject({
      status: 'waitlisted',
      waitlistAhead: 0,
    })
    expect((await carol('event', 'signUp', { eventId: e.id, ...answers('王五') })).me).toMatchObject({
      status: 'waitlisted',
      waitlistAhead: 1,
    })
    expect((await alice('event', 'cancel', { eventId: e.id })).me).toMatchObject({ status: 'cancelled' })
    expect((await bob('event', 'get', { eventId: e.id })).me).toMatchObject({
      status: 'confirmed',
      promotedAt: expect.any(String),
    })
    expect((await carol('event', 'get', { eventId: e.id })).me).toMatchObject({
      status: 'waitlisted',
      waitlistAhead: 0,
    })
    expect(await eventDoc(e.id)).toMatchObject({ seatsTaken: 1, waitlistCount: 1, fillPending: false })
    const notes = ((await w.cloud.db.find('notifications')) as any[]).filter((n) => n.kind === 'event_promoted')
    expect(notes.map((n) => n.openid)).toEqual(['o_bob'])
  })

  it('gives a promoted person of a paid event 24 hours to pay, then moves on to the next (clock control)', async () => {
    const circleId = await circleWith('o_alice', 'o_bob', 'o_carol')
    const e = await newEvent(circleId, { capacity: 1, priceFen: 5000 })
    const a = await alice('event', 'signUp', { eventId: e.id, ...answers() })
    await w.pay(a.me!.orderId!)
    expect((await alice('event', 'get', { eventId: e.id })).me).toMatchObject({ status: 'confirmed', paidFen: 5000 })
    await bob('event', 'signUp', { eventId: e.id, ...answers('李四') })
    await carol('event', 'signUp', { eventId: e.id, ...answers('王五') })
    await alice('event', 'cancel', { eventId: e.id })
    const promoted = (await bob('event', 'get', { eventId: e.id })).me!
    expect(promoted).toMatchObject({ status: 'held', orderId: null })
    expect(new Date(promoted.payBy!).getTime() - new Date(promoted.promotedAt!).getTime()).toBe(DAY)

    setClockOffset(DAY - 1000)
    expect(await promoteTimer()).toMatchObject({ ok: true, data: { released: 0 } })
    expect((await bob('event', 'get', { eventId: e.id })).me).toMatchObject({ status: 'held' })
    setClockOffset(DAY + 1000)
    expect(await promoteTimer()).toMatchObject({ ok: true, data: { released: 1, filled: 0 } })
    expect((await bob('event', 'get', { eventId: e.id })).me).toMatchObject({ status: 'expired' })
    expect((await carol('event', 'get', { eventId: e.id })).me).toMatchObject({ status: 'held' })
    expect(await refusal(bob('event', 'pay', { eventId: e.id }))).toMatchObject({ code: 'event_not_signed_up' })

    // Carol pays within her window: an order is made on demand, paid at the cashier, and she has a ticket.
    const withOrder = await carol('event', 'pay', { eventId: e.id })
    const start = await carol('shop', 'pay', { orderId: withOrder.me!.orderId! })
    expect(start.order).toMatchObject({ amountFen: 5000, product: { kind: 'ticket' } })
    await w.pay(start.order.id)
    expect((await carol('event', 'get', { eventId: e.id })).me).toMatchObject({ status: 'confirmed', paidFen: 5000 })
    expect(await eventDoc(e.id)).toMatchObject({ seatsTaken: 1, waitlistCount: 0 })
  })

  it('gives a seat held by an unpaid order back when the order closes after 30 minutes', async () => {
    const circleId = await circleWith('o_alice', 'o_bob')
    const e = await newEvent(circleId, { capacity: 1, priceFen: 2000 })
    await alice('event', 'signUp', { eventId: e.id, ...answers() })
    expect((await bob('event', 'signUp', { eventId: e.id, ...answers('李四') })).me).toMatchObject({
      status: 'waitlisted',
    })
    setClockOffset(31 * 60_000)
    expect(await reconcile()).toMatchObject({ ok: true, data: { closed: 1 } })
    expect((await alice('event', 'get', { eventId: e.id })).me).toMatchObject({ status: 'expired' })
    expect((await bob('event', 'get', { eventId: e.id })).me).toMatchObject({ status: 'held' })
    // idempotent: the timer and a second run change nothing more
    const before = await snapshot(w.cloud)
    await promoteTimer()
    await reconcile()
    const after = await snapshot(w.cloud)
    expect(after.eventSignups).toEqual(before.eventSignups)
    expect(after.events).toEqual(before.events)
  })
})

describe('cancelling and refunds', () => {
  async function paidTicket(refundPct: number, cancelInMs: number) {
    const circleId = await circleWith('o_alice')
    const e = await newEvent(circleId, {
      priceFen: 9999,
      refundPct,
      cancelDeadline: new Date(Date.now() + cancelInMs).toISOString(),
    })
    const d = await alice('event', 'signUp', { eventId: e.id, ...answers() })
    await w.pay(d.me!.orderId!)
    return { circleId, e, orderId: d.me!.orderId! }
  }

  it('refunds the refund percentage, rounded down to the fen, one second before the deadline', async () => {
    const { e, orderId } = await paidTicket(70, 2 * DAY)
    setClockOffset(2 * DAY - 1000)
    expect((await alice('event', 'get', { eventId: e.id })).me).toMatchObject({ cancelRefundFen: 6999 })
    const after = await alice('event', 'cancel', { eventId: e.id })
    expect(after.me).toMatchObject({ status: 'cancelled', refundFen: 6999 })
    await w.flush()
    expect(await alice('shop', 'getOrder', { orderId })).toMatchObject({
      status: 'partially_refunded',
      refundedFen: 6999,
    })
    const journals = (await w.cloud.db.find('journals')) as any[]
    for (const j of journals) expect(j.entries.reduce((s: number, x: any) => s + x.amountFen, 0)).toBe(0)
    const refund = journals.find((j) => j._id === `${orderId}:refund:1`)
    expect(
      refund.entries.filter((x: any) => x.account === 'refunds').reduce((s: number, x: any) => s + x.amountFen, 0),
    ).toBe(6999)
    expect(await reconcile()).toMatchObject({ ok: true, data: { unbalanced: 0, mismatches: 0 } })
    expect(await eventDoc(e.id)).toMatchObject({ seatsTaken: 0 })
  })

  it('refuses to cancel one second after the deadline, and changes nothing', async () => {
    const { e } = await paidTicket(70, 2 * DAY)
    setClockOffset(2 * DAY + 1000)
    expect((await alice('event', 'get', { eventId: e.id })).me).toMatchObject({
      status: 'confirmed',
      cancelRefundFen: null,
    })
    const before = await snapshot(w.cloud)
    expect(await refusal(alice('event', 'cancel', { eventId: e.id }))).toMatchObject({ code: 'event_cancel_closed' })
    expect(await snapshot(w.cloud)).toEqual(before)
  })

  it('cancels with no money back when the refund percentage is 0, and lets the person sign up again', async () => {
    const { e, orderId } = await paidTicket(0, 2 * DAY)
    expect((await alice('event', 'cancel', { eventId: e.id })).me).toMatchObject({ status: 'cancelled', refundFen: 0 })
    expect(await alice('shop', 'getOrder', { orderId })).toMatchObject({ status: 'paid', refundedFen: 0 })
    const again = await alice('event', 'signUp', { eventId: e.id, ...answers() })
    expect(again.me).toMatchObject({ status: 'held' })
    expect(again.me!.orderId).not.toBe(orderId)
  })

  it('voids the ticket and hands its seat on when the owner refunds the whole order', async () => {
    const circleId = await circleWith('o_alice', 'o_bob', 'o_carol')
    const e = await newEvent(circleId, { capacity: 2, priceFen: 3000 })
    const a = await alice('event', 'signUp', { eventId: e.id, ...answers() })
    await w.pay(a.me!.orderId!)
    const b = await bob('event', 'signUp', { eventId: e.id, ...answers('李四') })
    await w.pay(b.me!.orderId!)
    await carol('event', 'signUp', { eventId: e.id, ...answers('王五') })
    await owner('shop', 'ownerRefund', { orderId: b.me!.orderId!, reason: '主办方取消名额' })
    expect((await bob('event', 'get', { eventId: e.id })).me).toMatchObject({ status: 'cancelled' })
    expect(await eventDoc(e.id)).toMatchObject({ seatsTaken: 1, fillPending: true })
    expect(await promoteTimer()).toMatchObject({ ok: true, data: { filled: 1 } })
    expect((await carol('event', 'get', { eventId: e.id })).me).toMatchObject({ status: 'held' })
    expect(await eventDoc(e.id)).toMatchObject({ seatsTaken: 2, waitlistCount: 0, fillPending: false })
  })

  it('lets a person give up a seat they have not paid for yet: the order closes and the seat frees', async () => {
    const circleId = await circleWith('o_alice')
    const e = await newEvent(circleId, { priceFen: 1000 })
    const d = await alice('event', 'signUp', { eventId: e.id, ...answers() })
    await alice('event', 'cancel', { eventId: e.id })
    expect(await alice('shop', 'getOrder', { orderId: d.me!.orderId! })).toMatchObject({ status: 'closed' })
    expect(await eventDoc(e.id)).toMatchObject({ seatsTaken: 0 })
  })
})

describe('tickets at the door (核销)', () => {
  async function ticketed() {
    const circleId = await circleWith('o_alice', 'o_bob')
    await owner('circle', 'setRole', { circleId, openid: 'o_bob', role: 'admin' })
    const e = await newEvent(circleId)
    await alice('event', 'signUp', { eventId: e.id, ...answers() })
    const t = await alice('event', 'ticket', { eventId: e.id })
    return { circleId, e, t }
  }

  it('shows the ticket with a signed code and a QR image, and checks it in once', async () => {
    const { e, t } = await ticketed()
    expect(t.code.startsWith(`${e.id}:o_alice.`)).toBe(true)
    expect(t.qrDataUrl).toMatch(/^data:image\/png;base64,/)
    const first = await bob('event', 'checkIn', { eventId: e.id, code: t.code })
    expect(first).toMatchObject({ outcome: 'checked_in', attendee: { name: '张三', phone: '13800138000' } })
    const before = await snapshot(w.cloud)
    const second = await owner('event', 'checkIn', { eventId: e.id, code: t.code })
    expect(second).toMatchObject({ outcome: 'already_checked_in', checkedInAt: first.checkedInAt })
    expect(await snapshot(w.cloud)).toEqual(before)
    expect(await eventDoc(e.id)).toMatchObject({ checkedInCount: 1 })
    expect(await refusal(alice('event', 'cancel', { eventId: e.id }))).toMatchObject({ code: 'event_checked_in' })
  })

  it('rejects a forged, altered, foreign or void ticket and a member scanning, changing nothing', async () => {
    const { circleId, e, t } = await ticketed()
    const other = await newEvent(circleId, { title: '夜跑' })
    await alice('event', 'signUp', { eventId: other.id, ...answers() })
    const otherTicket = await alice('event', 'ticket', { eventId: other.id })
    await carol('circle', 'join', { circleId })
    await carol('event', 'signUp', { eventId: e.id, ...answers('王五') })
    const carolTicket = await carol('event', 'ticket', { eventId: e.id })
    await carol('event', 'cancel', { eventId: e.id })
    const before = await snapshot(w.cloud)
    const sig = t.code.slice(t.code.lastIndexOf('.') + 1)
    const forgedForBob = `${e.id}:o_bob.${sig}`
    const flipped = t.code.slice(0, -1) + (t.code.endsWith('A') ? 'B' : 'A')
    expect(await refusal(owner('event', 'checkIn', { eventId: e.id, code: forgedForBob }))).toMatchObject({
      code: 'ticket_invalid',
    })
    expect(await refusal(owner('event', 'checkIn', { eventId: e.id, code: flipped }))).toMatchObject({
      code: 'ticket_invalid',
    })
    expect(await refusal(owner('event', 'checkIn', { eventId: e.id, code: 'hello' }))).toMatchObject({
      code: 'ticket_invalid',
    })
    expect(await refusal(owner('event', 'checkIn', { eventId: e.id, code: otherTicket.code }))).toMatchObject({
      code: 'ticket_wrong_event',
    })
    expect(await refusal(owner('event', 'checkIn', { eventId: e.id, code: carolTicket.code }))).toMatchObject({
      code: 'ticket_void',
    })
    expect(await refusal(alice('event', 'checkIn', { eventId: e.id, code: t.code }))).toMatchObject({
      code: 'forbidden',
    })
    expect(await snapshot(w.cloud)).toEqual(before)
  })
})

describe('the signups export', () => {
  it('answers CSV with a BOM, escaped quotes, commas and line breaks, for the team only', async () => {
    const circleId = await circleWith('o_alice', 'o_bob')
    const e = await newEvent(circleId, {
      form: { name: true, phone: false, fields: [{ id: 'note', label: '备注', kind: 'text', required: false }] },
    })
    await alice('event', 'signUp', { eventId: e.id, contactName: '张"三"', answers: { note: '素食,不吃辣\n谢谢' } })
    await bob('event', 'signUp', { eventId: e.id, contactName: '=HYPERLINK()', answers: {} })
    expect(await refusal(alice('event', 'exportSignups', { eventId: e.id }))).toMatchObject({ code: 'forbidden' })
    const page = await owner('event', 'exportSignups', { eventId: e.id })
    expect(page).toMatchObject({ rows: 2, nextCursor: null })
    expect(page.csv.startsWith('\uFEFF报名时间,昵称,姓名,备注,状态,支付金额(元),退款金额(元),核销时间\r\n')).toBe(true)
    expect(page.csv).toContain(',"张""三""","素食,不吃辣\n谢谢",已报名,0.00,0.00,\r\n')
    expect(page.csv).toContain(",'=HYPERLINK(),,已报名,")
    const list = await owner('event', 'signups', { eventId: e.id })
    expect(list.items.map((s) => s.openid)).toEqual(['o_alice', 'o_bob'])
  })
})
