/** Demo perks: a code pool and an on-site benefit in the paid circle, a link in the free one. */
import type { SeedContext } from './context'

export async function seedPerks({ call, at, openidOf, circleId }: SeedContext): Promise<void> {
  at(2, 10, 0)
  const photo = circleId('photo')
  const pool = await call(
    'perk',
    'save',
    {
      circleId: photo,
      title: '合作影棚 8 折券',
      description: '在「光影棚」预约时出示兑换码，周一至周五可用，有效期至年底。',
      kind: 'codes',
      eligibility: { kind: 'all' },
      codes: ['GY8-2K4Q', 'GY8-7M2X', 'GY8-9P3D', 'GY8-4T8N', 'GY8-6W1L'],
    },
    openidOf('su'),
  )
  await call(
    'perk',
    'save',
    {
      circleId: photo,
      title: '线下作品集面评',
      description: '入圈满 30 天的成员，可在每月线下活动现场找苏念面评作品集一次。',
      kind: 'offline',
      eligibility: { kind: 'tenure', minDays: 30 },
      stock: 20,
    },
    openidOf('su'),
  )
  at(1, 20, 30)
  await call('perk', 'claim', { perkId: pool.id }, openidOf('zhao'))

  const morning = circleId('morning')
  await call(
    'perk',
    'save',
    {
      circleId: morning,
      title: '晨读书单（电子版）',
      description: '圈主整理的 52 本年度书单，领取后可见链接。',
      kind: 'link',
      link: 'https://example.com/morning-reading-list',
      eligibility: { kind: 'all' },
    },
    openidOf('lin'),
  )
}
