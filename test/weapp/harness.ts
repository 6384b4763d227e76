/**
 * A small mini-program runtime for the PRODUCTION bundle (dist/weapp), for the weapp journeys:
 * WeChat's own compilers (wcc / wcsc, through miniprogram-simulate) render each page; our
 * stand-ins for App / Page / getApp / getCurrentPages and the navigation APIs give it a real page
 * stack (navigateTo / redirectTo / switchTab / reLaunch / navigateBack load the target page of
 * dist/weapp by its route, subpackage chunks and all); and the wx.* APIs that reach the cloud are
 * bridged to a RUNNING local cloud, as the person this phone belongs to:
 *   - wx.cloud.callFunction → POST /api/fn/<name> with x-dev-openid (the gateway puts it in the
 *     function's WeChat context as WX_OPENID, as CloudBase does for a mini-program's call);
 *   - wx.cloud.uploadFile / getTempFileURL → the local cloud's storage;
 *   - wx.requestPayment / requestMerchantTransfer → the pay simulator's user-side endpoints, the
 *     same ones the H5 app's cashier and transfer sheets call when the person confirms;
 *   - wx.requestSubscribeMessage → accepted (the H5 app's stand-in modal, 允许), and the app
 *     reports it to the server itself (notify.grant).
 * What the system shows (modals, action sheets, toasts, the image picker) is observable and
 * answered by the test, never decided here. Every setData a page makes is counted, so a journey can
 * report the size of each page's first screen (WeChat refuses a setData over its size limit).
 */
import { createPrivateKey, createPublicKey, createVerify, randomBytes } from 'crypto'
import { existsSync, readFileSync } from 'fs'
import http from 'http'
import path from 'path'

export const ROOT = path.resolve(__dirname, '..', '..')
/** WEAPP_DIST: another build to check; default the production build in dist/weapp. */
export const DIST = process.env.WEAPP_DIST ? path.resolve(process.env.WEAPP_DIST) : path.join(ROOT, 'dist', 'weapp')

export interface AppJson {
  pages: string[]
  subPackages?: { root: string; pages: string[] }[]
  subpackages?: { root: string; pages: string[] }[]
  tabBar?: { list: { pagePath: string; text: string }[] }
}

export function readAppJson(dist = DIST): AppJson {
  const file = path.join(dist, 'app.json')
  if (!existsSync(file)) {
    throw new Error(
      `dist/weapp is missing (${file} not found). Build the production mini-program first: ` +
        '`NODE_ENV=production npx taro build --type weapp` (npm test does it before this suite).',
    )
  }
  return JSON.parse(readFileSync(file, 'utf8'))
}

/** Every page route of the bundle: the main package's and each subpackage's. */
export function allRoutes(app: AppJson): string[] {
  const subs = app.subPackages ?? app.subpackages ?? []
  return [...app.pages, ...subs.flatMap((s) => s.pages.map((p) => `${s.root.replace(/\/$/, '')}/${p}`))]
}

// ---------- small helpers ----------

export async function until<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: () => string,
  ms = 15_000,
): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what()}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

const bytesOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8')

function parseUrl(url: string, from?: string): { route: string; query: Record<string, string> } {
  const [rawPath, rawQuery = ''] = url.split('?')
  let route = rawPath
  if (route.startsWith('/')) route = route.slice(1)
  else if (from) route = path.posix.normalize(path.posix.join(path.posix.dirname(from), route))
  const query: Record<string, string> = {}
  for (const pair of rawQuery.split('&').filter(Boolean)) {
    const [k, v = ''] = pair.split('=')
    query[decodeURIComponent(k)] = v
  }
  return { route, query }
}

type Callbacks = { success?: (res: any) => void; fail?: (res: any) => void; complete?: (res: any) => void }

/** WeChat's callback style and its promise style, for an API whose work is `run`. */
function api<O extends Callbacks>(name: string, run: (options: O) => Promise<Record<string, unknown>>) {
  return (options: O = {} as O) => {
    const done = run(options).then(
      (res) => ({ errMsg: `${name}:ok`, ...res }),
      (err) => {
        throw {
          errMsg: `${name}:fail ${err?.errMsg ?? err?.message ?? err}`,
          ...(err?.errCode !== undefined ? { errCode: err.errCode } : {}),
        }
      },
    )
    if (options.success || options.fail || options.complete) {
      done.then(
        (res) => {
          options.success?.(res)
          options.complete?.(res)
        },
        (err) => {
          options.fail?.(err)
          options.complete?.(err)
        },
      )
      return undefined
    }
    return done
  }
}

// ---------- the cloud ----------

export interface Cloud {
  url: string
}

/**
 * HTTP to the local cloud with node's own client: the suite runs in jsdom (miniprogram-simulate
 * renders into a DOM), which has no fetch of its own.
 */
function request(
  method: 'GET' | 'POST',
  url: string,
  body?: Buffer | string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }))
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    if (body !== undefined) req.write(body)
    req.end()
  })
}

function parse(text: string): any {
  try {
    return text ? JSON.parse(text) : null
  } catch {
    return text
  }
}

async function post(url: string, body: unknown, openid?: string): Promise<{ status: number; body: any }> {
  const res = await request('POST', url, JSON.stringify(body ?? {}), {
    'content-type': 'application/json',
    ...(openid ? { 'x-dev-openid': openid } : {}),
  })
  return { status: res.status, body: parse(res.text) }
}

async function getJson(url: string): Promise<any> {
  const res = await request('GET', url)
  if (res.status !== 200) throw new Error(`GET ${url} → ${res.status}`)
  return parse(res.text)
}

