/**
 * The expiry sweep of 100 000 due memberships (issue 4) on the strict local database through the
 * real SDK: database calls, pages read, timer runs and wall time, run by run as the timer would
 * (each run bounded, resuming from the cursor in `jobs`). Prints one JSON line for scripts/bench.mjs.
 *   EXPIRY_MEMBERSHIPS=5000 npx tsx scripts/bench/expiry.ts
 */
import { COLLECTIONS } from '../../cloudfunctions/runtime/schema'
import { startTestCloud, useSdkEnv } from '../../localcloud/testing'

const N = Number(process.env.EXPIRY_MEMBERSHIPS ?? 100_000)
const DAY = 86_400_000

async function main() {
  const cloud = await startTestCloud({ collections: COLLECTIONS })
  useSdkEnv(cloud.url)
  const now = new Date()
  const circles = 200
  cloud.db.insertMany(
    'circles',
    Array.from({ length: circles }, (_, c) => ({
      _id: `bench_c${c}`,
      name: `圈子${c}`,
      status: 'active',
      ownerId: 'o_owner',
      memberCount: 0,
      createdAt: now,
      updatedAt: now,
    })),
  )
  const docs = Array.from({ length: N }, (_, i) => {
    const circleId = `bench_c${i % circles}`
    const openid = `o_${String(i).padStart(7, '0')}`
    const expiresAt = new Date(now.getTime() - 1000 - (i % 1440) * 60_000)
    return {
      _id: `${circleId}:${openid}`,
      circleId,
      openid,
      role: 'member',
      status: 'active',
      user: { nickname: openid, avatarUrl: '' },
      joinedAt: new Date(expiresAt.getTime() - 365 * DAY),
      expiresAt,
      updatedAt: expiresAt,
    }
  })
  for (let i = 0; i < docs.length; i += 10_000) cloud.db.insertMany('memberships', docs.slice(i, i + 10_000))
  const { sweepExpired } = await import('../../cloudfunctions/term/sweep')
  cloud.db.resetCallCounts()
  const t = performance.now()
  let runs = 0
  let pages = 0
  let expired = 0
  for (;;) {
    const r = await sweepExpired({ now })
    runs += 1
    pages += r.pages
    expired += r.expired
    if (r.done) break
    if (runs > 1000) throw new Error('the sweep does not finish')
  }
  const ms = performance.now() - t
  const notified = cloud.db.count('notifications', { kind: 'expired' })
  if (expired !== N || notified !== N)
    throw new Error(`expected ${N} expired and notified, got ${expired} / ${notified}`)
  console.log(
    JSON.stringify({
      memberships: N,
      runs,
      pages,
      dbCalls: cloud.db.totalCalls(),
      detail: cloud.db.callCounts(),
      ms: Math.round(ms),
    }),
  )
  await cloud.close()
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
