/**
 * Deposits (押金) of check-in challenges (docs/checkin.md): refunded through the original payment
 * when the participant completes, forfeited to the owner's income when the challenge ended
 * without completion; each decided once, in one transaction with the participant, the order and
 * the journal, the channel's refund call after commit (outbox). In platform mode the deposit sits
 * in the owner's sub-merchant (docs/payments.md "Deposits in platform mode"): a refund comes out of
 * it, a forfeit stays there and only the platform fee leaves by 分账.
 */
import { phaseAt, settleOutcome, type ChallengeRecord, type ParticipantRecord } from '../core/challenge'
import { decideDepositRefund, forfeitJournal, platformForfeitJournal, splitOrder, subMchidOf } from '../core/money'
import { shanghaiDayKey } from '../core/time'
import { transaction } from '../runtime/db'
import type { ActionContext } from '../runtime/handler'
import { postJournal } from '../runtime/ledger'
import { bookRefund } from '../runtime/refunds'
import { dispatchOutbox } from '../runtime/outbox'
import { challenges, participants } from '../runtime/repos/challenges'
import { journals, orders } from '../runtime/repos/money'
import { queueEcommerceSharing } from '../runtime/settlement'

/**
 * Deals with one participant's deposit. `final` (the challenge ended; the settle timer): a deposit
 * not earned back is forfeited and the participant is marked settled. Returns the participant after.
 */
export async function settleDeposit(
  challenge: ChallengeRecord,
  openid: string,
  now: Date,
  opts: { final: boolean },
): Promise<ParticipantRecord | null> {
  const outboxIds: string[] = []
  const after = await transaction(async (tx) => {
    outboxIds.length = 0
    const p = await participants.get(challenge._id, openid, tx)
    if (!p || p.settled) return p
    const outcome = settleOutcome(p)
    let next: ParticipantRecord = { ...p, settled: opts.final, updatedAt: now }
    if (outcome === 'refund' && p.deposit) {
      const order = await orders.get(p.deposit.orderId, tx)
      if (!order) throw new Error(`deposit order ${p.deposit.orderId} is missing`)
      const { order: refunded, refund } = decideDepositRefund(order, now)
      outboxIds.push(await bookRefund(tx, order, refund, now))
      await orders.put(refunded, tx)
      next = { ...next, deposit: { ...p.deposit, state: 'refunding' } }
    } else if (outcome === 'forfeit' && p.deposit && opts.final) {
      const order = await orders.get(p.deposit.orderId, tx)
      if (!order) throw new Error(`deposit order ${p.deposit.orderId} is missing`)
      const subMchid = subMchidOf(order)
      if (subMchid) {
        // 平台收付通: the deposit already sits in the owner's sub-merchant; it becomes their income
        // there, and the platform fee leaves by 分账 before 完结分账 unfreezes the rest.
        const { payment, refunds } = await journals.ofOrder(order, tx)
        if (!payment) throw new Error(`deposit order ${order._id} has no payment journal`)
        await postJournal(tx, platformForfeitJournal(order, payment, now), now)
        if (order.transactionId) outboxIds.push(await queueEcommerceSharing(tx, order, subMchid, refunds, now))
        next = { ...next, deposit: { ...p.deposit, state: 'forfeited' } }
        await participants.put(next, tx)
        return next
      }
      const shares = splitOrder(
        {
          amountFen: order.amountFen,
          circleId: order.circleId,
          buyer: order.buyer,
          referrer: null,
          channel: order.channel,
        },
        order.splitRules,
      )
      await postJournal(tx, forfeitJournal(order, shares, now), now)
      next = { ...next, deposit: { ...p.deposit, state: 'forfeited' } }
    } else if (!opts.final) {
      return p
    }
    await participants.put(next, tx)
    return next
  })
  if (outboxIds.length) await dispatchOutbox(now, { only: outboxIds })
  return after
}

const SETTLE_CHALLENGES_PER_RUN = 5
const SETTLE_PARTICIPANTS_PER_PAGE = 100

/**
 * Timer `settle`: after a challenge's last day, deals with each participant once — refunds a
 * completed deposit still held, forfeits one not earned back, marks the rest — a page at a time;
 * the challenge is marked settled when nobody is left. A run that stops resumes where it stopped
 * (only unsettled participants are read).
 */
export async function settle(ctx: ActionContext) {
  let refunded = 0
  let forfeited = 0
  let closed = 0
  for (const c of await challenges.dueForSettle(ctx.now, SETTLE_CHALLENGES_PER_RUN)) {
    if (phaseAt(c, ctx.now) !== 'ended') continue
    const page = await participants.unsettled(c._id, SETTLE_PARTICIPANTS_PER_PAGE)
    for (const p of page) {
      const after = await settleDeposit(c, p.openid, ctx.now, { final: true })
      if (p.deposit?.state === 'held' && after?.deposit?.state === 'refunding') refunded += 1
      if (p.deposit?.state === 'held' && after?.deposit?.state === 'forfeited') forfeited += 1
    }
    if (page.length < SETTLE_PARTICIPANTS_PER_PAGE) {
      await challenges.update(c._id, { status: 'settled', settledAt: ctx.now, updatedAt: ctx.now })
      closed += 1
    }
  }
  return { refunded, forfeited, closed, day: shanghaiDayKey(ctx.now) }
}
