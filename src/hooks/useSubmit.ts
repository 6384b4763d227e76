import { useCallback, useEffect, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { toApiError, type ApiError } from '@/services/cloud'

export interface SubmitOptions {
  /** A toast on success (WeChat's ✓ toast); none when the page says so itself (navigates, shows a result). */
  success?: string
  /** The page shows the error itself (inline under a form); otherwise a toast carries its Chinese message. */
  onError?: (error: ApiError) => void
}

/**
 * One button's action as every form runs it: `busy` for the button's spinner, no second run while
 * the first is in flight (two taps in one frame are one submit), the error's message from the one
 * error table (services/cloud ApiError) in a toast. `run` resolves with the action's result, or
 * undefined when it failed or was already running; it is stable, and always runs the latest action.
 */
export function useSubmit<A extends unknown[], R>(
  action: (...args: A) => Promise<R>,
  options: SubmitOptions = {},
): { busy: boolean; run: (...args: A) => Promise<R | undefined> } {
  const [busy, setBusy] = useState(false)
  const running = useRef(false)
  const latest = useRef({ action, options })
  useEffect(() => {
    latest.current = { action, options }
  })

  const run = useCallback(async (...args: A): Promise<R | undefined> => {
    if (running.current) return undefined
    running.current = true
    setBusy(true)
    const { action: act, options: opts } = latest.current
    try {
      const result = await act(...args)
      if (opts.success) void Taro.showToast({ title: opts.success, icon: 'success' })
      return result
    } catch (e) {
      const error = toApiError(e)
      if (opts.onError) opts.onError(error)
      else void Taro.showToast({ title: error.message, icon: 'none' })
      return undefined
    } finally {
      running.current = false
      setBusy(false)
    }
  }, [])

  return { busy, run }
}
