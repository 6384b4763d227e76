/**
 * The hot writes of issue 14 and the database calls each makes in a circle of `size` members:
 * the feed's cold start (user.login + circle.get as a member), a like, a comment, a check-in, one
 * pay notification, one withdrawal and one Q&A refund of the expiry sweep. The real functions run
 * in process against the strict local database, which counts every SDK request (reads, writes, a
 * transaction's start and commit), with the local pay simulator, in the default 平台收付通 mode.
 * The other members are written straight into the store, so 10 000 of them cost a second.
 * Shared by test/integration/call-budget.test.ts (the budgets) and scripts/bench/dbcalls.ts (the
 * bench figures). BENCH_TRACE=1 (with `traced`) prints every request of each measured action.
 */
import { membershipId } from '../../cloudfunctions/core/records'
import { db } from '../../cloudfunctions/runtime/db'
import { shanghaiDayKey } from '../../cloudfunctions/core/time'
import { as, invoke, setClockOffset, setSettlementMode, type MoneyWorld } from './world'

export const SIZES = [10, 10_000] as const

/** Bench key, issue 14's target and what is measured, per figure. */
export const FIGURES: Record<string, { key: string; target: number; what: string }> = {
  feedColdStart: { key: 'db.feed.coldStart', target: 5, what: 'user.login + circle.get as a member' },
  like: { key: 'db.post.like', target: 4, what: 'post.like' },
  comment: { key: 'db.post.comment', target: 4, what: 'post.comment on another member’s post' },
  checkin: { key: 'db.challenge.checkIn', target: 6, what: 'challenge.checkIn, first of the day' },
  payNotification: {
    key: 'db.payNotify.payment',
    target: 8,
    what: 'one entry payment notification, a new member (平台收付通)',
  },
  payRenewal: {
    key: 'db.payNotify.renewal',
    target: 8,
    what: 'one entry payment notification, a member renewing (平台收付通)',
  },
  withdrawal: { key: 'db.wallet.withdraw', target: 10, what: 'wallet.withdraw of an owner (平台收付通)' },
  qaExpiryPerRefund: {
    key: 'db.qa.expiry.perRefund',
    target: 8,
    what: 'Q&A expiry sweep, per paid question refunded',
  },
}
const HOUR = 3600_000
/** Questions refunded in the measured sweep page (per-refund figure = calls / this). */
const QA_QUESTIONS = 10

export type Detail = Record<string, number>

/** Fills a circle up to `size` members by copying a real member's document. */
async function fillCircle(w: MoneyWorld, circleId: string, size: number, templateOpenid: string) {
  const [template] = (await w.cloud.db.find('memberships', { _id: membershipId(circleId, templateOpenid) })) as any[]
  const existing = await w.cloud.db.count('memberships', { circleId })
  const docs = Array.from({ length: Math.max(0, size - existing) }, (_, i) => {
    const openid = `o_fill_${i}`
    return {
      ...template,
      _id: membershipId(circleId, openid),
      openid,
      user: { ...template.user, nickname: `成员${i}` },
    }
  })
  if (docs.length) w.cloud.db.insertMany('memberships', docs)
  // the circle's own counter follows, as the joins would have moved it
  const memberCount = w.cloud.db.count('memberships', { circleId, status: 'active' })
  await db().collection('circles').doc(circleId).update({ data: { memberCount } })
}

/** BENCH_TRACE=1: every database request of a measured action on stderr (action, collection, query). */
let trace: string[] | null = null
export function traced(w: MoneyWorld) {
  const database = w.cloud.db as unknown as { handle: (a: string, p: Record<string, unknown>) => Promise<unknown> }
  const handle = database.handle.bind(database)
  database.handle = (action, params) => {
    trace?.push(
      `${action} ${String(params.collectionName ?? '')} ${JSON.stringify(params.query ?? params.docId ?? '').slice(0, 160)}`,
    )
    return handle(action, params)
  }
}

async function count(
  w: MoneyWorld,
  run: () => Promise<unknown>,
  label = '',
): Promise<{ calls: number; detail: Detail }> {
  w.cloud.db.resetCallCounts()
  if (process.env.BENCH_TRACE) trace = []
  await run()
  if (trace) console.error(`---- ${label}\n${trace.join('\n')}`)
  trace = null
  return { calls: w.cloud.db.totalCalls(), detail: w.cloud.db.callCounts() }
}

