/**
 * Fires each function's timer triggers (config.json) on the simulated clock. While the clock runs
 * normally, a tick checks what is due; advancing the clock through the control API fires every
 * occurrence in between, oldest first, with the clock set to each occurrence's time, so a job
 * sees the "now" it would have seen. A trigger never overlaps itself.
 */
import type { SimClock } from '../clock'
import type { Gateway } from '../gateway/gateway'
import { CronSchedule, fireTimesBetween, nextFireTime, parseCron } from './cron'

export interface TimerRun {
  function: string
  trigger: string
  /** The occurrence this run was for (the event's Time). */
  time: string
  durationMs: number
  result: unknown
}

interface TimerEntry {
  functionName: string
  triggerName: string
  config: string
  schedule: CronSchedule | null
  invalid?: string
  nextAt: Date | null
  running: Promise<TimerRun> | null
  runs: number
  lastRun: TimerRun | null
}

export interface TimerView {
  function: string
  trigger: string
  config: string
  nextAt: string | null
  running: boolean
  runs: number
  lastRun: TimerRun | null
  invalid?: string
}

export interface SchedulerOptions {
  gateway: Pick<Gateway, 'list' | 'invoke'>
  clock: SimClock
  tickMs?: number
  /** On a long advance, at most this many occurrences of one trigger run (the latest ones). */
  maxCatchUpPerTrigger?: number
  log?: (line: string) => void
}

