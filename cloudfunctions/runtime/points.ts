/**
 * Points (积分, docs/features.md §9) in two steps, so earning them costs the action that earned them one
 * database call:
 *
 * 1. `awardPoints` (in the request, after the action committed) writes one event per cause with a
 *    deterministic id: running it again is a duplicate id and changes nothing.
 * 2. `applyPoints` (the `perk` function's `points` timer, every minute) takes unapplied events in
 *    order, weighs them by the circle's settings, and adds them to the member's total and month,
 *    one transaction per member: the events flip to applied in the same transaction as the sums,
 *    so a run that dies half way and runs again counts each event once. The same transaction keeps
 *    the title shown beside the member's name (threshold or granted) on the membership.
 *
 * Totals therefore lag by up to a minute (the points page says so). An award that fails is logged
 * and dropped rather than failing the post or check-in that already happened: points are not money.
 */
import { displayTitle, monthKey, pointEventId } from '../core/points'
import type { CircleRecord } from '../core/records'
import { type PointReason, settingsOf } from '../core/settings'
import { isDuplicateKey, transaction, type Tx } from './db'
import { circles, memberships } from './repos/circles'
import { type PointEventRecord, pointMonthId, points, pointTotalId } from './repos/perks'

export interface PointAward {
  circleId: string
  openid: string
  reason: PointReason
  /** What earned it (post id, check-in id, question id, invitee openid): the idempotency key. */
  refId: string
  /** A fixed amount instead of the circle's weight for the reason (a challenge's completion reward). */
  points?: number
}

export async function awardPoints(awards: PointAward[], now: Date): Promise<void> {
  for (const award of awards) {
    const event: PointEventRecord = {
      _id: pointEventId(award),
      circleId: award.circleId,
      openid: award.openid,
      reason: award.reason,
      refId: award.refId,
      points: award.points ?? null,
      month: monthKey(now),
      at: now,
      applied: false,
    }
    try {
      await points.addEvent(event)
    } catch (error) {
      if (!isDuplicateKey(error)) console.error('[points] award failed', award, error)
    }
  }
}

/** Events per timer run: one read, then a transaction per member in it. */
export const APPLY_BATCH = 500

/** Adds unapplied events to totals and months (the `points` timer). Returns what it did. */
export async function applyPoints(
  now: Date,
  opts: { limit?: number } = {},
): Promise<{ events: number; members: number }> {
  const events = await points.unapplied(now, opts.limit ?? APPLY_BATCH)
  if (events.length === 0) return { events: 0, members: 0 }
  const byMember = new Map<string, PointEventRecord[]>()
  for (const e of events) {
    const key = pointTotalId(e.circleId, e.openid)
    byMember.set(key, [...(byMember.get(key) ?? []), e])
  }
  const circlesById = new Map(
    (await circles.getMany([...new Set(events.map((e) => e.circleId))])).map((c) => [c._id, c]),
  )
  for (const group of byMember.values()) {
    try {
      await applyMember(group, circlesById.get(group[0].circleId) ?? null, now)
    } catch (error) {
      console.error('[points] apply failed', group[0].circleId, group[0].openid, error)
    }
  }
  return { events: events.length, members: byMember.size }
}

async function applyMember(group: PointEventRecord[], circle: CircleRecord | null, now: Date): Promise<void> {
  const { circleId, openid } = group[0]
  const settings = settingsOf(circle ?? {}).points
  await transaction(async (tx: Tx) => {
    const byMonth = new Map<string, number>()
    let sum = 0
    for (const e of group) {
      const fresh = await points.event(e._id, tx)
      if (!fresh || fresh.applied) continue
      const pts = fresh.points ?? settings.weights[fresh.reason as PointReason] ?? 0
      await points.markApplied(e._id, pts, tx)
      sum += pts
      byMonth.set(fresh.month, (byMonth.get(fresh.month) ?? 0) + pts)
    }
    if (sum === 0) return
    const total = await points.total(circleId, openid, tx)
    const nextTotal = (total?.total ?? 0) + sum
    const grantedTitle = total?.grantedTitle ?? null
    await points.putTotal(
      { _id: pointTotalId(circleId, openid), circleId, openid, total: nextTotal, grantedTitle, updatedAt: now },
      tx,
    )
    for (const [month, pts] of byMonth) {
      const m = await points.month(circleId, month, openid, tx)
      await points.putMonth(
        {
          _id: pointMonthId(circleId, month, openid),
          circleId,
          month,
          openid,
          points: (m?.points ?? 0) + pts,
          updatedAt: now,
        },
        tx,
      )
    }
    const title = displayTitle(nextTotal, grantedTitle, settings)
    const membership = await memberships.get(circleId, openid, tx)
    if (membership && (membership.title ?? null) !== title) {
      await memberships.setTitle(membership._id, title, tx)
    }
  })
}
