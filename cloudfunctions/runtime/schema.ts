/**
 * Every collection the functions use, with the indexes each query relies on. In production these
 * are created in the CloudBase console (docs/architecture.md lists them); the local cloud creates
 * them from this list and enforces the unique ones.
 */
export interface IndexSpec {
  name: string
  fields: Record<string, 1 | -1>
  unique?: boolean
}

export interface CollectionSpec {
  name: string
  indexes?: IndexSpec[]
}

export const COLLECTIONS: CollectionSpec[] = [
  // _id = openid
  { name: 'users' },
  {
    name: 'circles',
    indexes: [
      // discovery: active circles, newest first, optionally by type
      { name: 'status_createdAt', fields: { status: 1, createdAt: -1, _id: -1 } },
      { name: 'status_type_createdAt', fields: { status: 1, type: 1, createdAt: -1, _id: -1 } },
    ],
  },
  {
    // _id = `${circleId}:${openid}`, so a user is a member of a circle at most once
    name: 'memberships',
    indexes: [
      { name: 'circle_openid', fields: { circleId: 1, openid: 1 }, unique: true },
      { name: 'openid_status_joinedAt', fields: { openid: 1, status: 1, joinedAt: -1, _id: -1 } },
      { name: 'circle_status_joinedAt', fields: { circleId: 1, status: 1, joinedAt: -1, _id: -1 } },
    ],
  },
  {
    name: 'posts',
    indexes: [
      { name: 'feed_latest', fields: { circleId: 1, status: 1, pinRank: -1, createdAt: -1, _id: -1 } },
      { name: 'feed_featured', fields: { circleId: 1, status: 1, featured: 1, createdAt: -1, _id: -1 } },
      { name: 'feed_owner', fields: { circleId: 1, status: 1, fromOwner: 1, createdAt: -1, _id: -1 } },
      { name: 'feed_tag', fields: { circleId: 1, status: 1, tags: 1, createdAt: -1, _id: -1 } },
    ],
  },
  {
    name: 'comments',
    indexes: [{ name: 'post_status_createdAt', fields: { postId: 1, status: 1, createdAt: 1, _id: 1 } }],
  },
  {
    // _id = `${postId}:${openid}`: one like per user per post
    name: 'likes',
    indexes: [{ name: 'post_openid', fields: { postId: 1, openid: 1 }, unique: true }],
  },
  // _id = job name: where a paged timer job resumes
  { name: 'jobs' },

  // ---- money (money.md) ----
  {
    // _id = out_trade_no: the idempotency key of everything a payment causes
    name: 'orders',
    indexes: [
      { name: 'buyer_createdAt', fields: { buyer: 1, createdAt: -1, _id: -1 } },
      { name: 'circle_createdAt', fields: { circleId: 1, createdAt: -1, _id: -1 } },
      // reconciliation and closing: pending orders by age
      { name: 'status_createdAt', fields: { status: 1, createdAt: 1, _id: 1 } },
      // settlement: paid, unsettled, by payment time; and per payee for maturing on read
      { name: 'settled_paidAt', fields: { settled: 1, paidAt: 1, _id: 1 } },
      { name: 'payees_settled_paidAt', fields: { payees: 1, settled: 1, paidAt: 1 } },
    ],
  },
  {
    // _id = deterministic from the cause (`${orderId}:pay`, `wd:${id}:request`, …); append-only
    name: 'journals',
    indexes: [{ name: 'accounts_postedAt', fields: { accounts: 1, postedAt: -1, _id: -1 } }],
  },
  // _id = account id (`owner:${circleId}`, `user:${openid}`): cached balances, provably equal to a rebuild
  { name: 'accounts' },
  {
    name: 'withdrawals',
    indexes: [
      { name: 'account_createdAt', fields: { account: 1, createdAt: -1, _id: -1 } },
      { name: 'state_updatedAt', fields: { state: 1, updatedAt: 1 } },
    ],
  },
  {
    // _id = deterministic effect id; written in the transaction that decided the effect
    name: 'outbox',
    indexes: [{ name: 'state_dueAt', fields: { state: 1, dueAt: 1 } }],
  },
  { name: 'courses', indexes: [{ name: 'circle_createdAt', fields: { circleId: 1, createdAt: -1 } }] },
  // _id = `${courseId}:${openid}`: lifetime access to a bought course
  { name: 'entitlements' },
  // _id = the gift code (derived from the order id)
  { name: 'gifts', indexes: [{ name: 'order', fields: { orderId: 1 }, unique: true }] },
  // _id = `${circleId}:${openid}`: self-service refunds used in a circle
  { name: 'refundQuotas' },
  // loud reconciliation findings, newest first
  { name: 'alerts', indexes: [{ name: 'createdAt', fields: { createdAt: -1 } }] },

  // ---- entry: entry: applications, trials, complimentary memberships, invitations (member function) ----
  // (end entry)

  // ---- pricing: coupons and renewal (shop) ----
  // (end pricing)

  // ---- lifecycle: expiry, renewal reminders, notifications, subscription grants (notify function, timers) ----
  // _id deterministic from the cause (core/notifications.ts); a person's inbox, newest first
  { name: 'notifications', indexes: [{ name: 'openid_createdAt', fields: { openid: 1, createdAt: -1, _id: -1 } }] },
  // (end lifecycle)

  // ---- moderation: roles, moderation, reports, content security and protection (moderate function) ----
  // (end moderation)
  // ---- content: content security, held content, files, watermark ----
  // (end content)

  // ---- challenge: check-in challenges and deposits (challenge function) ----
  // (end challenge)

  // ---- qa: paid Q&A and peek (qa function) ----
  // (end qa)

  // ---- event: events, tickets, check-in at the door (event function) ----
  // (end event)

  // ---- perk: perks, points and honor titles (perk function) ----
  // (end perk)
]

export const COLLECTION_NAMES = COLLECTIONS.map((c) => c.name)
