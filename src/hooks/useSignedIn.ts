import { useEffect } from 'react'
import Taro from '@tarojs/taro'
import { needsDevLogin } from '@/services/cloud'
import { selectSessionError, selectSessionStatus, useAppStore } from '@/store'
import { DEV_LOGIN_URL } from '@/utils/routes'

/**
 * Pages load their data once the caller is known. In H5 with no demo user picked, the app goes
 * to the dev login instead (the local cloud needs to know who is calling).
 */
export function useSignedIn() {
  const status = useAppStore(selectSessionStatus)
  const error = useAppStore(selectSessionError)
  const signIn = useAppStore((s) => s.signIn)
  const mustPick = needsDevLogin()

  useEffect(() => {
    if (mustPick) {
      Taro.reLaunch({ url: DEV_LOGIN_URL })
      return
    }
    if (status === 'idle') void signIn()
  }, [mustPick, status, signIn])

  return { ready: status === 'ready', status, error, retry: signIn }
}
