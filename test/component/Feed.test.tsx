import { act } from 'react'
import type { FeedPage } from '@core/contract'
import { ApiError, call } from '@/services/cloud'
import { resetAppStore, useAppStore, type FeedQuery } from '@/store'
import { Feed } from '@/packageCircle/pages/circle/Feed'
import { deferred, makeCirclePage, makePost } from './support/fixtures'
import { byTestId, mount } from './support/mount'

jest.mock('@/services/cloud', () => ({ ...jest.requireActual('@/services/cloud'), call: jest.fn() }))
const mockCall = call as jest.MockedFunction<typeof call>

const query: FeedQuery = { circleId: 'c1', tab: 'latest' }

async function mountFeed() {
  const page = makeCirclePage({
    me: {
      circleId: 'c1',
      role: 'member',
      joinedAt: '2025-01-02T00:00:00.000Z',
      expiresAt: null,
      state: 'active',
      graceEndsAt: null,
    },
  })
  useAppStore.setState({ circlePages: { c1: { status: 'ready', error: null, page } } })
  const t = await mount(() => <Feed page={page} query={query} onQuery={() => undefined} />)
  return t
}

describe('the circle feed', () => {
  beforeEach(() => {
    resetAppStore()
  })

  it('shows loading, then the empty state when the circle has no posts', async () => {
    const reply = deferred<FeedPage>()
    mockCall.mockReturnValueOnce(reply.promise as never)
    await mountFeed()
    let loading: Promise<void>
    await act(async () => {
      loading = useAppStore.getState().loadFeed(query)
    })
    expect(byTestId('state-loading')).toHaveLength(1)
    await act(async () => {
      reply.resolve({ items: [], nextCursor: null, viewerRole: 'member' })
      await loading
    })
    expect(byTestId('state-loading')).toHaveLength(0)
    expect(byTestId('state-empty')[0].textContent).toContain('还没有动态')
  })

  it('shows the error from the table with a retry that loads again', async () => {
    mockCall.mockRejectedValueOnce(new ApiError('network'))
    const t = await mountFeed()
    await act(async () => {
      await useAppStore.getState().loadFeed(query)
    })
    const error = byTestId('state-error')[0]
    expect(error.textContent).toContain('网络不太好，请检查网络后重试')

    mockCall.mockResolvedValueOnce({ items: [makePost()], nextCursor: null, viewerRole: 'member' } as never)
    const retry = error.querySelector('.state__action') as HTMLElement
    await act(async () => {
      t.fireEvent.click(retry)
    })
    await act(async () => {
      await Promise.resolve()
    })
    expect(mockCall).toHaveBeenLastCalledWith('post', 'list', {
      circleId: 'c1',
      tab: 'latest',
      tag: undefined,
      cursor: undefined,
    })
    expect(byTestId('state-error')).toHaveLength(0)
    expect(byTestId('post-card')).toHaveLength(1)
  })

  it('puts the announcement above the tabs', async () => {
    await mountFeed()
    expect(byTestId('announcement')[0].textContent).toContain('本周五晚 8 点直播')
    expect(document.body.textContent).toContain('#面试')
  })
})
