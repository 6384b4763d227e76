/**
 * challenges, challengeParticipants, checkins, challengeDays: every query the challenge function
 * makes, with the index it uses (runtime/schema.ts, section challenge).
 */
import {
  dayCountId,
  newParticipant,
  participantId,
  phaseAt,
  type ChallengeRecord,
  type CheckinRecord,
  type ParticipantRecord,
} from '../../core/challenge'
import type { OrderRecord } from '../../core/money'
import {
  cmd,
  db,
  getById,
  insertOnce,
  isDuplicateKey,
  newestFirst,
  oldestFirst,
  rowsOf,
  type Patch,
  type Tx,
} from '../db'
import { users, withoutId } from './users'

const CHALLENGES = 'challenges'
const PARTICIPANTS = 'challengeParticipants'
const CHECKINS = 'checkins'
const DAY_COUNTS = 'challengeDays'

type Source = Tx | ReturnType<typeof db>

export const challenges = {
  get: (id: string, source: Source = db()) => getById<ChallengeRecord>(source, CHALLENGES, id),

  async put(c: ChallengeRecord, tx?: Tx): Promise<void> {
    await (tx ?? db())
      .collection(CHALLENGES)
      .doc(c._id)
      .set({ data: withoutId(c) })
  },

  async update(id: string, patch: Patch<ChallengeRecord>, tx?: Tx): Promise<void> {
    await (tx ?? db())
      .collection(CHALLENGES)
      .doc(id)
      .update({ data: withoutId(patch) })
  },

  /** A circle's challenges, newest first (index circle_createdAt). */
  async ofCircle(args: { circleId: string; cursor?: string; limit: number }) {
    const where = { circleId: args.circleId }
    return newestFirst<ChallengeRecord>(CHALLENGES, where, args.cursor, args.limit)
  },

  /** Open challenges whose last day has passed (index status_endsAt). */
  async dueForSettle(now: Date, limit: number): Promise<ChallengeRecord[]> {
    const _ = cmd()
    const res = await db()
      .collection(CHALLENGES)
      .where({ status: 'open', endsAt: _.lte(now) })
      .orderBy('endsAt', 'asc')
      .limit(limit)
      .get()
    return rowsOf<ChallengeRecord>(res)
  },
}

export const participants = {
  get: (challengeId: string, openid: string, source: Source = db()) =>
    getById<ParticipantRecord>(source, PARTICIPANTS, participantId(challengeId, openid)),

  async put(p: ParticipantRecord, tx: Tx): Promise<void> {
    await tx
      .collection(PARTICIPANTS)
      .doc(p._id)
      .set({ data: withoutId(p) })
  },

  /**
   * A check-in's fields, written only if nobody checked in since `seen` was read (its `total`
   * still stands: only a check-in moves it). One call; false when another check-in came first.
   */
  async checkedIn(seen: ParticipantRecord, next: ParticipantRecord): Promise<boolean> {
    const patch: Patch<ParticipantRecord> = {
      days: next.days,
      makeupDays: next.makeupDays,
      total: next.total,
      bestStreak: next.bestStreak,
      lastCheckinAt: next.lastCheckinAt,
      completedAt: next.completedAt,
      rewarded: next.rewarded,
      honorTitle: next.honorTitle,
      updatedAt: next.updatedAt,
    }
    if (next.rewardCoupon !== undefined) patch.rewardCoupon = next.rewardCoupon
    const res = (await db()
      .collection(PARTICIPANTS)
      .where({ _id: seen._id, total: seen.total })
      .update({ data: patch })) as { stats?: { updated?: number } }
    return (res.stats?.updated ?? 0) > 0
  },

  /**
   * The top of a leaderboard: one indexed read of at most `limit` documents whatever the number of
   * participants (indexes challenge_total / challenge_bestStreak). Only people who checked in.
   */
  async top(challengeId: string, by: 'total' | 'streak', limit: number): Promise<ParticipantRecord[]> {
    const _ = cmd()
    const field = by === 'total' ? 'total' : 'bestStreak'
    const res = await db()
      .collection(PARTICIPANTS)
      .where({ challengeId, [field]: _.gt(0) })
      .orderBy(field, 'desc')
      .orderBy('lastCheckinAt', 'asc')
      .limit(limit)
      .get()
    return rowsOf<ParticipantRecord>(res)
  },

  /** Participants the settle timer has not dealt with yet, by id (index challenge_settled). */
  async unsettled(challengeId: string, limit: number): Promise<ParticipantRecord[]> {
    const res = await db()
      .collection(PARTICIPANTS)
      .where({ challengeId, settled: false })
      .orderBy('_id', 'asc')
      .limit(limit)
      .get()
    return rowsOf<ParticipantRecord>(res)
  },
}

