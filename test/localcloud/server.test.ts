import http from 'http'
import { brotliDecompressSync, gunzipSync } from 'zlib'
import { mkdirSync, writeFileSync } from 'fs'
import path from 'path'
import { startLocalCloud, type LocalCloud } from '../../localcloud/server'
import { paintAvatar } from '../../localcloud/seed/png'
import { buildFixtures, quiet, ROOT, tempDir, WORKER } from './helpers'

const fixtures = buildFixtures()
const data = tempDir('data')
const h5 = tempDir('h5')
let cloud: LocalCloud

beforeAll(async () => {
  cloud = await startLocalCloud({
    root: ROOT,
    dataDir: data.dir,
    port: 0,
    functionsDir: fixtures.dir,
    h5Dir: path.join(h5.dir, 'h5'),
    collections: [{ name: 'users' }],
    persist: false,
    timers: false,
    workerPath: WORKER,
    log: quiet,
    seed: async (c) => {
      c.db.insert('users', { _id: 'o_seeded', nickname: '种子', avatarUrl: '', createdAt: new Date() })
      return { users: 1 }
    },
  })
})

afterAll(async () => {
  await cloud?.close()
  fixtures.cleanup()
  data.cleanup()
  h5.cleanup()
})

const url = (p: string) => `http://127.0.0.1:${cloud.port}${p}`
const post = (p: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url(p), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })

describe('the function API for the H5 app', () => {
  it('invokes a function as the user named by x-dev-openid', async () => {
    const res = await post('/api/fn/whoami', { action: 'whoami' }, { 'x-dev-openid': 'o_alice' })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ ok: true, data: { openid: 'o_alice', event: { action: 'whoami' } } })
  })

  it('invokes without an OPENID when the header is absent', async () => {
    const body: any = await (await post('/api/fn/whoami', { action: 'whoami' })).json()
    expect(body.data.openid).toBeNull()
  })

  it('answers 404 not_found for an unknown function', async () => {
    const res = await post('/api/fn/nope', { action: 'x' })
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })

  it("answers an action that is an object (its toString not a function) with the function's own answer, not a 500", async () => {
    const res = await post('/api/fn/whoami', { action: { toString: 'x' } }, { 'x-dev-openid': 'o_alice' })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ ok: true, data: { event: { action: { toString: 'x' } } } })
  })

  it("refuses a body that is not JSON, not an object, too large, or not POSTed, in the standard envelope with the error table's Chinese words", async () => {
    const notJson = await fetch(url('/api/fn/whoami'), { method: 'POST', body: '{nope' })
    expect(notJson.status).toBe(400)
    expect(await notJson.json()).toEqual({
      ok: false,
      error: { code: 'request_not_json', message: '请求内容不是有效的 JSON' },
    })
    for (const body of [[1, 2], 'text', 42, null]) {
      const res = await post('/api/fn/whoami', body)
      expect(res.status).toBe(400)
      expect(await res.json()).toEqual({
        ok: false,
        error: { code: 'request_not_object', message: '请求内容格式有误，应为一个对象' },
      })
    }
    const big = await post('/api/fn/whoami', { action: 'whoami', pad: 'x'.repeat(1024 * 1024 + 1) })
    expect(big.status).toBe(413)
    expect(await big.json()).toEqual({ ok: false, error: { code: 'request_too_large', message: '请求内容过大' } })
    const get = await fetch(url('/api/fn/whoami'))
    expect(get.status).toBe(405)
    expect(await get.json()).toEqual({
      ok: false,
      error: { code: 'request_method_not_allowed', message: '不支持的请求方式' },
    })
  })

  it('refuses a body that is not a JSON object, and a malformed openid', async () => {
    expect((await fetch(url('/api/fn/whoami'), { method: 'POST', body: 'nope' })).status).toBe(400)
    expect((await post('/api/fn/whoami', [1, 2])).status).toBe(400)
    expect((await post('/api/fn/whoami', {}, { 'x-dev-openid': 'bad id!' })).status).toBe(400)
  })

  it('lets a function call another through the SDK, the callee seeing no user', async () => {
    const body: any = await (
      await post('/api/fn/whoami', { action: 'callOther' }, { 'x-dev-openid': 'o_alice' })
    ).json()
    expect(body).toMatchObject({ ok: true, data: { callee: { openid: null, appid: 'wx00000000localdev' } } })
  })
})

