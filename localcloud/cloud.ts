/**
 * What a running local cloud is (server.ts starts one) and what a control route receives
 * (control.ts, paysim/control.ts): types only, so the routes and the server need not import each other.
 */
import type { IncomingMessage } from 'http'
import type { SimClock } from './clock'
import type { LocalDatabase } from './db'
import type { Gateway } from './gateway/gateway'
import type { LocalPay } from './paysim'
import type { XpaySimulator } from './paysim/xpay'
import type { Storage } from './storage'
import type { TimerScheduler } from './timers/scheduler'

export interface LocalCloud {
  url: string
  port: number
  envId: string
  appId: string
  dataDir: string
  clock: SimClock
  gateway: Gateway
  scheduler: TimerScheduler
  storage: Storage
  db: LocalDatabase
  /** The pay simulator (docs/payments.md) and the WXPAY_* environment it gives the functions. */
  pay: LocalPay
  /** The virtual-payment simulator and WeChat's server API (code2Session, stable_token, /xpay/*). */
  xpay: XpaySimulator
  invoke(name: string, event: Record<string, unknown>, openid?: string): Promise<any>
  isEmpty(): Promise<boolean>
  reset(options?: { seed?: boolean }): Promise<{ reset: true; seeded: unknown }>
  /** Persists the clock offset (so a restart keeps the simulated date). */
  clockChanged(): void
  health(): Record<string, unknown>
  close(): Promise<void>
}

export interface ControlRoute {
  method: 'GET' | 'POST'
  /** Path after /_control, with :params, e.g. /timers/:fn/:trigger/run */
  path: string
  handle(ctx: {
    cloud: LocalCloud
    params: Record<string, string>
    body: any
    req: IncomingMessage
  }): Promise<unknown> | unknown
}