export const checkins = {
  get: (id: string, source: Source = db()) => getById<CheckinRecord>(source, CHECKINS, id),

  /** Inserts a check-in under its deterministic id: false when that day's is there already. */
  add: (c: CheckinRecord): Promise<boolean> => insertOnce(CHECKINS, c),

  async put(c: CheckinRecord, tx: Tx): Promise<void> {
    await tx
      .collection(CHECKINS)
      .doc(c._id)
      .set({ data: withoutId(c) })
  },

  /** A challenge's check-ins, oldest first (index challenge_createdAt): the CSV export's pages. */
  ofChallenge: (challengeId: string, cursor: string | undefined, limit: number) =>
    oldestFirst<CheckinRecord>(CHECKINS, { challengeId }, cursor, limit),
}

export const dayCounts = {
  async get(challengeId: string, day: string): Promise<number> {
    const doc = await getById<{ _id: string; count: number }>(db(), DAY_COUNTS, dayCountId(challengeId, day))
    return doc?.count ?? 0
  },

  /**
   * Counts a check-in of `day` outside a transaction: `_.inc` on the day's document when it is
   * known to exist (1 call), else its insert (1 call), falling back to the other on a race.
   */
  async add(challengeId: string, day: string, exists: boolean | null): Promise<void> {
    const id = dayCountId(challengeId, day)
    const inc = async () => {
      const res = (await db()
        .collection(DAY_COUNTS)
        .doc(id)
        .update({ data: { count: cmd().inc(1) } })) as { stats?: { updated?: number } }
      return (res.stats?.updated ?? 0) > 0
    }
    if (exists !== false && (await inc())) return
    try {
      await db()
        .collection(DAY_COUNTS)
        .add({ data: { _id: id, challengeId, day, count: 1 } })
    } catch (error) {
      if (!isDuplicateKey(error)) throw error
      await inc()
    }
  },
}

/**
 * Fulfils a paid deposit (runtime/fulfil.ts, in the transaction marking the order paid): the
 * buyer joins the challenge with the deposit held. false — nothing to grant, refund it — when they
 * already joined (a second order paid) or the challenge ended before the payment arrived.
 */
export async function enrolPaidDeposit(tx: Tx, order: OrderRecord, now: Date): Promise<boolean> {
  const challengeId = order.product.id
  const [challenge, existing, user] = await Promise.all([
    challenges.get(challengeId, tx),
    participants.get(challengeId, order.buyer, tx),
    users.get(order.buyer),
  ])
  if (!challenge || existing || challenge.status !== 'open' || phaseAt(challenge, now) === 'ended') return false
  const p = newParticipant({
    challenge,
    openid: order.buyer,
    user: { nickname: user?.nickname ?? `微信用户${order.buyer.slice(-4)}`, avatarUrl: user?.avatarUrl ?? '' },
    deposit: { amountFen: order.amountFen, orderId: order._id, state: 'held' },
    now,
  })
  await participants.put(p, tx)
  await challenges.update(challengeId, { participantCount: cmd().inc(1), updatedAt: now }, tx)
  return true
}