describe('local storage', () => {
  const png = paintAvatar(
    [
      [10, 20, 30],
      [200, 100, 50],
    ],
    7,
    32,
  )

  it('stores an image and serves it back with its content type', async () => {
    const res = await fetch(url('/api/storage/upload?ext=png'), {
      method: 'POST',
      headers: { 'x-dev-openid': 'o_alice' },
      body: png,
    })
    expect(res.status).toBe(200)
    const { fileID } = (await res.json()) as { fileID: string }
    expect(fileID).toMatch(/^cloud:\/\/quanzi-local\.local-bucket\/uploads\/o_alice\/[0-9a-f]{40}\.png$/)
    const served = await fetch(url(cloud.storage.urlFor(fileID)!))
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/png')
    expect(served.headers.get('cache-control')).toContain('immutable')
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true)
  })

  it('refuses what is not an image, or not the declared kind', async () => {
    const text = await fetch(url('/api/storage/upload?ext=png'), {
      method: 'POST',
      headers: { 'x-dev-openid': 'o_alice' },
      body: 'hello',
    })
    expect(text.status).toBe(415)
    expect(await text.json()).toMatchObject({ ok: false, error: { code: 'invalid_argument' } })
    const mislabelled = await fetch(url('/api/storage/upload?ext=jpg'), {
      method: 'POST',
      headers: { 'x-dev-openid': 'o_alice' },
      body: png,
    })
    expect(mislabelled.status).toBe(415)
    // post attachments (docs/content-security.md): documents are accepted when their bytes match
    const fakePdf = await fetch(url('/api/storage/upload?ext=pdf'), {
      method: 'POST',
      headers: { 'x-dev-openid': 'o_alice' },
      body: png,
    })
    expect(fakePdf.status).toBe(415)
    const exe = await fetch(url('/api/storage/upload?ext=exe'), {
      method: 'POST',
      headers: { 'x-dev-openid': 'o_alice' },
      body: png,
    })
    expect(exe.status).toBe(400)
    const pdf = await fetch(url('/api/storage/upload?ext=pdf'), {
      method: 'POST',
      headers: { 'x-dev-openid': 'o_alice' },
      body: '%PDF-1.4\n%%EOF\n',
    })
    const { fileID } = (await pdf.json()) as { fileID: string }
    const served = await fetch(url(`/files/${fileID.replace(/^cloud:\/\/[^/]+\//, '')}`))
    expect(served.headers.get('content-type')).toBe('application/pdf')
  })

  it('requires a user to upload', async () => {
    const res = await fetch(url('/api/storage/upload?ext=png'), { method: 'POST', body: png })
    expect(res.status).toBe(401)
  })

  it('refuses more than 10 MB', async () => {
    const big = Buffer.concat([png, Buffer.alloc(10 * 1024 * 1024)])
    const res = await fetch(url('/api/storage/upload?ext=png'), {
      method: 'POST',
      headers: { 'x-dev-openid': 'o_alice' },
      body: big,
    })
    expect(res.status).toBe(413)
  })

  it('serves nothing outside the storage folder', async () => {
    expect((await fetch(url('/files/uploads/o_alice/missing.png'))).status).toBe(404)
    expect((await fetch(url('/files/..%2F..%2Flocalcloud.json'))).status).toBe(404)
  })
})