/** CloudBase's timer event. Time is the scheduled instant in UTC without milliseconds. */
export function timerEvent(triggerName: string, time: Date) {
  return { Type: 'Timer', TriggerName: triggerName, Time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'), Message: '' }
}

export class TimerScheduler {
  private entries = new Map<string, TimerEntry>()
  private interval: NodeJS.Timeout | null = null
  private advancing: Promise<unknown> | null = null
  private readonly log: (line: string) => void

  constructor(private readonly options: SchedulerOptions) {
    this.log = options.log ?? ((line) => console.log(line))
    this.refresh()
  }

  start(): void {
    if (this.interval) return
    this.interval = setInterval(() => this.tick(), this.options.tickMs ?? 1000)
    this.interval.unref()
  }

  async stop(): Promise<void> {
    if (this.interval) clearInterval(this.interval)
    this.interval = null
    await this.idle()
  }

  /** Re-reads the triggers; an unchanged trigger keeps its state. */
  refresh(): void {
    const now = this.options.clock.now()
    const next = new Map<string, TimerEntry>()
    for (const fn of this.options.gateway.list()) {
      for (const trigger of fn.triggers) {
        if (trigger.type !== 'timer') continue
        const key = `${fn.name}/${trigger.name}`
        const existing = this.entries.get(key)
        if (existing && existing.config === trigger.config) {
          next.set(key, existing)
          continue
        }
        let schedule: CronSchedule | null = null
        let invalid: string | undefined
        try {
          schedule = parseCron(trigger.config)
        } catch (err) {
          invalid = (err as Error).message
          this.log(`[timers] ${key}: ${invalid}`)
        }
        next.set(key, {
          functionName: fn.name,
          triggerName: trigger.name,
          config: trigger.config,
          schedule,
          invalid,
          nextAt: schedule ? nextFireTime(schedule, now) : null,
          running: null,
          runs: 0,
          lastRun: null,
        })
      }
    }
    this.entries = next
  }

  list(): TimerView[] {
    this.refresh()
    return [...this.entries.values()].map((e) => ({
      function: e.functionName,
      trigger: e.triggerName,
      config: e.config,
      nextAt: e.nextAt?.toISOString() ?? null,
      running: e.running !== null,
      runs: e.runs,
      lastRun: e.lastRun,
      ...(e.invalid ? { invalid: e.invalid } : {}),
    }))
  }

  /** The clock jumped (set or reset): schedule from the new now, firing nothing. */
  clockChanged(): void {
    const now = this.options.clock.now()
    for (const e of this.entries.values()) e.nextAt = e.schedule ? nextFireTime(e.schedule, now) : null
  }

  /** Runs a trigger now (event Time = now), after its current run if one is under way. */
  async runNow(functionName: string, triggerName: string): Promise<TimerRun | null> {
    this.refresh()
    const entry = this.entries.get(`${functionName}/${triggerName}`)
    if (!entry) return null
    if (entry.running) await entry.running.catch(() => undefined)
    return this.fire(entry, this.options.clock.now())
  }

  /**
   * Moves the clock forward by `ms`, running every occurrence that falls due on the way, in time
   * order. Resolves with the runs once the clock has reached its target.
   */
  advance(ms: number): Promise<TimerRun[]> {
    const run = async () => {
      await this.idle()
      this.refresh()
      const clock = this.options.clock
      const from = clock.now()
      const to = new Date(from.getTime() + ms)
      const targetOffset = clock.offsetMs() + ms
      const limit = this.options.maxCatchUpPerTrigger ?? 100
      const due: Array<{ entry: TimerEntry; at: Date }> = []
      for (const entry of this.entries.values()) {
        if (!entry.schedule) continue
        const times = fireTimesBetween(entry.schedule, from, to)
        if (times.length > limit) {
          this.log(
            `[timers] ${entry.functionName}/${entry.triggerName}: ${times.length - limit} earlier occurrences skipped`,
          )
        }
        for (const at of times.slice(-limit)) due.push({ entry, at })
      }
      due.sort(
        (a, b) =>
          a.at.getTime() - b.at.getTime() ||
          a.entry.functionName.localeCompare(b.entry.functionName) ||
          a.entry.triggerName.localeCompare(b.entry.triggerName),
      )
      const runs: TimerRun[] = []
      for (const { entry, at } of due) {
        if (at.getTime() > clock.now().getTime()) clock.set(at)
        runs.push(await this.fire(entry, at))
      }
      clock.setOffset(Math.max(targetOffset, clock.offsetMs()))
      this.clockChanged()
      return runs
    }
    const advancing = (this.advancing ?? Promise.resolve()).then(run, run)
    this.advancing = advancing
    void advancing.finally(() => {
      if (this.advancing === advancing) this.advancing = null
    })
    return advancing
  }

  /** Resolves when no trigger is running and no advance is under way. */
  async idle(): Promise<void> {
    await Promise.all([...this.entries.values()].map((e) => e.running?.catch(() => undefined)))
  }

  private tick(): void {
    if (this.advancing) return
    const now = this.options.clock.now()
    for (const entry of this.entries.values()) {
      if (!entry.schedule || !entry.nextAt || entry.nextAt.getTime() > now.getTime() || entry.running) continue
      const at = entry.nextAt
      // occurrences missed while the previous run was still going are dropped, not queued
      entry.nextAt = nextFireTime(entry.schedule, now)
      void this.fire(entry, at)
    }
  }

  private fire(entry: TimerEntry, at: Date): Promise<TimerRun> {
    const started = Date.now()
    const key = `${entry.functionName}/${entry.triggerName}`
    const run = this.options.gateway
      .invoke(entry.functionName, timerEvent(entry.triggerName, at), { source: 'timer' })
      .then((result) => {
        const record: TimerRun = {
          function: entry.functionName,
          trigger: entry.triggerName,
          time: timerEvent(entry.triggerName, at).Time,
          durationMs: Date.now() - started,
          result,
        }
        entry.runs++
        entry.lastRun = record
        const ok = (result as any)?.ok
        this.log(`[timers] ${key} for ${record.time} → ${ok === false ? 'failed' : 'done'} in ${record.durationMs} ms`)
        return record
      })
      .finally(() => {
        if (entry.running === run) entry.running = null
      })
    entry.running = run
    return run
  }
}
