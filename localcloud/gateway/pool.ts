/**
 * A pool of instances for one function: at most `maxWorkers` child processes, each serving one
 * invocation at a time (CloudBase's concurrency model), queueing the rest. Each instance is a
 * process of the Node binary CloudBase runs the function on (`nodePath`, e.g. Node 18.15 for
 * runtime Nodejs18.15), with its own environment, so code that needs a newer Node fails here as
 * it would there. An instance that times out or crashes is thrown away; a fresh one starts on
 * demand. When the bundle on disk changes (npm run build:functions), instances are recycled so
 * the next call runs the new code.
 */
import { ChildProcess, fork } from 'child_process'
import { statSync } from 'fs'

export type InvocationOutcome =
  | { kind: 'ok'; value: unknown }
  | { kind: 'threw'; message: string; stack?: string }
  | { kind: 'timeout' }
  | { kind: 'crashed'; message: string }

export interface Invocation {
  event: unknown
  context: Record<string, unknown>
  /** Environment for this invocation; null removes a variable. */
  env: Record<string, string | null>
}

export interface PoolOptions {
  functionName: string
  entry: string
  workerPath: string
  /** The Node binary instances run on (CloudBase's runtime version). */
  nodePath: string
  /** wx-server-sdk bundled into one file (./sdkBundle.ts), which `require('wx-server-sdk')` loads; absent: node_modules. */
  sdkBundle?: string | null
  /** The instance's starting environment (never the host's credentials). */
  baseEnv: Record<string, string>
  maxWorkers: number
  timeoutMs: number
  /** Idle instances beyond the first are stopped after this long. */
  idleMs?: number
  log?: (line: string) => void
}

interface Instance {
  worker: ChildProcess
  number: number
  busy: boolean
  mtimeMs: number
  idleTimer?: NodeJS.Timeout
  /** Loaded: the timeout of an invocation counts from here, not from the cold start. */
  ready: boolean
  current?: { id: number; resolve: (o: InvocationOutcome) => void; timer?: NodeJS.Timeout }
  loadError?: string
}

interface Pending {
  invocation: Invocation
  resolve: (o: InvocationOutcome) => void
}

export interface PoolStats {
  instances: number
  busy: number
  queued: number
  invocations: number
}

export class FunctionPool {
  private readonly instances: Instance[] = []
  private readonly queue: Pending[] = []
  private nextInstance = 1
  private nextId = 1
  private invocations = 0
  private closed = false

  private readonly log: (line: string) => void

  constructor(private readonly options: PoolOptions) {
    this.log = options.log ?? ((line) => console.error(line))
  }

  invoke(invocation: Invocation): Promise<InvocationOutcome> {
    if (this.closed) return Promise.resolve({ kind: 'crashed', message: 'gateway closed' })
    this.invocations++
    return new Promise((resolve) => {
      this.queue.push({ invocation, resolve })
      this.pump()
    })
  }

  /**
   * Starts one instance ahead of the first call, so the first user does not wait for the load.
   * Resolves when an instance has loaded (or failed to, or exited).
   */
  warm(): Promise<void> {
    if (this.closed) return Promise.resolve()
    const instance = this.instances[0] ?? this.spawn()
    if (instance.ready) return Promise.resolve()
    return new Promise((resolve) => {
      const done = () => {
        instance.worker.off('message', onMessage)
        instance.worker.off('exit', done)
        resolve()
      }
      const onMessage = (msg: any) => {
        if (msg?.type === 'ready' || msg?.type === 'loadError') done()
      }
      instance.worker.on('message', onMessage)
      instance.worker.once('exit', done)
    })
  }

  stats(): PoolStats {
    return {
      instances: this.instances.length,
      busy: this.instances.filter((i) => i.busy).length,
      queued: this.queue.length,
      invocations: this.invocations,
    }
  }

  async close(): Promise<void> {
    this.closed = true
    for (const pending of this.queue.splice(0)) pending.resolve({ kind: 'crashed', message: 'gateway closed' })
    await Promise.all(this.instances.splice(0).map((i) => this.stop(i)))
  }

  private entryMtime(): number {
    try {
      return statSync(this.options.entry).mtimeMs
    } catch {
      return 0
    }
  }