export async function measureWrites(w: MoneyWorld, size: number) {
  await w.reset()
  setClockOffset(0)
  setSettlementMode('platform')
  const out: Record<string, { calls: number; detail: Detail }> = {}
  const owner = as('o_owner')
  const member = as('o_member')
  const buyer = as('o_buyer')
  await w.readyMerchant('o_owner')
  // ---- a free circle with posts and a challenge ----
  for (const who of ['o_owner', 'o_member', 'o_buyer']) await invoke(who, 'user', { action: 'login' })
  const c = await owner('circle', 'create', { name: '基准圈', type: 'knowledge', entryMode: 'free' })
  await member('circle', 'join', { circleId: c.id })
  await fillCircle(w, c.id, size, 'o_member')
  for (let i = 0; i < 3; i++) await owner('post', 'create', { circleId: c.id, text: `基准帖子 ${i}` })
  const post = await member('post', 'create', { circleId: c.id, text: '基准测试：一条新的帖子' })

  out.feedColdStart = await count(
    w,
    async () => {
      await member('user', 'login', {})
      await member('circle', 'get', { circleId: c.id })
    },
    'feedColdStart',
  )
  out.like = await count(w, () => owner('post', 'like', { postId: post.id, liked: true }), 'like')
  out.comment = await count(w, () => owner('post', 'comment', { postId: post.id, text: '基准测试评论' }), 'comment')

  const today = shanghaiDayKey(new Date())
  const ch = await owner('challenge', 'create', {
    circleId: c.id,
    title: '基准挑战',
    startDay: `${today.slice(0, 4)}-${today.slice(4, 6)}-${today.slice(6, 8)}`,
    days: 30,
    requiredDays: 30,
  })
  await member('challenge', 'enroll', { challengeId: ch.id })
  out.checkin = await count(
    w,
    () => member('challenge', 'checkIn', { challengeId: ch.id, text: '今天读了二十页书。' }),
    'checkin',
  )

  // ---- a paid circle: one pay notification, then one withdrawal ----
  const paid = await owner('circle', 'create', { name: '基准付费圈', type: 'knowledge', entryMode: 'paid' })
  await owner('shop', 'setPricing', {
    circleId: paid.id,
    entry: { priceFen: 19900, markedPriceFen: null, term: { kind: 'rolling', days: 365 } },
  })
  const first = await member('shop', 'order', { circleId: paid.id, product: { kind: 'entry' }, platform: 'h5' })
  await w.pay(first.order.id)
  await fillCircle(w, paid.id, size, 'o_member')
  const start = await buyer('shop', 'order', { circleId: paid.id, product: { kind: 'entry' }, platform: 'h5' })
  out.payNotification = await count(w, () => w.pay(start.order.id), 'payNotification')
  const renewal = await member('shop', 'order', { circleId: paid.id, product: { kind: 'entry' }, platform: 'h5' })
  out.payRenewal = await count(w, () => w.pay(renewal.order.id), 'payRenewal')
  setClockOffset(73 * HOUR)
  const account = { kind: 'owner' as const, circleId: paid.id }
  await owner('wallet', 'summary', { account })
  out.withdrawal = await count(w, () => owner('wallet', 'withdraw', { account, amountFen: 1000 }), 'withdrawal')
  setClockOffset(0)

  // ---- Q&A: paid questions nobody answered, refunded by the expiry sweep ----
  await owner('qa', 'setPrice', { circleId: c.id, priceFen: 1000 })
  let latest = 0
  for (let i = 0; i < QA_QUESTIONS; i++) {
    const q = await member('qa', 'ask', { circleId: c.id, answerer: 'o_owner', text: `基准问题 ${i}` })
    await w.pay(q.question.orderId!)
    latest = Math.max(latest, new Date((await member('qa', 'get', { questionId: q.question.id })).deadline!).getTime())
  }
  setClockOffset(latest - Date.now() + 1000)
  const sweep = await count(
    w,
    async () => {
      const run = await invoke(null, 'qa', { Type: 'Timer', TriggerName: 'expire' })
      if (!run.ok || run.data.refunded !== QA_QUESTIONS) throw new Error(`sweep: ${JSON.stringify(run)}`)
      // the channel's refund results (REFUND.SUCCESS → payNotify) belong to the refund: all of them, always
      await w.flush()
    },
    'qaExpiry',
  )
  out.qaExpiryPerRefund = { calls: Math.round((sweep.calls / QA_QUESTIONS) * 10) / 10, detail: sweep.detail }
  setClockOffset(0)
  return out
}
