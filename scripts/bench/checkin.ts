/**
 * Database calls of one check-in and of one leaderboard read, with 10 and with 1 000 participants
 * (docs/checkin.md: both must not depend on how many joined). Runs the real `challenge` function
 * against the strict local database through the real SDK; the other participants are written
 * straight into the store. Prints one JSON line for scripts/bench.mjs.
 */
import { main as challenge } from '../../cloudfunctions/challenge/index'
import { main as circle } from '../../cloudfunctions/circle/index'
import { participantId, type ParticipantRecord } from '../../cloudfunctions/core/challenge'
import { shanghaiDayKey } from '../../cloudfunctions/core/time'
import { COLLECTIONS } from '../../cloudfunctions/runtime/schema'
import { startTestCloud, useSdkEnv } from '../../localcloud/testing'

type Main = (event: Record<string, unknown>) => Promise<{ ok: boolean; data?: any; error?: unknown }>

async function as(openid: string, fn: Main, action: string, input: Record<string, unknown>) {
  process.env.WX_OPENID = openid
  const res = await fn({ action, ...input })
  if (!res.ok) throw new Error(`${action}: ${JSON.stringify(res.error)}`)
  return res.data
}

async function measure(cloud: Awaited<ReturnType<typeof startTestCloud>>, participants: number) {
  await cloud.db.wipe()
  const c = await as('o_owner', circle as Main, 'create', { name: '基准打卡圈', type: 'interest', entryMode: 'free' })
  const today = shanghaiDayKey(new Date())
  const startDay = `${today.slice(0, 4)}-${today.slice(4, 6)}-${today.slice(6, 8)}`
  const ch = await as('o_owner', challenge as Main, 'create', {
    circleId: c.id,
    title: '基准挑战',
    startDay,
    days: 30,
    requiredDays: 30,
  })
  await as('o_me', circle as Main, 'join', { circleId: c.id })
  await as('o_me', challenge as Main, 'enroll', { challengeId: ch.id })
  const now = new Date()
  const others: ParticipantRecord[] = Array.from({ length: participants - 1 }, (_, i) => ({
    _id: participantId(ch.id, `o_p${i}`),
    challengeId: ch.id,
    circleId: c.id,
    openid: `o_p${i}`,
    nickname: `成员${i}`,
    avatarUrl: '',
    days: [],
    makeupDays: [],
    total: 1 + (i % 29),
    bestStreak: 1 + (i % 11),
    lastCheckinAt: now,
    completedAt: null,
    rewarded: false,
    honorTitle: null,
    rewardPending: false,
    deposit: null,
    settled: false,
    joinedAt: now,
    updatedAt: now,
  }))
  if (others.length) cloud.db.insertMany('challengeParticipants', others as never)
  cloud.db.resetCallCounts()
  await as('o_me', challenge as Main, 'checkIn', { challengeId: ch.id, text: '今天读了二十页书。' })
  const checkin = cloud.db.totalCalls()
  if (process.env.BENCH_DETAIL) console.error(cloud.db.callCounts())
  cloud.db.resetCallCounts()
  const board = await as('o_me', challenge as Main, 'leaderboard', { challengeId: ch.id, by: 'total' })
  const leaderboard = cloud.db.totalCalls()
  if (board.items.length !== Math.min(50, participants)) throw new Error(`leaderboard has ${board.items.length} rows`)
  return { checkin, leaderboard }
}

async function main() {
  const cloud = await startTestCloud({ collections: COLLECTIONS })
  useSdkEnv(cloud.url)
  process.env.WX_CONTEXT_KEYS = 'WX_OPENID,WX_APPID'
  process.env.WX_APPID = 'wx_bench_app'
  const small = await measure(cloud, 10)
  const large = await measure(cloud, 1000)
  console.log(JSON.stringify({ small, large }))
  await cloud.close()
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