  private pump(): void {
    const mtime = this.entryMtime()
    for (const stale of this.instances.filter((i) => !i.busy && i.mtimeMs !== mtime)) this.retire(stale)
    while (this.queue.length > 0) {
      let instance = this.instances.find((i) => !i.busy && i.mtimeMs === mtime)
      if (!instance) {
        if (this.instances.length >= this.options.maxWorkers) return
        instance = this.spawn(mtime)
      }
      this.dispatch(instance, this.queue.shift()!)
    }
  }

  private spawn(mtime = this.entryMtime()): Instance {
    const number = this.nextInstance++
    const args = [this.options.functionName, this.options.entry, String(number)]
    if (this.options.sdkBundle) args.push(this.options.sdkBundle)
    const worker = fork(this.options.workerPath, args, {
      execPath: this.options.nodePath,
      // the instance's whole environment: nothing of the host's leaks in
      env: { ...this.options.baseEnv },
      execArgv: [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'json',
    })
    const instance: Instance = { worker, number, busy: false, ready: false, mtimeMs: mtime }
    worker.unref()
    worker.channel?.unref()
    worker.on('message', (msg) => this.onMessage(instance, msg))
    worker.on('error', (err) => this.onExit(instance, `instance crashed: ${err.stack ?? err.message}`))
    worker.on('exit', (code, signal) => this.onExit(instance, `instance exited with ${signal ?? `code ${code}`}`))
    this.instances.push(instance)
    this.scheduleIdle(instance)
    return instance
  }

  private dispatch(instance: Instance, pending: Pending): void {
    if (instance.idleTimer) clearTimeout(instance.idleTimer)
    instance.busy = true
    const id = this.nextId++
    instance.current = { id, resolve: pending.resolve }
    if (instance.ready) this.startTimeout(instance)
    // a call in flight keeps the host alive; an idle instance does not
    instance.worker.channel?.ref()
    instance.worker.send({ type: 'invoke', id, ...pending.invocation }, (err) => {
      if (err) this.onExit(instance, `instance unreachable: ${err.message}`)
    })
  }

  private startTimeout(instance: Instance): void {
    const current = instance.current
    if (!current || current.timer) return
    current.timer = setTimeout(() => {
      this.log(`[gateway] ${this.options.functionName}#${instance.number} timed out after ${this.options.timeoutMs} ms`)
      this.finish(instance, { kind: 'timeout' })
      this.retire(instance)
      this.pump()
    }, this.options.timeoutMs)
  }

  private onMessage(instance: Instance, msg: any): void {
    if (msg?.type === 'ready') {
      instance.ready = true
      this.startTimeout(instance)
      return
    }
    if (msg?.type === 'loadError') {
      instance.ready = true
      instance.loadError = msg.message
      this.log(`[gateway] ${this.options.functionName} failed to load:\n${msg.message}`)
      return
    }
    if (msg?.type !== 'result' || instance.current?.id !== msg.id) return
    this.finish(
      instance,
      msg.ok ? { kind: 'ok', value: msg.value } : { kind: 'threw', message: msg.message, stack: msg.stack },
    )
    instance.busy = false
    this.scheduleIdle(instance)
    this.pump()
  }

  private onExit(instance: Instance, message: string): void {
    const index = this.instances.indexOf(instance)
    if (index < 0) return
    this.instances.splice(index, 1)
    this.finish(instance, { kind: 'crashed', message })
    if (!this.closed) this.pump()
  }

  private finish(instance: Instance, outcome: InvocationOutcome): void {
    const current = instance.current
    if (!current) return
    instance.current = undefined
    instance.worker.channel?.unref()
    if (current.timer) clearTimeout(current.timer)
    current.resolve(outcome)
  }

  private scheduleIdle(instance: Instance): void {
    if (instance.idleTimer) clearTimeout(instance.idleTimer)
    const idleMs = this.options.idleMs ?? 120_000
    instance.idleTimer = setTimeout(() => {
      if (!instance.busy && this.instances.length > 1) this.retire(instance)
    }, idleMs)
    instance.idleTimer.unref()
  }

  private retire(instance: Instance): void {
    const index = this.instances.indexOf(instance)
    if (index >= 0) this.instances.splice(index, 1)
    void this.stop(instance)
  }

  private async stop(instance: Instance): Promise<void> {
    if (instance.idleTimer) clearTimeout(instance.idleTimer)
    this.finish(instance, { kind: 'crashed', message: 'instance stopped' })
    const child = instance.worker
    if (child.exitCode !== null || child.signalCode !== null) return
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve())
      child.kill('SIGKILL')
    })
  }
}