describe('the control API', () => {
  it('reports health', async () => {
    const body: any = await (await fetch(url('/_control/health'))).json()
    expect(body).toMatchObject({ ok: true, envId: 'quanzi-local' })
    expect(body.functions.map((f: any) => f.name).sort()).toEqual(['broken', 'ticker', 'whoami'])
  })

  it('sets, advances and resets the clock, firing the timers that fall due', async () => {
    const set: any = await (await post('/_control/clock', { set: '2025-03-10T01:00:00Z' })).json()
    expect(set.now.slice(0, 16)).toBe('2025-03-10T01:00')
    expect(set.fired).toEqual([])

    const advanced: any = await (await post('/_control/clock', { advanceMs: 2 * 86_400_000 })).json()
    expect(advanced.now.slice(0, 16)).toBe('2025-03-12T01:00')
    expect(advanced.fired.map((r: any) => `${r.function}/${r.trigger}@${r.time}`)).toEqual([
      'ticker/nightly@2025-03-10T18:00:00Z',
      'ticker/nightly@2025-03-11T18:00:00Z',
    ])

    // the functions see the simulated time
    const who: any = await (await post('/api/fn/whoami', {}, { 'x-dev-openid': 'o_alice' })).json()
    expect(Number(who.data.clockOffsetMs)).toBe(advanced.offsetMs)

    const clock: any = await (await fetch(url('/_control/clock'))).json()
    expect(clock.now.slice(0, 16)).toBe('2025-03-12T01:00')

    const reset: any = await (await post('/_control/clock', { reset: true })).json()
    expect(reset.offsetMs).toBe(0)
    expect(Math.abs(Date.parse(reset.now) - Date.now())).toBeLessThan(2000)
  })

  it('refuses a bad clock request', async () => {
    expect((await post('/_control/clock', { set: 'yesterday' })).status).toBe(400)
    expect((await post('/_control/clock', { advanceMs: -5 })).status).toBe(400)
    expect((await post('/_control/clock', {})).status).toBe(400)
  })

  it('lists timers and runs one now', async () => {
    const list: any = await (await fetch(url('/_control/timers'))).json()
    expect(list.timers).toEqual([
      expect.objectContaining({ function: 'ticker', trigger: 'nightly', config: '0 0 2 * * * *' }),
    ])
    const run: any = await (await post('/_control/timers/ticker/nightly/run', {})).json()
    expect(run).toMatchObject({
      function: 'ticker',
      trigger: 'nightly',
      result: { ok: true, data: { event: { Type: 'Timer' } } },
    })
    expect((await post('/_control/timers/ticker/nope/run', {})).status).toBe(404)
  })

  it('counts the database calls the functions make, and resets the counts', async () => {
    await post('/_control/db/counts/reset', {})
    await post('/api/fn/whoami', { action: 'count' }, { 'x-dev-openid': 'o_alice' })
    await post('/api/fn/whoami', { action: 'count' }, { 'x-dev-openid': 'o_alice' })
    const counts: any = await (await fetch(url('/_control/db/counts'))).json()
    expect(counts.total).toBe(2)
    expect(counts.counts).toEqual({ calculateDocument: 2 })
    const reset: any = await (await post('/_control/db/counts/reset', {})).json()
    expect(reset.total).toBe(0)
  })

  it('wipes and reseeds on reset', async () => {
    cloud.db.insert('users', { _id: 'o_extra', nickname: '多余', avatarUrl: '', createdAt: new Date() })
    const body: any = await (await post('/_control/reset', {})).json()
    expect(body).toEqual({ reset: true, seeded: { users: 1 } })
    expect(cloud.db.find('users').map((u) => u._id)).toEqual(['o_seeded'])
  })

  it('answers 404 for an unknown control route and 405 for a wrong method', async () => {
    expect((await fetch(url('/_control/nope'))).status).toBe(404)
    expect((await fetch(url('/_control/reset'))).status).toBe(405)
  })
})

describe('dev login', () => {
  it('lists the users with a label', async () => {
    const body: any = await (await fetch(url('/api/dev/users'))).json()
    expect(body.users).toEqual([{ openid: 'o_seeded', nickname: '种子', avatarUrl: '', label: '路人' }])
  })
})

