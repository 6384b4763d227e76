import type { Page } from '@core/contract'
import { toApiError, type ApiError } from '@/services/cloud'

export type ListStatus = 'idle' | 'loading' | 'refreshing' | 'loadingMore' | 'ready' | 'error'

/** A cursor-paginated list as the UI sees it. On a failed "more", items stay and error is set. */
export interface ListState<T> {
  items: T[]
  nextCursor: string | null
  status: ListStatus
  error: ApiError | null
}

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error'

/** Selectors return this for a list nobody has asked for yet (a stable reference for React). */
export const EMPTY_LIST: ListState<never> = Object.freeze({
  items: [] as never[],
  nextCursor: null,
  status: 'idle',
  error: null,
}) as ListState<never>

/** load: first page (keeps what is shown while it refreshes); more: the next page. */
export type LoadMode = 'load' | 'more'

export function canLoadMore<T>(list: ListState<T>): boolean {
  return list.nextCursor !== null && list.items.length > 0 && (list.status === 'ready' || list.status === 'error')
}

/**
 * Loads one page of a keyed list. Only the newest request for a key may write (a slow first
 * page must not overwrite a refresh that came back sooner).
 */
export function makeListLoader() {
  const latest = new Map<string, number>()
  let seq = 0
  return async function loadList<T, R = T>(args: {
    key: string
    mode: LoadMode
    current: ListState<T>
    write: (next: ListState<T>) => void
    fetchPage: (cursor: string | undefined) => Promise<Page<R>>
    map?: (page: Page<R>) => T[]
  }): Promise<void> {
    const { key, mode, current, write, fetchPage } = args
    if (mode === 'more' && !canLoadMore(current)) return
    const token = ++seq
    latest.set(key, token)
    const hasItems = current.items.length > 0
    write({
      ...current,
      status: mode === 'more' ? 'loadingMore' : hasItems ? 'refreshing' : 'loading',
      error: null,
    })
    try {
      const page = await fetchPage(mode === 'more' ? (current.nextCursor ?? undefined) : undefined)
      if (latest.get(key) !== token) return
      const fresh = args.map ? args.map(page) : (page.items as unknown as T[])
      write({
        items: mode === 'more' ? [...current.items, ...fresh] : fresh,
        nextCursor: page.nextCursor,
        status: 'ready',
        error: null,
      })
    } catch (e) {
      if (latest.get(key) !== token) return
      write({ ...current, status: 'error', error: toApiError(e) })
    }
  }
}

/** One thing loaded by key (a catalog, an order, a wallet summary) as the UI sees it. */
export interface Loaded<T> {
  status: LoadStatus
  error: ApiError | null
  data: T | null
}

/** Selectors return this for a key nobody has loaded yet (a stable reference for React). */
export const IDLE_LOADED = Object.freeze({ status: 'idle', error: null, data: null }) as Loaded<never>

/**
 * Loads into `state[mapName][key]` as a Loaded<T>. Only the newest request for a key may write
 * (a slow answer must not overwrite a newer one); `settle` records a fresh answer that came
 * another way and cancels what is in flight for that key.
 */
export function makeKeyedLoader<S>(set: (patch: Partial<S>) => void, get: () => S) {
  const latest = new Map<string, number>()
  let seq = 0
  const map = (mapName: keyof S) => get()[mapName] as unknown as Record<string, Loaded<unknown>>
  const write = (mapName: keyof S, key: string, value: Loaded<unknown>) =>
    set({ [mapName]: { ...map(mapName), [key]: value } } as unknown as Partial<S>)
  return {
    async load<T>(mapName: keyof S, key: string, fetch: () => Promise<T>): Promise<void> {
      const token = ++seq
      const tag = `${String(mapName)}:${key}`
      latest.set(tag, token)
      write(mapName, key, { ...(map(mapName)[key] ?? IDLE_LOADED), status: 'loading', error: null })
      try {
        const data = await fetch()
        if (latest.get(tag) === token) write(mapName, key, { status: 'ready', error: null, data })
      } catch (e) {
        if (latest.get(tag) === token)
          write(mapName, key, { ...(map(mapName)[key] ?? IDLE_LOADED), status: 'error', error: toApiError(e) })
      }
    },
    settle<T>(mapName: keyof S, key: string, data: T): void {
      latest.delete(`${String(mapName)}:${key}`)
      write(mapName, key, { status: 'ready', error: null, data })
    },
  }
}
