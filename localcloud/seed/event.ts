/**
 * Demo events: a paid night shoot open to anyone in the photography circle (苏念), and a free
 * members-only meetup in the morning-reading circle (林知远) that is full with one person waiting.
 */
import type { SeedContext } from './context'

const DAY_MS = 86_400_000
const SHANGHAI_MS = 8 * 3600_000

/** `days` from the seed's today at hh:mm in Asia/Shanghai. */
function dayAt(today: Date, days: number, hour: number, minute = 0): Date {
  const dayStart = Math.floor((today.getTime() + SHANGHAI_MS) / DAY_MS) * DAY_MS - SHANGHAI_MS
  return new Date(dayStart + days * DAY_MS + (hour * 60 + minute) * 60_000)
}

/** Days from the seed's today to the coming `weekday` (0 Sunday … 6 Saturday), at least `min` days ahead. */
export function daysUntilWeekday(today: Date, weekday: number, min = 3): number {
  const todayWeekday = new Date(today.getTime() + SHANGHAI_MS).getUTCDay()
  let days = (weekday - todayWeekday + 7) % 7
  while (days < min) days += 7
  return days
}
const iso = (d: Date) => d.toISOString()

export async function seedEvents({ today, call, at, later, openidOf, circleId }: SeedContext): Promise<void> {
  at(0, 8, 0)
  // the photo circle's announcement names this evening: the coming Saturday (seed/index.ts)
  const shootStart = dayAt(today, daysUntilWeekday(today, 6), 19)
  await call(
    'event',
    'save',
    {
      circleId: circleId('photo'),
      title: '外滩夜景人像外拍',
      description:
        '苏念带队，外滩到北外滩一路拍到夜里。\n流程：19:00 集合讲解布光 → 19:30 分组拍摄 → 21:30 现场回看点评。\n请自带相机和一支大光圈定焦，反光板由我们准备。',
      startAt: iso(shootStart),
      endAt: iso(new Date(shootStart.getTime() + 3 * 3600_000)),
      place: { kind: 'offline', address: '上海市黄浦区中山东一路 外滩观景平台（陈毅广场集合）' },
      capacity: 12,
      priceFen: 9900,
      audience: 'open',
      form: {
        name: true,
        phone: true,
        fields: [
          { id: 'camera', label: '相机型号', kind: 'text', required: true },
          { id: 'level', label: '拍摄经验', kind: 'choice', options: ['新手', '进阶', '资深'], required: true },
        ],
      },
      signupDeadline: iso(new Date(shootStart.getTime() - DAY_MS)),
      cancelDeadline: iso(new Date(shootStart.getTime() - 2 * DAY_MS)),
      refundPct: 80,
      waitlist: true,
    },
    openidOf('su'),
  )

  // a 周六 meetup falls on a Saturday, whatever day the demo is seeded
  const meetStart = dayAt(today, daysUntilWeekday(today, 6), 9, 30)
  const meetup = await call(
    'event',
    'save',
    {
      circleId: circleId('morning'),
      title: '周六晨读线下见面会',
      description: '这个月读《置身事内》。带上你的读书笔记，每人分享 5 分钟，之后一起吃早午餐（AA）。',
      startAt: iso(meetStart),
      endAt: iso(new Date(meetStart.getTime() + 2.5 * 3600_000)),
      place: { kind: 'offline', address: '北京市东城区美术馆后街 三联韬奋书店二楼' },
      capacity: 4,
      priceFen: 0,
      audience: 'members',
      form: {
        name: true,
        phone: false,
        fields: [{ id: 'note', label: '想分享的一句话', kind: 'text', required: false }],
      },
      refundPct: 100,
      waitlist: true,
    },
    openidOf('lin'),
  )
  const people: [string, string, string][] = [
    ['chen', '陈小雨', '地方政府的钱从哪里来，是理解很多新闻的钥匙。'],
    ['wang', '王一鸣', ''],
    ['zhao', '赵悦', '土地财政这一章读了三遍。'],
    ['zhou', '周可', ''],
    ['su', '苏念', '第一次参加，想听听大家怎么做笔记。'],
  ]
  for (const [key, name, note] of people) {
    later(23)
    await call(
      'event',
      'signUp',
      { eventId: meetup.id, contactName: name, answers: note ? { note } : {} },
      openidOf(key),
    )
  }
}
