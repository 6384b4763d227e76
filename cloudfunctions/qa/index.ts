import { createMain } from '../runtime/handler'
import * as actions from './actions'
import { expireSweep } from './refund'

/** Paid Q&A (docs/qa.md). Timer `expire` (every minute): refunds questions nobody answered in time. */
export const main = createMain({ name: 'qa', actions, timers: { expire: (ctx) => expireSweep(ctx) } })
