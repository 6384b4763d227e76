/** The `lottery` function's actions (contract: core/contracts/lottery.ts; rules: core/lottery.ts). */
import { createHash, randomBytes } from 'crypto'
import { accessAt } from '../core/access'
import type { ActionName, OutputOf, ParsedInput } from '../core/contract'
import type { LotteryView } from '../core/contracts/lottery'
import { DomainError } from '../core/errors'
import {
  assertOpen,
  chancesOf,
  conditionsOf,
  entryBlock,
  entryCostEventId,
  decideHelp,
  entryId,
  helpId,
  newLottery,
  type LotteryEntryRecord,
  type LotteryRecord,
  type Sha256,
} from '../core/lottery'
import { assertCan, can } from '../core/permissions'
import { getById, transaction } from '../runtime/db'
import type { ActionContext } from '../runtime/handler'
import { newId } from '../runtime/ids'
import { circles, memberships } from '../runtime/repos/circles'
import { lotteries, lotteryEntries, lotteryHelps } from '../runtime/repos/lotteries'
import { growthFacts } from '../runtime/repos/growth'
import { perks, points, type PointEventRecord } from '../runtime/repos/perks'
import { monthKey } from '../core/points'
import { profileOf } from '../runtime/session'
import { lotteryCard, lotteryView } from './views'
import { LOTTERY_LIMITS } from '../core/limits'

type In<A extends ActionName<'lottery'>> = ParsedInput<'lottery', A>
type Out<A extends ActionName<'lottery'>> = Promise<OutputOf<'lottery', A>>

export const sha256: Sha256 = (bytes) => new Uint8Array(createHash('sha256').update(bytes).digest())

async function accessIn(circleId: string, ctx: ActionContext) {
  const [circle, membership] = await Promise.all([
    circles.get(circleId),
    ctx.caller ? memberships.get(circleId, ctx.caller) : Promise.resolve(null),
  ])
  if (!circle) throw new DomainError('not_found', undefined, 'circleId')
  return { circle, access: accessAt(membership, circle, ctx.now) }
}

async function load(lotteryId: string, ctx: ActionContext) {
  const lottery = await lotteries.get(lotteryId)
  if (!lottery) throw new DomainError('not_found', undefined, 'lotteryId')
  return { lottery, ...(await accessIn(lottery.circleId, ctx)) }
}

/** What the caller has toward the entry conditions: check-in days (up to the days asked) and points. */
async function entryFacts(lottery: LotteryRecord, openid: string) {
  const c = conditionsOf(lottery)
  const [checkinDays, total] = await Promise.all([
    c.minCheckinDays > 0 ? growthFacts.checkinDays(lottery.circleId, openid, c.minCheckinDays) : Promise.resolve(0),
    c.pointsCost > 0 ? points.total(lottery.circleId, openid) : Promise.resolve(null),
  ])
  return { checkinDays, points: total?.total ?? 0 }
}

async function viewFor(
  lottery: LotteryRecord,
  ctx: ActionContext,
  canManage: boolean,
  isMember = false,
): Promise<LotteryView> {
  const me = await lotteryEntries.get(entryId(lottery._id, ctx.openid))
  const blockedBy =
    !me && isMember && lottery.status === 'open'
      ? entryBlock(conditionsOf(lottery), await entryFacts(lottery, ctx.openid))
      : null
  return lotteryView(lottery, me, ctx.openid, canManage, blockedBy)
}

export async function create(input: In<'create'>, ctx: ActionContext): Out<'create'> {
  const { circle, access } = await accessIn(input.circleId, ctx)
  assertCan(access.role, 'lottery.manage')
  if (circle.status !== 'active') throw new DomainError('circle_closed')
  for (const p of input.prizes) {
    if (p.kind !== 'perk') continue
    const perk = await perks.get(p.perkId)
    if (!perk || perk.circleId !== circle._id || perk.status !== 'active')
      throw new DomainError('not_found', undefined, 'perkId')
  }
  const record = newLottery({
    id: newId(ctx.now),
    circleId: circle._id,
    title: input.title,
    prizes: input.prizes,
    helpCap: input.helpCap,
    conditions: { minCheckinDays: input.minCheckinDays, pointsCost: input.pointsCost },
    drawAt: new Date(input.drawAt),
    seed: randomBytes(LOTTERY_LIMITS.seedBytes).toString('hex'),
    sha256,
    createdBy: ctx.openid,
    now: ctx.now,
  })
  await lotteries.put(record)
  return lotteryView(record, null, ctx.openid, true)
}

