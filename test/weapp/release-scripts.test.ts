/**
 * The release scripts around the weapp bundle: scripts/check-weapp.mjs refuses a bundle WeChat
 * would refuse, and scripts/deploy.mjs stops without credentials and, with --dry-run, plans the
 * upload of the real build without touching the network.
 */
import { spawnSync } from 'child_process'
import { generateKeyPairSync } from 'crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs'
import os from 'os'
import path from 'path'
import { ENV_TABLE } from '../../cloudfunctions/runtime/env'

const ROOT = path.resolve(__dirname, '..', '..')

function node(script: string, args: string[], env: Record<string, string | undefined> = {}) {
  const clean = { ...process.env }
  for (const key of [
    'WX_APPID',
    'WX_PRIVATE_KEY',
    'WX_PRIVATE_KEY_PATH',
    'CLOUD_ENV_ID',
    ...ENV_TABLE.map((v) => v.name),
  ])
    delete clean[key]
  const res = spawnSync(process.execPath, [path.join(ROOT, 'scripts', script), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...clean, ...env } as NodeJS.ProcessEnv,
    timeout: 60_000,
  })
  return { code: res.status, out: `${res.stdout}\n${res.stderr}` }
}

function fakeDist(pages: Record<string, number>, appJson: object): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'quanzi-weapp-'))
  writeFileSync(path.join(dir, 'app.json'), JSON.stringify(appJson))
  for (const [file, bytes] of Object.entries(pages)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    writeFileSync(path.join(dir, file), Buffer.alloc(bytes, 32))
  }
  return dir
}

