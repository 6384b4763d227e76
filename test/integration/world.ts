/**
 * A world for integration tests: the strict local database over HTTP, the real wx-server-sdk
 * pointed at it by environment variables, and the real function entries, called as a given user.
 */
import type { ActionName, FunctionName, InputOf, OutputOf, Platform } from '@core/contract'
import type { Envelope } from '@core/errors'
import { createServer } from 'http'
import type { AddressInfo } from 'net'
import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import path from 'path'
import { main as circle } from '../../cloudfunctions/circle/index'
import { main as finance } from '../../cloudfunctions/finance/index'
import { main as maintenance } from '../../cloudfunctions/maintenance/index'
import { main as payNotify } from '../../cloudfunctions/payNotify/index'
import { main as shop } from '../../cloudfunctions/shop/index'
import { main as wallet } from '../../cloudfunctions/wallet/index'
import { createLocalPay, handlePaysim } from '../../localcloud/paysim'
import { handleXpay, XpaySimulator } from '../../localcloud/paysim/xpay'
import type { SimClock } from '../../localcloud/clock'
import { main as post } from '../../cloudfunctions/post/index'
import { COLLECTIONS } from '../../cloudfunctions/runtime/schema'
import { main as user } from '../../cloudfunctions/user/index'
import { main as member } from '../../cloudfunctions/member/index'
import { main as moderate } from '../../cloudfunctions/moderate/index'
import { main as notify } from '../../cloudfunctions/notify/index'
import { main as challenge } from '../../cloudfunctions/challenge/index'
import { main as qa } from '../../cloudfunctions/qa/index'
import { main as event } from '../../cloudfunctions/event/index'
import { main as perk } from '../../cloudfunctions/perk/index'
import { main as term } from '../../cloudfunctions/term/index'
import { main as stats } from '../../cloudfunctions/stats/index'
import { main as lottery } from '../../cloudfunctions/lottery/index'
import { main as group } from '../../cloudfunctions/group/index'
import { main as growth } from '../../cloudfunctions/growth/index'
import { startTestCloud, useSdkEnv } from '../../localcloud/testing'

const mains = {
  user,
  circle,
  post,
  maintenance,
  shop,
  wallet,
  finance,
  member,
  moderate,
  notify,
  challenge,
  qa,
  event,
  perk,
  term,
  stats,
  lottery,
  group,
  growth,
} as const

export type TestCloud = Awaited<ReturnType<typeof startTestCloud>>

export async function startWorld() {
  const cloud = await startTestCloud({ collections: COLLECTIONS })
  useSdkEnv(cloud.url)
  process.env.WX_CONTEXT_KEYS = 'WX_OPENID,WX_APPID'
  process.env.WX_APPID = 'wx_test_app'
  // Owners made by a test have no sub-merchant: the world runs 直连 unless a test switches to
  // 平台收付通 (setSettlementMode('platform') and readyMerchant for its owners).
  process.env.SETTLEMENT_MODE = 'self'
  return cloud
}

/** The functions' settlement mode (SETTLEMENT_MODE, as production sets it). */
export function setSettlementMode(mode: 'platform' | 'self') {
  process.env.SETTLEMENT_MODE = mode
}

/** Moves the functions' clock (the same variable the local cloud's gateway sets). */
export function setClockOffset(ms: number) {
  process.env.QZ_CLOCK_OFFSET_MS = String(ms)
}

/**
 * Invokes a function entry as `openid` (null: no WeChat session). The caller is read from the
 * environment synchronously when the entry starts, so concurrent calls keep their own callers.
 */
/**
 * One invocation, as CloudBase would make it. With no user and a timer event the harness plays the
 * platform's timer trigger (TRIGGER_SRC=timer); every other call is an app or SDK call
 * (TRIGGER_SRC=tcb). `anonymousCall` sends a timer-shaped body the way a stranger would.
 */
export function invoke(
  openid: string | null,
  fn: keyof typeof mains,
  event: Record<string, unknown>,
): Promise<Envelope<any>> {
  if (openid) process.env.WX_OPENID = openid
  else delete process.env.WX_OPENID
  process.env.TRIGGER_SRC = !openid && event.Type === 'Timer' ? 'timer' : 'tcb'
  return mains[fn](event)
}

