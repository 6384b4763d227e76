/**
 * post: reading and writing need membership; the team's tools need team roles; a muted member
 * reads, likes and reports but may not post or comment (the `muted` code, not a permission code).
 */
import { matrixFor, TARGET, type Kit } from './_kit'

/** A scheduled post (an hour ahead) of `author` (default the caller) in the free circle. */
async function freshScheduled(k: Kit, author = k.caller ?? TARGET): Promise<string> {
  const id = `sched_${Math.random().toString(36).slice(2, 10)}`
  const at = new Date(k.now.getTime() + 3_600_000)
  await k.insert('scheduledPosts', {
    _id: id,
    circleId: k.circleId,
    authorId: author,
    author: { nickname: '矩阵', avatarUrl: '', role: 'admin', title: null },
    text: '矩阵测试定时动态',
    images: [],
    status: 'scheduled',
    publishAt: at,
    postId: null,
    failReason: null,
    createdAt: k.now,
    updatedAt: k.now,
    publishedAt: null,
  })
  return id
}

export default matrixFor('post', {
  create: {
    need: 'post.create',
    input: (k) => ({ circleId: k.circleId, text: '矩阵测试发帖' }),
    expect: { muted: 'muted' },
  },
  list: { need: 'circle.read', input: (k) => ({ circleId: k.circleId }) },
  // a post outside the preview: members only
  get: { need: 'circle.read', input: async (k) => ({ postId: await k.post() }) },
  // someone else's post: only the team removes it
  remove: { need: 'post.removeAny', input: async (k) => ({ postId: await k.post(), reason: '矩阵测试删除' }) },
  pin: { need: 'post.pin', input: async (k) => ({ postId: await k.post(), pinned: true }) },
  feature: { need: 'post.feature', input: async (k) => ({ postId: await k.post(), featured: true }) },
  setPreview: {
    need: 'post.setPreview',
    input: async (k) => ({
      postId: await k.post(undefined, { featured: true, featuredAt: new Date() }),
      inPreview: true,
    }),
  },
  like: { need: 'post.like', input: async (k) => ({ postId: await k.post(), liked: true }) },
  comment: {
    need: 'post.comment',
    input: async (k) => ({ postId: await k.post(), text: '矩阵测试评论' }),
    expect: { muted: 'muted' },
  },
  comments: { need: 'circle.read', input: async (k) => ({ postId: await k.post() }) },
  removeComment: {
    need: 'comment.removeAny',
    input: async (k) => ({ commentId: await k.comment(), reason: '矩阵测试删除' }),
  },
  // content: the review queue and its decisions are the team's; attachments open for readers
  held: { need: 'post.removeAny', input: (k) => ({ circleId: k.circleId }) },
  review: {
    need: 'post.removeAny',
    input: async (k) => ({
      postId: await k.post(undefined, {
        status: 'held',
        review: { heldAt: k.now, decidedAt: null, decidedBy: null, reason: null },
      }),
      approve: true,
    }),
  },
  openFile: {
    need: 'circle.read',
    input: async (k) => ({
      postId: await k.post(undefined, {
        files: [
          {
            fileId: 'cloud://local-test.bucket/uploads/m_target/a.pdf',
            name: '资料.pdf',
            sizeBytes: 10,
            noDownload: true,
          },
        ],
      }),
      index: 0,
    }),
  },
  // ---- posts: search (visitors get only the preview posts), the 文件 tab, scheduled posts (issue 12) ----
  search: { need: 'signedIn', input: (k) => ({ circleId: k.circleId, q: '矩阵测试' }) },
  files: { need: 'circle.read', input: (k) => ({ circleId: k.circleId }) },
  schedule: {
    need: 'post.schedule',
    input: (k) => ({
      circleId: k.circleId,
      text: '矩阵测试定时',
      publishAt: new Date(k.now.getTime() + 3_600_000).toISOString(),
    }),
  },
  scheduled: { need: 'post.schedule', input: (k) => ({ circleId: k.circleId }) },
  // one of the caller's own: only its author deletes it, and only while on the team
  unschedule: { need: 'post.schedule', input: async (k) => ({ scheduledId: await freshScheduled(k) }) },
  calendar: { need: 'post.schedule', input: (k) => ({ circleId: k.circleId }) },
})
