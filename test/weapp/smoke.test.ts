/**
 * Smoke test of the shipped mini-program: dist/weapp as `npx taro build --type weapp` produced it.
 *   1. WeChat's own compilers (wcc for WXML + WXS, wcsc for WXSS, shipped in miniprogram-simulate)
 *      accept the whole bundle, and every page in app.json compiles to a render function.
 *   2. The home page (发现) runs on a stand-in of the mini-program runtime: the bundle's app.js
 *      launches, the page loads the discover list through wx.cloud.callFunction and renders the
 *      circle it got back; a tap on a filter runs the React handler (a new request, a new state).
 */
import path from 'path'
import { allRoutes, DIST, readAppJson } from './harness'

const HOME = 'pages/discover/index'

function assertBuilt(): { pages: string[] } {
  return { pages: allRoutes(readAppJson()) }
}

// miniprogram-compiler is miniprogram-simulate's dependency (WeChat's wcc/wcsc binaries inside).
const compilerDir = path.dirname(
  require.resolve('miniprogram-compiler/package.json', {
    paths: [path.dirname(require.resolve('miniprogram-simulate'))],
  }),
)

describe('the production weapp bundle under WeChat compilers', () => {
  it('compiles every WXML/WXS file with wcc and every page has a render function', () => {
    const { pages } = assertBuilt()
    const compiler = require(compilerDir)
    const source: string = compiler.wxmlToJs(DIST, { maxBuffer: 64 * 1024 * 1024 })
    // The compiled module expects the webview's engine marker, as in the real client.
    ;(window as any).__webview_engine_version__ = 0.02
    const gwx = new Function(source)()
    for (const page of pages) {
      expect({ page, render: typeof gwx(`${page}.wxml`) }).toEqual({ page, render: 'function' })
    }
  })

  it('compiles every WXSS file with wcsc', () => {
    assertBuilt()
    const glob = require(require.resolve('glob', { paths: [compilerDir] }))
    const files: string[] = glob.sync('**/*.wxss', { cwd: DIST, nodir: true }).map((f: string) => f.slice(0, -5))
    expect(files.length).toBeGreaterThan(0)
    const wcsc = require(path.join(compilerDir, 'src', 'wcsc'))
    // wcsc returns (rather than throws) an Error carrying the compiler's message.
    const result = wcsc(DIST, files, { maxBuffer: 64 * 1024 * 1024 })
    if (result instanceof Error) throw result
    expect(Object.keys(result)).toEqual(expect.arrayContaining(['comm', `${HOME}.wxss`]))
  })
})

// ---------- a stand-in for the mini-program runtime (the ~35 lines) ----------

type Call = { name: string; data: Record<string, unknown> }

const ME = { openid: 'o_smoke', nickname: '小测', avatarUrl: '', createdAt: '2025-01-01T00:00:00.000Z' }
const CIRCLE = {
  id: 'c_smoke',
  name: '冒烟测试读书会',
  intro: '每周读一本书',
  avatarUrl: '',
  coverUrl: '',
  type: 'knowledge',
  entryMode: 'free',
  status: 'active',
  memberCount: 12,
  owner: { openid: 'o_owner', nickname: '圈主阿明', avatarUrl: '' },
  tags: ['读书'],
}

function installMiniProgramGlobals(calls: Call[]) {
  const g = global as any
  const pages: any[] = []
  let app: any = null
  const answer = ({ name, data }: Call) => {
    if (name === 'user' && data.action === 'login') return { ok: true, data: ME }
    if (name === 'circle' && data.action === 'discover')
      return { ok: true, data: { items: data.type && data.type !== CIRCLE.type ? [] : [CIRCLE], nextCursor: null } }
    return { ok: false, error: { code: 'unknown_action', message: `${name}.${String(data.action)}` } }
  }
  g.wx = {
    ...(g.wx ?? {}),
    cloud: {
      init: () => undefined,
      callFunction: async (req: Call) => {
        calls.push({ name: req.name, data: req.data })
        return { errMsg: 'cloud.callFunction:ok', result: answer(req) }
      },
    },
    getSystemInfoSync: () => ({
      platform: 'devtools',
      windowWidth: 375,
      windowHeight: 667,
      pixelRatio: 2,
      SDKVersion: '3.7.12',
    }),
    getDeviceInfo: () => ({ platform: 'devtools' }),
    getStorageSync: () => '',
    setStorageSync: () => undefined,
    stopPullDownRefresh: () => undefined,
    navigateTo: (o: { url: string }) => calls.push({ name: 'navigateTo', data: { url: o.url } }),
  }
  g.App = (options: any) => {
    app = options
  }
  g.getApp = () => app
  g.getCurrentPages = () => pages
  // A Taro page is plain Page() options; miniprogram-simulate knows components: map lifecycles.
  g.Page = (options: any) => {
    const { data, ...rest } = options
    const methods: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(rest)) if (typeof v === 'function') methods[k] = v
    g.Component({
      data,
      methods,
      lifetimes: {
        attached(this: any) {
          this.route = HOME
          pages.push(this)
          this.onLoad({})
          this.onShow()
        },
        ready(this: any) {
          this.onReady()
        },
      },
    })
  }
  return { app: () => app }
}

async function until<T>(probe: () => T | undefined | false, what: string, ms = 5000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const value = probe()
    if (value) return value
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('the home page of the production bundle', () => {
  it('renders the discover list from wx.cloud.callFunction and a tap runs a React handler', async () => {
    assertBuilt()
    const calls: Call[] = []
    // miniprogram-simulate installs Component and its own wx API when required; ours go on top.
    const simulate = require('miniprogram-simulate')
    const runtime = installMiniProgramGlobals(calls)
    require(path.join(DIST, 'app.js'))
    expect(runtime.app()).toBeTruthy()
    runtime.app().onLaunch?.({ path: HOME, query: {}, scene: 1001 })

    const id = simulate.load(path.join(DIST, HOME), {
      rootPath: DIST,
      compilerOptions: { maxBuffer: 64 * 1024 * 1024 },
    })
    const page = simulate.render(id)
    page.attach(document.createElement('parent-wrapper'))

    const dom: HTMLElement = page.dom
    await until(
      () => dom.textContent?.includes(CIRCLE.name),
      `the circle "${CIRCLE.name}" to render; page text: ${dom.textContent}`,
    )
    expect(dom.textContent).toContain('圈主阿明')
    expect(calls.filter((c) => c.name === 'circle').map((c) => c.data)).toEqual([
      { action: 'discover', cursor: undefined, type: undefined, device: 'devtools' },
    ])

    // Tap the 知识 filter: its onClick chooses the filter, which loads that filter's list.
    // (miniprogram-simulate prefixes classes with the tag name; Taro's element id is data-sid.)
    const sidOf = (label: string) =>
      Array.from(dom.querySelectorAll('[class*="discover__filter"]'))
        .find((el) => el.textContent === label)
        ?.getAttribute('data-sid')
    const sid = await until(() => sidOf('知识'), 'the 知识 filter')
    expect(dom.querySelector(`[data-sid="${sid}"]`)?.className).not.toMatch(/discover__filter--on/)
    page.querySelector('#' + sid).dispatchEvent('tap')
    await until(
      () => calls.find((c) => c.name === 'circle' && c.data.type === 'knowledge'),
      'a discover call for the knowledge filter after the tap',
    )
    await until(
      () => /discover__filter--on/.test(dom.querySelector(`[data-sid="${sid}"]`)?.className ?? ''),
      'the tapped filter to be selected',
    )
    await until(() => dom.textContent?.includes(CIRCLE.name), 'the knowledge list to render')
  })
})
