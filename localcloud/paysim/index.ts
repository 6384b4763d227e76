/**
 * The local `WeChat Pay`: keys, state and notifications under <dataDir>/paysim. The gateway hands
 * every function instance functionEnv(), so the production wxpay adapter (channel `local`) talks
 * to this simulator with keys it made itself.
 */
import path from 'path'
import type { SimClock } from '../clock'
import { loadOrCreateKeys, type PaysimKeys } from './keys'
import { PaySimulator } from './simulator'

export { PaySimulator, RETRY_SCHEDULE_S, TRANSFER_CONFIRM_MS, PROFIT_SHARING_MAX_BPS, FORGE_FLAWS } from './simulator'
export { WxError } from './model'
export type { SimOrder, SimRefund } from './model'
export type { Delivery, NotificationPlan, SimTransfer, ForgeFlaw } from './simulator'
export { handlePaysim } from './http'
export type { PaysimKeys } from './keys'

export interface LocalPay {
  sim: PaySimulator
  keys: PaysimKeys
  /** The WXPAY_* environment of the `local` channel (what CloudBase's console holds in production). */
  functionEnv(): Record<string, string>
}

export function createLocalPay(options: {
  dataDir: string
  appId: string
  clock: SimClock
  /** The server's own base, e.g. http://127.0.0.1:10086 (known once it listens). */
  baseUrl: () => string
  persist?: boolean
  ticker?: boolean
  log?: (line: string) => void
}): LocalPay {
  const dir = path.join(options.dataDir, 'paysim')
  // keys persist even for a memory-only database: they are cheap to keep and slow-ish to make
  const keys = loadOrCreateKeys(dir)
  const sim = new PaySimulator({
    keys,
    appId: options.appId,
    clock: options.clock,
    dir: options.persist === false ? undefined : dir,
    log: options.log,
    ticker: options.ticker,
  })
  return {
    sim,
    keys,
    functionEnv: () => ({
      WXPAY_MCHID: keys.mchid,
      WXPAY_APPID: options.appId,
      WXPAY_MCH_SERIAL: keys.merchantSerial,
      WXPAY_MCH_PRIVATE_KEY: keys.merchantPrivateKey,
      WXPAY_PUBLIC_KEY_ID: keys.publicKeyId,
      WXPAY_PUBLIC_KEY: keys.platformPublicKey,
      WXPAY_APIV3_KEY: keys.apiv3Key,
      WXPAY_BASE_URL: `${options.baseUrl()}/paysim/`,
      WXPAY_NOTIFY_URL: `${options.baseUrl()}/http/payNotify`,
      // 平台收付通 by default, as shipped; `SETTLEMENT_MODE=self npm start` shows 直连.
      ...(process.env.SETTLEMENT_MODE ? { SETTLEMENT_MODE: process.env.SETTLEMENT_MODE } : {}),
    }),
  }
}
