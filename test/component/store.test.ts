import type { CommentView } from '@core/contract'
import { ApiError, call, fileUrl } from '@/services/cloud'
import {
  EMPTY_LIST,
  resetAppStore,
  selectCanSubmitPost,
  selectDiscoverList,
  selectFeed,
  selectViewerRole,
  threadComments,
  useAppStore,
} from '@/store'
import { splitTags } from '@/utils/text'
import { formatRelative } from '@core/time'
import { deferred, makeCirclePage, makePost } from './support/fixtures'

jest.mock('@/services/cloud', () => ({
  ...jest.requireActual('@/services/cloud'),
  call: jest.fn(),
  uploadImage: jest.fn(),
}))
const mockCall = call as jest.MockedFunction<typeof call>
const state = () => useAppStore.getState()

beforeEach(() => resetAppStore())

describe('selectors', () => {
  it('give the same empty list every time for a feed nobody loaded (React needs a stable value)', () => {
    const q = { circleId: 'c9', tab: 'latest' as const }
    expect(selectFeed(q)(state())).toBe(EMPTY_LIST)
    expect(selectFeed(q)(state())).toBe(selectFeed(q)(state()))
    expect(selectDiscoverList(state())).toBe(EMPTY_LIST)
  })

  it('keep one list per discover filter', async () => {
    mockCall.mockResolvedValueOnce({ items: [{ id: 'k1' }], nextCursor: null } as never)
    state().chooseDiscoverFilter('knowledge')
    await state().loadDiscover()
    expect(mockCall).toHaveBeenCalledWith('circle', 'discover', { cursor: undefined, type: 'knowledge' })
    expect(selectDiscoverList(state()).items).toHaveLength(1)
    state().chooseDiscoverFilter('all')
    expect(selectDiscoverList(state())).toBe(EMPTY_LIST)
  })

  it('take the viewer role from the circle page, else from the last feed', () => {
    useAppStore.setState({ viewerRoles: { c1: 'admin' } })
    expect(selectViewerRole('c1')(state())).toBe('admin')
    expect(selectViewerRole('c2')(state())).toBeNull()
  })

  it('allow sending a post only with content and every image uploaded', () => {
    state().startCompose('c1')
    expect(selectCanSubmitPost(state())).toBe(false)
    state().editComposeText('  你好  ')
    expect(selectCanSubmitPost(state())).toBe(true)
    useAppStore.setState({
      compose: {
        ...state().compose,
        images: [{ key: 'i1', localPath: 'blob:1', fileID: null, progress: 40, status: 'uploading' }],
      },
    })
    expect(selectCanSubmitPost(state())).toBe(false)
  })
})

describe('feed pagination', () => {
  it('appends the next page with the cursor the server gave', async () => {
    const q = { circleId: 'c1', tab: 'latest' as const }
    mockCall.mockResolvedValueOnce({
      items: [makePost({ id: 'a' })],
      nextCursor: 'cur1',
      viewerRole: 'member',
    } as never)
    await state().loadFeed(q)
    mockCall.mockResolvedValueOnce({ items: [makePost({ id: 'b' })], nextCursor: null, viewerRole: 'member' } as never)
    await state().loadMoreFeed(q)
    expect(mockCall).toHaveBeenLastCalledWith('post', 'list', {
      circleId: 'c1',
      tab: 'latest',
      tag: undefined,
      cursor: 'cur1',
    })
    expect(selectFeed(q)(state()).items).toEqual(['a', 'b'])
    expect(selectFeed(q)(state()).nextCursor).toBeNull()
    // Nothing more to load: no further request.
    await state().loadMoreFeed(q)
    expect(mockCall).toHaveBeenCalledTimes(2)
  })

  it('ignores a slow first page that answers after a newer refresh', async () => {
    const q = { circleId: 'c1', tab: 'featured' as const }
    const slow = deferred<unknown>()
    mockCall.mockReturnValueOnce(slow.promise as never)
    const first = state().loadFeed(q)
    mockCall.mockResolvedValueOnce({
      items: [makePost({ id: 'new' })],
      nextCursor: null,
      viewerRole: 'member',
    } as never)
    await state().loadFeed(q)
    slow.resolve({ items: [makePost({ id: 'old' })], nextCursor: null, viewerRole: 'member' })
    await first
    expect(selectFeed(q)(state()).items).toEqual(['new'])
  })
})

