/**
 * Writes in-app notifications after the decision that caused them has committed. Ids are
 * deterministic, so a retried handler or timer notifies once.
 */
import { mentionTokens } from '../core/mentions'
import { type NewNotification, notificationRecord } from '../core/notifications'
import type { CommentRecord, MembershipRecord, PostRecord } from '../core/records'
import { isDuplicateKey } from './db'
import { memberships } from './repos/circles'
import { NOTIFICATIONS, notifications } from './repos/notifications'

export { NOTIFICATIONS }

/** Ids a notification batch may carry at once (one `_.in` read, one batch insert). */
const BATCH = 1000

/**
 * Writes the notifications not written before: one read of the ids, one batch insert of the new
 * ones (2 database calls for up to 1000). When a concurrent run wrote some of them in between,
 * the batch is refused as a whole and each is written on its own, skipping duplicates.
 * `fresh`: the ids name something this very call created (a new comment), so none can exist yet
 * and the read is skipped (1 call); a duplicate would still be skipped by the fallback.
 */
export async function notify(items: NewNotification[], now: Date, opts: { fresh?: boolean } = {}): Promise<void> {
  const unique = [...new Map(items.map((n) => [n.id, n])).values()]
  for (let i = 0; i < unique.length; i += BATCH) {
    const chunk = unique.slice(i, i + BATCH)
    const existing = new Set(opts.fresh ? [] : (await notifications.getMany(chunk.map((n) => n.id))).map((d) => d._id))
    const fresh = chunk.filter((n) => !existing.has(n.id)).map((n) => notificationRecord(n, now))
    if (fresh.length === 0) continue
    try {
      await notifications.addMany(fresh)
    } catch (error) {
      if (!isDuplicateKey(error)) throw error
      for (const record of fresh) {
        try {
          await notifications.add(record)
        } catch (e) {
          if (!isDuplicateKey(e)) throw e
        }
      }
    }
  }
}

const postPath = (postId: string) => `/packageCircle/pages/post/index?id=${encodeURIComponent(postId)}`
const excerpt = (text: string, n = 40) => {
  const chars = [...text.replace(/\s+/g, ' ').trim()]
  return chars.length <= n ? chars.join('') : `${chars.slice(0, n).join('')}…`
}

/**
 * After a comment committed: the post's author hears of it (`reply`), and so does the person a
 * reply answers; @nicknames of the circle's members hear of it as a mention. Nobody is told about
 * their own words, and each person gets one notice per comment. Failures are logged, never
 * undo the comment.
 */
export async function notifyComment(post: PostRecord, comment: CommentRecord, now: Date): Promise<void> {
  try {
    const who = comment.author.nickname
    const items: NewNotification[] = []
    const told = new Set<string>([comment.authorId])
    const replyTo = comment.replyTo?.openid
    if (replyTo && !told.has(replyTo)) {
      told.add(replyTo)
      items.push({
        id: `reply:${comment._id}:${replyTo}`,
        openid: replyTo,
        circleId: post.circleId,
        kind: 'reply',
        title: `${who} 回复了你`,
        body: excerpt(comment.text),
        link: postPath(post._id),
      })
    }
    if (!told.has(post.authorId)) {
      told.add(post.authorId)
      items.push({
        id: `reply:${comment._id}:${post.authorId}`,
        openid: post.authorId,
        circleId: post.circleId,
        kind: 'reply',
        title: `${who} 评论了你的动态`,
        body: excerpt(comment.text),
        link: postPath(post._id),
      })
    }
    for (const m of await mentionedMembers(post.circleId, comment.text)) {
      if (told.has(m.openid)) continue
      told.add(m.openid)
      items.push({
        id: `mention:${comment._id}:${m.openid}`,
        openid: m.openid,
        circleId: post.circleId,
        kind: 'mention',
        title: `${who} 在评论中提到了你`,
        body: excerpt(comment.text),
        link: postPath(post._id),
      })
    }
    // the ids carry the new comment's id: nothing can have written them before
    await notify(items, now, { fresh: true })
  } catch (error) {
    console.error('[notify] comment notices failed', comment._id, error)
  }
}

/** After a post committed: the members it @mentions hear of it. */
export async function notifyPostMentions(post: PostRecord, now: Date): Promise<void> {
  try {
    const items = (await mentionedMembers(post.circleId, post.text))
      .filter((m) => m.openid !== post.authorId)
      .map<NewNotification>((m) => ({
        id: `mention:${post._id}:${m.openid}`,
        openid: m.openid,
        circleId: post.circleId,
        kind: 'mention',
        title: `${post.author.nickname} 在动态中提到了你`,
        body: excerpt(post.text),
        link: postPath(post._id),
      }))
    await notify(items, now)
  } catch (error) {
    console.error('[notify] mention notices failed', post._id, error)
  }
}

/** Active members of the circle whose current nickname is @mentioned (one read, index circle_nickname). */
async function mentionedMembers(circleId: string, text: string): Promise<MembershipRecord[]> {
  return memberships.byNicknames(circleId, mentionTokens(text))
}
