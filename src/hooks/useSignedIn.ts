import { useEffect } from 'react'
import Taro from '@tarojs/taro'
import { needsDevLogin } from '@/services/cloud'
import { selectSessionError, selectSessionStatus, useAppStore } from '@/store'
import { DEV_LOGIN_URL } from '@/utils/routes'

/**
 * Pages load their data once the caller is known: always in the mini-program (the server reads
 * the WeChat context), in H5 once a demo user is picked (else the app goes to the dev login).
 * The profile (`user.login`) loads alongside, never in front: waiting for it would add a round
 * trip before every first screen.
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

  return { ready: !mustPick, status, error, retry: signIn }
}
