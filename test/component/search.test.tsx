import { act } from 'react'
import type { Page } from '@core/contract'
import type { CircleFileItem, SearchHit } from '@core/contracts/post'
import { call } from '@/services/cloud'
import { resetAppStore } from '@/store'
import { Highlighted } from '@/packageCircle/components/Highlighted'
import { CircleFiles } from '@/packageCircle/pages/circle/Files'
import { initialSearchState, useSearchStore } from '@/packageCircle/pages/search/store'
import { makePost } from './support/fixtures'
import { byTestId, mount } from './support/mount'

jest.mock('@/services/cloud', () => ({ ...jest.requireActual('@/services/cloud'), call: jest.fn() }))
const mockCall = call as jest.MockedFunction<typeof call>

const hit = (id: string, text: string, highlights: [number, number][]): SearchHit => ({
  ...makePost({ id, text }),
  highlights,
})

describe('search in the app', () => {
  beforeEach(() => {
    resetAppStore()
    useSearchStore.setState(initialSearchState())
    mockCall.mockReset()
  })

  it('highlights exactly the matched spans of a text', async () => {
    await mount(() => (
      <Highlighted
        text="周末读书会：ＡＩ读书"
        ranges={[
          [2, 4],
          [6, 10],
        ]}
      />
    ))
    expect(byTestId('search-hit').map((e) => e.textContent)).toEqual(['读书', 'ＡＩ读书'])
  })

  it('reads on past pages that hold no real match, until it has a hit', async () => {
    const empty: Page<SearchHit> = { items: [], nextCursor: 'c1' }
    const found: Page<SearchHit> = { items: [hit('p1', '读书', [[0, 2]])], nextCursor: null }
    mockCall.mockResolvedValueOnce(empty as never).mockResolvedValueOnce(found as never)
    await act(async () => {
      await useSearchStore.getState().search({ circleId: 'c1', q: '读书' })
    })
    expect(mockCall).toHaveBeenNthCalledWith(2, 'post', 'search', { circleId: 'c1', q: '读书', cursor: 'c1' })
    expect(useSearchStore.getState().results['c1|读书||'].items.map((h) => h.id)).toEqual(['p1'])
  })

  it('lists the 文件 tab with 禁止下载 marked and opens through openFile, never by a file id', async () => {
    const item = (postId: string, index: number, noDownload: boolean): CircleFileItem => ({
      postId,
      index,
      name: `${postId}-${index}.pdf`,
      sizeBytes: 2048,
      kind: 'pdf',
      noDownload,
      createdAt: '2026-12-01T00:00:00.000Z',
      author: { openid: 'o1', nickname: '小雨', avatarUrl: '', role: 'member' },
    })
    mockCall.mockResolvedValueOnce({ items: [item('p2', 0, true), item('p1', 1, false)], nextCursor: null } as never)
    await mount(() => <CircleFiles circleId="c1" />)
    await act(async () => {
      await Promise.resolve()
    })
    const rows = byTestId('file-item')
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringContaining('禁止下载'),
      expect.not.stringContaining('禁止下载'),
    ])
    expect(document.body.innerHTML).not.toContain('cloud://')
    mockCall.mockRejectedValueOnce(new Error('stop'))
    await act(async () => {
      rows[0].click()
      await Promise.resolve()
    })
    expect(mockCall).toHaveBeenLastCalledWith('post', 'openFile', { postId: 'p2', index: 0 })
  })
})
