/**
 * The local cloud: one HTTP server on one port that is, for the app and the functions, the whole
 * CloudBase environment — the SDK's /admin endpoint (database, callFunction, open API), the
 * function gateway the H5 app calls, storage, timers, the dev login, the control API and the H5
 * app itself. Everything shares one simulated clock and one database persisted under dataDir.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs'
import http, { IncomingMessage, ServerResponse } from 'http'
import type { AddressInfo } from 'net'
import path from 'path'
import { createAdminHandler } from './admin'
import { createOpenApi, MESSAGE_PUSH_FUNCTION } from './openapi'

/** How long after an asynchronous check the local cloud delivers its verdict push. */
const MESSAGE_PUSH_DELAY_MS = 1500
import { createClock } from './clock'
import type { ControlRoute, LocalCloud } from './cloud'
import { CONTROL_ROUTES, handleControl } from './control'
import { createDevUser, DevUserError, listDevUsers } from './devUsers'
import { Caller, Gateway } from './gateway/gateway'
import { devOpenid, HttpError, readBody, readJson, sendError, sendJson } from './http'
import { ERROR_MESSAGES } from '../cloudfunctions/core/errors'
import { createLocalPay, handlePaysim } from './paysim'
import { handleXpay, XpaySimulator } from './paysim/xpay'
import { serveStatic } from './static'
import { createStorage } from './storage'
import { TimerScheduler } from './timers/scheduler'
import { createDatabase, type CollectionSpec } from './db'
import { localFunctionEnv } from './config'

export const DEFAULT_ENV_ID = 'quanzi-local'
export const DEFAULT_APP_ID = 'wx00000000localdev'

export interface LocalCloudOptions {
  /** Project root: cloudfunctions/ and dist/h5 are found from it. */
  root: string
  dataDir: string
  port?: number
  host?: string
  functionsDir?: string
  h5Dir?: string
  envId?: string
  appId?: string
  /** The project's collections and indexes (cloudfunctions/runtime/schema.ts). */
  collections: CollectionSpec[]
  /** Keep the database in <dataDir>/db (default); false: memory only (tests). */
  persist?: boolean
  /** Seeds the demo data (invoked on reset). */
  seed?: (cloud: LocalCloud) => Promise<unknown>
  /** Fire timers as the clock runs (off in most tests, which advance the clock instead). */
  timers?: boolean
  workerPath?: string
  maxWorkersPerFunction?: number
  timeoutMs?: number
  log?: (line: string) => void
  controlRoutes?: ControlRoute[]
  /** The pay simulator sends due notifications on a real-time ticker (default); false: only on flush / clock moves. */
  payTicker?: boolean
}

export type { LocalCloud } from './cloud'

interface State {
  clockOffsetMs: number
}

