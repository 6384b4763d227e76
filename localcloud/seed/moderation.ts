/**
 * Demo moderation through the real functions: a guest (嘉宾) in 晨读会 and an open report and a
 * handled one in its queue. No mutes, quiet hours or blacklist here: the seeds after this one
 * publish as the demo users, and 吴晓 (路人) must stay free to try joining (docs/moderation.md).
 */
import type { SeedContext } from './context'

export async function seedModeration({ call, at, openidOf, circleId }: SeedContext): Promise<void> {
  const morning = circleId('morning')
  const lin = openidOf('lin')
  at(3, 9, 0)
  await call('circle', 'setRole', { circleId: morning, openid: openidOf('su'), role: 'guest' }, lin)

  const feed = await call('post', 'list', { circleId: morning }, lin)
  const posts = feed.items as { id: string; author: { openid: string } }[]
  // nobody reports their own post (nor the owner's): each reporter picks someone else's
  const reportable = (reporter: string, not: string[] = []) =>
    posts.find((p) => p.author.openid !== lin && p.author.openid !== reporter && !not.includes(p.id))
  const first = reportable(openidOf('zhao'))
  const second = first && reportable(openidOf('zhou'), [first.id])
  if (first && second) {
    at(1, 21, 5)
    await call(
      'moderate',
      'report',
      { kind: 'post', targetId: first.id, reason: 'other', note: '感觉和读书主题关系不大' },
      openidOf('zhao'),
    )
    at(1, 22, 40)
    const handled = await call(
      'moderate',
      'report',
      { kind: 'post', targetId: second.id, reason: 'spam', note: '' },
      openidOf('zhou'),
    )
    at(0, 8, 15)
    await call('moderate', 'resolveReport', { reportId: handled.id, decision: 'dismiss' }, openidOf('chen'))
  }
}
