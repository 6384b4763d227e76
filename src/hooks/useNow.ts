import { useEffect, useState } from 'react'
import { serverNow } from '@/services/cloud'

/**
 * The server's time now, ticking every `everyMs` while `active`, so countdowns move while a page is
 * open. Read in a hook, never during render, so a re-render does not change what is shown.
 */
export function useNow(everyMs = 30_000, active = true): number {
  const [now, setNow] = useState(() => serverNow())
  useEffect(() => {
    if (!active) return
    const t = setInterval(() => setNow(serverNow()), everyMs)
    return () => clearInterval(t)
  }, [everyMs, active])
  return now
}
