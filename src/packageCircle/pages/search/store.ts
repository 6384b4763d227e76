/**
 * Finding things in a circle (docs/search.md): post search by keyword, tag and author, and the
 * 文件 tab's attachments. A store of its own so its code ships in this subpackage; cleared when
 * the viewer changes. No toasts or navigation here.
 */
import { create } from 'zustand'
import type { CircleFileItem, SearchHit } from '@core/contracts/post'
import type { Page } from '@core/contract'
import { call } from '@/services/cloud'
import { EMPTY_LIST, makeListLoader, registerViewerReset, type ListState, type LoadMode } from '@/store'

export interface SearchQuery {
  circleId: string
  q?: string
  tag?: string
  authorId?: string
}

/** Pages read through at most, looking for a first hit: a page of the index may hold no real match. */
const MAX_EMPTY_PAGES = 5

export const searchKey = (s: SearchQuery) => [s.circleId, s.q ?? '', s.tag ?? '', s.authorId ?? ''].join('|')

interface SearchState {
  results: Record<string, ListState<SearchHit>>
  files: Record<string, ListState<CircleFileItem>>
}

interface SearchActions {
  search: (query: SearchQuery, mode?: LoadMode) => Promise<void>
  loadFiles: (circleId: string, mode?: LoadMode) => Promise<void>
}

export type SearchStore = SearchState & SearchActions

export const initialSearchState = (): SearchState => ({ results: {}, files: {} })

const loadList = makeListLoader()

export const useSearchStore = create<SearchStore>()((set, get) => ({
  ...initialSearchState(),
  search: (query, mode = 'load') => {
    const key = searchKey(query)
    return loadList({
      key,
      mode,
      current: get().results[key] ?? EMPTY_LIST,
      write: (next) => set({ results: { ...get().results, [key]: next } }),
      fetchPage: async (cursor) => {
        // the server verifies the keyword on each page it reads, so a page can come back empty with more to read
        let page: Page<SearchHit> = { items: [], nextCursor: null }
        for (let i = 0; i < MAX_EMPTY_PAGES; i++) {
          page = await call('post', 'search', { ...query, cursor })
          if (page.items.length > 0 || !page.nextCursor) break
          cursor = page.nextCursor
        }
        return page
      },
    })
  },
  loadFiles: (circleId, mode = 'load') =>
    loadList({
      key: `files:${circleId}`,
      mode,
      current: get().files[circleId] ?? EMPTY_LIST,
      write: (next) => set({ files: { ...get().files, [circleId]: next } }),
      fetchPage: (cursor) => call('post', 'files', { circleId, cursor }),
    }),
}))

registerViewerReset(() => useSearchStore.setState(initialSearchState()))

export const selectSearch =
  (query: SearchQuery) =>
  (s: SearchStore): ListState<SearchHit> =>
    s.results[searchKey(query)] ?? EMPTY_LIST
export const selectFiles =
  (circleId: string) =>
  (s: SearchStore): ListState<CircleFileItem> =>
    s.files[circleId] ?? EMPTY_LIST
