/**
 * The function gateway: finds the deployable functions (cloudfunctions/<name>/ with a bundled
 * index.js; `core` and `runtime` are libraries), keeps one pool of instances per function and
 * invokes them with the environment CloudBase would give: the caller's WX_OPENID, the app id, the
 * env id, the local /admin endpoint for the SDK, the simulated clock offset and who invoked it
 * (TRIGGER_SRC). Instances are processes of the Node version CloudBase runs the function on: the
 * runtime its config.json names (localcloud/cloud-node installs that Node from the npm registry).
 */
import { randomBytes } from 'crypto'
import { existsSync, readdirSync, readFileSync } from 'fs'
import { availableParallelism } from 'os'
import path from 'path'
import { ERROR_MESSAGES } from '../../cloudfunctions/core/errors'
import type { SimClock } from '../clock'
import { FunctionPool, InvocationOutcome } from './pool'
import { sdkBundle } from './sdkBundle'

/** localcloud/cloud-node/install.cjs: the Node binary of CloudBase's runtime (plain CommonJS, also the root postinstall). */
interface CloudNode {
  VERSION: string
  RUNTIME: string
  ensureCloudNode(options?: { quiet?: boolean }): string
}

/**
 * Loaded by its path beside the worker (localcloud/), not bundled: npm start bundles the local
 * cloud into node_modules/.cache, and install.cjs finds its package.json next to itself.
 */
function loadCloudNode(workerPath: string): CloudNode {
  const file = path.join(path.dirname(workerPath), '..', 'cloud-node', 'install.cjs')
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file) as CloudNode
}

const DEFAULT_WORKER = path.resolve(__dirname, '..', '..', 'localcloud', 'gateway', 'worker.cjs')
const sourceCloudNode = (): CloudNode => loadCloudNode(DEFAULT_WORKER)

/** The CloudBase runtime the local cloud has a Node for, e.g. Nodejs18.15. */
export const LOCAL_RUNTIME: string = (() => {
  try {
    return sourceCloudNode().RUNTIME
  } catch {
    return 'unknown'
  }
})()
export const LOCAL_NODE_VERSION: string = (() => {
  try {
    return sourceCloudNode().VERSION
  } catch {
    return 'unknown'
  }
})()

const binaries = new Map<string, string>()
/** The binary for this worker's checkout (installed on first use when missing). */
export function cloudNodeBinary(workerPath: string = DEFAULT_WORKER): string {
  let bin = binaries.get(workerPath)
  if (!bin) {
    bin = loadCloudNode(workerPath).ensureCloudNode()
    binaries.set(workerPath, bin)
  }
  return bin
}

/** Shared libraries bundled into each function, not functions themselves. */
const LIBRARY_FOLDERS = new Set(['core', 'runtime', 'node_modules'])
const FUNCTION_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,59}$/

export interface TriggerConfig {
  name: string
  type: string
  config: string
}

export interface FunctionInfo {
  name: string
  dir: string
  entry: string
  built: boolean
  triggers: TriggerConfig[]
  /** The CloudBase runtime its config.json names (default: the local cloud's, LOCAL_RUNTIME). */
  runtime: string
  /** Its config.json `timeout` in seconds, what CloudBase kills an invocation after. */
  timeoutS?: number
}

export interface Caller {
  /** The WeChat user; absent for timers and anonymous calls. */
  openid?: string
  /** Who triggered it: the app, another function (callFunction), a timer or an HTTP request (云接入). */
  source: 'client' | 'function' | 'timer' | 'http'
}

export interface GatewayOptions {
  functionsDir: string
  envId: string
  appId: string
  clock: SimClock
  /** The SDK's endpoint, e.g. http://127.0.0.1:10086/admin (known once the server listens). */
  adminUrl: () => string
  workerPath?: string
  /** The Node binary instances run on; default CloudBase's runtime Node (localcloud/cloud-node). */
  nodePath?: string
  maxWorkersPerFunction?: number
  timeoutMs?: number
  idleMs?: number
  /** Where platform errors go (crashes, timeouts, throws); console.error by default. */
  log?: (line: string) => void
  /**
   * More environment for every invocation, read on each call (e.g. the pay simulator's WXPAY_*,
   * which name the server's port): what CloudBase's console sets for a function in production.
   */
  invocationEnv?: () => Record<string, string>
}

export interface ErrorEnvelope {
  ok: false
  error: { code: string; message: string; param?: string }
}