export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const log = options.log ?? ((line: string) => console.log(line))
  const envId = options.envId ?? DEFAULT_ENV_ID
  const appId = options.appId ?? DEFAULT_APP_ID
  const functionsDir = options.functionsDir ?? path.join(options.root, 'cloudfunctions')
  const h5Dir = options.h5Dir ?? path.join(options.root, 'dist', 'h5')
  const routes = options.controlRoutes ?? CONTROL_ROUTES
  mkdirSync(options.dataDir, { recursive: true })
  const stateFile = path.join(options.dataDir, 'localcloud.json')
  const state: State = readState(stateFile)
  const clock = createClock(state.clockOffsetMs)
  const saveState = () => writeFileSync(stateFile, JSON.stringify({ clockOffsetMs: clock.offsetMs() }, null, 2) + '\n')
  const started = Date.now()
  let port = options.port ?? 10086

  const pay = createLocalPay({
    dataDir: options.dataDir,
    appId,
    clock,
    baseUrl: () => `http://127.0.0.1:${port}`,
    persist: options.persist,
    ticker: options.payTicker,
    log,
  })

  const localEnv = localFunctionEnv(options.dataDir)
  const gateway: Gateway = new Gateway({
    functionsDir,
    envId,
    appId,
    clock,
    adminUrl: () => `http://127.0.0.1:${port}/admin`,
    workerPath: options.workerPath ?? path.join(options.root, 'localcloud', 'gateway', 'worker.cjs'),
    maxWorkersPerFunction: options.maxWorkersPerFunction,
    timeoutMs: options.timeoutMs,
    log,
    // the local values of runtime/env.ts (template ids, generated secrets); the production wxpay
    // adapter pointed at the pay simulator, the virtual adapter at the virtual-payment simulator;
    // the two sale settings pass through from `npm start`'s own environment (docs/payments.md
    // "Seeing iOS locally")
    invocationEnv: (): Record<string, string> => ({
      ...localEnv,
      ...pay.functionEnv(),
      ...xpay.functionEnv(`http://127.0.0.1:${port}`),
      ...passThrough(['SETTLEMENT_MODE', 'VPAY_IOS_ENABLED']),
    }),
  })
  // 消息推送 of xpay_goods_deliver_notify: the fulfilment function, invoked with the push as its event
  const xpay: XpaySimulator = new XpaySimulator({
    appId,
    clock,
    log,
    deliver: (event): Promise<unknown> => gateway.invoke('payNotify', event, { source: 'function' }),
  })
  const scheduler = new TimerScheduler({ gateway, clock, log })
  const storage = createStorage({ dataDir: options.dataDir, envId })
  const db = await createDatabase({
    dataDir: options.persist === false ? undefined : path.join(options.dataDir, 'db'),
    now: () => clock.now(),
    collections: options.collections,
  })
  // cloud.callFunction from inside a function: the callee runs with no user in its context
  const admin = createAdminHandler({
    db,
    invokeFunction: (name, data) => gateway.invoke(name, data, { source: 'function' }),
    // cloud.openapi.*: the local answers (localcloud/openapi, docs/local-cloud.md)
    openApi: createOpenApi({
      db,
      now: () => clock.now(),
      appId,
      log,
      // a message push (wxa_media_check) reaches its function a moment later, as WeChat's does
      pushMessage: (event) => {
        setTimeout(() => {
          if (!gateway.describe(MESSAGE_PUSH_FUNCTION)) return
          gateway
            .invoke(MESSAGE_PUSH_FUNCTION, event, { source: 'function' })
            .then(() => log(`[push] ${String(event.Event)} → ${MESSAGE_PUSH_FUNCTION}`))
            .catch((err) => log(`[push] ${String(event.Event)} failed: ${(err as Error)?.message ?? err}`))
        }, MESSAGE_PUSH_DELAY_MS).unref()
      },
    }),
  })

  const invoke = (name: string, event: Record<string, unknown>, openid?: string) =>
    gateway.invoke(name, event, { openid, source: 'client' } satisfies Caller)

  const server = http.createServer((req, res) => {
    route(req, res).catch((err) => {
      if (err instanceof HttpError) return sendError(res, err.status, err.code, err.message)
      log(`[localcloud] ${req.method} ${req.url} failed: ${(err as Error)?.stack ?? err}`)
      if (!res.headersSent) sendError(res, 500, 'internal', 'local cloud error')
      else res.end()
    })
  })

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const pathname = url.pathname

    if (pathname.startsWith('/api/') || pathname.startsWith('/paysim/') || pathname.startsWith('/wxapi/')) {
      allowLocalOrigins(req, res)
      if (req.method === 'OPTIONS') {
        res.writeHead(204)
        return void res.end()
      }
    }

    if (pathname === '/admin') {
      return admin(req, res)
    }

    const fn = /^\/api\/fn\/([^/]+)$/.exec(pathname)
    if (fn) {
      // The app's function API answers in the standard envelope with the error table's codes and words.
      if (req.method !== 'POST')
        throw new HttpError(405, 'request_method_not_allowed', ERROR_MESSAGES.request_method_not_allowed)
      const name = decodeURIComponent(fn[1])
      const openid = devOpenid(req)
      const event = await readJson(req)
      if (typeof event !== 'object' || event === null || Array.isArray(event)) {
        throw new HttpError(400, 'request_not_object', ERROR_MESSAGES.request_not_object)
      }
      if (!gateway.describe(name)) return sendError(res, 404, 'not_found', `no cloud function named ${name}`)
      const t0 = Date.now()
      const result = await gateway.invoke(name, event, { openid, source: 'client' })
      const outcome = (result as any)?.ok === false ? `✗ ${(result as any).error?.code}` : '✓'
      // `action` is whatever the caller sent (an object whose toString is not a function, say): log it only when it is a string
      const action = typeof event.action === 'string' ? event.action : '?'
      log(`[fn] ${name}.${action} ${openid ?? '(anonymous)'} ${outcome} ${Date.now() - t0} ms`)
      return sendJson(res, 200, result)
    }

    if (pathname.startsWith('/paysim/')) {
      return handlePaysim(pay.sim, req, res, url, pathname.slice('/paysim'.length))
    }
    if (pathname.startsWith('/wxapi/')) return handleXpay(xpay, req, res, url, pathname.slice('/wxapi'.length))

    const http = /^\/http\/([^/]+)(\/.*)?$/.exec(pathname)
    if (http) return invokeHttp(decodeURIComponent(http[1]), http[2] ?? '/', req, res, url)

    if (pathname === '/api/dev/users') {
      if (req.method === 'GET') return sendJson(res, 200, { users: await listDevUsers(db) })
      if (req.method === 'POST') {
        const body = await readJson(req)
        try {
          return sendJson(res, 200, { user: await createDevUser(gateway.invoke.bind(gateway), body?.nickname) })
        } catch (err) {
          if (err instanceof DevUserError) return sendError(res, 400, err.code, err.message, err.param)
          throw err
        }
      }
      throw new HttpError(405, 'invalid_argument', 'GET or POST')
    }

    if (pathname === '/api/storage/upload') {
      if (req.method !== 'POST') throw new HttpError(405, 'invalid_argument', 'POST the raw image bytes')
      return storage.handleUpload(req, res, url.searchParams)
    }

    if (pathname.startsWith('/files/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'invalid_argument', 'GET a file')
      return storage.handleFile(req, res, pathname.slice('/files/'.length))
    }

    if (pathname === '/_control' || pathname.startsWith('/_control/')) {
      return handleControl(cloud, routes, req, res, pathname)
    }

    if (pathname.startsWith('/api/')) throw new HttpError(404, 'not_found', `no route ${req.method} ${pathname}`)
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'invalid_argument', 'GET only')
    return serveStatic(h5Dir, req, res, pathname)
  }

  /**
   * CloudBase HTTP access (云接入) with integration request: the function gets
   * { httpMethod, path, headers, queryStringParameters, requestContext, body, isBase64Encoded } and
   * answers { statusCode, headers, body, isBase64Encoded }. No user in its WeChat context. This is
   * how WeChat Pay's notifications reach payNotify.
   */
  async function invokeHttp(
    name: string,
    subPath: string,
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
  ): Promise<void> {
    if (!gateway.describe(name)) return sendError(res, 404, 'not_found', `no cloud function named ${name}`)
    const raw = await readBody(req, 6 * 1024 * 1024)
    const type = String(req.headers['content-type'] ?? '')
    const text = raw.length === 0 || /json|text|xml|x-www-form-urlencoded|javascript/i.test(type)
    const headers: Record<string, string> = {}
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : value
    }
    const requestId = Math.random().toString(16).slice(2)
    const event = {
      httpMethod: req.method ?? 'GET',
      path: subPath,
      headers,
      queryStringParameters: Object.fromEntries(url.searchParams),
      requestContext: { appId: appId, envId, requestId, uin: '' },
      body: text ? raw.toString('utf8') : raw.toString('base64'),
      isBase64Encoded: !text,
    }
    const t0 = Date.now()
    const result: any = await gateway.invoke(name, event, { source: 'http' })
    let status: number
    if (result && typeof result === 'object' && Number.isInteger(result.statusCode)) {
      status = result.statusCode
      const outHeaders: Record<string, string> = {}
      for (const [key, value] of Object.entries(result.headers ?? {})) outHeaders[key.toLowerCase()] = String(value)
      const body =
        result.body === undefined || result.body === null
          ? Buffer.alloc(0)
          : result.isBase64Encoded
            ? Buffer.from(String(result.body), 'base64')
            : Buffer.from(typeof result.body === 'string' ? result.body : JSON.stringify(result.body), 'utf8')
      res.writeHead(status, { ...outHeaders, 'content-length': body.length })
      res.end(body)
    } else if (
      result?.ok === false &&
      (result.error?.code === 'internal' || result.error?.code === 'not_found') &&
      Object.keys(result).length === 2
    ) {
      // the platform failed (crash, timeout, throw): CloudBase answers a 5xx, and WeChat Pay retries
      status = result.error.code === 'not_found' ? 404 : 500
      sendJson(res, status, result)
    } else {
      status = 200
      sendJson(res, 200, result ?? null)
    }
    log(`[http] ${req.method} /http/${name}${subPath === '/' ? '' : subPath} → ${status} ${Date.now() - t0} ms`)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  port = (server.address() as AddressInfo).port
  server.keepAliveTimeout = 5_000

  let closing: Promise<void> | null = null
  const cloud: LocalCloud = {
    url: `http://localhost:${port}`,
    port,
    envId,
    appId,
    dataDir: options.dataDir,
    clock,
    gateway,
    scheduler,
    storage,
    db,
    pay,
    xpay,
    invoke,
    async isEmpty() {
      const [users, circles] = await Promise.all([db.count('users'), db.count('circles')])
      return users === 0 && circles === 0
    },
    async reset({ seed = true } = {}) {
      await scheduler.idle()
      await db.wipe()
      await storage.wipe()
      await pay.sim.idle()
      pay.sim.wipe()
      xpay.wipe()
      clock.reset()
      cloud.clockChanged()
      db.resetCallCounts()
      const seeded = seed && options.seed ? await options.seed(cloud) : null
      await db.flush()
      return { reset: true as const, seeded }
    },
    clockChanged() {
      scheduler.clockChanged()
      saveState()
      void pay.sim.clockChanged()
    },
    health() {
      const memory = process.memoryUsage()
      return {
        ok: true,
        url: cloud.url,
        envId,
        appId,
        dataDir: options.dataDir,
        uptimeMs: Date.now() - started,
        now: clock.now().toISOString(),
        offsetMs: clock.offsetMs(),
        h5Built: existsSync(path.join(h5Dir, 'index.html')),
        functions: gateway
          .list()
          .map((f) => ({ name: f.name, built: f.built, triggers: f.triggers.map((t) => t.name) })),
        instances: gateway.stats(),
        rssMb: Math.round(memory.rss / 1048576),
      }
    },
    close() {
      closing ??= (async () => {
        await scheduler.stop()
        // in-flight notifications need the server and the gateway to land
        await pay.sim.close()
        server.closeAllConnections()
        await new Promise<void>((resolve) => server.close(() => resolve()))
        await gateway.close()
        saveState()
        await db.flush()
        await db.close()
      })()
      return closing
    },
  }

  if (options.timers !== false) scheduler.start()
  return cloud
}

function readState(file: string): State {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8'))
    return { clockOffsetMs: Number.isFinite(parsed?.clockOffsetMs) ? parsed.clockOffsetMs : 0 }
  } catch {
    return { clockOffsetMs: 0 }
  }
}

/** The H5 app is served from this origin; a Taro dev server on another localhost port may call too. */
function allowLocalOrigins(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin
  if (!origin || !/^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(origin)) return
  res.setHeader('access-control-allow-origin', origin)
  res.setHeader('vary', 'origin')
  res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS')
  res.setHeader('access-control-allow-headers', 'content-type, x-dev-openid')
  res.setHeader('access-control-max-age', '600')
}

/** Settings the operator chooses, taken from the local cloud's own environment when set. */
function passThrough(names: string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of names) if (process.env[name]) out[name] = process.env[name]!
  return out
}