describe('scripts/check-weapp.mjs', () => {
  const app = { pages: ['pages/a/index'], subPackages: [{ root: 'pkg', pages: ['pages/b/index'] }] }
  const page = (p: string, jsBytes = 10) => ({ [`${p}.js`]: jsBytes, [`${p}.wxml`]: 10, [`${p}.json`]: 2 })

  it('passes a complete bundle and prints each package against the limits', () => {
    const dist = fakeDist({ ...page('pages/a/index'), ...page('pkg/pages/b/index') }, app)
    const { code, out } = node('check-weapp.mjs', ['--dist', dist])
    rmSync(dist, { recursive: true, force: true })
    expect(code).toBe(0)
    // app.json belongs to the main package
    expect(out).toMatch(new RegExp(`main\\s+${22 + JSON.stringify(app).length} B`))
    expect(out).toMatch(/pkg \(pkg\/\)\s+22 B/)
    expect(out).toContain('limit 380 KiB, aim 350 KiB: within')
  })

  it('fails when the main package is over its 380 KiB limit', () => {
    const dist = fakeDist({ ...page('pages/a/index'), ...page('pkg/pages/b/index'), 'taro.js': 381 * 1024 }, app)
    const { code, out } = node('check-weapp.mjs', ['--dist', dist])
    rmSync(dist, { recursive: true, force: true })
    expect(code).toBe(1)
    expect(out).toMatch(/main package is [\d,]+ B \(38\d\.\d KiB\), over the project's 380 KiB limit/)
  })

  it("fails when a page's JS with the subpackage scripts it requires is over 60 KiB, not counting the main package's", () => {
    const requires = (...files: string[]) => files.map((f) => `require(${JSON.stringify(f)});`).join('')
    const dist = fakeDist({ ...page('pages/a/index'), ...page('pkg/pages/b/index'), 'common.js': 200 * 1024 }, app)
    // the page's own 31 KiB + the subpackage's chunk of 30 KiB, both required (the main package's common.js is not counted)
    writeFileSync(
      path.join(dist, 'pkg/pages/b/index.js'),
      requires('../../sub-common/x.js', '../../../common.js') + ' '.repeat(31 * 1024),
    )
    mkdirSync(path.join(dist, 'pkg/sub-common'))
    writeFileSync(path.join(dist, 'pkg/sub-common/x.js'), ' '.repeat(30 * 1024))
    const over = node('check-weapp.mjs', ['--dist', dist])
    // without the chunk the page is within
    writeFileSync(path.join(dist, 'pkg/sub-common/x.js'), ' '.repeat(20 * 1024))
    const within = node('check-weapp.mjs', ['--dist', dist])
    rmSync(dist, { recursive: true, force: true })
    expect(over.code).toBe(1)
    expect(over.out).toMatch(
      /page pkg\/pages\/b\/index loads [\d,]+ B \(61\.\d KiB\) of JS .* over the 60 KiB per-page limit/,
    )
    expect(within.code).toBe(0)
    expect(within.out).toMatch(/pkg\/pages\/b\/index\s+51\.\d KiB/)
  })

  it('fails when a listed page lacks its .wxml', () => {
    const files = { ...page('pages/a/index'), ...page('pkg/pages/b/index') }
    delete files['pkg/pages/b/index.wxml']
    const dist = fakeDist(files, app)
    const { code, out } = node('check-weapp.mjs', ['--dist', dist])
    rmSync(dist, { recursive: true, force: true })
    expect(code).toBe(1)
    expect(out).toContain('page pkg/pages/b/index (pkg package) is missing pkg/pages/b/index.wxml')
  })

  it('fails when a subpackage is over 2 MB, and ignores source maps', () => {
    const dist = fakeDist(
      {
        ...page('pages/a/index'),
        ...page('pkg/pages/b/index', 2 * 1024 * 1024),
        'pages/a/index.js.map': 3 * 1024 * 1024,
      },
      app,
    )
    const { code, out } = node('check-weapp.mjs', ['--dist', dist])
    rmSync(dist, { recursive: true, force: true })
    expect(code).toBe(1)
    expect(out).toContain("pkg package is 2,097,164 B (2048.0 KiB), over WeChat's 2 MB per-package limit")
    expect(out).not.toContain('main package is')
  })
})

describe('scripts/deploy.mjs', () => {
  it('stops at once, in Chinese and English, naming every missing variable', () => {
    const { code, out } = node('deploy.mjs', ['--dry-run', '--no-build'], { WX_APPID: 'wx0123456789abcdef' })
    expect(code).toBe(1)
    expect(out).toContain('缺少部署所需的环境变量：WX_PRIVATE_KEY_PATH (或/or WX_PRIVATE_KEY)、CLOUD_ENV_ID')
    expect(out).toContain(
      'Missing environment variables for deploy: WX_PRIVATE_KEY_PATH (或/or WX_PRIVATE_KEY), CLOUD_ENV_ID',
    )
    expect(out).not.toContain('plan:')
  })

  const privateKey = () =>
    generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    }).privateKey
  const credentials = () => ({
    WX_APPID: 'wx0123456789abcdef',
    WX_PRIVATE_KEY: privateKey(),
    CLOUD_ENV_ID: 'quanzi-test-1a2b',
  })
  const required = ENV_TABLE.filter((v) => v.production === 'required')
  /** A value for every required variable, recognisable if it ever leaked into the output. */
  const production = () => Object.fromEntries(required.map((v) => [v.name, `secret-value-of-${v.name.toLowerCase()}`]))

  it('refuses to deploy while a required variable is unset, naming each one and what it is for', () => {
    const { QZ_TICKET_SECRET: _secret, WXPAY_APIV3_KEY: _key, ...rest } = production()
    const { code, out } = node('deploy.mjs', ['--dry-run', '--no-build'], { ...credentials(), ...rest })
    expect(code).toBe(1)
    expect(out).toContain('生产环境配置不完整：QZ_TICKET_SECRET、WXPAY_APIV3_KEY')
    expect(out).toMatch(/QZ_TICKET_SECRET: 未设置 \/ unset \(event\)/)
    expect(out).toMatch(
      /WXPAY_APIV3_KEY: 未设置 \/ unset \(challenge, event, finance, group, moderate, payNotify, qa, shop, wallet\)/,
    )
    expect(out).not.toContain('plan:')
    expect(out).not.toContain('secret-value-of')
  })

  it('refuses the local placeholder template id', () => {
    const { code, out } = node('deploy.mjs', ['--dry-run', '--no-build'], {
      ...credentials(),
      ...production(),
      QZ_TEMPLATE_RENEWAL: 'qz_tpl_renewal_reminder',
    })
    expect(code).toBe(1)
    const renewal = ENV_TABLE.find((v) => v.name === 'QZ_TEMPLATE_RENEWAL')!
    const readers = (renewal.functions as readonly string[]).join(', ')
    expect(out).toContain(
      `QZ_TEMPLATE_RENEWAL: 仍是占位值 / still the placeholder "qz_tpl_renewal_reminder" (${readers}, 小程序/app)`,
    )
  })

  it('with --dry-run plans the mini-program and every function with its settings, variables and timers, and sends nothing', () => {
    const { code, out } = node('deploy.mjs', ['--dry-run', '--no-build'], { ...credentials(), ...production() })
    expect(out).not.toContain('BEGIN RSA PRIVATE KEY')
    expect(out).not.toContain('secret-value-of')
    expect(code).toBe(0)
    expect(out).toMatch(/mini-program\s+dist\/weapp\s+\d+ files/)
    // every function folder (an index.ts beside its package.json), not the libraries core and runtime
    const root = path.resolve(__dirname, '../../cloudfunctions')
    const functions = readdirSync(root).filter(
      (d) => !['core', 'runtime'].includes(d) && existsSync(path.join(root, d, 'index.ts')),
    )
    expect(functions).toEqual(
      expect.arrayContaining(['user', 'circle', 'post', 'maintenance', 'shop', 'wallet', 'payNotify', 'finance']),
    )
    const runtime = JSON.parse(readFileSync(path.join(ROOT, 'localcloud', 'cloud-node', 'package.json'), 'utf8'))
      .cloudbase.runtime
    for (const fn of functions) {
      const config = JSON.parse(readFileSync(path.join(root, fn, 'config.json'), 'utf8'))
      // each function is created with its own settings, never miniprogram-ci's Nodejs8.9 / 3 s
      expect(config).toMatchObject({ runtime, timeout: expect.any(Number), memorySize: expect.any(Number) })
      const block = out.slice(out.search(new RegExp(`function\\s+${fn}\\s`)))
      expect(block).toMatch(
        new RegExp(`^function\\s+${fn}\\s+index\\.js, index\\.js\\.map, package\\.json, config\\.json`),
      )
      expect(block).toMatch(
        new RegExp(
          `^[^\\n]*\\n\\s+runtime ${runtime}, timeout ${config.timeout} s, memory ${config.memorySize} MB\\n\\s+env `,
        ),
      )
      for (const v of required.filter((r) => r.functions === '*' || (r.functions as readonly string[]).includes(fn))) {
        expect(block.split('\n')[2]).toContain(v.name)
      }
    }
    expect(out).not.toMatch(/function\s+(core|runtime)\b/)
    expect(out).not.toMatch(/Nodejs8\.9/)
    // WeChat DevTools' cloudfunctionRoot is where the deploy stages: only the deployable functions
    expect(JSON.parse(readFileSync(path.join(ROOT, 'project.config.json'), 'utf8')).cloudfunctionRoot).toBe(
      'dist/cloudfunctions/',
    )
    expect(readdirSync(path.join(ROOT, 'dist', 'cloudfunctions')).sort()).toEqual([...functions].sort())
    // a local-only variable is never shipped
    expect(out).not.toMatch(/env [^\n]*QZ_CLOCK_OFFSET_MS/)
    expect(out).toContain('trigger recountMembers (timer)')
    expect(out).toContain('trigger reconcile (timer)')
    expect(out).toContain(
      `DRY RUN: would call ci.upload once and ci.cloud.uploadFunction ${functions.length} time(s), each after creating or configuring the function; nothing was sent.`,
    )
  })
})