/** A call with no user that is not the platform's timer (HTTP access, an unsigned-in app). */
export function anonymousCall(fn: keyof typeof mains, event: Record<string, unknown>): Promise<Envelope<any>> {
  delete process.env.WX_OPENID
  process.env.TRIGGER_SRC = 'tcb'
  return mains[fn](event)
}

/** A typed client for one user: returns data, or throws the error body. `device`: the device the app names with each call. */
export function as(openid: string | null, device?: Platform) {
  return async function call<F extends FunctionName, A extends ActionName<F>>(
    fn: F,
    action: A,
    input: InputOf<F, A>,
  ): Promise<OutputOf<F, A>> {
    const res = await invoke(openid, fn, { action, ...(device ? { device } : {}), ...(input as object) })
    if (!res.ok) throw Object.assign(new Error(`${res.error.code}: ${res.error.message}`), res.error)
    return res.data as OutputOf<F, A>
  }
}

/** The error an action answers, for asserting refusals. */
export async function refusal(p: Promise<unknown>): Promise<{ code: string; param?: string; message: string }> {
  try {
    await p
  } catch (e) {
    return e as { code: string; param?: string; message: string }
  }
  throw new Error('expected the action to be refused, but it succeeded')
}

/** Every document in every collection: to prove a refused action wrote nothing. */
export async function snapshot(cloud: TestCloud) {
  const out: Record<string, unknown[]> = {}
  for (const c of COLLECTIONS) out[c.name] = await cloud.db.find(c.name)
  return JSON.parse(JSON.stringify(out))
}

export const IMG = (n: number) => `cloud://local-test.bucket/uploads/test/${n}.png`

/** The functions' clock, as the simulator must see it too (QZ_CLOCK_OFFSET_MS, like the gateway sets). */
const envClock: SimClock = {
  now: () => new Date(Date.now() + Number(process.env.QZ_CLOCK_OFFSET_MS ?? 0)),
  offsetMs: () => Number(process.env.QZ_CLOCK_OFFSET_MS ?? 0),
  set: (instant) => setClockOffset(instant.getTime() - Date.now()),
  setOffset: (ms) => setClockOffset(ms),
  reset: () => setClockOffset(0),
}

/**
 * The world plus money: the local pay simulator's merchant API and an HTTP-access route that
 * runs payNotify, the production wxpay adapter (channel `local`) pointed at them by environment
 * variables, as the local cloud's gateway does. Notifications are delivered when a test asks
 * (`pay`, `flush`), so every test reads deterministically.
 */
