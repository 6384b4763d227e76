import { assertCanRemove, extractTags, nextPinnedIds, nextPreviewIds, replyThread } from '@core/post'
import type { CommentRecord, PostRecord } from '@core/records'

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (e) {
    return (e as { code: string }).code
  }
  return undefined
}

describe('tags in a post', () => {
  it('finds #tags ended by space, punctuation or the end, and Weibo-style #tag#', () => {
    expect(extractTags('今天读完了 #读书笔记 很有收获，#早起#打卡！还有#成长')).toEqual([
      '读书笔记',
      '早起',
      '打卡',
      '成长',
    ])
  })

  it('drops duplicates and tags longer than 10 characters', () => {
    expect(extractTags('#读书 #读书 #这是一个超过十个字的很长的标签')).toEqual(['读书'])
  })

  it('keeps at most 10 tags', () => {
    const text = Array.from({ length: 12 }, (_, i) => `#t${i}`).join(' ')
    expect(extractTags(text)).toHaveLength(10)
  })
})

describe('pinning', () => {
  it('puts the newest pin first and refuses a fourth', () => {
    expect(nextPinnedIds(['a', 'b'], 'c', true)).toEqual(['c', 'a', 'b'])
    expect(codeOf(() => nextPinnedIds(['a', 'b', 'c'], 'd', true))).toBe('pin_limit_reached')
  })

  it('treats pinning a pinned post and unpinning an unpinned one as no change', () => {
    expect(nextPinnedIds(['a', 'b', 'c'], 'b', true)).toEqual(['a', 'b', 'c'])
    expect(nextPinnedIds(['a'], 'z', false)).toEqual(['a'])
    expect(nextPinnedIds(['a', 'b'], 'a', false)).toEqual(['b'])
  })
})

describe('preview', () => {
  const post = (id: string, featured: boolean) => ({ _id: id, featured }) as PostRecord

  it('only takes 精华 posts, at most five', () => {
    expect(codeOf(() => nextPreviewIds([], post('a', false), true))).toBe('not_featured')
    expect(nextPreviewIds(['a'], post('b', true), true)).toEqual(['a', 'b'])
    expect(codeOf(() => nextPreviewIds(['1', '2', '3', '4', '5'], post('b', true), true))).toBe('preview_limit_reached')
  })
})

describe('deleting', () => {
  it('lets authors delete their own, admins anyone, and nobody else', () => {
    expect(() => assertCanRemove('member', 'me', 'me', 'post.removeAny')).not.toThrow()
    expect(() => assertCanRemove('admin', 'me', 'other', 'post.removeAny')).not.toThrow()
    expect(codeOf(() => assertCanRemove('member', 'me', 'other', 'post.removeAny'))).toBe('forbidden')
    expect(codeOf(() => assertCanRemove(null, 'me', 'me', 'post.removeAny'))).toBe('not_member')
  })
})

describe('replies', () => {
  const top = {
    _id: 'k1',
    postId: 'p1',
    parentId: null,
    status: 'published',
    authorId: 'o_a',
    author: { nickname: '阿明', avatarUrl: '', role: 'member' },
  } as CommentRecord

  it('keeps a reply to a reply in the top-level thread and names who was answered', () => {
    const reply = {
      ...top,
      _id: 'k2',
      parentId: 'k1',
      authorId: 'o_b',
      author: { nickname: '小贝', avatarUrl: '', role: 'member' },
    } as CommentRecord
    expect(replyThread(top, 'p1')).toEqual({
      parentId: 'k1',
      replyTo: { openid: 'o_a', nickname: '阿明', avatarUrl: '' },
    })
    expect(replyThread(reply, 'p1')).toEqual({
      parentId: 'k1',
      replyTo: { openid: 'o_b', nickname: '小贝', avatarUrl: '' },
    })
  })

  it('refuses replying to a comment of another post or a deleted one', () => {
    expect(codeOf(() => replyThread(top, 'p2'))).toBe('not_found')
    expect(codeOf(() => replyThread({ ...top, status: 'deleted' }, 'p1'))).toBe('not_found')
  })
})