/** The local cloud's demo users by nickname (the seeded owners), as GET /api/dev/users lists them. */
export async function demoUser(cloud: Cloud, nickname: string): Promise<string> {
  const { users } = await getJson(`${cloud.url}/api/dev/users`)
  const user = (users as { openid: string; nickname: string }[]).find((u) => u.nickname === nickname)
  if (!user) throw new Error(`no demo user named ${nickname}`)
  return user.openid
}

/** The local cloud's control API. */
export async function control(cloud: Cloud, pathname: string, body?: unknown): Promise<any> {
  if (body === undefined) return getJson(`${cloud.url}/_control${pathname}`)
  const res = await post(`${cloud.url}/_control${pathname}`, body)
  if (res.status !== 200) throw new Error(`POST /_control${pathname} → ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

// ---------- the phone ----------

export interface SystemSheet {
  kind: 'modal' | 'actionSheet'
  title: string
  content: string
  items: string[]
  confirmText: string
  cancelText: string
  showCancel: boolean
  answer(res: Record<string, unknown>): void
}

export interface SetDataCall {
  bytes: number
  keys: number
  /** The payload's keys and their sizes, largest first (the first few). */
  parts: { key: string; bytes: number }[]
  payload: Record<string, unknown>
}

export interface OpenPage {
  route: string
  query: Record<string, string>
  /** The j-component of the page (querySelector, dispatchEvent). */
  comp: any
  /** The page's `this` as Taro's runtime sees it (setData, route, options). */
  instance: any
  dom: HTMLElement
  setData: SetDataCall[]
  unloaded: boolean
}

/** A part of the page: the innermost element carrying `className` whose text contains `text`. */
export interface Scope {
  className: string
  text: string | RegExp
}

export interface PhoneOptions {
  cloud: Cloud
  /** Who holds the phone: the OPENID WeChat would vouch for. */
  openid: string
  /** wx.getSystemInfoSync().platform: the device (it decides which payment channel may open). */
  platform?: 'android' | 'ios' | 'devtools' | 'windows' | 'mac'
  dist?: string
  /** How the system sheets answer: the cashier pays (default) or is cancelled. */
  cashier?: 'pay' | 'cancel'
  /** wx.requestSubscribeMessage: accept (default) or reject every template. */
  subscribe?: 'accept' | 'reject'
  log?: (line: string) => void
  /** Called when a page's first screen is known (Phone.arrive). */
  onFirstScreen?: (screen: FirstScreen) => void
  /** Phone.arrive fails on a page whose first screen sent more than this. */
  maxFirstScreenBytes?: number
}

export interface FirstScreen {
  route: string
  /** What the page was showing (e.g. "feed" or "landing" for the circle page). */
  label: string
  calls: number
  totalBytes: number
  largestBytes: number
  /** The top-level keys of the largest setData call and their sizes. */
  largest: { key: string; bytes: number }[]
  /** What the nodes of the largest call carry, by field (Taro's cl = class, v = text, sid, nn, st, p0…), bytes each. */
  fields: { field: string; bytes: number }[]
  /** The node chain that holds most of the largest call (class names), and its children's count and mean size. */
  bulk: { path: string[]; children: number; meanChildBytes: number }
}

export interface Phone {
  openid: string
  /** The page on top of the stack. */
  top(): OpenPage
  stack(): OpenPage[]
  /** Every page opened since launch, in order (closed ones included). */
  history(): OpenPage[]
  /** The top page's visible text. */
  text(): string
  waitForText(text: string | RegExp, ms?: number): Promise<void>
  waitForRoute(route: string, ms?: number): Promise<OpenPage>
  /**
   * The top page becomes `route` and shows `text`; once it stops updating, what it sent so far
   * is its first screen (reported through PhoneOptions.onFirstScreen, once per opened page).
   */
  arrive(route: string, text: string | RegExp, label?: string): Promise<OpenPage>
  /** The cloud:// files the top page's images show (inside `scope` when given). */
  imageSources(scope?: Scope): string[]
  /**
   * Taps what reads `text` on the top page (inside `scope` when given): the innermost element whose
   * whole text matches, nearest to a tap handler; the tap bubbles up as WeChat's does.
   */
  tap(text: string | RegExp, scope?: Scope): Promise<void>
  /** WeChat's own back button (the navigation bar's ‹). */
  back(): Promise<void>
  /** A tap on the tab bar (WeChat draws it; app.json's tabBar names its pages). */
  tapTab(text: string): Promise<void>
  /** The text of a part of the top page ('' when it is not there). */
  textIn(scope: Scope): string
  /** Taps an element by a CSS selector on the top page's DOM (Taro renders no data-testid in weapp; classes carry the tag prefix, main--). */
  tapSelector(selector: string, index?: number): Promise<void>
  /** Taps the `index`-th element carrying the class `name` (miniprogram-simulate prefixes classes with the tag: main--name). */
  tapClass(name: string, index?: number): Promise<void>
  /** How many elements carry the class `name` on the top page. */
  countClass(name: string): number
  /** Types into the `index`-th input / textarea whose placeholder is `placeholder`. */
  input(placeholder: string | RegExp, value: string, index?: number): Promise<void>
  /** The next system sheet (showModal / showActionSheet) whose title or content matches. */
  sheet(match: string | RegExp, ms?: number): Promise<SystemSheet>
  toasts: string[]
  /** The files the system image picker hands over the next time the app asks. */
  pickImages(paths: string[]): void
  /** What the person does at WeChat Pay's sheet from now on: pay, or close it. */
  atCashier(answer: 'pay' | 'cancel'): void
  /** Resolves when the top page made no setData for `quietMs`. */
  settle(quietMs?: number): Promise<void>
  /** Every wx.* API the bundle called that is not bridged here (simulate's inert mock answered). */
  unbridged: Set<string>
  close(): void
}

const TAB_PAGES = (app: AppJson) => new Set((app.tabBar?.list ?? []).map((t) => t.pagePath))
const MAX_STACK = 10

/**
 * Launches dist/weapp as the mini-program of one person and opens its home page. One phone at a
 * time: the bundle's globals (wx, App, Page) are process-wide, so `launch` resets the module
 * registry and starts from scratch (like a cold start on another person's phone).
 */
export async function launch(options: PhoneOptions): Promise<Phone> {
  const dist = options.dist ?? DIST
  const appJson = readAppJson(dist)
  const tabs = TAB_PAGES(appJson)
  const cloud = options.cloud
  const log = options.log ?? (() => undefined)
  const g = global as any

  jest.resetModules()
  document.body.innerHTML = ''
  // miniprogram-simulate installs Component and its inert wx mock when required; ours go on top.
  delete g.wx
  const simulate = require('miniprogram-simulate')
  const inertWx = g.wx

  const storage = new Map<string, unknown>()
  const toasts: string[] = []
  const sheets: SystemSheet[] = []
  let pickedImages: string[] = []
  const unbridged = new Set<string>()
  let appOptions: any = null
  const stack: OpenPage[] = []
  const history: OpenPage[] = []
  const tabInstances = new Map<string, OpenPage>()
  const routeIds = new Map<string, string>()
  let loadingRoute = ''
  let opening: { route: string; query: Record<string, string> } | null = null
  let payEnv: Record<string, string> | null = null
  let cashierAnswer = options.cashier ?? 'pay'

  const fnUrl = (name: string) => `${cloud.url}/api/fn/${encodeURIComponent(name)}`

  // --- pages ---

  g.App = (opts: any) => {
    appOptions = opts
  }
  g.getApp = () => appOptions
  g.getCurrentPages = () => stack.map((p) => p.instance)
  // A page is Page() options; miniprogram-simulate knows components: a page is a component whose
  // lifetimes call the page's lifecycles, with the route and query it was opened with.
  g.Page = (pageOptions: any) => {
    const route = loadingRoute
    const { data, ...rest } = pageOptions
    const methods: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(rest)) if (typeof v === 'function') methods[k] = v
    const eh = methods.eh as (e: any) => unknown
    if (eh)
      methods.eh = function (this: any, e: any) {
        log(`[eh] ${e?.type} ${e?.currentTarget?.id} target=${e?.target?.id}`)
        return eh.call(this, e)
      }
    g.Component({
      data,
      methods,
      lifetimes: {
        attached(this: any) {
          const target = opening!
          const page = pending!
          page.instance = this
          this.route = route
          this.__route__ = route
          this.options = target.query
          const setData = this.setData.bind(this)
          this.setData = (payload: Record<string, unknown>, cb?: () => void) => {
            if (page.unloaded) return
            const parts = Object.entries(payload)
              .map(([key, value]) => ({ key, bytes: bytesOf(value) }))
              .sort((a, b) => b.bytes - a.bytes)
              .slice(0, 5)
            page.setData.push({ bytes: bytesOf(payload), keys: Object.keys(payload).length, parts, payload })
            return setData(payload, cb)
          }
          this.onLoad?.({ ...target.query })
          this.onShow?.()
        },
        ready(this: any) {
          this.onReady?.()
        },
      },
    })
  }
  let pending: OpenPage | null = null

  function componentId(route: string): string {
    let id = routeIds.get(route)
    if (id) return id
    if (!allRoutes(appJson).includes(route)) throw new Error(`no page ${route} in dist/weapp/app.json`)
    loadingRoute = route
    id = simulate.load(path.join(dist, route), {
      rootPath: dist,
      compilerOptions: { maxBuffer: 64 * 1024 * 1024 },
    }) as string
    routeIds.set(route, id)
    return id
  }

  function open(url: string, from?: string): OpenPage {
    const { route, query } = parseUrl(url, from)
    const id = componentId(route)
    const page: OpenPage = { route, query, comp: null, instance: null, dom: null as any, setData: [], unloaded: false }
    pending = page
    opening = { route, query }
    const comp = simulate.render(id)
    page.comp = comp
    page.dom = comp.dom
    const host = document.createElement('page-host')
    host.setAttribute('route', route)
    document.body.appendChild(host)
    stack.push(page)
    history.push(page)
    comp.attach(host)
    pending = null
    opening = null
    log(`[page] open ${route}${Object.keys(query).length ? '?' + new URLSearchParams(query) : ''}`)
    return page
  }

  function hide(page: OpenPage | undefined) {
    if (page && !page.unloaded) page.instance?.onHide?.()
  }

  function unload(page: OpenPage) {
    if (page.unloaded) return
    page.instance?.onUnload?.()
    page.unloaded = true
    page.comp.detach()
    page.dom.parentElement?.remove()
    if (tabInstances.get(page.route) === page) tabInstances.delete(page.route)
  }

  const navigation = {
    navigateTo: api('navigateTo', async (o: Callbacks & { url: string }) => {
      if (stack.length >= MAX_STACK) throw new Error('webview count limit exceed')
      const { route } = parseUrl(o.url, stack.at(-1)?.route)
      if (tabs.has(route)) throw new Error('can not navigateTo a tabbar page')
      hide(stack.at(-1))
      open(o.url, stack.at(-1)?.route)
      return {}
    }),
    redirectTo: api('redirectTo', async (o: Callbacks & { url: string }) => {
      const { route } = parseUrl(o.url, stack.at(-1)?.route)
      if (tabs.has(route)) throw new Error('can not redirectTo a tabbar page')
      const from = stack.pop()
      if (from) unload(from)
      open(o.url, from?.route)
      return {}
    }),
    switchTab: api('switchTab', async (o: Callbacks & { url: string }) => {
      const { route } = parseUrl(o.url, stack.at(-1)?.route)
      if (!tabs.has(route)) throw new Error(`${route} is not a tabbar page`)
      // every page above the tab pages closes; tab pages stay alive, hidden
      while (stack.length) {
        const p = stack.pop()!
        if (tabs.has(p.route)) hide(p)
        else unload(p)
      }
      const existing = tabInstances.get(route)
      if (existing) {
        stack.push(existing)
        existing.instance.onShow?.()
      } else {
        tabInstances.set(route, open(`/${route}`))
      }
      return {}
    }),
    reLaunch: api('reLaunch', async (o: Callbacks & { url: string }) => {
      while (stack.length) unload(stack.pop()!)
      for (const p of tabInstances.values()) unload(p)
      const page = open(o.url)
      if (tabs.has(page.route)) tabInstances.set(page.route, page)
      return {}
    }),
    navigateBack: api('navigateBack', async (o: Callbacks & { delta?: number }) => {
      const delta = Math.max(1, o.delta ?? 1)
      for (let i = 0; i < delta && stack.length > 1; i++) unload(stack.pop()!)
      stack.at(-1)?.instance?.onShow?.()
      return {}
    }),
  }

  // --- the cloud bridge ---

  const cloudApi = {
    init: () => undefined,
    callFunction: api('cloud.callFunction', async (o: Callbacks & { name: string; data?: Record<string, unknown> }) => {
      const { status, body } = await post(fnUrl(o.name), o.data ?? {}, options.openid)
      log(`[cloud] ${o.name}.${String(o.data?.action)} → ${status} ${body?.ok === false ? body.error?.code : ''}`)
      if (status === 404) throw { errCode: -501000, errMsg: `FunctionName parameter could not be found: ${o.name}` }
      if (status !== 200) throw new Error(`HTTP ${status}`)
      return { result: body, requestID: randomBytes(8).toString('hex') }
    }),
    uploadFile: (o: Callbacks & { cloudPath: string; filePath: string }) => {
      const progress: ((p: { progress: number; totalBytesSent: number; totalBytesExpectedToSend: number }) => void)[] =
        []
      const run = api('cloud.uploadFile', async () => {
        const bytes = readFileSync(o.filePath)
        const ext = (/\.([A-Za-z0-9]+)$/.exec(o.cloudPath)?.[1] ?? 'bin').toLowerCase()
        const res = await request('POST', `${cloud.url}/api/storage/upload?ext=${encodeURIComponent(ext)}`, bytes, {
          'x-dev-openid': options.openid,
          'content-type': 'application/octet-stream',
        })
        const body = parse(res.text)
        if (res.status !== 200 || !body?.fileID) throw new Error(`upload refused: ${res.status} ${res.text}`)
        for (const cb of progress)
          cb({ progress: 100, totalBytesSent: bytes.length, totalBytesExpectedToSend: bytes.length })
        return { fileID: body.fileID, statusCode: 200 }
      })
      const result = run(o)
      const task = {
        onProgressUpdate: (cb: (typeof progress)[number]) => void progress.push(cb),
        abort: () => undefined,
      }
      return result ? Object.assign(result, task) : task
    },
    getTempFileURL: api(
      'cloud.getTempFileURL',
      async (o: Callbacks & { fileList: (string | { fileID: string; maxAge?: number })[] }) => ({
        fileList: o.fileList.map((f) => {
          const fileID = typeof f === 'string' ? f : f.fileID
          const m = /^cloud:\/\/[^/]+\/(.+)$/.exec(fileID)
          return m
            ? {
                fileID,
                tempFileURL: `${cloud.url}/files/${m[1]}`,
                status: 0,
                errMsg: 'ok',
                maxAge: typeof f === 'string' ? 7200 : (f.maxAge ?? 7200),
              }
            : { fileID, tempFileURL: '', status: -1, errMsg: 'STORAGE_FILE_NONEXIST' }
        }),
      }),
    ),
    callContainer: () => Promise.reject({ errMsg: 'cloud.callContainer:fail not bridged' }),
  }

  // --- the pay sheets: what the person does on WeChat's own screens ---

  async function payKeys() {
    payEnv ??= (await control(cloud, '/pay/env')).env as Record<string, string>
    return payEnv
  }

  const payment = {
    /** The JSAPI cashier: WeChat checks the merchant's paySign, shows the amount, the person pays. */
    requestPayment: api(
      'requestPayment',
      async (
        o: Callbacks & { timeStamp: string; nonceStr: string; package: string; signType: string; paySign: string },
      ) => {
        const env = await payKeys()
        const message = `${env.WXPAY_APPID}\n${o.timeStamp}\n${o.nonceStr}\n${o.package}\n`
        const publicKey = createPublicKey(createPrivateKey(env.WXPAY_MCH_PRIVATE_KEY))
        const verified =
          o.signType === 'RSA' && createVerify('RSA-SHA256').update(message).verify(publicKey, o.paySign, 'base64')
        if (!verified) throw new Error('支付验证签名失败')
        const prepayId = /^prepay_id=(.+)$/.exec(o.package)?.[1]
        const state = await control(cloud, '/pay/state')
        const order = (state.orders as { outTradeNo?: string; prepayId?: string }[]).find(
          (x) => x.prepayId === prepayId,
        )
        if (!order?.outTradeNo) throw new Error(`no order with prepay_id ${prepayId}`)
        const verb = cashierAnswer
        const { status, body } = await post(
          `${cloud.url}/paysim/cashier/${encodeURIComponent(order.outTradeNo)}/${verb}`,
          {},
          options.openid,
        )
        log(`[pay] cashier ${verb} ${order.outTradeNo} → ${status}`)
        if (verb === 'cancel') throw { errMsg: 'cancel' }
        if (status !== 200) throw new Error(body?.error?.message ?? `HTTP ${status}`)
        return {}
      },
    ),
    /**
     * 小程序虚拟支付's sheet: the local cloud's virtual-payment simulator stands in for it (the
     * same call as the H5 app's stand-in sheet: it checks paySig and the user signature, then
     * sends the delivery push). A local cloud without that simulator cannot take the payment: the
     * journey fails here, loudly, rather than pretending it went through.
     */
    requestVirtualPayment: api(
      'requestVirtualPayment',
      async (o: Callbacks & { mode: string; signData: string; paySig: string; signature: string }) => {
        if (cashierAnswer === 'cancel') throw { errMsg: 'cancel', errCode: -2 }
        const { status, body } = await post(
          `${cloud.url}/wxapi/_sheet/pay`,
          { mode: o.mode, signData: o.signData, paySig: o.paySig, signature: o.signature },
          options.openid,
        )
        log(`[pay] virtual sheet → ${status}`)
        if (status === 404 || status === 405)
          throw new Error('not supported yet: this local cloud has no virtual-payment simulator (/wxapi/_sheet/pay)')
        if (status !== 200 || !body?.ok) throw new Error(body?.error?.message ?? body?.errmsg ?? `HTTP ${status}`)
        return {}
      },
    ),
    /** 商家转账's confirm-receipt page: the payee accepts the transfer. */
    requestMerchantTransfer: api(
      'requestMerchantTransfer',
      async (o: Callbacks & { mchId: string; appId: string; package: string }) => {
        const state = await control(cloud, '/pay/state')
        const transfer = (
          state.transfers as { outBillNo?: string; packageInfo?: string; package_info?: string }[]
        ).find((t) => (t.packageInfo ?? t.package_info) === o.package)
        if (!transfer?.outBillNo) throw new Error(`no transfer with package ${o.package}`)
        const { status, body } = await post(
          `${cloud.url}/paysim/transfers/${encodeURIComponent(transfer.outBillNo)}/confirm`,
          {},
          options.openid,
        )
        log(`[pay] transfer confirm ${transfer.outBillNo} → ${status}`)
        if (status !== 200) throw new Error(body?.error?.message ?? `HTTP ${status}`)
        return {}
      },
    ),
    requestSubscribeMessage: api('requestSubscribeMessage', async (o: Callbacks & { tmplIds: string[] }) =>
      Object.fromEntries(o.tmplIds.map((id) => [id, options.subscribe === 'reject' ? 'reject' : 'accept'])),
    ),
    /**
     * A one-time code for this person, from the local cloud's stand-in for WeChat's login
     * (/wxapi/_dev/login, which code2Session then honours once). A local cloud without it cannot
     * exchange codes at all: any code is as good as another there.
     */
    login: api('login', async () => {
      const { status, body } = await post(`${cloud.url}/wxapi/_dev/login`, {}, options.openid)
      if (status === 200 && body?.ok && body.data?.code) return { code: body.data.code }
      if (status === 404 || status === 405) return { code: `local_${randomBytes(12).toString('hex')}` }
      throw new Error(`login refused: ${status} ${JSON.stringify(body)}`)
    }),
  }

  // --- the system UI the test answers ---

  const systemUi = {
    showModal: api(
      'showModal',
      (o: Callbacks & Record<string, any>) =>
        new Promise((resolve) => {
          sheets.push({
            kind: 'modal',
            title: String(o.title ?? ''),
            content: String(o.content ?? ''),
            items: [],
            confirmText: String(o.confirmText ?? '确定'),
            cancelText: String(o.cancelText ?? '取消'),
            showCancel: o.showCancel !== false,
            answer: resolve,
          })
        }),
    ),
    showActionSheet: api(
      'showActionSheet',
      (o: Callbacks & { itemList: string[]; alertText?: string }) =>
        new Promise((resolve, reject) => {
          sheets.push({
            kind: 'actionSheet',
            title: String(o.alertText ?? ''),
            content: '',
            items: o.itemList,
            confirmText: '',
            cancelText: '取消',
            showCancel: true,
            answer: (res) => (res.cancel ? reject({ errMsg: 'cancel' }) : resolve(res)),
          })
        }),
    ),
    showToast: api('showToast', async (o: Callbacks & { title: string }) => {
      toasts.push(String(o.title))
      log(`[toast] ${o.title}`)
      return {}
    }),
    chooseImage: api('chooseImage', async (o: Callbacks & { count?: number }) => {
      const files = pickedImages.slice(0, o.count ?? 9)
      pickedImages = []
      if (!files.length) throw { errMsg: 'cancel' }
      return { tempFilePaths: files, tempFiles: files.map((p) => ({ path: p, size: readFileSync(p).length })) }
    }),
    chooseMedia: api('chooseMedia', async (o: Callbacks & { count?: number }) => {
      const files = pickedImages.slice(0, o.count ?? 9)
      pickedImages = []
      if (!files.length) throw { errMsg: 'cancel' }
      return {
        type: 'image',
        tempFiles: files.map((p) => ({ tempFilePath: p, size: readFileSync(p).length, fileType: 'image' })),
      }
    }),
    getStorageSync: (key: string) => (storage.has(key) ? storage.get(key) : ''),
    setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
    removeStorageSync: (key: string) => void storage.delete(key),
    getStorage: api('getStorage', async (o: Callbacks & { key: string }) => {
      if (!storage.has(o.key)) throw new Error('data not found')
      return { data: storage.get(o.key) }
    }),
    setStorage: api('setStorage', async (o: Callbacks & { key: string; data: unknown }) => {
      storage.set(o.key, o.data)
      return {}
    }),
    removeStorage: api('removeStorage', async (o: Callbacks & { key: string }) => {
      storage.delete(o.key)
      return {}
    }),
    getSystemInfoSync: () => ({
      ...inertWx.getSystemInfoSync(),
      platform: options.platform ?? 'android',
      windowWidth: 375,
      windowHeight: 667,
      pixelRatio: 2,
    }),
    getSystemInfo: api('getSystemInfo', async () => ({
      ...inertWx.getSystemInfoSync(),
      platform: options.platform ?? 'android',
      windowWidth: 375,
      windowHeight: 667,
      pixelRatio: 2,
    })),
    // the app names its device from getDeviceInfo where the base library has it (services/device.ts)
    getDeviceInfo: () => ({ ...(inertWx.getDeviceInfo?.() ?? {}), platform: options.platform ?? 'android' }),
  }

  // Inert answers are fine for these (they only change how things look); anything else the bundle
  // calls without a bridge is recorded.
  const INERT_OK = new Set([
    'showLoading',
    'hideLoading',
    'hideToast',
    'setNavigationBarTitle',
    'setNavigationBarColor',
    'stopPullDownRefresh',
    'startPullDownRefresh',
    'vibrateShort',
    'pageScrollTo',
    'nextTick',
    'canIUse',
    'getWindowInfo',
    'getAppBaseInfo',
    'getSystemSetting',
    'getMenuButtonBoundingClientRect',
    'createSelectorQuery',
    'createIntersectionObserver',
    'onAppShow',
    'onAppHide',
    'offAppShow',
    'offAppHide',
    'getLaunchOptionsSync',
    'getEnterOptionsSync',
    'onError',
    'onUnhandledRejection',
    'onPageNotFound',
    'getUpdateManager',
    'reportAnalytics',
    'showShareMenu',
    'hideShareMenu',
    'hideHomeButton',
    'setBackgroundColor',
    'setBackgroundTextStyle',
    'onMemoryWarning',
    'getAccountInfoSync',
    'previewImage',
    'setClipboardData',
    'loadFontFace',
    'env',
    'base64ToArrayBuffer',
    'arrayBufferToBase64',
  ])
  const bridged: Record<string, unknown> = { ...navigation, ...payment, ...systemUi, cloud: cloudApi }
  g.wx = new Proxy(inertWx, {
    get(target, key: string) {
      if (key in bridged) return bridged[key]
      const value = target[key]
      if (typeof value !== 'function' || INERT_OK.has(key) || /^(on|off)[A-Z]/.test(key)) return value
      return (...args: unknown[]) => {
        unbridged.add(key)
        return value.apply(target, args)
      }
    },
  })

  // --- launch ---

  require(path.join(dist, 'app.js'))
  if (!appOptions) throw new Error('dist/weapp/app.js did not call App()')
  const home = appJson.pages[0]
  appOptions.onLaunch?.({ path: home, query: {}, scene: 1001 })
  appOptions.onShow?.({ path: home, query: {}, scene: 1001 })
  tabInstances.set(home, open(`/${home}`))

  const firstScreens = new WeakSet<OpenPage>()

  /**
   * A person's next touch comes after the screen answered the last one: wait until the page has
   * rendered what the event changed (no setData for a moment), or until it was left.
   */
  async function afterEvent(page: OpenPage, quietMs = 60) {
    let seen = page.setData.length
    let since = Date.now()
    await until(
      () => {
        if (page.unloaded || stack.at(-1) !== page) return true
        if (page.setData.length !== seen) {
          seen = page.setData.length
          since = Date.now()
        }
        return Date.now() - since >= quietMs
      },
      () => `${page.route} to answer the event`,
    )
  }
  const top = () => {
    const page = stack.at(-1)
    if (!page) throw new Error('the page stack is empty')
    return page
  }
  const textOf = (page: OpenPage) => (page.dom.textContent ?? '').replace(/\s+/g, ' ').trim()
  const matches = (value: string, want: string | RegExp) =>
    typeof want === 'string' ? value === want : want.test(value)

  /**
   * Dispatches on the j-component node of a DOM element: Taro gives each element an id (its sid,
   * also rendered as data-sid); static nodes may have none, so the nearest ancestor that has one
   * gets it (the event bubbles from there, as it would from the element's own box).
   */
  function dispatch(page: OpenPage, el: Element, event: string, detail: Record<string, unknown> = {}) {
    for (let node: Element | null = el; node && node !== page.dom.parentElement; node = node.parentElement) {
      const sid = node.getAttribute('data-sid') || node.id
      const target = sid ? page.comp.querySelector('#' + sid) : null
      if (target) {
        log(`[event] ${event} on #${sid} <${node.tagName.toLowerCase()}> "${(node.textContent ?? '').slice(0, 30)}"`)
        return target.dispatchEvent(event, { detail })
      }
    }
    throw new Error(`nothing to dispatch ${event} on around ${el.outerHTML.slice(0, 200)}`)
  }

  function byClass(page: OpenPage, name: string): Element[] {
    return Array.from(page.dom.querySelectorAll(`[class*="${name}"]`)).filter((el) =>
      Array.from(el.classList).some((c) => c === name || c.endsWith(`--${name}`)),
    )
  }

  /** How far up from `el` the nearest element listening for taps is (Infinity: nothing would hear a tap). */
  function tapDistance(page: OpenPage, el: Element): number {
    let distance = 0
    for (
      let node: Element | null = el;
      node && node !== page.dom.parentElement;
      node = node.parentElement, distance++
    ) {
      const sid = node.getAttribute('data-sid')
      const events = sid ? page.comp.querySelector('#' + sid)?._exparserNode?.__wxEvents : null
      if (events?.tap) return distance
    }
    return Infinity
  }

  /**
   * The element a person would tap for `want`: of the innermost elements whose whole text matches,
   * the one nearest to a tap handler (the same words may also sit in a heading nobody can tap).
   */
  function scopeOf(page: OpenPage, scope: Scope): Element | undefined {
    const hits = byClass(page, scope.className).filter((el) => {
      const t = (el.textContent ?? '').replace(/\s+/g, ' ')
      return typeof scope.text === 'string' ? t.includes(scope.text) : scope.text.test(t)
    })
    return hits.find((el) => !hits.some((other) => other !== el && el.contains(other)))
  }

  function findByText(page: OpenPage, want: string | RegExp, root: Element = page.dom): Element | undefined {
    const all = Array.from(root.querySelectorAll('*'))
    const hits = all.filter((el) => matches((el.textContent ?? '').replace(/\s+/g, ' ').trim(), want))
    const innermost = hits.filter((el) => !hits.some((other) => other !== el && el.contains(other)))
    let best: Element | undefined
    let bestDistance = Infinity
    for (const el of innermost) {
      const d = tapDistance(page, el)
      if (d < bestDistance) {
        best = el
        bestDistance = d
      }
    }
    return best ?? innermost[0]
  }

  const phone: Phone = {
    openid: options.openid,
    top,
    stack: () => [...stack],
    history: () => [...history],
    text: () => textOf(top()),
    async waitForText(want, ms) {
      await until(
        () => {
          const t = textOf(top())
          return typeof want === 'string' ? t.includes(want) : want.test(t)
        },
        () => `"${want}" on ${top().route}; it shows: ${textOf(top()).slice(0, 600)}`,
        ms,
      )
    },
    async waitForRoute(route, ms) {
      return until(
        () => (stack.at(-1)?.route === route ? stack.at(-1) : undefined),
        () => `the page ${route}; the stack is ${stack.map((p) => p.route).join(' › ')}`,
        ms,
      )
    },
    async back() {
      await navigation.navigateBack({ delta: 1 })
    },
    async tapTab(text) {
      const tab = appJson.tabBar?.list.find((t) => t.text === text)
      if (!tab) throw new Error(`no tab ${text} in app.json`)
      await navigation.switchTab({ url: `/${tab.pagePath}` })
    },
    async arrive(route, text, label = '') {
      const page = await phone.waitForRoute(route)
      await phone.waitForText(text)
      await phone.settle()
      if (!firstScreens.has(page)) {
        const largest = page.setData.reduce<SetDataCall | null>((m, c) => (!m || c.bytes > m.bytes ? c : m), null)
        const screen: FirstScreen = {
          route,
          label,
          ...payloadOf(page),
          largest: largest?.parts ?? [],
          ...anatomy(largest?.payload ?? {}),
        }
        firstScreens.add(page)
        options.onFirstScreen?.(screen)
        if (options.maxFirstScreenBytes !== undefined && screen.totalBytes > options.maxFirstScreenBytes) {
          throw new Error(
            `${route}${label ? ` (${label})` : ''} sent ${screen.totalBytes} bytes of setData for its first screen, over ${options.maxFirstScreenBytes}; ` +
              `largest call: ${screen.largest.map((p) => `${p.key} ${p.bytes} B`).join(', ')}`,
          )
        }
      }
      return page
    },
    imageSources(scope) {
      const page = top()
      const within = scope ? scopeOf(page, scope) : page.dom
      if (!within) return []
      return findNodes(page.instance?.data?.root, (n) =>
        Object.entries(n).some(([k, v]) => /^p\d+$/.test(k) && typeof v === 'string' && v.startsWith('cloud://')),
      )
        .filter((n) => {
          const el = page.dom.querySelector(`[data-sid="${n.sid}"]`)
          return !!el && within.contains(el)
        })
        .map(
          (n) =>
            Object.entries(n).find(
              ([k, v]) => /^p\d+$/.test(k) && typeof v === 'string' && v.startsWith('cloud://'),
            )![1] as string,
        )
    },
    async tap(want, scope) {
      const page = top()
      const el = await until(
        () => {
          const root = scope ? scopeOf(page, scope) : page.dom
          return root ? findByText(page, want, root) : undefined
        },
        () =>
          `something reading "${want}" to tap${scope ? ` in .${scope.className} "${scope.text}"` : ''} on ${page.route}; it shows: ${textOf(page).slice(0, 600)}`,
      )
      dispatch(page, el, 'tap')
      await afterEvent(page)
    },
    async tapSelector(selector, index = 0) {
      const page = top()
      const el = await until(
        () => page.dom.querySelectorAll(selector)[index],
        () => `${selector} on ${page.route}`,
      )
      dispatch(page, el, 'tap')
      await afterEvent(page)
    },
    async tapClass(name, index = 0) {
      const page = top()
      const el = await until(
        () => byClass(page, name)[index],
        () => `.${name} #${index} on ${page.route}; it shows: ${textOf(page).slice(0, 400)}`,
      )
      dispatch(page, el, 'tap')
      await afterEvent(page)
    },
    countClass: (name) => byClass(top(), name).length,
    textIn(scope) {
      const el = scopeOf(top(), scope)
      return el ? (el.textContent ?? '').replace(/\s+/g, ' ').trim() : ''
    },
    async input(placeholder, value, index = 0) {
      const page = top()
      // WeChat's built-in input keeps its placeholder to itself (the DOM shows no attribute): find
      // the node in the page's data, where Taro put every prop it rendered.
      const sid = await until(
        () =>
          findNodes(page.instance?.data?.root, (n) =>
            Object.entries(n).some(([k, v]) => /^p\d+$/.test(k) && typeof v === 'string' && matches(v, placeholder)),
          )[index]?.sid,
        () => `an input with placeholder "${placeholder}" on ${page.route}`,
      )
      const target = page.comp.querySelector('#' + sid)
      if (!target) throw new Error(`no #${sid} on ${page.route}`)
      log(`[event] input on #${sid} "${value}"`)
      target.dispatchEvent('input', { detail: { value, cursor: value.length, keyCode: 0 } })
      await afterEvent(page)
    },
    async sheet(match, ms) {
      const found = await until(
        () =>
          sheets.find((s) =>
            [s.title, s.content, ...s.items].some((t) =>
              typeof match === 'string' ? t.includes(match) : match.test(t),
            ),
          ),
        () =>
          `a system sheet saying "${match}"; open: ${JSON.stringify(sheets.map((s) => [s.title, s.content, s.items]))}`,
        ms,
      )
      sheets.splice(sheets.indexOf(found), 1)
      return found
    },
    toasts,
    pickImages(paths) {
      pickedImages = [...paths]
    },
    atCashier(answer) {
      cashierAnswer = answer
    },
    async settle(quietMs = 120) {
      const page = top()
      let seen = -1
      let since = Date.now()
      await until(
        () => {
          if (page.setData.length !== seen) {
            seen = page.setData.length
            since = Date.now()
            return false
          }
          return Date.now() - since >= quietMs
        },
        () => `${page.route} to stop updating`,
      )
    },
    unbridged,
    close() {
      while (stack.length) unload(stack.pop()!)
      for (const p of tabInstances.values()) unload(p)
      document.body.innerHTML = ''
    },
  }
  return phone
}

