import type { CirclePage, PostView } from '@core/contract'

export function makePost(over: Partial<PostView> = {}): PostView {
  return {
    id: 'p1',
    circleId: 'c1',
    author: { openid: 'u-owner', nickname: '老王', avatarUrl: '', role: 'owner' },
    text: '今天聊聊 #产品 设计',
    images: [],
    files: [],
    status: 'published',
    tags: ['产品'],
    createdAt: '2025-03-01T00:00:00.000Z',
    likeCount: 2,
    commentCount: 3,
    liked: false,
    pinned: false,
    featured: false,
    inPreview: false,
    ...over,
  }
}

export function makeCirclePage(
  over: {
    me?: CirclePage['me']
    entryMode?: 'free' | 'approval' | 'paid'
    entryPrice?: CirclePage['circle']['entryPrice']
    entrySale?: CirclePage['entrySale']
  } = {},
): CirclePage {
  return {
    circle: {
      id: 'c1',
      name: '产品经理成长圈',
      intro: '一起做好产品',
      coverUrl: '',
      avatarUrl: '',
      type: 'knowledge',
      audience: '刚入行的产品经理',
      coreValue: '每周一份拆解',
      rules: '友善交流',
      welcome: '欢迎你！先看置顶。',
      announcement: '本周五晚 8 点直播',
      tags: ['产品', '面试'],
      allowPreview: true,
      entryMode: over.entryMode ?? 'free',
      status: 'active',
      memberCount: 12,
      owner: { openid: 'u-owner', nickname: '老王', avatarUrl: '' },
      previewPostIds: [],
      createdAt: '2025-01-01T00:00:00.000Z',
      closedAt: null,
      entryPrice: over.entryPrice ?? null,
    },
    stats: { memberCount: 12, postCount: 40, postsLast7Days: 9, featuredCount: 5 },
    previewPosts: [],
    me: over.me === undefined ? null : over.me,
    application: null,
    protection: { watermark: false },
    feed: null,
    entrySale: over.entrySale ?? { purchasable: true, showPrice: true },
  }
}

/** A promise the test resolves or rejects when it chooses. */
export function deferred<T>() {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}
