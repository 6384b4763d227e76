/** 拼团's pure rules (core/group.ts): offers, seats, expiry. */
import {
  assertMayOrder,
  decideExpire,
  decideSeat,
  finished,
  groupPriceBreakdown,
  isJoinable,
  newGroup,
  newOffer,
  type GroupRecord,
} from '@core/group'

const now = new Date('2026-12-07T02:00:00Z')
const HOUR = 3600_000

const offer = (size = 3) =>
  newOffer({
    id: 'of1',
    circleId: 'c1',
    product: { kind: 'entry', id: 'c1', title: '人像摄影进阶 · 入圈' },
    listPriceFen: 19900,
    priceFen: 9900,
    size,
    limitHours: 24,
    createdBy: 'o_owner',
    now,
  })

const seat = (openid: string, orderId = `QZ${openid}`) => ({ openid, nickname: openid, avatarUrl: '', orderId })

function take(g: GroupRecord, openid: string, at = now) {
  const out = decideSeat(g, seat(openid), at)
  if (out.kind === 'refused') throw new Error(out.reason)
  return out.group
}

describe('offers', () => {
  it('refuses a group price not below the product’s price, a size outside 2–10 and a limit outside 1–72 h', () => {
    const base = { listPriceFen: 19900, priceFen: 9900, size: 3, limitHours: 24 }
    expect(() =>
      newOffer({ ...offer(), ...base, priceFen: 19900, id: 'x', circleId: 'c', createdBy: 'o', now } as never),
    ).toThrow(expect.objectContaining({ code: 'group_price_invalid' }))
    for (const bad of [{ size: 1 }, { size: 11 }, { limitHours: 0 }, { limitHours: 73 }, { priceFen: 0 }])
      expect(() =>
        newOffer({ ...offer(), ...base, ...bad, id: 'x', circleId: 'c', createdBy: 'o', now } as never),
      ).toThrow()
  })

  it('takes the discount off the product’s price', () => {
    expect(groupPriceBreakdown(19900, 9900)).toEqual({ baseFen: 19900, discountFen: 10000 })
  })
})

describe('seats', () => {
  it('completes the group with its last seat and refuses the next payment as full', () => {
    let g = newGroup(offer(2), { id: 'g1', leader: 'a', now })
    expect(g.deadline.getTime()).toBe(now.getTime() + 24 * HOUR)
    g = take(g, 'a')
    const last = decideSeat(g, seat('b'), now)
    expect(last.kind).toBe('completed')
    const full = last.kind === 'completed' ? last.group : g
    expect(full).toMatchObject({ status: 'completing', seats: 2, memberIds: ['a', 'b'] })
    expect(decideSeat(full, seat('c'), now)).toEqual({ kind: 'refused', reason: 'group_full' })
  })

  it('is idempotent for the same order and refuses a second seat for the same buyer', () => {
    const g = take(newGroup(offer(), { id: 'g1', leader: 'a', now }), 'a')
    expect(decideSeat(g, seat('a'), now)).toEqual({ kind: 'joined', group: g })
    expect(decideSeat(g, seat('a', 'QZother'), now)).toEqual({ kind: 'refused', reason: 'group_already_joined' })
  })

  it('refuses a payment at or after the deadline', () => {
    const g = take(newGroup(offer(), { id: 'g1', leader: 'a', now }), 'a')
    expect(decideSeat(g, seat('b'), new Date(g.deadline))).toEqual({ kind: 'refused', reason: 'group_closed' })
    expect(isJoinable(g, new Date(g.deadline.getTime() - 1))).toBe(true)
  })

  it('lets nobody order a seat twice, the leader included, nor in a full or ended group', () => {
    const g = take(newGroup(offer(2), { id: 'g1', leader: 'a', now }), 'a')
    expect(() => assertMayOrder(g, 'a', now)).toThrow(expect.objectContaining({ code: 'group_already_joined' }))
    expect(() => assertMayOrder(g, 'b', now)).not.toThrow()
    expect(() => assertMayOrder(g, 'b', new Date(g.deadline))).toThrow(
      expect.objectContaining({ code: 'group_closed' }),
    )
  })
})

describe('expiry', () => {
  it('fails a forming group at its deadline, once, and leaves a full one alone', () => {
    const g = take(newGroup(offer(), { id: 'g1', leader: 'a', now }), 'a')
    expect(decideExpire(g, new Date(g.deadline.getTime() - 1))).toBeNull()
    const failed = decideExpire(g, g.deadline)!
    expect(failed.status).toBe('refunding')
    expect(decideExpire(failed, g.deadline)).toBeNull()
    expect(finished(failed, now).status).toBe('failed')
    expect(finished({ ...g, status: 'completing' }, now).status).toBe('completed')
  })
})