describe('likePost', () => {
  it('shows the like at once and keeps the server count', async () => {
    useAppStore.setState({ posts: { p1: makePost({ likeCount: 2, liked: false }) } })
    const reply = deferred<unknown>()
    mockCall.mockReturnValueOnce(reply.promise as never)
    const liking = state().likePost('p1')
    expect(state().posts.p1).toMatchObject({ liked: true, likeCount: 3 })
    reply.resolve({ liked: true, likeCount: 7 })
    await liking
    expect(mockCall).toHaveBeenCalledWith('post', 'like', { postId: 'p1', liked: true })
    expect(state().posts.p1).toMatchObject({ liked: true, likeCount: 7 })
  })

  it('rolls the like back when the server refuses, and passes the error on', async () => {
    useAppStore.setState({ posts: { p1: makePost({ likeCount: 2, liked: false }) } })
    mockCall.mockRejectedValueOnce(new ApiError('not_member'))
    await expect(state().likePost('p1')).rejects.toMatchObject({
      code: 'not_member',
      message: '加入圈子后才能查看和参与',
    })
    expect(state().posts.p1).toMatchObject({ liked: false, likeCount: 2 })
  })
})

describe('comments', () => {
  const comment = (id: string, parentId: string | null): CommentView => ({
    id,
    postId: 'p1',
    author: { openid: 'u' + id, nickname: 'n' + id, avatarUrl: '', role: 'member' },
    text: 't' + id,
    parentId,
    replyTo: null,
    createdAt: '2025-03-01T00:00:00.000Z',
  })

  it('thread replies one level under their top-level comment', () => {
    const threads = threadComments([comment('a', null), comment('b', null), comment('a1', 'a'), comment('a2', 'a')])
    expect(threads.map((t) => [t.comment.id, t.replies.map((r) => r.id)])).toEqual([
      ['a', ['a1', 'a2']],
      ['b', []],
    ])
  })

  it('adding a comment appends it and counts it on the post', async () => {
    useAppStore.setState({ posts: { p1: makePost({ commentCount: 3 }) } })
    mockCall.mockResolvedValueOnce(comment('c', 'a') as never)
    await state().commentOnPost('p1', '同意', 'a')
    expect(mockCall).toHaveBeenCalledWith('post', 'comment', { postId: 'p1', text: '同意', parentId: 'a' })
    expect(state().comments.p1.items.map((c) => c.id)).toEqual(['c'])
    expect(state().posts.p1.commentCount).toBe(4)
  })
})

describe('display helpers', () => {
  it('show times in Shanghai whatever the machine zone', () => {
    const now = '2025-03-02T02:00:00Z' // 10:00 in Shanghai
    expect(formatRelative('2025-03-02T01:59:30Z', now)).toBe('刚刚')
    expect(formatRelative('2025-03-02T01:35:00Z', now)).toBe('25分钟前')
    // 00:30 on 2 March in Shanghai, though still 1 March in UTC.
    expect(formatRelative('2025-03-01T16:30:00Z', now)).toBe('今天 00:30')
    expect(formatRelative('2025-02-20T04:00:00Z', now)).toBe('02-20')
  })

  it('link only the words the server recognised as tags', () => {
    expect(splitTags('看 #产品，和 #不是标签', ['产品'])).toEqual([
      { kind: 'text', text: '看 ' },
      { kind: 'tag', text: '#产品', tag: '产品' },
      { kind: 'text', text: '，和 #不是标签' },
    ])
  })

  it('map cloud file ids to the local cloud in H5', () => {
    expect(fileUrl('cloud://dev-env.6465/uploads/x.png')).toBe('/files/uploads/x.png')
    expect(fileUrl('')).toBe('')
  })
})

describe('opening a circle', () => {
  beforeEach(() => mockCall.mockReset())

  it('shows the first feed page that came with the circle page without asking again, then refreshes on demand', async () => {
    const page = {
      ...makeCirclePage({
        me: {
          circleId: 'c1',
          role: 'member',
          joinedAt: '2026-11-01T00:00:00Z',
          expiresAt: null,
          state: 'active',
          graceEndsAt: null,
        },
      }),
    }
    page.feed = { items: [makePost({ id: 'p1' }), makePost({ id: 'p2' })], nextCursor: 'next', viewerRole: 'member' }
    mockCall.mockResolvedValueOnce(page as never)
    await state().loadCirclePage('c1')
    const q = { circleId: 'c1', tab: 'latest' as const }
    expect(selectFeed(q)(state())).toMatchObject({ items: ['p1', 'p2'], nextCursor: 'next', status: 'ready' })
    await state().loadFeed(q)
    expect(mockCall).toHaveBeenCalledTimes(1)
    mockCall.mockResolvedValueOnce({ items: [makePost({ id: 'p3' })], nextCursor: null, viewerRole: 'member' } as never)
    await state().loadFeed(q)
    expect(mockCall).toHaveBeenLastCalledWith('post', 'list', {
      circleId: 'c1',
      tab: 'latest',
      tag: undefined,
      cursor: undefined,
    })
    expect(selectFeed(q)(state()).items).toEqual(['p3'])
  })
})