export function errorEnvelope(code: keyof typeof ERROR_MESSAGES, message?: string, param?: string): ErrorEnvelope {
  return { ok: false, error: { code, message: message ?? ERROR_MESSAGES[code], ...(param ? { param } : {}) } }
}

/** What a deployed instance starts with: only fakes, never the host's own cloud credentials. */
export function instanceEnv(options: { envId: string; appId: string }): Record<string, string> {
  const env: Record<string, string> = {}
  for (const key of ['PATH', 'HOME', 'LANG', 'TMPDIR', 'NODE_ENV']) {
    const value = process.env[key]
    if (value !== undefined) env[key] = value
  }
  return {
    ...env,
    // the SDK refuses to sign without a key pair; the local /admin ignores the signature
    TENCENTCLOUD_SECRETID: 'local-cloud-fake-secret-id',
    TENCENTCLOUD_SECRETKEY: 'local-cloud-fake-secret-key',
    // without it every request first probes a metadata host
    TENCENTCLOUD: 'true',
    SCF_NAMESPACE: options.envId,
    WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID,WX_CLIENTIP',
    WX_APPID: options.appId,
    QZ_LOCAL_CLOUD: 'true',
    SILENCE: 'true',
  }
}

export class Gateway {
  private readonly pools = new Map<string, FunctionPool>()
  private readonly workerPath: string
  private readonly log: (line: string) => void
  private closed = false

  constructor(private readonly options: GatewayOptions) {
    this.workerPath = options.workerPath ?? path.join(__dirname, 'worker.cjs')
    this.log = options.log ?? ((line) => console.error(line))
  }

  /** Re-read on each call, so a function added while the server runs is found. */
  list(): FunctionInfo[] {
    const dir = this.options.functionsDir
    if (!existsSync(dir)) return []
    return readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !LIBRARY_FOLDERS.has(d.name) && FUNCTION_NAME.test(d.name))
      .map((d) => this.describe(d.name))
      .filter((f): f is FunctionInfo => f !== null)
  }

  describe(name: string): FunctionInfo | null {
    if (!FUNCTION_NAME.test(name) || LIBRARY_FOLDERS.has(name)) return null
    const dir = path.join(this.options.functionsDir, name)
    const entry = path.join(dir, 'index.js')
    const built = existsSync(entry)
    if (!built && !existsSync(path.join(dir, 'index.ts'))) return null
    const config = readFunctionConfig(dir)
    return {
      name,
      dir,
      entry,
      built,
      triggers: readTriggers(dir),
      runtime: config.runtime ?? this.runtime(),
      timeoutS: config.timeout,
    }
  }

  /**
   * Runs one invocation and answers what main returned, or an `internal` / `not_found` envelope
   * when the platform itself failed (unknown function, crash, timeout, throw).
   */
  async invoke(name: string, event: unknown, caller: Caller): Promise<unknown> {
    const info = this.describe(name)
    if (!info) return errorEnvelope('not_found', `no cloud function named ${name}`)
    if (!info.built) {
      this.log(`[gateway] ${name}/index.js is missing: run npm run build:functions`)
      return errorEnvelope('internal')
    }
    const localRuntime = this.runtime()
    if (info.runtime !== localRuntime && !this.options.nodePath) {
      this.log(
        `[gateway] ${name} asks for runtime ${info.runtime}; the local cloud runs ${localRuntime} (localcloud/cloud-node/package.json)`,
      )
      return errorEnvelope('internal')
    }
    const requestId = randomBytes(8).toString('hex')
    const outcome = await this.pool(info).invoke({
      event,
      context: {
        request_id: requestId,
        function_name: name,
        function_version: '$LATEST',
        namespace: this.options.envId,
        memory_limit_in_mb: 256,
        time_limit_in_ms: this.timeoutMs(info),
      },
      env: {
        ...this.options.invocationEnv?.(),
        WX_OPENID: caller.openid ?? null,
        WX_UNIONID: null,
        WX_CLIENTIP: caller.source === 'client' ? '127.0.0.1' : null,
        TCB_SOURCE: caller.source === 'client' ? 'wx_client' : null,
        // CloudBase's mark of who invoked the function: `timer` only for a timer trigger (the one
        // signal a timer job trusts, cloudfunctions/runtime/handler.ts); `tcb` for the rest.
        TRIGGER_SRC: caller.source === 'timer' ? 'timer' : 'tcb',
        QZ_CLOCK_OFFSET_MS: String(this.options.clock.offsetMs()),
        TCB_CONTEXT_CNFG: JSON.stringify({ URL: this.options.adminUrl() }),
      },
    })
    return toResult(name, requestId, outcome, this.log)
  }

  /**
   * Loads one instance of each function ahead of its first call: those named in `first` in that
   * order, then (unless `onlyFirst`) the rest, at most `concurrency` loading at a time. A load is
   * mostly CPU (the bundle and wx-server-sdk), so loading all at once on a small machine makes the
   * first one needed the last one ready; in order, the first is ready after one load and the rest
   * follow while it runs. Resolves when every instance asked for has loaded.
   */
  async warm(
    first: string[] = [],
    { concurrency = Math.max(1, availableParallelism()), onlyFirst = false } = {},
  ): Promise<void> {
    const built = this.list()
      .filter((f) => f.built)
      .map((f) => f.name)
    const order = [
      ...first.filter((n) => built.includes(n)),
      ...(onlyFirst ? [] : built.filter((n) => !first.includes(n))),
    ]
    let next = 0
    const lane = async () => {
      while (next < order.length && !this.closed) {
        const info = this.describe(order[next++])
        if (info?.built) await this.pool(info).warm()
      }
    }
    await Promise.all(Array.from({ length: Math.min(concurrency, order.length) }, lane))
  }

  stats(): Record<string, ReturnType<FunctionPool['stats']>> {
    return Object.fromEntries([...this.pools].map(([name, pool]) => [name, pool.stats()]))
  }

  async close(): Promise<void> {
    this.closed = true
    await Promise.all([...this.pools.values()].map((p) => p.close()))
    this.pools.clear()
  }

  /** The CloudBase runtime this checkout's local cloud runs (localcloud/cloud-node/package.json). */
  private runtime(): string {
    return loadCloudNode(this.workerPath).RUNTIME
  }

  /** The gateway's option, else the function's own config.json timeout, else 20 s. */
  private timeoutMs(info: FunctionInfo): number {
    return this.options.timeoutMs ?? (info.timeoutS ? info.timeoutS * 1000 : 20_000)
  }

  private pool(info: FunctionInfo): FunctionPool {
    let pool = this.pools.get(info.name)
    if (!pool && !this.closed) {
      pool = new FunctionPool({
        functionName: info.name,
        entry: info.entry,
        workerPath: this.workerPath,
        nodePath: this.options.nodePath ?? cloudNodeBinary(this.workerPath),
        sdkBundle: sdkBundle(this.options.functionsDir, this.log),
        baseEnv: instanceEnv(this.options),
        maxWorkers: this.options.maxWorkersPerFunction ?? 4,
        timeoutMs: this.timeoutMs(info),
        idleMs: this.options.idleMs,
        log: this.log,
      })
      this.pools.set(info.name, pool)
    }
    return pool!
  }
}