type DataNode = { sid?: string; cn?: DataNode[]; [key: string]: unknown }

/** The nodes of a page's data tree (Taro's `root`) that `test` accepts, in document order. */
function findNodes(node: DataNode | undefined, test: (n: DataNode) => boolean, out: DataNode[] = []): DataNode[] {
  if (!node || typeof node !== 'object') return out
  if (node.sid && test(node)) out.push(node)
  for (const child of node.cn ?? []) findNodes(child, test, out)
  return out
}

/** What a setData payload is made of: bytes per node field, and where the bulk of it sits. */
function anatomy(payload: Record<string, unknown>): Pick<FirstScreen, 'fields' | 'bulk'> {
  const fields = new Map<string, number>()
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit)
    if (!node || typeof node !== 'object') return
    for (const [k, v] of Object.entries(node)) {
      if (k === 'cn') visit(v)
      else fields.set(k, (fields.get(k) ?? 0) + bytesOf(k) + bytesOf(v) + 2)
    }
  }
  visit(Object.values(payload))
  // follow the heaviest child while it holds most of its parent
  const path: string[] = []
  let children: unknown[] = Object.values(payload).flatMap((v) => (Array.isArray(v) ? v : [v]))
  for (;;) {
    const sized = children.map((c) => ({ c: c as DataNode, bytes: bytesOf(c) })).sort((a, b) => b.bytes - a.bytes)
    const total = sized.reduce((sum, x) => sum + x.bytes, 0)
    const heaviest = sized[0]
    if (!heaviest || heaviest.bytes < total * 0.6 || !Array.isArray(heaviest.c?.cn)) break
    path.push(
      String(heaviest.c.cl ?? heaviest.c.nn ?? '?')
        .split(' ')[0]
        .replace(/^main--/, ''),
    )
    children = heaviest.c.cn
  }
  const childBytes = children.map(bytesOf)
  return {
    fields: [...fields]
      .map(([field, bytes]) => ({ field, bytes }))
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 6),
    bulk: {
      path,
      children: children.length,
      meanChildBytes: childBytes.length ? Math.round(childBytes.reduce((a, b) => a + b, 0) / childBytes.length) : 0,
    },
  }
}

/** The size of a page's first screen: every setData it made until now. */
export function payloadOf(page: OpenPage): { calls: number; totalBytes: number; largestBytes: number } {
  return {
    calls: page.setData.length,
    totalBytes: page.setData.reduce((s, c) => s + c.bytes, 0),
    largestBytes: page.setData.reduce((m, c) => Math.max(m, c.bytes), 0),
  }
}
