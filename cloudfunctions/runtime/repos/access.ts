/**
 * A document together with what an action needs to decide access, in ONE database call: an
 * aggregate that matches the document by `_id` and looks up its circle (by `circleId`) and the
 * caller's membership (by its id `circleId:openid`), both equality lookups on `_id`, so the cost
 * is the same in a circle of 10 and of 10 000 members (docs/performance.md "Database calls").
 * Before, a write read the document, the membership and the circle one call each.
 */
import type { ChallengeRecord, ParticipantRecord } from '../../core/challenge'
import type { CircleRecord, MembershipRecord, PostRecord } from '../../core/records'
import type { OrderRecord } from '../../core/money'
import type { MerchantRecord } from '../../core/merchant'
import type { WithdrawalRecord } from '../../core/money-records'
import { cmd, db, listOf } from '../db'

interface Lookup {
  /** The joined collection. */
  from: string
  /** The joined document's `_id`: a field of the matched document, or parts joined with ':'. */
  id: string | Array<string | { literal: string }>
  as: string
}

/**
 * A query of another collection with constant conditions, answered beside the document (a
 * lookup with a pipeline and no `let`: its match uses that collection's own index as a query would).
 */
interface QueryLookup {
  from: string
  where: Record<string, unknown>
  sort?: Record<string, 1 | -1>
  limit: number
  as: string
}

/** The lookup pipeline of the SDK's aggregate command, as far as lookups here use it. */
interface LookupPipeline {
  sort(by: object): LookupPipeline
  limit(n: number): LookupPipeline
  done(): object
}

/** One document by `_id` with each lookup's match (or null); null when the document is missing. */
async function withLookups(
  collection: string,
  id: string,
  lookups: Lookup[],
  queries: QueryLookup[] = [],
): Promise<(Record<string, unknown> & { [as: string]: unknown }) | null> {
  // pipeline() exists in the SDK but is missing from its typings (as in repos/posts.ts).
  const $ = cmd().aggregate as ReturnType<typeof cmd>['aggregate'] &
    Record<string, (...a: unknown[]) => object> & { pipeline(): { match(where: object): LookupPipeline } }
  let query = db().collection(collection).aggregate().match({ _id: id }).limit(1)
  const keys: Record<string, object> = {}
  lookups.forEach((l, i) => {
    if (Array.isArray(l.id))
      keys[`_k${i}`] = $.concat(l.id.map((p) => (typeof p === 'string' ? `$${p}` : $.literal(p.literal))))
  })
  if (Object.keys(keys).length) query = query.addFields(keys)
  lookups.forEach((l, i) => {
    query = query.lookup({
      from: l.from,
      localField: Array.isArray(l.id) ? `_k${i}` : l.id,
      foreignField: '_id',
      as: l.as,
    })
  })
  for (const q of queries) {
    let pipeline = $.pipeline().match(q.where)
    if (q.sort) pipeline = pipeline.sort(q.sort)
    query = query.lookup({ from: q.from, pipeline: pipeline.limit(q.limit).done(), as: q.as })
  }
  const [row] = listOf<Record<string, unknown>>(await query.end())
  if (!row) return null
  const out: Record<string, unknown> = { ...row }
  lookups.forEach((l, i) => {
    delete out[`_k${i}`]
    out[l.as] = (row[l.as] as unknown[] | undefined)?.[0] ?? null
  })
  for (const q of queries) out[q.as] = row[q.as] ?? []
  return out
}

const membershipOf = (openid: string | null): Lookup[] =>
  openid ? [{ from: 'memberships', id: ['circleId', { literal: `:${openid}` }], as: '__membership' }] : []

function split<T>(row: Record<string, unknown>, extra: string[]) {
  const { __circle, __membership, ...rest } = row
  const picked: Record<string, unknown> = {}
  for (const key of extra) {
    picked[key] = rest[key] ?? null
    delete rest[key]
  }
  return {
    doc: rest as unknown as T,
    circle: (__circle ?? null) as CircleRecord | null,
    membership: (__membership ?? null) as MembershipRecord | null,
    picked,
  }
}

export const access = {
  /** A post, its circle and the caller's membership there (one aggregate on posts). */
  async post(postId: string, openid: string | null) {
    const row = await withLookups('posts', postId, [
      { from: 'circles', id: 'circleId', as: '__circle' },
      ...membershipOf(openid),
    ])
    if (!row) return null
    const { doc, circle, membership } = split<PostRecord>(row, [])
    return { post: doc, circle, membership }
  },

  /** A circle and the caller's membership there (one aggregate on circles). */
  async circle(circleId: string, openid: string | null) {
    const row = await withLookups(
      'circles',
      circleId,
      openid ? [{ from: 'memberships', id: ['_id', { literal: `:${openid}` }], as: '__membership' }] : [],
    )
    if (!row) return null
    const { doc, membership } = split<CircleRecord>(row, [])
    return { circle: doc, membership }
  },

  /**
   * What an owner's withdrawal needs, in one aggregate on circles: the circle, the caller's
   * membership, the owner's merchant record (平台收付通), the account's withdrawals of `day` (the
   * daily limit) and its orders whose refund window has passed and that are not settled yet
   * (settled before the withdrawal, runtime/settlement.ts settleMatured).
   */
  async ownerWithdrawal(
    circleId: string,
    openid: string,
    q: { account: string; day: string; maturedBefore: Date; limit: number },
  ) {
    const _ = cmd()
    const row = await withLookups(
      'circles',
      circleId,
      [
        { from: 'memberships', id: ['_id', { literal: `:${openid}` }], as: '__membership' },
        { from: 'merchants', id: 'ownerId', as: '__merchant' },
      ],
      [
        { from: 'withdrawals', where: { account: q.account, day: q.day }, limit: 100, as: '__today' },
        {
          from: 'orders',
          // the query of repos/money.ts orders.unsettledPaidBefore, index settled_paidAt
          where: { settled: false, paidAt: _.lte(q.maturedBefore), holdSettlement: _.neq(true), payees: q.account },
          sort: { paidAt: 1 },
          limit: q.limit,
          as: '__matured',
        },
      ],
    )
    if (!row) return null
    const { __merchant, __today, __matured, ...rest } = row
    const { doc, membership } = split<CircleRecord>(rest, [])
    return {
      circle: doc,
      membership,
      merchant: (__merchant ?? null) as MerchantRecord | null,
      today: (__today ?? []) as WithdrawalRecord[],
      matured: (__matured ?? []) as OrderRecord[],
    }
  },

  /**
   * A challenge, its circle, the caller's membership, their participant record and the day's
   * check-in counter of `day` (one aggregate on challenges).
   */
  async challenge(challengeId: string, openid: string, day: string) {
    const row = await withLookups('challenges', challengeId, [
      { from: 'circles', id: 'circleId', as: '__circle' },
      ...membershipOf(openid),
      { from: 'challengeParticipants', id: ['_id', { literal: `:${openid}` }], as: '__participant' },
      { from: 'challengeDays', id: ['_id', { literal: `:${day}` }], as: '__day' },
    ])
    if (!row) return null
    const { doc, circle, membership, picked } = split<ChallengeRecord>(row, ['__participant', '__day'])
    return {
      challenge: doc,
      circle,
      membership,
      participant: picked.__participant as ParticipantRecord | null,
      dayCount: picked.__day as { _id: string; count: number } | null,
    }
  },
}
