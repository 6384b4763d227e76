/**
 * Database calls of one page of the Q&A expiry sweep (docs/qa.md "Timer"): 50 paid questions past
 * their deadline, each refunded in its own transaction (question, order, reversing journal, the
 * answerer's balance, outbox) with the channel's refund calls after commit — against the strict
 * local database and the local pay simulator, through the real `qa` function. Prints one JSON
 * line for scripts/bench.mjs.
 */
import { as, invoke, setClockOffset, startMoneyWorld } from '../../test/integration/world'
import { QA_LIMITS } from '../../cloudfunctions/core/limits'

async function main() {
  const w = await startMoneyWorld()
  const page = QA_LIMITS.expirePage
  try {
    const owner = as('o_owner')
    const asker = as('o_asker')
    const c = await owner('circle', 'create', { name: '基准问答圈', type: 'knowledge', entryMode: 'free' })
    await asker('circle', 'join', { circleId: c.id })
    await owner('qa', 'setPrice', { circleId: c.id, priceFen: 1000 })
    let latest = 0
    for (let i = 0; i < page; i++) {
      const start = await asker('qa', 'ask', { circleId: c.id, answerer: 'o_owner', text: `基准问题 ${i}` })
      await w.pay(start.question.orderId!)
      latest = Math.max(
        latest,
        new Date((await asker('qa', 'get', { questionId: start.question.id })).deadline!).getTime(),
      )
    }
    setClockOffset(latest - Date.now() + 1000)
    w.cloud.db.resetCallCounts()
    const run = await invoke(null, 'qa', { Type: 'Timer', TriggerName: 'expire' })
    const calls = w.cloud.db.totalCalls()
    if (!run.ok || run.data.refunded !== page) throw new Error(`sweep: ${JSON.stringify(run)}`)
    if (process.env.BENCH_DETAIL) console.error(w.cloud.db.callCounts())
    w.cloud.db.resetCallCounts()
    const again = await invoke(null, 'qa', { Type: 'Timer', TriggerName: 'expire' })
    const idle = w.cloud.db.totalCalls()
    if (!again.ok || again.data.refunded !== 0) throw new Error(`second sweep: ${JSON.stringify(again)}`)
    console.log(
      JSON.stringify({ page, dbCallsPerPage: calls, perQuestion: Math.round((calls / page) * 10) / 10, idleRun: idle }),
    )
  } finally {
    await w.close()
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
