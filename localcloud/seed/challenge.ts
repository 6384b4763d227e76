/**
 * Demo check-in challenges: a 21-day reading challenge in the free circle that starts today, with
 * members who already checked in (today's count, the leaderboards), and a deposit challenge in the
 * paid circle that starts tomorrow (its rules and deposit notice show before anyone enrolls).
 * The seed's clock only moves forward (seed/index.ts), so everything happens "now".
 */
import type { SeedContext } from './context'

const NOTES = [
  '今天读了《置身事内》第二章，地方政府的融资方式比想象中复杂。',
  '早起读书二十分钟，记下三个没想明白的问题，晚上再查。',
  '读完《浮生六记》卷一，沈复写日常的笔触真温柔。',
]

export async function seedChallenges({ call, later, openidOf, circleId }: SeedContext): Promise<void> {
  const morning = circleId('morning')
  later(1)
  const reading = await call(
    'challenge',
    'create',
    {
      circleId: morning,
      title: '21 天晨读打卡',
      rules: '每天读书至少 20 分钟，写下一段自己的笔记（不要整段摘抄）。漏打的日子可以补卡 3 次。',
      startDay: shanghaiDay(0),
      days: 21,
      requiredDays: 21,
      windowStart: '00:00',
      windowEnd: '23:59',
      minWords: 10,
      photoRequired: false,
      makeupQuota: 3,
      reward: { kind: 'title', title: '晨读达人' },
      depositFen: 0,
    },
    openidOf('lin'),
  )
  const members = ['chen', 'wang', 'zhao', 'zhou']
  for (const who of members) {
    later(2)
    await call('challenge', 'enroll', { challengeId: reading.id }, openidOf(who))
  }
  for (const [i, who] of members.slice(0, 3).entries()) {
    later(3)
    await call('challenge', 'checkIn', { challengeId: reading.id, text: NOTES[i] }, openidOf(who))
  }

  later(5)
  await call(
    'challenge',
    'create',
    {
      circleId: circleId('photo'),
      title: '7 天人像练习（押金挑战）',
      rules: '每天拍一组人像并上传一张最满意的，附 20 字以上的拍摄思路。完成 6 天即退还押金。',
      startDay: shanghaiDay(1),
      days: 7,
      requiredDays: 6,
      windowStart: '06:00',
      windowEnd: '23:59',
      minWords: 20,
      photoRequired: true,
      makeupQuota: 1,
      reward: { kind: 'points', points: 100 },
      depositFen: 4900,
    },
    openidOf('su'),
  )
}

/** YYYY-MM-DD in Asia/Shanghai, `n` days from today. */
function shanghaiDay(n: number): string {
  return new Date(Date.now() + 8 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10)
}
