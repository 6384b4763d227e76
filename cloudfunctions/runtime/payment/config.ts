/**
 * Every environment variable of the payment port, read in this one file (docs/payments.md lists
 * them). Production sets them in the CloudBase console; the local cloud's gateway sets the WXPAY_*
 * ones to its pay simulator and QZ_LOCAL_CLOUD=true.
 */
import { DomainError } from '../../core/errors'

export type Env = Record<string, string | undefined>

export const DEFAULT_WXPAY_BASE_URL = 'https://api.mch.weixin.qq.com'
/** 商家转账 scene 1005 佣金报酬: what a circle pays its owner, guests and partners. */
export const DEFAULT_TRANSFER_SCENE_ID = '1005'
export const DEFAULT_TRANSFER_REPORT_INFOS = [
  { info_type: '岗位类型', info_content: '社群运营' },
  { info_type: '报酬说明', info_content: '圈子收入提现' },
]

export interface WxpayConfig {
  mchid: string
  appid: string
  /** Serial number of the merchant API certificate (apiclient_cert.pem). */
  merchantSerial: string
  /** apiclient_key.pem */
  merchantPrivateKey: string
  /** 微信支付公钥ID: PUB_KEY_ID_… */
  publicKeyId: string
  /** 微信支付公钥 (PEM) */
  publicKey: string
  /** APIv3 key: 32 bytes */
  apiv3Key: string
  baseUrl: string
  notifyUrl?: string
  transferSceneId: string
  transferReportInfos: Array<{ info_type: string; info_content: string }>
  /** Request timeout. */
  timeoutMs: number
}

export interface VirtualPayConfig {
  appid: string
  /** 虚拟支付 offerId (mp-支付基础配置) */
  offerId: string
  /** The AppKey of the environment in use (现网 or 沙箱). */
  appKey: string
  /** 0 现网, 1 沙箱 */
  env: 0 | 1
}

/** Secrets arrive from the console on one line: accept `\n` escapes in PEM values. */
function pem(value: string | undefined): string | undefined {
  return value?.includes('\\n') ? value.replace(/\\n/g, '\n') : value
}

export const WXPAY_REQUIRED = [
  'WXPAY_MCHID',
  'WXPAY_APPID',
  'WXPAY_MCH_SERIAL',
  'WXPAY_MCH_PRIVATE_KEY',
  'WXPAY_PUBLIC_KEY_ID',
  'WXPAY_PUBLIC_KEY',
  'WXPAY_APIV3_KEY',
] as const

/** null when WeChat Pay is not configured in this environment. */
export function readWxpayConfig(env: Env = process.env): WxpayConfig | null {
  if (WXPAY_REQUIRED.some((name) => !env[name])) return null
  let reportInfos = DEFAULT_TRANSFER_REPORT_INFOS
  if (env.WXPAY_TRANSFER_REPORT_INFOS) {
    try {
      reportInfos = JSON.parse(env.WXPAY_TRANSFER_REPORT_INFOS)
    } catch {
      throw new DomainError('payment_channel_unavailable', 'WXPAY_TRANSFER_REPORT_INFOS is not JSON')
    }
  }
  return {
    mchid: env.WXPAY_MCHID!,
    appid: env.WXPAY_APPID!,
    merchantSerial: env.WXPAY_MCH_SERIAL!,
    merchantPrivateKey: pem(env.WXPAY_MCH_PRIVATE_KEY)!,
    publicKeyId: env.WXPAY_PUBLIC_KEY_ID!,
    publicKey: pem(env.WXPAY_PUBLIC_KEY)!,
    apiv3Key: env.WXPAY_APIV3_KEY!,
    baseUrl: env.WXPAY_BASE_URL || DEFAULT_WXPAY_BASE_URL,
    notifyUrl: env.WXPAY_NOTIFY_URL || undefined,
    transferSceneId: env.WXPAY_TRANSFER_SCENE_ID || DEFAULT_TRANSFER_SCENE_ID,
    transferReportInfos: reportInfos,
    timeoutMs: Number(env.WXPAY_TIMEOUT_MS) || 10_000,
  }
}

/** null when virtual payment is not configured. */
export function readVirtualPayConfig(env: Env = process.env): VirtualPayConfig | null {
  const appid = env.VPAY_APPID || env.WXPAY_APPID
  if (!appid || !env.VPAY_OFFER_ID || !env.VPAY_APP_KEY) return null
  return { appid, offerId: env.VPAY_OFFER_ID, appKey: env.VPAY_APP_KEY, env: env.VPAY_ENV === '1' ? 1 : 0 }
}

/** WeChat's server API host (code2Session, stable_token, /xpay/*); the local cloud points it at its simulator. */
export const DEFAULT_WX_API_BASE_URL = 'https://api.weixin.qq.com'
export function wxApiBaseUrl(env: Env = process.env): string {
  return (env.WX_API_BASE_URL || DEFAULT_WX_API_BASE_URL).replace(/\/+$/, '')
}

/** The 道具 that sells a price: one per price point, created in the mp backend as `<prefix><fen>`. */
export function virtualProductId(amountFen: number, env: Env = process.env): string {
  return `${env.VPAY_PRODUCT_ID_PREFIX || 'qz_'}${amountFen}`
}

export function isLocalCloud(env: Env = process.env): boolean {
  return env.QZ_LOCAL_CLOUD === 'true'
}