describe('the H5 app', () => {
  it('explains how to build it when dist/h5 is missing', async () => {
    const res = await fetch(url('/'))
    expect(res.status).toBe(503)
    expect(await res.text()).toContain('taro build --type h5')
  })

  it('serves the build, with index.html for unknown paths', async () => {
    mkdirSync(path.join(h5.dir, 'h5', 'js'), { recursive: true })
    writeFileSync(path.join(h5.dir, 'h5', 'index.html'), '<!doctype html><title>圈子</title>')
    writeFileSync(path.join(h5.dir, 'h5', 'js', 'app.3f2a9c1d.js'), 'console.log(1)')
    const index = await fetch(url('/'))
    expect(index.status).toBe(200)
    expect(index.headers.get('cache-control')).toBe('no-cache')
    expect(await index.text()).toContain('<title>圈子</title>')
    const asset = await fetch(url('/js/app.3f2a9c1d.js'))
    expect(asset.headers.get('content-type')).toContain('text/javascript')
    expect(asset.headers.get('cache-control')).toContain('immutable')
    expect(await (await fetch(url('/pages/circle/index'))).text()).toContain('<title>圈子</title>')
  })

  it('sends scripts gzipped to browsers that accept it, and plain to those that do not', async () => {
    const script = 'console.log("圈子");\n'.repeat(200)
    mkdirSync(path.join(h5.dir, 'h5', 'js'), { recursive: true })
    writeFileSync(path.join(h5.dir, 'h5', 'index.html'), '<!doctype html><title>圈子</title>')
    writeFileSync(path.join(h5.dir, 'h5', 'js', 'big.0badc0de.js'), script)
    const raw = await new Promise<{ encoding?: string; length: number; body: Buffer }>((resolve, reject) => {
      http
        .get(url('/js/big.0badc0de.js'), { headers: { 'accept-encoding': 'gzip' } }, (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c) => chunks.push(c))
          res.on('end', () =>
            resolve({
              encoding: res.headers['content-encoding'],
              length: Number(res.headers['content-length']),
              body: Buffer.concat(chunks),
            }),
          )
        })
        .on('error', reject)
    })
    expect(raw.encoding).toBe('gzip')
    expect(raw.length).toBe(raw.body.length)
    expect(raw.length).toBeLessThan(Buffer.byteLength(script) / 10)
    expect(gunzipSync(raw.body).toString()).toBe(script)
    const plain = await new Promise<{ encoding?: string; body: string }>((resolve, reject) => {
      http
        .get(url('/js/big.0badc0de.js'), { headers: { 'accept-encoding': 'identity' } }, (res) => {
          let body = ''
          res.setEncoding('utf8')
          res.on('data', (c) => (body += c))
          res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body }))
        })
        .on('error', reject)
    })
    expect(plain.encoding).toBeUndefined()
    expect(plain.body).toBe(script)
  })

  it('sends scripts as Brotli to browsers that take it (as browsers do), gzip to the others', async () => {
    const script = 'console.log("圈子");\n'.repeat(200)
    mkdirSync(path.join(h5.dir, 'h5', 'js'), { recursive: true })
    writeFileSync(path.join(h5.dir, 'h5', 'index.html'), '<!doctype html><title>圈子</title>')
    writeFileSync(path.join(h5.dir, 'h5', 'js', 'big.0badc0de.js'), script)
    const get = (acceptEncoding: string) =>
      new Promise<{ encoding?: string; length: number; body: Buffer }>((resolve, reject) => {
        http
          .get(url('/js/big.0badc0de.js'), { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
            const chunks: Buffer[] = []
            res.on('data', (c) => chunks.push(c))
            res.on('end', () =>
              resolve({
                encoding: res.headers['content-encoding'],
                length: Number(res.headers['content-length']),
                body: Buffer.concat(chunks),
              }),
            )
          })
          .on('error', reject)
      })
    const br = await get('gzip, deflate, br, zstd')
    expect(br.encoding).toBe('br')
    expect(br.length).toBe(br.body.length)
    expect(brotliDecompressSync(br.body).toString()).toBe(script)
    const gz = await get('gzip, deflate')
    expect(gz.encoding).toBe('gzip')
    expect(gunzipSync(gz.body).toString()).toBe(script)
  })
})
