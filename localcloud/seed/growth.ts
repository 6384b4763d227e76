/**
 * Demo growth tools: 晨读会's newcomer checklist (自我介绍, the first check-in, the 新人指南 and a
 * welcome perk, rewarded with points) and 人像摄影进阶's invite milestones.
 */
import type { SeedContext } from './context'

export async function seedGrowth({ call, at, openidOf, circleId }: SeedContext): Promise<void> {
  at(3, 9, 0)
  const morning = circleId('morning')
  const welcome = await call(
    'perk',
    'save',
    {
      circleId: morning,
      title: '新人礼包：晨读书单',
      description: '林知远整理的 30 本入门书单，领取后打开链接即可下载。',
      kind: 'link',
      link: 'https://example.com/morning-reading-list',
      eligibility: { kind: 'all' },
    },
    openidOf('lin'),
  )
  await call(
    'growth',
    'saveNewcomer',
    {
      circleId: morning,
      enabled: true,
      introTag: '自我介绍',
      checkin: true,
      guide: {
        title: '晨读会新人指南',
        body: '欢迎来到晨读会！\n1. 每天早上 7 点前在「打卡」里完成当天的晨读打卡。\n2. 发动态时带上 #读书笔记，方便大家按话题查找。\n3. 有问题可以在「问答」里提给圈主。\n4. 请友善交流，不发广告。',
      },
      perkId: welcome.id,
      reward: { kind: 'points', points: 20 },
    },
    openidOf('lin'),
  )
  await call(
    'growth',
    'saveMilestones',
    {
      circleId: circleId('photo'),
      milestones: [
        { invitees: 1, reward: { kind: 'coupon', amountFen: 2000 } },
        { invitees: 3, reward: { kind: 'month' } },
      ],
    },
    openidOf('su'),
  )
}
