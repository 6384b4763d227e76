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
  // device (issue 9): _id = openid; the buyer's WeChat session_key for virtual payment, server-side only
  { name: 'wxSessions' },
  {
    name: 'circles',
    indexes: [
      // discovery: active circles, newest first, optionally by type
      { name: 'status_createdAt', fields: { status: 1, createdAt: -1, _id: -1 } },
      { name: 'status_type_createdAt', fields: { status: 1, type: 1, createdAt: -1, _id: -1 } },
      // search: 发现 by name and tag (multikey on the terms array; docs/search.md)
      { name: 'status_terms_createdAt', fields: { status: 1, terms: 1, createdAt: -1, _id: -1 } },
    ],
  },
  {
    // _id = `${circleId}:${openid}`, so a user is a member of a circle at most once
    name: 'memberships',
    indexes: [
      { name: 'circle_openid', fields: { circleId: 1, openid: 1 }, unique: true },
      { name: 'openid_status_joinedAt', fields: { openid: 1, status: 1, joinedAt: -1, _id: -1 } },
      { name: 'circle_status_joinedAt', fields: { circleId: 1, status: 1, joinedAt: -1, _id: -1 } },
      // lifecycle (docs/membership.md): the expiry sweep and reminders; the owner's expiring list (未续费 / 已续费); @mentions
      { name: 'status_expiresAt', fields: { status: 1, expiresAt: 1, _id: 1 } },
      { name: 'circle_expiresAt', fields: { circleId: 1, expiresAt: 1, _id: 1 } },
      { name: 'circle_dueAt', fields: { circleId: 1, dueAt: 1, _id: 1 } },
      { name: 'circle_nickname', fields: { circleId: 1, 'user.nickname': 1 } },
    ],
  },
  {
    name: 'posts',
    indexes: [
      { name: 'feed_latest', fields: { circleId: 1, status: 1, pinRank: -1, createdAt: -1, _id: -1 } },
      { name: 'feed_featured', fields: { circleId: 1, status: 1, featured: 1, createdAt: -1, _id: -1 } },
      { name: 'feed_owner', fields: { circleId: 1, status: 1, fromOwner: 1, createdAt: -1, _id: -1 } },
      { name: 'feed_tag', fields: { circleId: 1, status: 1, tags: 1, createdAt: -1, _id: -1 } },
      // content: the team's review queue (status 'held'), oldest first
      { name: 'circle_status_createdAt', fields: { circleId: 1, status: 1, createdAt: 1, _id: 1 } },
      // content: the posts showing an image whose asynchronous check came back (array index)
      { name: 'images', fields: { images: 1 } },
      // search (docs/search.md): keyword (multikey on the terms array), author; the 文件 tab
      { name: 'search_terms', fields: { circleId: 1, status: 1, terms: 1, createdAt: -1, _id: -1 } },
      { name: 'search_author', fields: { circleId: 1, status: 1, authorId: 1, createdAt: -1, _id: -1 } },
      { name: 'files', fields: { circleId: 1, status: 1, hasFiles: 1, createdAt: -1, _id: -1 } },
    ],
  },
  {
    // scheduled posts and drafts (core/schedule.ts); the post a record becomes has id `${_id}-post`
    name: 'scheduledPosts',
    indexes: [
      {
        name: 'circle_author_status_updatedAt',
        fields: { circleId: 1, authorId: 1, status: 1, updatedAt: -1, _id: -1 },
      },
      { name: 'circle_status_publishAt', fields: { circleId: 1, status: 1, publishAt: 1, _id: 1 } },
      // the publishScheduled timer: due records, oldest first
      { name: 'status_publishAt', fields: { status: 1, publishAt: 1, _id: 1 } },
      // the content calendar: a circle's month
      { name: 'circle_publishAt', fields: { circleId: 1, publishAt: 1 } },
    ],
  },
  {
    name: 'comments',
    indexes: [
      { name: 'post_status_createdAt', fields: { postId: 1, status: 1, createdAt: 1, _id: 1 } },
      // content: held comments in the team's review queue, oldest first
      { name: 'circle_status_createdAt', fields: { circleId: 1, status: 1, createdAt: 1, _id: 1 } },
    ],
  },
  {
    // _id = `${postId}:${openid}`: one like per user per post
    name: 'likes',
    indexes: [{ name: 'post_openid', fields: { postId: 1, openid: 1 }, unique: true }],
  },
  // _id = job name: where a paged timer job resumes
  { name: 'jobs' },

  // ---- money (docs/money.md) ----
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
  {
    // _id = `${circleId}:${openid}`: one application per person per circle, overwritten with a
    // round counter when they apply again after a rejection or expiry (history kept on the record)
    name: 'applications',
    indexes: [
      // the review queue: a circle's applications by status, oldest first
      { name: 'circle_status_createdAt', fields: { circleId: 1, status: 1, createdAt: 1, _id: 1 } },
      // the expiry sweep: pending applications by the time they lapse
      { name: 'status_expiresAt', fields: { status: 1, expiresAt: 1, _id: 1 } },
      // the pay-window reminder: approved applications by the end of their pay window
      { name: 'status_payBy', fields: { status: 1, payBy: 1, _id: 1 } },
    ],
  },
  // _id = the invite code, a hash of (circleId, inviterId, channel): one code per inviter and channel
  { name: 'invites', indexes: [{ name: 'circle_inviter', fields: { circleId: 1, inviterId: 1, createdAt: -1 } }] },
  // _id = `${circleId}:${requestId}`: one complimentary grant (赠送会员) per request, so a retry is a no-op
  { name: 'comps', indexes: [{ name: 'circle_createdAt', fields: { circleId: 1, createdAt: -1 } }] },

  // ---- pricing: coupons and renewal (shop) ----
  // _id = `${circleId}:${CODE}`: a code is unique in its circle; the team's list newest first
  { name: 'coupons', indexes: [{ name: 'circle_createdAt', fields: { circleId: 1, createdAt: -1, _id: -1 } }] },
  // _id = `${couponId}:${openid}`: once per user per coupon (reserved → used | released)
  { name: 'couponRedemptions' },
  // _id = `${circleId}:${openid}`: a free trial, once per user per circle
  { name: 'trials' },

  // ---- lifecycle: expiry, renewal reminders, notifications, subscription grants (notify function, timers) ----
  // _id deterministic from the cause (core/notifications.ts); a person's inbox, newest first
  {
    name: 'notifications',
    indexes: [
      { name: 'openid_createdAt', fields: { openid: 1, createdAt: -1, _id: -1 } },
      // the unread badge and 全部已读
      { name: 'openid_readAt', fields: { openid: 1, readAt: 1 } },
    ],
  },
  // _id = `${openid}:${templateId}`: one-time subscription grants accepted (granted) and used (runtime/subscribe.ts)
  { name: 'subscribeGrants' },
  // _id = the message's cause (as its notification's id): each subscription message is decided once
  { name: 'subscribeSends' },

  // ---- moderation: roles, moderation, reports, content security and protection (moderate function) ----
  // _id = `${circleId}:${openid}`: one bar per person per circle (runtime/blacklist.ts)
  { name: 'blacklist', indexes: [{ name: 'circle_createdAt', fields: { circleId: 1, createdAt: -1, _id: -1 } }] },
  {
    // _id = `${kind}:${targetId}:${reporter}`: one report per person per post/comment
    name: 'reports',
    indexes: [
      { name: 'circle_status_createdAt', fields: { circleId: 1, status: 1, createdAt: -1, _id: -1 } },
      // resolving one report closes every open report of the same content
      { name: 'target_status', fields: { targetId: 1, status: 1 } },
    ],
  },
  // ---- content: content security, held content, files, watermark ----
  // _id = WeChat's trace_id of a mediaCheckAsync submission: the verdict push finds its image by it
  { name: 'mediaChecks' },

  // ---- challenge: check-in challenges and deposits (challenge function) ----
  {
    name: 'challenges',
    indexes: [
      { name: 'circle_createdAt', fields: { circleId: 1, createdAt: -1, _id: -1 } },
      // the settle timer: open challenges past their last day
      { name: 'status_endsAt', fields: { status: 1, endsAt: 1 } },
    ],
  },
  {
    // _id = `${challengeId}:${openid}`: one enrolment per person per challenge
    name: 'challengeParticipants',
    indexes: [
      // leaderboards: top 50 by total / longest streak, read cost independent of the participant count
      { name: 'challenge_total', fields: { challengeId: 1, total: -1, lastCheckinAt: 1 } },
      { name: 'challenge_bestStreak', fields: { challengeId: 1, bestStreak: -1, lastCheckinAt: 1 } },
      // the settle timer pages through those not dealt with yet
      { name: 'challenge_settled', fields: { challengeId: 1, settled: 1, _id: 1 } },
    ],
  },
  // _id = `${challengeId}:${openid}:${yyyymmdd}` (Asia/Shanghai day): one check-in per person per day
  { name: 'checkins' },
  // _id = `${challengeId}:${yyyymmdd}`: today's count, `_.inc` in the check-in's transaction
  { name: 'challengeDays' },

  // ---- lottery: 抽奖 with 助力 (lottery function; docs/growth.md) ----
  {
    name: 'lotteries',
    indexes: [
      { name: 'circle_createdAt', fields: { circleId: 1, createdAt: -1, _id: -1 } },
      // the draw timer: open lotteries past their draw time, then drawn ones not delivered yet
      { name: 'status_drawAt', fields: { status: 1, drawAt: 1 } },
    ],
  },
  {
    // _id = `${lotteryId}:${openid}`: one entry per person; _id order is the published openid order
    name: 'lotteryEntries',
    indexes: [{ name: 'lottery_id', fields: { lotteryId: 1, _id: 1 } }],
  },
  // _id = `${lotteryId}:${helper}`: one 助力 per person per lottery
  { name: 'lotteryHelps' },
  // ---- growth: 新人任务, 邀请里程碑 and rewards (growth function; docs/growth.md) ----
  // _id = circleId: the owner's newcomer checklist and invite milestones
  { name: 'growthSettings' },
  // _id = `${circleId}:${openid}`: a member's 已读 mark of the 新人指南 and when the checklist was rewarded
  { name: 'newcomers' },
  // _id = `${circleId}:${invitees}:${openid}`: a milestone rewarded, once
  { name: 'milestoneRewards' },
  // _id = the reward's cause (`lottery:…`, `newcomer:…`, `milestone:…`): a reward given, once
  { name: 'rewardGrants' },

  // ---- group: 拼团 (group function; docs/growth.md "拼团") ----
  {
    // _id = time-ordered random id: one offer of a product at a group price
    name: 'groupOffers',
    indexes: [{ name: 'circle_status_createdAt', fields: { circleId: 1, status: 1, createdAt: -1, _id: -1 } }],
  },
  {
    // _id = time-ordered random id; the seat count and members live here (one-document transactions)
    name: 'groups',
    indexes: [
      // an offer's groups still forming, closest to their deadline first
      { name: 'offer_status_deadline', fields: { offerId: 1, status: 1, deadline: 1 } },
      // the expire timer: forming past the deadline, completing / refunding left half done
      { name: 'status_deadline_id', fields: { status: 1, deadline: 1, _id: 1 } },
      // "my groups" (memberIds is an array: multikey)
      { name: 'circle_memberIds_createdAt', fields: { circleId: 1, memberIds: 1, createdAt: -1, _id: -1 } },
    ],
  },

  // ---- qa: paid Q&A and peek (qa function) ----
  {
    // _id = time-ordered random id (a question is created once, by its ask)
    name: 'questions',
    indexes: [
      // the expiry sweep: pending questions by deadline
      { name: 'status_deadline', fields: { status: 1, deadline: 1, _id: 1 } },
      // the public list: answered, public, not held; newest answer first
      { name: 'circle_listed_answeredAt', fields: { circleId: 1, listed: 1, answeredAt: -1, _id: -1 } },
      // my questions (asked)
      { name: 'circle_asker_createdAt', fields: { circleId: 1, asker: 1, createdAt: -1, _id: -1 } },
      // to answer: an answerer's pending questions, most urgent first
      { name: 'circle_answerer_status_deadline', fields: { circleId: 1, answerer: 1, status: 1, deadline: 1, _id: 1 } },
    ],
  },
  // _id = `${questionId}:${openid}`: one peek per member per question
  { name: 'peeks' },
  // _id = `${circleId}:${openid}`: an answerer's price
  { name: 'qaAnswerers', indexes: [{ name: 'circle', fields: { circleId: 1 } }] },
  // _id = `${circleId}:${openid}:${term}`: free questions used in a membership term
  { name: 'qaQuotas' },

  // ---- event: events, tickets, check-in at the door (event function) ----
  {
    // _id time-ordered; seatsTaken / waitlistCount / checkedInCount kept with _.inc (docs/events.md)
    name: 'events',
    indexes: [
      // a circle's events by start time (upcoming ascending, past descending)
      { name: 'circle_startAt', fields: { circleId: 1, startAt: 1, _id: 1 } },
      // the promote timer: events whose freed seats wait for the waitlist
      { name: 'fillPending_updatedAt', fields: { fillPending: 1, updatedAt: 1 } },
    ],
  },
  {
    // _id = `${eventId}:${openid}`: one signup per person per event (a new round overwrites it)
    name: 'eventSignups',
    indexes: [
      { name: 'event_openid', fields: { eventId: 1, openid: 1 }, unique: true },
      // the team's list and the CSV export, in signup order; the FIFO waitlist
      { name: 'event_createdAt', fields: { eventId: 1, createdAt: 1, _id: 1 } },
      { name: 'event_status_createdAt', fields: { eventId: 1, status: 1, createdAt: 1, _id: 1 } },
      // my tickets, newest first
      { name: 'openid_createdAt', fields: { openid: 1, createdAt: -1, _id: -1 } },
      // the promote timer: held seats whose time to pay ran out
      { name: 'status_payBy', fields: { status: 1, payBy: 1, _id: 1 } },
    ],
  },

  // ---- perk: perks, points and honor titles (perk function) ----
  { name: 'perks', indexes: [{ name: 'circle_createdAt', fields: { circleId: 1, createdAt: -1 } }] },
  // _id = `${perkId}:${index}`: a pool's codes by position, so the claim count picks the next one
  { name: 'perkCodes' },
  // _id = `${perkId}:${openid}`: one claim per member per perk
  { name: 'perkClaims', indexes: [{ name: 'perk_claimedAt', fields: { perkId: 1, claimedAt: -1, _id: -1 } }] },
  // _id = `${circleId}:${reason}:${refId}:${openid}`: a cause earns points once; the timer applies them in order
  { name: 'pointEvents', indexes: [{ name: 'applied_at', fields: { applied: 1, at: 1, _id: 1 } }] },
  // _id = `${circleId}:${openid}`: a member's total and granted title
  { name: 'pointTotals' },
  // _id = `${circleId}:${yyyymm}:${openid}`: the monthly leaderboard
  {
    name: 'pointMonths',
    indexes: [{ name: 'circle_month_points', fields: { circleId: 1, month: 1, points: -1, _id: 1 } }],
  },

  // ---- stats: the owner's numbers, segments, exports (stats function; docs/stats.md) ----
  // _id = `${circleId}:${yyyymmdd}`: a finished day's figures and segment counts, written by the nightly run
  { name: 'statsDaily', indexes: [{ name: 'circle_day', fields: { circleId: 1, day: 1 } }] },
  // _id = `${circleId}:${yyyymmdd}`: the landing page's views and join taps by 渠道, `_.inc` as they come
  { name: 'statsLive' },
  // _id = `${circleId}:${yyyymmdd}:${kind}:${openid}`: one counted view / tap per visitor per day
  { name: 'visits' },
  // ---- settlement: 平台收付通 sub-merchants (wallet function, finance timer) ----
  // _id = the owner's openid: their 二级商户 application and its state (masked details only)
  { name: 'merchants', indexes: [{ name: 'state_checkedAt', fields: { state: 1, checkedAt: 1, _id: 1 } }] },
]

