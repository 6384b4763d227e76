/**
 * Demo scheduled posts (docs/search.md): 林知远 has a post scheduled for 07:00 the day after
 * tomorrow in 晨读会 (it shows on the content calendar under 管理 › 定时发布) and a draft.
 */
import type { SeedContext } from './context'

export async function seedScheduledPosts({ call, at, openidOf, circleId }: SeedContext): Promise<void> {
  const lin = openidOf('lin')
  const morning = circleId('morning')
  at(1, 20, 0)
  const inTwoDays = new Date(Date.now() + 8 * 3_600_000 + 2 * 86_400_000).toISOString().slice(0, 10)
  await call(
    'post',
    'schedule',
    {
      circleId: morning,
      text: '【本周书单】下周一起读《原则》第一部分，每天 20 页，周五晚上线上分享 #晨读',
      publishAt: `${inTwoDays}T07:00:00+08:00`,
    },
    lin,
  )
  await call(
    'post',
    'schedule',
    { circleId: morning, text: '草稿：月底读书分享会的报名说明（时间地点待定）', publishAt: null },
    lin,
  )
}
