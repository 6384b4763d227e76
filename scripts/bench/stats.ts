/**
 * The owner's numbers at 10 and 100 000 members (docs/stats.md), on the strict local database
 * through the real SDK: database calls of one dashboard read (7 days, and today live), of one
 * segment-counts read, and of the nightly run for one circle and one day. The members and a day
 * of activity are written straight into the store. Prints one JSON line for scripts/bench.mjs.
 *   STATS_MEMBERS=5000 npx tsx scripts/bench/stats.ts
 */
import { main as circle } from '../../cloudfunctions/circle/index'
import { main as stats } from '../../cloudfunctions/stats/index'
import { addDays, dayRange } from '../../cloudfunctions/core/stats'
import { shanghaiDayKey } from '../../cloudfunctions/core/time'
import { COLLECTIONS } from '../../cloudfunctions/runtime/schema'
import { aggregateCircleDay } from '../../cloudfunctions/stats/aggregate'
import { startTestCloud, useSdkEnv } from '../../localcloud/testing'

type Main = (event: Record<string, unknown>) => Promise<{ ok: boolean; data?: any; error?: unknown }>
const LARGE = Number(process.env.STATS_MEMBERS ?? 100_000)

async function as(openid: string, fn: Main, action: string, input: Record<string, unknown>) {
  process.env.WX_OPENID = openid
  const res = await fn({ action, ...input })
  if (!res.ok) throw new Error(`${action}: ${JSON.stringify(res.error)}`)
  return res.data
}

async function measure(cloud: Awaited<ReturnType<typeof startTestCloud>>, members: number) {
  await cloud.db.wipe()
  const c = await as('o_owner', circle as Main, 'create', { name: '基准数据圈', type: 'interest', entryMode: 'free' })
  const now = new Date()
  const yesterday = addDays(shanghaiDayKey(now), -1)
  const { from } = dayRange(yesterday)
  const docs = Array.from({ length: members }, (_, i) => {
    const openid = `o_${String(i).padStart(7, '0')}`
    return {
      _id: `${c.id}:${openid}`,
      circleId: c.id,
      openid,
      role: 'member',
      status: 'active',
      user: { nickname: openid, avatarUrl: '' },
      joinedAt: new Date(from.getTime() - (i % 90) * 86_400_000),
      expiresAt: null,
      updatedAt: now,
    }
  })
  for (let i = 0; i < docs.length; i += 10_000) cloud.db.insertMany('memberships', docs.slice(i, i + 10_000) as never)
  // yesterday's activity: one member in twenty posted, one in ten liked
  const posts = docs
    .filter((_, i) => i % 20 === 0)
    .map((m, i) => ({
      _id: `p${i}`,
      circleId: c.id,
      authorId: m.openid,
      status: 'published',
      createdAt: new Date(from.getTime() + (i % 86_000) * 1000),
      featured: false,
      featuredAt: null,
    }))
  const likes = docs
    .filter((_, i) => i % 10 === 0)
    .map((m, i) => ({
      _id: `p0:${m.openid}`,
      postId: 'p0',
      circleId: c.id,
      openid: m.openid,
      createdAt: new Date(from.getTime() + (i % 86_000) * 1000),
    }))
  if (posts.length) cloud.db.insertMany('posts', posts as never)
  if (likes.length) cloud.db.insertMany('likes', likes as never)

  const circleRecord = (await cloud.db.find('circles'))[0] as never
  cloud.db.resetCallCounts()
  await aggregateCircleDay(circleRecord, yesterday, now)
  const aggregate = cloud.db.totalCalls()
  const aggregateDetail = cloud.db.callCounts()
  // the next night, when segments are already in place: only changes are written
  cloud.db.resetCallCounts()
  await aggregateCircleDay(circleRecord, yesterday, now)
  const aggregateSteady = cloud.db.totalCalls()

  cloud.db.resetCallCounts()
  const week = await as('o_owner', stats as Main, 'dashboard', { circleId: c.id, period: '7d' })
  const dashboard7d = cloud.db.totalCalls()
  if (week.content.posts !== posts.length)
    throw new Error(`dashboard shows ${week.content.posts} posts, expected ${posts.length}`)
  cloud.db.resetCallCounts()
  await as('o_owner', stats as Main, 'dashboard', { circleId: c.id, period: 'today' })
  const dashboardToday = cloud.db.totalCalls()
  cloud.db.resetCallCounts()
  await as('o_owner', stats as Main, 'segments', { circleId: c.id })
  const segments = cloud.db.totalCalls()
  return { members, aggregate, aggregateDetail, aggregateSteady, dashboard7d, dashboardToday, segments }
}

async function main() {
  const cloud = await startTestCloud({ collections: COLLECTIONS })
  useSdkEnv(cloud.url)
  process.env.WX_CONTEXT_KEYS = 'WX_OPENID,WX_APPID'
  process.env.WX_APPID = 'wx_bench_app'
  const small = await measure(cloud, 10)
  const large = await measure(cloud, LARGE)
  console.log(JSON.stringify({ small, large }))
  await cloud.close()
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
