/**
 * Demo lottery: an open 抽奖 in the free circle drawing in five days at 20:00 Beijing time (the
 * commitment shows, the seed does not), entered by a few members, one of whom already has 助力
 * from two friends.
 */
import type { SeedContext } from './context'

export async function seedLottery({ call, later, openidOf, circleId, today }: SeedContext): Promise<void> {
  // 20:00 Asia/Shanghai (12:00 UTC), five days after the seed's "now"
  const drawAt = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 5, 12, 0, 0))
  later(1)
  const lottery = await call(
    'lottery',
    'create',
    {
      circleId: circleId('morning'),
      title: '晨读会年终抽奖',
      prizes: [
        { kind: 'coupon', title: '续费立减券', stock: 3, amountFen: 2000 },
        { kind: 'physical', title: '晨读会定制帆布袋', stock: 1 },
        { kind: 'points', title: '100 积分', stock: 2, points: 100 },
      ],
      helpCap: 5,
      drawAt: drawAt.toISOString(),
    },
    openidOf('lin'),
  )
  for (const who of ['chen', 'wang', 'zhou']) {
    later(2)
    await call('lottery', 'enter', { lotteryId: lottery.id }, openidOf(who))
  }
  for (const friend of ['zhao', 'wu']) {
    later(1)
    await call('lottery', 'help', { lotteryId: lottery.id, helpee: openidOf('zhou') }, openidOf(friend))
  }
}
