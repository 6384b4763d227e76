import type { ReactNode } from 'react'
import type { Loaded } from '@/store'
import { StateView } from './StateView'

/**
 * One thing loaded by key (store/list.ts Loaded<T>) as a page shows it: the error with a retry
 * while nothing was loaded, loading until the first answer, then the content (kept on screen
 * while it refreshes).
 */
export function LoadedView<T>({
  state,
  onRetry,
  children,
}: {
  state: Loaded<T>
  onRetry: () => void
  children: (data: T) => ReactNode
}) {
  if (!state.data && state.status === 'error') return <StateView kind="error" error={state.error} onRetry={onRetry} />
  if (!state.data) return <StateView kind="loading" />
  return <>{children(state.data)}</>
}
