/**
 * Every environment variable the cloud functions read, in one typed table: which functions read
 * it, whether production needs it, what the local cloud gives it, what it means.
 *
 * - scripts/deploy.mjs sets each function's variables from this table (values from the deploy
 *   machine's environment), refuses to deploy while a `required` one is unset or a placeholder,
 *   and never sends a `local` one;
 * - the local cloud (localcloud/gateway) gives every instance the `local` values, generating the
 *   `secret` ones once into `.data/`;
 * - docs/configuration.md is this table in prose, and test/unit/env-table.test.ts fails when the
 *   code reads a variable that is not here, or a function's bundle reads one not listed for it.
 *
 * Add a variable here in the same commit that first reads it (one entry per variable, grouped by
 * feature; keep your additions in a block of your own).
 */

import { PAY_REMINDER_TEMPLATE_ID, RENEWAL_TEMPLATE_ID } from '../core/term'

/** Every deployable function (a folder of cloudfunctions/ with an index.ts). */
export type FunctionName = string

export type EnvRequirement =
  /** The deploy refuses to run without it and sets it on every function listed. */
  | 'required'
  /** The deploy sets it when the deploy environment has it; the code has a sound default. */
  | 'optional'
  /** CloudBase itself provides it; never set by the deploy. */
  | 'platform'
  /** Only the local cloud sets it; the deploy refuses to ship it (it would bend production). */
  | 'local'

export interface EnvVariable {
  readonly name: string
  /** The functions whose code reads it; '*' is every function. */
  readonly functions: readonly FunctionName[] | '*'
  readonly production: EnvRequirement
  /**
   * What the local cloud (npm start, the tests' clouds) gives it: a value; `{ secret: true }`, a
   * random value generated once per data folder (`.data/local-secrets.json`); `{ from }`, set by
   * another part of the local cloud (named); absent, the code's own default.
   */
  readonly local?: string | { readonly secret: true } | { readonly from: string }
  /** Values that mean "not configured yet": the deploy refuses them like an unset variable. */
  readonly placeholders?: readonly string[]
  /** Also read at build time by the mini-program (Taro `env`), so the deploy needs it for `mp` too. */
  readonly app?: boolean
  readonly description: string
}

const PAYMENT_FUNCTIONS = [
  'challenge',
  'event',
  'finance',
  'group',
  'moderate',
  'payNotify',
  'qa',
  'shop',
  'wallet',
] as const
const CONTENT_FUNCTIONS = ['challenge', 'circle', 'event', 'growth', 'member', 'perk', 'post', 'qa', 'user'] as const
const LOCAL_AWARE_FUNCTIONS = [...new Set([...PAYMENT_FUNCTIONS, ...CONTENT_FUNCTIONS])].sort()

/** The renewal reminder's template id in the local cloud and the tests (any id works there). */
export const LOCAL_RENEWAL_TEMPLATE_ID = RENEWAL_TEMPLATE_ID
export const LOCAL_PAY_REMINDER_TEMPLATE_ID = PAY_REMINDER_TEMPLATE_ID

