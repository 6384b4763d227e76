/**
 * The verdicts of WeChat's asynchronous image check (mediaCheckAsync v2), delivered as the
 * `wxa_media_check` message push (消息推送 configured to this function; docs/content-security.md).
 * The push names the trace id the submission got (runtime/contentSecurity.ts recorded it with its
 * image): a risky image takes down the posts showing it and tells their authors; a review image
 * holds a published post for the team's queue. Anyone can call a function by name, so only a
 * trace id on record counts — and trace ids never leave the server.
 */
import { IMAGE_RISKY_REASON, imageRemovedNotification, imageVerdictAction, reviewPatch } from '../core/content'
import { DomainError } from '../core/errors'
import { createHttpMain } from '../runtime/handler'
import { notify } from '../runtime/notifications'
import { decidePost, holdPost, mediaChecks, postsShowingImage } from '../runtime/repos/content'
import { deletePost } from '../runtime/repos/moderation'

interface MediaCheckPush {
  trace_id?: unknown
  result?: { suggest?: unknown }
}

export const main = createHttpMain({
  name: 'contentCheck',
  // no HTTP access: pushes only
  handle: async () => {
    throw new DomainError('not_found')
  },
  pushes: {
    async wxa_media_check(event, ctx) {
      const push = event as MediaCheckPush
      const traceId = typeof push.trace_id === 'string' ? push.trace_id : ''
      const suggest = typeof push.result?.suggest === 'string' ? push.result.suggest : ''
      const check = traceId ? await mediaChecks.get(traceId) : null
      if (!check || !suggest) return { ignored: true }
      await mediaChecks.decide(traceId, suggest, ctx.now)
      // post images are the ones acted on; other scenes' images are recorded (docs: what is missing)
      if (check.scene !== 'post' || suggest === 'pass') return { suggest, posts: 0 }
      let acted = 0
      for (const post of await postsShowingImage(check.fileId)) {
        const action = imageVerdictAction(suggest, post.status)
        if (action === 'remove') {
          const removed =
            post.status === 'published'
              ? await deletePost(post, 'system', IMAGE_RISKY_REASON, ctx.now)
              : await deleteHeld(post._id, ctx.now)
          if (removed) {
            acted++
            await notify([imageRemovedNotification(post)], ctx.now)
          }
        } else if (action === 'hold' && (await holdPost(post._id, ctx.now))) acted++
      }
      return { suggest, posts: acted }
    },
  },
})

async function deleteHeld(postId: string, now: Date): Promise<boolean> {
  try {
    await decidePost(
      postId,
      (fresh) =>
        reviewPatch({
          review: fresh.review,
          status: fresh.status,
          approve: false,
          reason: IMAGE_RISKY_REASON,
          by: 'system',
          now,
        }),
      now,
    )
    return true
  } catch (e) {
    if (e instanceof DomainError && e.code === 'not_held') return false
    throw e
  }
}
