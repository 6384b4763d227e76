/**
 * Database calls of the hot writes of issue 14 at 10 and 10 000 members (the scenario is
 * test/integration/callBudget.ts). Prints one JSON line for scripts/bench.mjs:
 * { "<key>": { "members10": n, "members10000": n, "target": n, "what": "…", "detail": { "members10": { "<call>": n }, … } } }
 * where <key> is the stable bench key without its size (`db.post.like` → db.post.like.members10).
 * BENCH_TRACE=1 prints every database request of each measured action on stderr.
 */
import { FIGURES, measureWrites, SIZES, traced, type Detail } from '../../test/integration/callBudget'
import { startMoneyWorld } from '../../test/integration/world'

async function main() {
  const w = await startMoneyWorld()
  if (process.env.BENCH_TRACE) traced(w)
  const result: Record<string, Record<string, unknown> & { detail: Record<string, Detail> }> = {}
  try {
    for (const size of SIZES) {
      const figures = await measureWrites(w, size)
      for (const [name, { calls, detail }] of Object.entries(figures)) {
        const f = FIGURES[name]
        const row = (result[f.key] ??= { target: f.target, what: f.what, detail: {} })
        row[`members${size}`] = calls
        row.detail[`members${size}`] = detail
      }
    }
  } finally {
    await w.close()
  }
  console.log(JSON.stringify(result))
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
