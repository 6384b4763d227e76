import type { ActionContext } from '../runtime/handler'
import { withdrawals } from '../runtime/repos/money'
import { refreshWithdrawal } from '../runtime/withdrawals'

/** Catches up transfers whose notification was missed (the user confirmed, or 24 h passed and WeChat cancelled). */
export async function refreshTransfers(ctx: ActionContext) {
  const moving = await withdrawals.inFlight(50)
  let changed = 0
  for (const w of moving) {
    try {
      const after = await refreshWithdrawal(w._id, ctx.now)
      if (after.state !== w.state) changed += 1
    } catch (e) {
      console.error(
        JSON.stringify({
          level: 'error',
          job: 'transfers',
          withdrawalId: w._id,
          error: String((e as Error)?.message ?? e),
        }),
      )
    }
  }
  return { checked: moving.length, changed }
}
