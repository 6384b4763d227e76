import { serverNow } from '@/services/cloud'
import { useEffect, useState } from 'react'

/** The time, ticking every 30 s, so countdowns move while a page is open. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => serverNow())
  useEffect(() => {
    const t = setInterval(() => setNow(serverNow()), everyMs)
    return () => clearInterval(t)
  }, [everyMs])
  return now
}
