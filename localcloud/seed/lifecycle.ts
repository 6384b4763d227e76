/**
 * Demo of the notification centre (lifecycle): in the approval circle, a comment that
 * @mentions members and a reply to it, so 王一鸣 (the demo member), 赵悦 and 林知远 find
 * 回复 / @提到 in 消息通知; and a one-time subscription grant by 赵悦 for the renewal reminder.
 * Comments of the base demo were already notified as they were written. Everything goes through
 * the real functions.
 */
import { RENEWAL_TEMPLATE_ID } from '../../cloudfunctions/core/term'
import type { SeedContext } from './context'

export async function seedLifecycle({ call, at, later, openidOf, circleId }: SeedContext): Promise<void> {
  const pm = circleId('pm')
  const feed = await call('post', 'list', { circleId: pm }, openidOf('lin'))
  // a post by someone other than the people mentioned: each person gets one notice per comment, and a mention is the point here
  const mentioned = [openidOf('wang'), openidOf('zhao')]
  const post = feed.items.find((p: { author: { openid: string } }) => !mentioned.includes(p.author.openid))
  if (!post) return
  at(1, 7, 40)
  const mention = await call(
    'post',
    'comment',
    {
      postId: post.id,
      text: '我把这个案例整理成了一版用户旅程图，@王一鸣 @赵悦 你们上次提的赔付门槛问题放在第三页了，先看看？',
    },
    openidOf('chen'),
  )
  later(6)
  await call(
    'post',
    'comment',
    {
      postId: post.id,
      text: '看完了，赔付门槛那页很清楚！@林知远 周五能不能顺便讲讲超时判定的口径？',
      parentId: mention.id,
    },
    openidOf('wang'),
  )
  later(9)
  await call(
    'post',
    'comment',
    { postId: post.id, text: '可以，周五第二部分专门讲这个', parentId: mention.id },
    openidOf('lin'),
  )
  later(2)
  await call('notify', 'grant', { accepted: [RENEWAL_TEMPLATE_ID] }, openidOf('zhao'))
}
