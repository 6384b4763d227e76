/** Times as the app shows them, measured against the server's clock (services/cloud.ts serverNow). */
import { formatRelative } from '@core/time'
import { serverNow } from '@/services/cloud'

/** 刚刚 / N分钟前 / 今天 HH:mm … relative to the server's now. */
export const relativeTime = (instant: Date | string | number): string => formatRelative(instant, serverNow())
