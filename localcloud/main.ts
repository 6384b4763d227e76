/**
 * Entry of `npm start` / `npm run reset` (scripts/start.mjs bundles this file and calls run()).
 * Starts the local cloud on PORT (10086), seeds the demo on an empty database, prints who you can
 * be; Ctrl-C flushes the database. With --reset-only: wipe + seed, then exit.
 */
import path from 'path'
import { COLLECTIONS } from '../cloudfunctions/runtime/schema'
import { assertNoRealCredentials } from './safety'
import { seedDemo } from './seed'
import { startLocalCloud, type LocalCloud } from './server'
import { listDevUsers } from './devUsers'

export interface RunOptions {
  root: string
  resetOnly?: boolean
  port?: number
  host?: string
  dataDir?: string
  /** Milliseconds since the process started (for the startup time line). */
  startedAt?: number
}

export async function run(options: RunOptions): Promise<LocalCloud | null> {
  assertNoRealCredentials()
  const port = options.port ?? Number(process.env.PORT ?? 10086)
  const dataDir = path.resolve(options.root, options.dataDir ?? process.env.DATA_DIR ?? '.data')

  if (options.resetOnly && (await resetRunningServer(port))) return null

  const cloud = await startLocalCloud({
    root: options.root,
    dataDir,
    // a reset without a running server uses a free port of its own
    port: options.resetOnly ? 0 : port,
    host: options.host ?? process.env.HOST ?? '127.0.0.1',
    collections: COLLECTIONS,
    seed: (c) => seedDemo(c, (line) => console.log(line)),
    timers: !options.resetOnly,
  })

  if (options.resetOnly) {
    console.log(`resetting ${dataDir} …`)
    const { seeded } = await cloud.reset()
    printSeed(seeded)
    await cloud.close()
    return null
  }

  if (await cloud.isEmpty()) {
    console.log('empty database: seeding the demo …')
    // the clock may have been left moved by an earlier run; the demo is seeded around "now"
    // (the seed loads the instances of the functions it plays first, the rest after it)
    printSeed(await seedDemo(cloud, (line) => console.log(line)))
    await cloud.db.flush()
  }
  void cloud.gateway.warm()

  const users = await listDevUsers(cloud.db)
  const elapsed = options.startedAt ? ` in ${((Date.now() - options.startedAt) / 1000).toFixed(1)} s` : ''
  console.log('')
  console.log(`圈子 local cloud ready${elapsed}: ${cloud.url}  (data: ${path.relative(options.root, dataDir) || '.'})`)
  console.log(
    `  simulated now: ${cloud.clock.now().toISOString()}${cloud.clock.offsetMs() ? `  (offset ${cloud.clock.offsetMs()} ms)` : ''}`,
  )
  console.log(`  control API:   ${cloud.url}/_control/health   (docs/control-api.md)`)
  console.log('  demo users (pick one on the login page, or send header x-dev-openid):')
  for (const u of users) console.log(`    ${u.label.padEnd(3, '\u3000')} ${u.nickname.padEnd(4, '\u3000')} ${u.openid}`)
  console.log('Ctrl-C to stop (the database is flushed first).')

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`\n${signal}: flushing the database and stopping …`)
    const force = setTimeout(() => process.exit(1), 5000)
    try {
      await cloud.close()
    } finally {
      clearTimeout(force)
      process.exit(0)
    }
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
  return cloud
}

function printSeed(report: unknown): void {
  if (!report || typeof report !== 'object') return
  const r = report as Record<string, number>
  console.log(
    `demo seeded in ${(r.ms / 1000).toFixed(1)} s: ${r.users} users, ${r.circles} circles, ${r.posts} posts, ` +
      `${r.comments} comments, ${r.likes} likes, ${r.images} images`,
  )
}

/** `npm run reset` while `npm start` runs: one process owns the data folder, so ask it. */
async function resetRunningServer(port: number): Promise<boolean> {
  try {
    const health = await fetch(`http://127.0.0.1:${port}/_control/health`, { signal: AbortSignal.timeout(1000) })
    if (!health.ok) return false
    console.log(`a local cloud is running on port ${port}: asking it to reset …`)
    const res = await fetch(`http://127.0.0.1:${port}/_control/reset`, { method: 'POST' })
    const body: any = await res.json()
    if (!res.ok) throw new Error(JSON.stringify(body))
    printSeed(body.seeded)
    return true
  } catch (err) {
    if ((err as any)?.cause?.code === 'ECONNREFUSED' || (err as Error).name === 'TimeoutError') return false
    throw err
  }
}

export { assertNoRealCredentials } from './safety'
