import { createClock } from '../../localcloud/clock'
import { Gateway } from '../../localcloud/gateway/gateway'
import { TimerScheduler, timerEvent } from '../../localcloud/timers/scheduler'
import { buildFixtures, quiet, WORKER } from './helpers'

const fixtures = buildFixtures()
afterAll(() => fixtures.cleanup())

// 2025-03-10 09:00 Shanghai; the ticker fixture fires daily at 02:00 Shanghai (18:00 UTC)
const START = new Date('2025-03-10T01:00:00Z')

function world() {
  const clock = createClock()
  clock.set(START)
  const gateway = new Gateway({
    functionsDir: fixtures.dir,
    envId: 'test-env',
    appId: 'wxtestapp',
    clock,
    adminUrl: () => 'http://127.0.0.1:9/admin',
    workerPath: WORKER,
    log: quiet,
  })
  const scheduler = new TimerScheduler({ gateway, clock, log: quiet })
  return { clock, gateway, scheduler }
}

describe('timers on the simulated clock', () => {
  let current: ReturnType<typeof world>
  afterEach(async () => {
    await current.scheduler.stop()
    await current.gateway.close()
  })

  it('reads the triggers from config.json and knows the next fire time', () => {
    current = world()
    expect(current.scheduler.list()).toEqual([
      expect.objectContaining({
        function: 'ticker',
        trigger: 'nightly',
        config: '0 0 2 * * * *',
        nextAt: '2025-03-10T18:00:00.000Z',
        runs: 0,
      }),
    ])
  })

  it('fires each due occurrence once, in order, at its own time, when the clock advances', async () => {
    current = world()
    const runs = await current.scheduler.advance(3 * 86_400_000)
    expect(runs.map((r) => r.time)).toEqual(['2025-03-10T18:00:00Z', '2025-03-11T18:00:00Z', '2025-03-12T18:00:00Z'])
    // the function ran with the clock at the occurrence, and got CloudBase's timer event
    const first = runs[0].result as any
    expect(first.data.event).toEqual({
      Type: 'Timer',
      TriggerName: 'nightly',
      Time: '2025-03-10T18:00:00Z',
      Message: '',
    })
    expect(Date.parse(first.data.now) - Date.parse('2025-03-10T18:00:00Z')).toBeLessThan(1000)
    // and the clock ends where it was sent
    expect(Math.abs(current.clock.now().getTime() - (START.getTime() + 3 * 86_400_000))).toBeLessThan(2000)

    // nothing more is due: a short advance fires nothing, and the next is tomorrow's
    expect(await current.scheduler.advance(60_000)).toEqual([])
    expect(current.scheduler.list()[0]).toMatchObject({ runs: 3, nextAt: '2025-03-13T18:00:00.000Z' })
  })

  it('fires an occurrence the clock reaches on its own, and only once', async () => {
    current = world()
    current.clock.set(new Date('2025-03-10T17:59:59.700Z'))
    current.scheduler.clockChanged()
    const fast = new TimerScheduler({ gateway: current.gateway, clock: current.clock, tickMs: 50, log: quiet })
    fast.start()
    await new Promise((resolve) => setTimeout(resolve, 1500))
    await fast.stop()
    expect(fast.list()[0]).toMatchObject({
      runs: 1,
      lastRun: expect.objectContaining({ time: '2025-03-10T18:00:00Z' }),
    })
  })

  it('does not fire when the clock is set (only advancing fires)', async () => {
    current = world()
    current.clock.set(new Date('2025-03-20T00:00:00Z'))
    current.scheduler.clockChanged()
    expect(current.scheduler.list()[0]).toMatchObject({ runs: 0, nextAt: '2025-03-20T18:00:00.000Z' })
  })

  it('runs a trigger on demand with the current time', async () => {
    current = world()
    const run = await current.scheduler.runNow('ticker', 'nightly')
    expect(run).toMatchObject({ function: 'ticker', trigger: 'nightly', result: { ok: true } })
    expect(await current.scheduler.runNow('ticker', 'nope')).toBeNull()
  })

  it('never overlaps a trigger with itself', async () => {
    current = world()
    const [a, b] = await Promise.all([
      current.scheduler.runNow('ticker', 'nightly'),
      current.scheduler.runNow('ticker', 'nightly'),
    ])
    expect(a).not.toBeNull()
    expect(b).not.toBeNull()
    // the second waited for the first: their runs do not interleave on the same instance
    expect(current.scheduler.list()[0].runs).toBe(2)
  })

  it('describes the timer event as CloudBase sends it', () => {
    expect(timerEvent('nightly', new Date('2025-03-10T18:00:00.123Z'))).toEqual({
      Type: 'Timer',
      TriggerName: 'nightly',
      Time: '2025-03-10T18:00:00Z',
      Message: '',
    })
  })
})
