import { createClock } from '../../localcloud/clock'
import { Gateway, LOCAL_NODE_VERSION, LOCAL_RUNTIME } from '../../localcloud/gateway/gateway'
import { buildFixtures, quiet, WORKER } from './helpers'

// Each test cold-starts instances (a Node process each): on a busy machine that alone can take
// seconds, which is not what these tests measure.
jest.setTimeout(30_000)

const fixtures = buildFixtures()
afterAll(() => fixtures.cleanup())

function gateway(options: { maxWorkers?: number; timeoutMs?: number; offsetMs?: number } = {}) {
  const clock = createClock(options.offsetMs ?? 0)
  return new Gateway({
    functionsDir: fixtures.dir,
    envId: 'test-env',
    appId: 'wxtestapp',
    clock,
    adminUrl: () => 'http://127.0.0.1:9/admin', // no database needed by these fixtures
    workerPath: WORKER,
    maxWorkersPerFunction: options.maxWorkers ?? 4,
    timeoutMs: options.timeoutMs ?? 20_000,
    log: quiet,
  })
}

describe('function gateway', () => {
  let gw: Gateway
  afterEach(async () => {
    await gw?.close()
  })

  it('gives two concurrent callers their own OPENID, on two instances at once', async () => {
    gw = gateway()
    const [alice, bob] = await Promise.all([
      gw.invoke('whoami', { delayMs: 400 }, { openid: 'o_alice', source: 'client' }),
      gw.invoke('whoami', { delayMs: 400 }, { openid: 'o_bob', source: 'client' }),
    ])
    expect(alice).toMatchObject({ ok: true, data: { openid: 'o_alice', appid: 'wxtestapp', env: 'test-env' } })
    expect(bob).toMatchObject({ ok: true, data: { openid: 'o_bob', appid: 'wxtestapp', env: 'test-env' } })
    const [a, b] = [(alice as any).data, (bob as any).data]
    expect(a.instanceId).not.toBe(b.instanceId)
    // in parallel: each started before the other answered
    expect(a.startedAt).toBeLessThan(b.answeredAt)
    expect(b.startedAt).toBeLessThan(a.answeredAt)
  })

  it('loads the instances asked for ahead of their first call, in order, and only those', async () => {
    gw = gateway()
    await gw.warm(['whoami'], { concurrency: 1, onlyFirst: true })
    expect(gw.stats()).toEqual({ whoami: expect.objectContaining({ instances: 1, invocations: 0 }) })
    // the first call finds the loaded instance and starts no other
    const first: any = await gw.invoke('whoami', {}, { openid: 'o_a', source: 'client' })
    expect(first.data.openid).toBe('o_a')
    expect(gw.stats().whoami).toMatchObject({ instances: 1, invocations: 1 })
    // then the rest of the built functions, one instance each (a broken one resolves too)
    await gw.warm()
    expect(Object.keys(gw.stats()).sort()).toEqual(['broken', 'ticker', 'whoami'])
    expect(Object.values(gw.stats()).every((s) => s.instances <= 1)).toBe(true)
  })

  it('runs one request at a time per instance, queueing the rest', async () => {
    gw = gateway({ maxWorkers: 1 })
    const started = Date.now()
    const results: any[] = await Promise.all(
      ['o_a', 'o_b', 'o_c'].map((openid) => gw.invoke('whoami', { delayMs: 150 }, { openid, source: 'client' })),
    )
    expect(results.map((r) => r.data.openid)).toEqual(['o_a', 'o_b', 'o_c'])
    expect(new Set(results.map((r) => r.data.instanceId)).size).toBe(1)
    expect(results.every((r) => r.data.maxActive === 1)).toBe(true)
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 150)
  })

  it('leaves OPENID out when nobody is signed in, even on an instance a user used before', async () => {
    gw = gateway({ maxWorkers: 1 })
    await gw.invoke('whoami', {}, { openid: 'o_alice', source: 'client' })
    const anonymous: any = await gw.invoke('whoami', {}, { source: 'client' })
    expect(anonymous.data.openid).toBeNull()
  })

  it('hands each invocation the simulated clock offset', async () => {
    gw = gateway({ offsetMs: 86_400_000 })
    const result: any = await gw.invoke('whoami', {}, { openid: 'o_alice', source: 'client' })
    expect(result.data.clockOffsetMs).toBe('86400000')
  })

  it('passes the event through unchanged', async () => {
    gw = gateway()
    const event = { action: 'whoami', nested: { list: [1, '二'] } }
    const result: any = await gw.invoke('whoami', event, { openid: 'o_alice', source: 'client' })
    expect(result.data.event).toEqual(event)
  })

  it('answers internal when a call runs past the timeout, and the next call still works', async () => {
    gw = gateway({ maxWorkers: 1, timeoutMs: 300 })
    const hung = await gw.invoke('whoami', { action: 'hang' }, { openid: 'o_alice', source: 'client' })
    expect(hung).toMatchObject({ ok: false, error: { code: 'internal' } })
    const after: any = await gw.invoke('whoami', {}, { openid: 'o_bob', source: 'client' })
    expect(after).toMatchObject({ ok: true, data: { openid: 'o_bob', served: 1 } })
  })

  it('answers internal, without details, when the function throws or cannot load', async () => {
    gw = gateway()
    const threw: any = await gw.invoke('whoami', { action: 'throw' }, { openid: 'o_alice', source: 'client' })
    expect(threw).toEqual({ ok: false, error: { code: 'internal', message: expect.any(String) } })
    expect(threw.error.message).not.toMatch(/fixture failure/)
    const broken = await gw.invoke('broken', {}, { openid: 'o_alice', source: 'client' })
    expect(broken).toMatchObject({ ok: false, error: { code: 'internal' } })
  })

  it('answers not_found for a function that does not exist', async () => {
    gw = gateway()
    expect(await gw.invoke('nope', {}, { source: 'client' })).toMatchObject({ ok: false, error: { code: 'not_found' } })
    expect(await gw.invoke('../whoami', {}, { source: 'client' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    })
  })

  it(`runs functions on CloudBase's Node (${LOCAL_RUNTIME}), not the host's`, async () => {
    gw = gateway()
    const result: any = await gw.invoke('whoami', {}, { openid: 'o_alice', source: 'client' })
    expect(LOCAL_RUNTIME).toBe(`Nodejs${LOCAL_NODE_VERSION.split('.').slice(0, 2).join('.')}`)
    expect(result.data.nodeVersion).toBe(`v${LOCAL_NODE_VERSION}`)
    expect(result.data.nodeVersion).not.toBe(process.version)
  })

  it('fails a function that needs a newer Node than CloudBase runs (Node 20 only: toSorted, File)', async () => {
    gw = gateway()
    // the same code passes on the host's Node …
    expect(([3, 1, 2] as any).toSorted()).toEqual([1, 2, 3])
    // … and fails where the function really runs
    expect(await gw.invoke('whoami', { action: 'newerNode' }, { openid: 'o_alice', source: 'client' })).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    })
  })

  it('gives each instance its own environment, never the host’s', async () => {
    process.env.QZ_HOST_ONLY_PROBE = 'leaked'
    try {
      gw = gateway()
      const result: any = await gw.invoke('whoami', {}, { source: 'client' })
      expect(result.data.hostOnly).toBeNull()
    } finally {
      delete process.env.QZ_HOST_ONLY_PROBE
    }
  })

  it('marks only timer runs as fired by a timer (TRIGGER_SRC)', async () => {
    gw = gateway()
    const bySource = async (source: 'client' | 'function' | 'timer' | 'http') =>
      ((await gw.invoke('whoami', {}, { source })) as any).data.triggerSource
    expect(await bySource('timer')).toBe('timer')
    for (const source of ['client', 'function', 'http'] as const) expect(await bySource(source)).toBe('tcb')
  })

  it('lists the deployable functions with their timer triggers', () => {
    gw = gateway()
    const list = gw.list()
    expect(list.map((f) => f.name).sort()).toEqual(['broken', 'ticker', 'whoami'])
    expect(list.find((f) => f.name === 'ticker')!.triggers).toEqual([
      { name: 'nightly', type: 'timer', config: '0 0 2 * * * *' },
    ])
  })
})