function toResult(name: string, requestId: string, outcome: InvocationOutcome, log: (line: string) => void): unknown {
  switch (outcome.kind) {
    case 'ok':
      return outcome.value
    case 'threw':
      log(`[gateway] ${name} threw (request ${requestId}): ${outcome.stack ?? outcome.message}`)
      return errorEnvelope('internal')
    case 'timeout':
      log(`[gateway] ${name} timed out (request ${requestId})`)
      return errorEnvelope('internal')
    case 'crashed':
      log(`[gateway] ${name} crashed (request ${requestId}): ${outcome.message}`)
      return errorEnvelope('internal')
  }
}

export function readTriggers(dir: string): TriggerConfig[] {
  const file = path.join(dir, 'config.json')
  if (!existsSync(file)) return []
  try {
    const config = JSON.parse(readFileSync(file, 'utf8'))
    const triggers: unknown[] = Array.isArray(config?.triggers) ? config.triggers : []
    return triggers.filter(
      (t): t is TriggerConfig =>
        typeof t === 'object' &&
        t !== null &&
        typeof (t as any).name === 'string' &&
        typeof (t as any).config === 'string',
    )
  } catch (err) {
    console.error(`[gateway] cannot read ${file}: ${(err as Error).message}`)
    return []
  }
}

/** The `runtime` and `timeout` of a function's config.json (what the deploy creates it with). */
export function readFunctionConfig(dir: string): { runtime?: string; timeout?: number } {
  const file = path.join(dir, 'config.json')
  if (!existsSync(file)) return {}
  try {
    const config = JSON.parse(readFileSync(file, 'utf8'))
    return {
      runtime: typeof config?.runtime === 'string' ? config.runtime : undefined,
      timeout: Number.isFinite(config?.timeout) && config.timeout > 0 ? config.timeout : undefined,
    }
  } catch {
    return {}
  }
}