/**
 * Indexes the stats function reads other features' records by (docs/stats.md): a circle's records
 * of one day, and the member list's filters. Kept apart so the features' own lists stay readable.
 */
const STATS_INDEXES: Record<string, IndexSpec[]> = {
  memberships: [
    // left / removed members by the day it happened
    { name: 'circle_status_updatedAt', fields: { circleId: 1, status: 1, updatedAt: 1, _id: 1 } },
    // the member list's filters, newest joiners first
    { name: 'circle_status_segment_joinedAt', fields: { circleId: 1, status: 1, segment: 1, joinedAt: -1, _id: -1 } },
    { name: 'circle_status_role_joinedAt', fields: { circleId: 1, status: 1, role: 1, joinedAt: -1, _id: -1 } },
    { name: 'circle_tags_joinedAt', fields: { circleId: 1, 'crm.tags': 1, joinedAt: -1, _id: -1 } },
    { name: 'circle_channel_joinedAt', fields: { circleId: 1, 'source.channel': 1, joinedAt: -1, _id: -1 } },
  ],
  posts: [{ name: 'circle_featuredAt', fields: { circleId: 1, featuredAt: 1 } }],
  likes: [{ name: 'circle_createdAt', fields: { circleId: 1, createdAt: 1, _id: 1 } }],
  checkins: [
    { name: 'circle_createdAt', fields: { circleId: 1, createdAt: 1, _id: 1 } },
    // the check-ins export of one challenge
    { name: 'challenge_createdAt', fields: { challengeId: 1, createdAt: 1, _id: 1 } },
  ],
  questions: [
    { name: 'circle_answeredAt', fields: { circleId: 1, answeredAt: 1, _id: 1 } },
    { name: 'circle_status_closedAt', fields: { circleId: 1, status: 1, closedAt: 1 } },
  ],
}
/**
 * Indexes the growth tools read other features' records by (docs/growth.md): a member's check-in
 * days (lottery entry conditions, the first check-in task) and an inviter's paid orders (milestones).
 */
const GROWTH_INDEXES: Record<string, IndexSpec[]> = {
  checkins: [{ name: 'circle_openid_day', fields: { circleId: 1, openid: 1, status: 1, day: 1 } }],
  orders: [{ name: 'circle_referrer_status', fields: { circleId: 1, referrer: 1, status: 1 } }],
}
for (const [name, indexes] of Object.entries(GROWTH_INDEXES)) {
  const spec = COLLECTIONS.find((c) => c.name === name)
  if (!spec) throw new Error(`schema: growth index on unknown collection ${name}`)
  spec.indexes = [...(spec.indexes ?? []), ...indexes]
}
for (const [name, indexes] of Object.entries(STATS_INDEXES)) {
  const spec = COLLECTIONS.find((c) => c.name === name)
  if (!spec) throw new Error(`schema: stats index on unknown collection ${name}`)
  spec.indexes = [...(spec.indexes ?? []), ...indexes]
}