export async function list(input: In<'list'>, ctx: ActionContext): Out<'list'> {
  const { access } = await accessIn(input.circleId, ctx)
  assertCan(access.readRole, 'circle.read')
  const page = await lotteries.ofCircle({ circleId: input.circleId, cursor: input.cursor, limit: 20 })
  return {
    items: page.rows.map(lotteryCard),
    nextCursor: page.nextCursor,
    canManage: can(access.role, 'lottery.manage'),
  }
}

export async function get(input: In<'get'>, ctx: ActionContext): Out<'get'> {
  const { lottery, access } = await load(input.lotteryId, ctx)
  assertCan(access.readRole, 'circle.read')
  return viewFor(lottery, ctx, can(access.role, 'lottery.manage'), can(access.role, 'lottery.enter'))
}

export async function enter(input: In<'enter'>, ctx: ActionContext): Out<'enter'> {
  const { lottery, circle, access } = await load(input.lotteryId, ctx)
  assertCan(access.role, 'lottery.enter')
  if (circle.status !== 'active') throw new DomainError('circle_closed')
  assertOpen(lottery, ctx.now)
  const conditions = conditionsOf(lottery)
  if (conditions.minCheckinDays > 0) {
    const days = await growthFacts.checkinDays(lottery.circleId, ctx.openid, conditions.minCheckinDays)
    if (days < conditions.minCheckinDays) throw new DomainError('lottery_checkin_days')
  }
  const { user } = await profileOf(ctx.openid, ctx.now)
  const id = entryId(lottery._id, ctx.openid)
  // The entry, its points cost and the lottery's count in one transaction: the balance is read and
  // lowered there, and the cost's ledger event has the entry's own id, so a retry (the entry exists)
  // or two taps at once (they conflict on the entry and the total) deduct once.
  await transaction(async (tx) => {
    const l = await lotteries.get(lottery._id, tx)
    if (!l) throw new DomainError('not_found', undefined, 'lotteryId')
    assertOpen(l, ctx.now)
    if (await lotteryEntries.get(id, tx)) throw new DomainError('lottery_already_entered')
    if (conditions.pointsCost > 0) {
      const total = await points.total(l.circleId, ctx.openid, tx)
      const block = entryBlock(
        { minCheckinDays: 0, pointsCost: conditions.pointsCost },
        {
          checkinDays: 0,
          points: total?.total ?? 0,
        },
      )
      if (block || !total) throw new DomainError('lottery_points_short')
      const eventId = entryCostEventId(l.circleId, l._id, ctx.openid)
      if (!(await getById(tx, 'pointEvents', eventId))) {
        const event: PointEventRecord = {
          _id: eventId,
          circleId: l.circleId,
          openid: ctx.openid,
          reason: 'lottery_entry',
          refId: l._id,
          points: -conditions.pointsCost,
          month: monthKey(ctx.now),
          at: ctx.now,
          // applied here, with the total, so the balance can never be spent twice
          applied: true,
        }
        await points.putEvent(event, tx)
        await points.putTotal({ ...total, total: total.total - conditions.pointsCost, updatedAt: ctx.now }, tx)
      }
    }
    const entry: LotteryEntryRecord = {
      _id: id,
      lotteryId: l._id,
      openid: ctx.openid,
      nickname: user.nickname,
      helps: 0,
      helpers: [],
      paidPoints: conditions.pointsCost,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    }
    await lotteryEntries.add(entry, tx)
    await lotteries.update(l._id, { entryCount: l.entryCount + 1, updatedAt: ctx.now }, tx)
  })
  const fresh = (await lotteries.get(lottery._id)) ?? lottery
  return viewFor(fresh, ctx, can(access.role, 'lottery.manage'), true)
}

