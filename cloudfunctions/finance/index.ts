/**
 * Money's timers (docs/money.md "Reconciliation", "Settlement"). Each run does a bounded amount of
 * work and resumes from a cursor, within the function timeout.
 */
import { createTimerMain } from '../runtime/handler'
import { dispatchOutbox } from '../runtime/outbox'
import { settleMatured } from '../runtime/settlement'
import { reconcile } from './reconcile'
import { refreshTransfers } from './transfers'
import { refreshOpenMerchants } from '../runtime/merchants'

export const main = createTimerMain({
  name: 'finance',
  timers: {
    outbox: (ctx) => dispatchOutbox(ctx.now, { limit: 50 }),
    reconcile,
    settle: async (ctx) => ({ settled: await settleMatured(ctx.now, { limit: 200 }) }),
    transfers: refreshTransfers,
    // 平台收付通 onboarding: applications still moving at WeChat are asked about every 10 minutes.
    merchants: (ctx) => refreshOpenMerchants(ctx.now),
  },
})
