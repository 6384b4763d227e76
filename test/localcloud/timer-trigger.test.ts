// Timers answer only their trigger. Every timer of every REAL function (cloudfunctions/*, bundled
// by the real build script, run by the gateway) is sent the timer-shaped body by everyone else —
// the app gateway with and without a session, and the HTTP access route — and must refuse with
// unknown_action; the local cloud's own scheduler (the control API's "run now") sets CloudBase's
// timer signal (TRIGGER_SRC=timer) and runs it.
import { execFileSync } from 'child_process'
import path from 'path'
import { readTriggers } from '../../localcloud/gateway/gateway'
import { COLLECTIONS } from '../../cloudfunctions/runtime/schema'
import { startLocalCloud, type LocalCloud } from '../../localcloud/server'
import { quiet, ROOT, tempDir, WORKER } from './helpers'

jest.setTimeout(120_000)

const functions = tempDir('timer-fn')
const data = tempDir('timer-data')
let cloud: LocalCloud

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-functions.mjs'), '--out', functions.dir], {
    stdio: 'pipe',
  })
  cloud = await startLocalCloud({
    root: ROOT,
    dataDir: data.dir,
    port: 0,
    functionsDir: functions.dir,
    collections: COLLECTIONS,
    persist: false,
    timers: false,
    workerPath: WORKER,
    log: quiet,
  })
})

afterAll(async () => {
  await cloud?.close()
  functions.cleanup()
  data.cleanup()
})

const url = (p: string) => `http://127.0.0.1:${cloud.port}${p}`
const post = (p: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url(p), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })

const timers = execFileSync('ls', [path.join(ROOT, 'cloudfunctions')], { encoding: 'utf8' })
  .split('\n')
  .filter((d) => d && !['core', 'runtime'].includes(d))
  .flatMap((fn) => readTriggers(path.join(ROOT, 'cloudfunctions', fn)).map((t) => [fn, t.name] as const))

describe('timer jobs', () => {
  it('are declared by the real functions (the list this suite walks)', () => {
    expect(timers.length).toBeGreaterThanOrEqual(12)
    expect(timers).toEqual(
      expect.arrayContaining([
        ['finance', 'reconcile'],
        ['term', 'remind'],
        ['maintenance', 'recountMembers'],
      ]),
    )
  })

  it.each(timers)('%s/%s refuses the app gateway, with a session and without', async (fn, trigger) => {
    const body = { Type: 'Timer', TriggerName: trigger, Time: new Date().toISOString() }
    for (const headers of [{}, { 'x-dev-openid': 'o_mallory' }] as Record<string, string>[]) {
      const res: any = await (await post(`/api/fn/${fn}`, body, headers)).json()
      expect(res).toMatchObject({ ok: false, error: { code: 'unknown_action' } })
    }
  })

  it.each(timers)('%s/%s refuses the HTTP access route', async (fn, trigger) => {
    const res = await post(`/http/${fn}`, { Type: 'Timer', TriggerName: trigger })
    const text = await res.text()
    if (fn === 'payNotify') {
      // payNotify's HTTP route is WeChat Pay's: an unsigned body is refused, never a timer run
      expect(res.status).toBeGreaterThanOrEqual(400)
      expect(res.status).toBeLessThan(500)
    } else {
      expect(JSON.parse(text)).toMatchObject({ ok: false, error: { code: 'unknown_action' } })
    }
  })

  it.each(timers)('%s/%s runs when the local cloud fires it as a timer', async (fn, trigger) => {
    const res = await post(`/_control/timers/${fn}/${trigger}/run`, {})
    expect(res.status).toBe(200)
    const run: any = await res.json()
    expect(run.result).toMatchObject({ ok: true })
  })
})