/**
 * 助力: decided in one transaction that reads and writes the helpee's entry (the cap lives there)
 * and the helper's help record (one per person per lottery), so simultaneous helps serialize on
 * the entry and never pass the cap; a repeat by the same helper for the same entrant is a no-op.
 */
export async function help(input: In<'help'>, ctx: ActionContext): Out<'help'> {
  const lottery = await lotteries.get(input.lotteryId)
  if (!lottery) throw new DomainError('not_found', undefined, 'lotteryId')
  assertOpen(lottery, ctx.now)
  if (input.helpee === ctx.openid) throw new DomainError('lottery_self_help')
  return transaction(async (tx) => {
    const entry = await lotteryEntries.get(entryId(lottery._id, input.helpee), tx)
    if (!entry) throw new DomainError('lottery_not_entered', undefined, 'helpee')
    const earlier = await lotteryHelps.get(helpId(lottery._id, ctx.openid), tx)
    if (earlier && earlier.helpee !== input.helpee) throw new DomainError('lottery_already_helped')
    const decided = decideHelp(lottery, entry, ctx.openid, ctx.now)
    if (decided.counted) {
      await lotteryEntries.put(decided.entry, tx)
      await lotteryHelps.put(
        {
          _id: helpId(lottery._id, ctx.openid),
          lotteryId: lottery._id,
          helper: ctx.openid,
          helpee: input.helpee,
          at: ctx.now,
        },
        tx,
      )
    }
    return { counted: decided.counted, helps: decided.entry.helps }
  })
}

export async function entries(input: In<'entries'>, ctx: ActionContext): Out<'entries'> {
  const { lottery, access } = await load(input.lotteryId, ctx)
  assertCan(access.readRole, 'circle.read')
  const page = await lotteryEntries.page(lottery._id, input.cursor, 200)
  return {
    items: page.rows.map((e) => ({ openid: e.openid, chances: chancesOf(e, lottery.helpCap) })),
    nextCursor: page.nextCursor,
  }
}

export async function address(input: In<'address'>, ctx: ActionContext): Out<'address'> {
  const { lottery, access } = await load(input.lotteryId, ctx)
  const mine = lottery.winners.findIndex((w) => w.openid === ctx.openid && lottery.prizes[w.prize]?.kind === 'physical')
  if (mine < 0) throw new DomainError('lottery_not_winner')
  const after = await transaction(async (tx) => {
    const l = await lotteries.get(lottery._id, tx)
    if (!l) throw new DomainError('not_found', undefined, 'lotteryId')
    const winners = l.winners.map((w, i) =>
      i === mine && !w.shippedAt
        ? { ...w, address: { name: input.name, phone: input.phone, address: input.address } }
        : w,
    )
    await lotteries.update(l._id, { winners, updatedAt: ctx.now }, tx)
    return { ...l, winners }
  })
  return viewFor(after, ctx, can(access.role, 'lottery.manage'))
}

export async function ship(input: In<'ship'>, ctx: ActionContext): Out<'ship'> {
  const { lottery, access } = await load(input.lotteryId, ctx)
  assertCan(access.role, 'lottery.manage')
  const index = lottery.winners.findIndex(
    (w) => w.openid === input.openid && lottery.prizes[w.prize]?.kind === 'physical',
  )
  if (index < 0) throw new DomainError('not_found', undefined, 'openid')
  const after = await transaction(async (tx) => {
    const l = await lotteries.get(lottery._id, tx)
    if (!l) throw new DomainError('not_found', undefined, 'lotteryId')
    const w = l.winners[index]
    if (!w.address) throw new DomainError('lottery_no_address')
    if (w.shippedAt) return l
    const winners = l.winners.map((x, i) => (i === index ? { ...x, shippedAt: ctx.now } : x))
    await lotteries.update(l._id, { winners, updatedAt: ctx.now }, tx)
    return { ...l, winners }
  })
  return viewFor(after, ctx, true)
}