export const ENV_VARIABLES = [
  // ---------- platform: CloudBase sets these ----------
  {
    name: 'TRIGGER_SRC',
    functions: '*',
    production: 'platform',
    local: { from: 'the gateway: `timer` for its scheduler and the control API, `tcb` for every other call' },
    description:
      'What invoked the function. `timer` only when a timer trigger fired: the one signal a timer job trusts (an event body saying Type: Timer can come from anyone).',
  },
  {
    name: 'TCB_CONTEXT_CNFG',
    functions: CONTENT_FUNCTIONS,
    production: 'platform',
    local: { from: 'the gateway: the local /admin endpoint' },
    description:
      'The SDK endpoint of the environment. Read only to tell a local cloud (127.0.0.1) from CloudBase, for file URLs.',
  },
  {
    name: 'NODE_ENV',
    functions: CONTENT_FUNCTIONS,
    production: 'platform',
    description:
      '`test` under jest: the only place content security may be switched off and tickets signed with the test key.',
  },

  // ---------- local cloud only ----------
  {
    name: 'QZ_LOCAL_CLOUD',
    functions: LOCAL_AWARE_FUNCTIONS,
    production: 'local',
    local: 'true',
    description: 'Marks a local-cloud instance: payments go through the pay simulator, files through local URLs.',
  },
  {
    name: 'QZ_CLOCK_OFFSET_MS',
    functions: '*',
    production: 'local',
    local: { from: 'the gateway: the control API’s movable clock, per invocation' },
    description: 'Shifts "now" for demos and tests. Absent in production, where the machine clock rules.',
  },

  // ---------- subscription messages ----------
  {
    name: 'QZ_TEMPLATE_RENEWAL',
    functions: ['member', 'notify', 'stats', 'term'],
    production: 'required',
    local: LOCAL_RENEWAL_TEMPLATE_ID,
    placeholders: [LOCAL_RENEWAL_TEMPLATE_ID],
    app: true,
    description:
      'Template id of 会员到期提醒 (thing1 圈子名称, date2 到期时间, thing3 温馨提示), chosen in the mini-program console (订阅消息 → 选用). The app asks for it; `notify.grant` accepts it; the `term` reminder timer sends it, and so does `stats.remind` (the owner’s reminder to a segment).',
  },

  {
    name: 'QZ_TEMPLATE_PAY_REMINDER',
    functions: ['member', 'notify', 'stats', 'term'],
    production: 'required',
    local: LOCAL_PAY_REMINDER_TEMPLATE_ID,
    placeholders: [LOCAL_PAY_REMINDER_TEMPLATE_ID],
    app: true,
    description:
      'Template id of 入圈付款截止提醒 (thing1 圈子名称, time2 付款截止时间, thing3 温馨提示), chosen in the mini-program console. The app asks for it when someone applies to an approval + paid circle; the `member` timer remindPayment sends it before the pay window closes.',
  },

  // ---------- secrets ----------
  {
    name: 'QZ_TICKET_SECRET',
    functions: ['event'],
    production: 'required',
    local: { secret: true },
    description:
      'Signs event tickets’ QR codes (HMAC). A long random string; changing it voids every ticket already issued.',
  },

  // ---------- content security ----------
  {
    name: 'CONTENT_SECURITY',
    functions: CONTENT_FUNCTIONS,
    production: 'optional',
    description: '`wechat` (default): msgSecCheck / mediaCheckAsync. `off` only in the local cloud and tests.',
  },

  // ---------- payments ----------
  ...(
    [
      ['WXPAY_MCHID', 'required', 'WeChat Pay merchant id (商户号).'],
      ['WXPAY_APPID', 'required', 'The AppID bound to the merchant (the mini-program’s).'],
      ['WXPAY_MCH_SERIAL', 'required', 'Serial number of the merchant API certificate.'],
      ['WXPAY_MCH_PRIVATE_KEY', 'required', 'apiclient_key.pem (PEM; `\\n` escapes accepted).'],
      ['WXPAY_PUBLIC_KEY_ID', 'required', '微信支付公钥ID (PUB_KEY_ID_…).'],
      ['WXPAY_PUBLIC_KEY', 'required', '微信支付公钥 (PEM): verifies WeChat Pay’s answers and notifications.'],
      ['WXPAY_APIV3_KEY', 'required', 'APIv3 key (32 bytes): decrypts notifications.'],
      ['WXPAY_NOTIFY_URL', 'required', 'HTTPS address of the payNotify function’s HTTP access (云接入) route.'],
      ['WXPAY_BASE_URL', 'optional', 'WeChat Pay API root; default https://api.mch.weixin.qq.com.'],
      ['WXPAY_TIMEOUT_MS', 'optional', 'Per-request timeout to WeChat Pay; default 10000.'],
      ['WXPAY_TRANSFER_SCENE_ID', 'optional', '商家转账 scene; default 1005 (佣金报酬).'],
      [
        'WXPAY_TRANSFER_REPORT_INFOS',
        'optional',
        'JSON of the transfer scene’s report infos; default 岗位类型 / 报酬说明.',
      ],
    ] as const
  ).map(([name, production, description]) => ({
    name,
    // device: user.login's code2Session names the app by WXPAY_APPID (or VPAY_APPID)
    functions: name === 'WXPAY_APPID' ? [...PAYMENT_FUNCTIONS, 'user'] : PAYMENT_FUNCTIONS,
    production,
    local: { from: 'the pay simulator (localcloud/paysim): keys it made itself' },
    description,
  })),
  // ---------- device: channels by device and virtual payment (docs/payments.md) ----------
  {
    name: 'VPAY_IOS_ENABLED',
    functions: '*',
    production: 'optional',
    description:
      '`true` once iOS virtual payment is granted (needs SETTLEMENT_MODE=self, VPAY_OFFER_ID, VPAY_APP_KEY, WX_APP_SECRET; checked at cold start). Off: iPhones see no price and cannot buy virtual goods.',
  },
  ...(
    [
      ['VPAY_OFFER_ID', '虚拟支付 offerId; needed only with VPAY_IOS_ENABLED=true.'],
      [
        'VPAY_APP_KEY',
        'AppKey of the virtual-payment environment in use (现网 or 沙箱); needed only with VPAY_IOS_ENABLED=true.',
      ],
    ] as const
  ).map(([name, description]) => ({
    name,
    functions: '*' as const,
    production: 'optional' as const,
    local: { from: 'the virtual-payment simulator (localcloud/paysim/xpay.ts)' },
    description,
  })),
  {
    name: 'WX_APP_SECRET',
    functions: '*',
    production: 'optional',
    local: { from: 'the virtual-payment simulator (localcloud/paysim/xpay.ts)' },
    description:
      'The mini-program’s AppSecret: code2Session (the buyer’s session_key) and the stable access token for /xpay/*. Needed only with VPAY_IOS_ENABLED=true.',
  },
  ...(
    [
      ['VPAY_APPID', 'AppID for virtual payment; default WXPAY_APPID.'],
      ['VPAY_ENV', '`1` for the sandbox (沙箱), default 0 (现网).'],
      [
        'WX_API_BASE_URL',
        'WeChat’s server API root (code2Session, stable_token, /xpay/*); default https://api.weixin.qq.com.',
      ],
    ] as const
  ).map(([name, description]) => ({
    name,
    functions: [...PAYMENT_FUNCTIONS, 'user'],
    production: 'optional' as const,
    local: name === 'VPAY_APPID' ? undefined : { from: 'the virtual-payment simulator (localcloud/paysim/xpay.ts)' },
    description,
  })),
  {
    name: 'VPAY_PRODUCT_ID_PREFIX',
    functions: ['challenge', 'event', 'group', 'qa', 'shop'],
    production: 'optional',
    description: 'Prefix of the 道具 ids: one 道具 per price, `<prefix><fen>` (default `qz_`, e.g. qz_9900).',
  },
  // ---------- settlement: who holds the buyers' money (docs/payments.md "Settlement modes") ----------
  {
    name: 'SETTLEMENT_MODE',
    functions: '*',
    production: 'optional',
    description:
      '`platform` (default: 平台收付通 — each owner is a 二级商户, sales land in their own sub-merchant, the platform fee and shares leave by ecommerce 分账, owners withdraw to their bank card; WXPAY_MCHID / WXPAY_APPID are the platform’s sp_mchid / sp_appid) or `self` (直连: one operator owns the merchant account and every circle; owners’ income is never paid out). Anything else is refused: every function checks it at cold start; iOS virtual payment needs `self`.',
  },
] as const satisfies readonly EnvVariable[]

export const ENV_TABLE: readonly EnvVariable[] = ENV_VARIABLES

/** The table's entry for a name, or undefined. */
export function envVariable(name: string): EnvVariable | undefined {
  return ENV_TABLE.find((v) => v.name === name)
}

/** Does this function read this variable? */
export function readBy(variable: EnvVariable, fn: FunctionName): boolean {
  return variable.functions === '*' || variable.functions.includes(fn)
}