export async function startMoneyWorld() {
  const cloud = await startWorld()
  const dataDir = mkdtempSync(path.join(tmpdir(), 'quanzi-money-'))
  let base = ''
  const pay = createLocalPay({
    dataDir,
    appId: 'wx_test_app',
    clock: envClock,
    baseUrl: () => base,
    persist: false,
    ticker: false,
    log: () => undefined,
  })
  // 消息推送 of the virtual-payment delivery: payNotify invoked with the push as its event, no user
  const xpay = new XpaySimulator({
    appId: 'wx_test_app',
    clock: envClock,
    deliver: (event) => {
      delete process.env.WX_OPENID
      process.env.TRIGGER_SRC = 'tcb'
      return payNotify(event as never)
    },
  })
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', base)
    if (url.pathname.startsWith('/paysim/'))
      return void handlePaysim(pay.sim, req, res, url, url.pathname.slice('/paysim'.length))
    if (url.pathname.startsWith('/wxapi/'))
      return void handleXpay(xpay, req, res, url, url.pathname.slice('/wxapi'.length))
    if (url.pathname === '/http/payNotify') {
      const chunks: Buffer[] = []
      req.on('data', (c) => chunks.push(c))
      req.on('end', async () => {
        // HTTP access runs the function without a WeChat user and as no timer (the env is read
        // synchronously on entry; a timer run may be in flight in this same process)
        delete process.env.WX_OPENID
        process.env.TRIGGER_SRC = 'tcb'
        const reply = (await payNotify({
          httpMethod: req.method,
          path: url.pathname,
          headers: req.headers as Record<string, string>,
          body: Buffer.concat(chunks).toString('utf8'),
          isBase64Encoded: false,
        })) as {
          statusCode: number
          body: string
        }
        res.writeHead(reply.statusCode, { 'content-type': 'application/json' })
        res.end(reply.body)
      })
      return
    }
    res.writeHead(404).end()
  })
  server.keepAliveTimeout = 1000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  Object.assign(process.env, pay.functionEnv(), xpay.functionEnv(base), { QZ_LOCAL_CLOUD: 'true' })
  const sim = pay.sim
  return {
    cloud,
    sim,
    /** The virtual-payment simulator (code2Session, stable token, /xpay/*, the delivery push). */
    xpay,
    async reset() {
      await cloud.db.wipe()
      sim.wipe()
      xpay.wipe()
    },
    /** The buyer pays at the cashier; the notification is delivered `copies` times (0: never). */
    async pay(orderId: string, opts: { copies?: number } = {}) {
      const copies = opts.copies ?? 1
      sim.setPlan(orderId, copies === 0 ? { drop: true } : { copies })
      sim.pay(orderId)
      await sim.flush()
      await sim.idle()
    },
    /** Delivers every notification due now (refund results, transfer results). */
    async flush() {
      await sim.flush()
      await sim.idle()
    },
    async forgeNotification(orderId: string) {
      const res = await sim.forge({ orderId, flaw: 'signature' })
      return { statusCode: res.status }
    },
    async confirmTransfer(withdrawalId: string) {
      sim.confirmTransfer(withdrawalId)
      await sim.flush()
      await sim.idle()
    },
    async failTransfer(withdrawalId: string) {
      sim.failTransfer(withdrawalId)
      await sim.flush()
      await sim.idle()
    },
    /** An owner whose 二级商户 is ready (as if onboarding finished): a sub-merchant at the simulator and our record. */
    async readyMerchant(openid: string): Promise<string> {
      const m = sim.ecommerce.createSubMerchant({
        name: `圈主${openid.slice(-4)}`,
        bankLast4: '8888',
        bankName: '招商银行',
      })
      const now = new Date()
      await cloud.db.insert('merchants', {
        _id: openid,
        subjectType: 'micro',
        merchantShortname: `圈主${openid.slice(-4)}`,
        outRequestNo: `QZMtest${openid}`,
        attempt: 1,
        applymentId: '2000002000000001',
        state: 'finish',
        stateDesc: '完成',
        signUrl: null,
        subMchid: m.subMchid,
        accountValidation: null,
        rejectReasons: [],
        masked: {
          name: '张*',
          idNumber: '1****************2X',
          bankAccount: '**** **** **** 8888',
          bankName: '招商银行',
          mobile: '138****8000',
        },
        createdAt: now,
        updatedAt: now,
        checkedAt: now,
      })
      return m.subMchid
    },
    /** A sub-merchant's balance at the simulator. */
    subMerchantBalance(subMchid: string) {
      const m = sim.snapshot().ecommerce.subMerchants[subMchid]
      return { pendingFen: m?.pendingFen ?? 0, availableFen: m?.availableFen ?? 0 }
    },
    async close() {
      await sim.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await cloud.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export type MoneyWorld = Awaited<ReturnType<typeof startMoneyWorld>>

/**
 * A money world for one test file: started before its tests, closed after, wiped and the clock
 * reset before each test (each test builds its own world from nothing). The handle reads through
 * to the world once it has started.
 */
export function useMoneyWorld(): MoneyWorld {
  let world: MoneyWorld | undefined
  beforeAll(async () => {
    world = await startMoneyWorld()
  })
  afterAll(() => world?.close())
  beforeEach(async () => {
    setClockOffset(0)
    await world!.reset()
  })
  return new Proxy({} as MoneyWorld, { get: (_, key) => world![key as keyof MoneyWorld] })
}
