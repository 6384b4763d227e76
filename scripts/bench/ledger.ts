/**
 * Ledger rebuild time for 100 000 journals, two ways: the pure rebuild (core/money
 * rebuildBalances over the journals in memory) and the reconciliation's rebuild of one busy
 * account from the strict local database through the real SDK (1000 journals per read).
 * Prints one JSON line for scripts/bench.mjs.
 */
import { rebuildBalances, type Journal } from '../../cloudfunctions/core/money'
import { COLLECTIONS } from '../../cloudfunctions/runtime/schema'
import { startTestCloud, useSdkEnv } from '../../localcloud/testing'

const N = Number(process.env.LEDGER_JOURNALS ?? 100_000)

function journals(n: number): Journal[] {
  const out: Journal[] = []
  const at = new Date('2026-01-01T00:00:00Z')
  for (let i = 0; i < n; i++) {
    const amount = 1000 + (i % 97)
    const fee = Math.floor((amount * 300) / 10_000)
    const owner = `owner:c${i % 50}`
    out.push({
      _id: `QZ${String(i).padStart(10, '0')}:pay`,
      kind: 'payment',
      entries: [
        { account: 'buyer_payments', bucket: 'available', amountFen: -amount },
        { account: 'platform:fee', bucket: 'pending', amountFen: fee },
        { account: owner, bucket: 'pending', amountFen: amount - fee },
      ],
      accounts: ['buyer_payments', 'platform:fee', owner],
      orderId: `QZ${String(i).padStart(10, '0')}`,
      withdrawalId: null,
      memo: '入圈',
      postedAt: new Date(at.getTime() + i * 1000),
    } as Journal)
  }
  return out
}

async function main() {
  const all = journals(N)
  let t = performance.now()
  const balances = rebuildBalances(all)
  const pureMs = performance.now() - t

  const cloud = await startTestCloud({ collections: COLLECTIONS })
  useSdkEnv(cloud.url)
  // the busiest owner account holds N/50 journals; seed them straight into the store
  const busy = 'owner:c0'
  const mine = all.filter((j) => (j as unknown as { accounts: string[] }).accounts.includes(busy))
  cloud.db.insertMany('journals', mine as never)
  const { rebuild } = await import('../../cloudfunctions/finance/reconcile')
  cloud.db.resetCallCounts()
  t = performance.now()
  const fromDb = await rebuild(busy)
  const dbMs = performance.now() - t
  if (fromDb.pendingFen !== balances[busy].pendingFen)
    throw new Error('rebuild from the database disagrees with the pure rebuild')
  console.log(
    JSON.stringify({
      journals: N,
      pureMs: Math.round(pureMs),
      accountJournals: mine.length,
      dbMs: Math.round(dbMs),
      dbCalls: cloud.db.totalCalls(),
    }),
  )
  await cloud.close()
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
