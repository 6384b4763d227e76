/**
 * 拼团's money steps (docs/growth.md "拼团"; rules in core/group.ts). A group order is an order of
 * its product's kind carrying `group`; its payment is booked like any other (income pending, held
 * by `holdSettlement`), but instead of the kind's grant the payment's transaction takes a seat on
 * the group document (`takeGroupSeat`). The seat count lives on that one document, so concurrent
 * payments conflict there and re-run: a group never overfills, and a payment that finds no seat is
 * refunded in full in the same transaction.
 *
 * Once a group is full (`completing`) each member's order is granted in its own transaction; once
 * it failed (`refunding`) each is refunded in full through the normal refund path (`bookRefund`,
 * out_refund_no `<orderId>R1`). Both steps read the order's `group.state` first, so running them
 * twice (the payment's follow-up and the timer, or two timer runs) grants or refunds nobody twice.
 */
import {
  GROUP_REFUND_REASONS,
  decideExpire,
  decideSeat,
  finished,
  type GroupRecord,
  type SeatOutcome,
} from '../core/group'
import { decideGroupRefund, type OrderRecord } from '../core/money'
import type { Tx } from './db'
import { transaction } from './db'
import { notify } from './notifications'
import { productStep } from './products'
import { bookRefund } from './refunds'
import { dispatchOutbox } from './outbox'
import { groups } from './repos/groups'
import { orders } from './repos/money'
import { users } from './repos/users'

export const groupPath = (groupId: string) => `/packageGroup/pages/group/index?id=${encodeURIComponent(groupId)}`

/**
 * In the payment's transaction: the paid order takes its seat, or is refused (the group filled,
 * ended or already holds this buyer). `order` is the order as the payment decision left it.
 */
export async function takeGroupSeat(
  tx: Tx,
  order: OrderRecord,
  now: Date,
): Promise<{ order: OrderRecord; outcome: SeatOutcome; refundOutbox: string | null }> {
  const group = order.group ? await groups.get(order.group.groupId, tx) : null
  const user = await users.get(order.buyer)
  const outcome: SeatOutcome = group
    ? decideSeat(
        group,
        {
          openid: order.buyer,
          nickname: user?.nickname ?? `微信用户${order.buyer.slice(-4)}`,
          avatarUrl: user?.avatarUrl ?? '',
          orderId: order._id,
        },
        now,
      )
    : { kind: 'refused', reason: 'group_closed' }
  if (outcome.kind === 'refused') {
    const { order: next, refund } = decideGroupRefund(order, {
      outcome: 'refused',
      reason: GROUP_REFUND_REASONS.refused,
      now,
    })
    return { order: next, outcome, refundOutbox: await bookRefund(tx, order, refund, now) }
  }
  await groups.put(outcome.group, tx)
  // Not granted yet: fulfilment waits for the group (completeGroup).
  return {
    order: { ...order, fulfilledAt: null, group: { ...order.group!, state: 'joined' } },
    outcome,
    refundOutbox: null,
  }
}

/** One member of a full group gets what they bought; their income may settle after its window. */
async function grantMember(orderId: string, now: Date): Promise<boolean> {
  return transaction(async (tx) => {
    const order = await orders.get(orderId, tx)
    if (!order?.group || order.group.state !== 'joined') return false
    const outcome = await productStep(order.product.kind).grant(tx, order, now)
    await orders.put(
      {
        ...order,
        ...(outcome.record ? { grant: outcome.record } : {}),
        fulfilledAt: now,
        holdSettlement: false,
        group: { ...order.group, state: 'fulfilled' },
        updatedAt: now,
      },
      tx,
    )
    return true
  })
}

/** One member of a failed group is refunded in full, once (the order's group state says whether it was). */
async function refundMember(orderId: string, now: Date): Promise<string | null> {
  return transaction(async (tx) => {
    const order = await orders.get(orderId, tx)
    if (!order?.group || order.group.state !== 'joined') return null
    const { order: next, refund } = decideGroupRefund(order, {
      outcome: 'failed',
      reason: GROUP_REFUND_REASONS.failed,
      now,
    })
    const effect = await bookRefund(tx, order, refund, now)
    await orders.put(next, tx)
    return effect
  })
}

/**
 * Moves a group on as far as it can go now: a forming group past its deadline starts refunding; a
 * completing one grants every member and becomes completed; a refunding one refunds every member
 * and becomes failed. Safe to run any number of times, concurrently too. Returns the group after.
 */
export async function advanceGroup(groupId: string, now: Date): Promise<GroupRecord | null> {
  let group = await groups.get(groupId)
  if (!group) return null
  if (group.status === 'forming') {
    group = await transaction(async (tx) => {
      const g = await groups.get(groupId, tx)
      const next = g ? decideExpire(g, now) : null
      if (next) await groups.put(next, tx)
      return next ?? g
    })
    if (!group || group.status === 'forming') return group
  }
  if (group.status === 'completing') {
    const granted = await Promise.all(group.members.map((m) => grantMember(m.orderId, now)))
    if (granted.some(Boolean)) await notifyMembers(group, 'done', now)
  } else if (group.status === 'refunding') {
    const effects: string[] = []
    for (const m of group.members) {
      const id = await refundMember(m.orderId, now)
      if (id) effects.push(id)
    }
    if (effects.length) await dispatchOutbox(now, { only: effects })
    await notifyMembers(group, 'failed', now)
  } else return group
  return transaction(async (tx) => {
    const g = await groups.get(groupId, tx)
    if (!g) return null
    const next = finished(g, now)
    if (next !== g) await groups.put(next, tx)
    return next
  })
}

async function notifyMembers(group: GroupRecord, outcome: 'done' | 'failed', now: Date) {
  try {
    await notify(
      group.members.map((m) => ({
        id: `group_${outcome}:${group._id}:${m.openid}`,
        openid: m.openid,
        circleId: group.circleId,
        kind: 'system' as const,
        title: outcome === 'done' ? '拼团成功' : '拼团未成团',
        body:
          outcome === 'done'
            ? `「${group.product.title}」已成团，已为你开通`
            : `「${group.product.title}」未在时限内成团，付款将全额原路退回`,
        link: groupPath(group._id),
      })),
      now,
    )
  } catch (e) {
    // A notice never undoes the money; the group page shows the same outcome.
    console.error(JSON.stringify({ level: 'error', fn: 'group', groupId: group._id, error: String(e) }))
  }
}
