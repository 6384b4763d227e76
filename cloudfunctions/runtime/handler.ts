/**
 * Turns a map of actions into a CloudBase entry `main(event, context)`: routes by `action`,
 * validates input at the boundary, takes identity from the WeChat context only, and answers the
 * one envelope. Actions throw DomainError; anything else is logged with a request id and
 * answered as `internal`, leaking nothing.
 */
import { randomBytes } from 'crypto'
import type { ZodType } from 'zod'
import type { ActionName, FunctionName, OutputOf, ParsedInput, Platform } from '../core/contract'
import { forbiddenKeyPath } from '../core/boundary'
import { inputs, PLATFORMS } from '../core/contract'
import { DomainError, type Envelope, type ErrorCode, messageFor } from '../core/errors'
import { callerOpenid } from './cloud'
import { now } from './clock'
import { assertPaymentConfig } from './payment/rules'

export interface ActionContext {
  /** The caller; reading it when nobody is signed in throws `unauthenticated`. */
  readonly openid: string
  /** The caller, or null for anonymous reads. */
  readonly caller: string | null
  readonly now: Date
  readonly requestId: string
  /**
   * The device the app says it runs on (the call's `device` field, beside `action`): it decides
   * what is sold and whether a price may be shown (payment/channels.ts), never who the caller is
   * or what anything costs. Undefined when the call names none (timers, pushes, old clients).
   */
  readonly device?: Platform
}

type Action<F extends FunctionName, A extends ActionName<F>> = (
  input: ParsedInput<F, A>,
  ctx: ActionContext,
) => Promise<OutputOf<F, A>>

export type Actions<F extends FunctionName> = { [A in ActionName<F>]: Action<F, A> }

export type TimerJob = (ctx: ActionContext) => Promise<unknown>

interface CloudEvent {
  action?: unknown
  Type?: unknown
  TriggerName?: unknown
  [key: string]: unknown
}

export type Main = (event: CloudEvent, context?: unknown) => Promise<Envelope<unknown>>

/** An app-facing function: actions by name, some of which visitors without a session may call. */
export function createMain<F extends FunctionName>(spec: {
  name: F
  actions: Actions<F>
  anonymous?: ActionName<F>[]
  timers?: Record<string, TimerJob>
}): Main {
  const schemas = inputs[spec.name] as Record<string, ZodType>
  // cold start: a payment configuration against WeChat's rules stops the function here (docs/payments.md)
  assertPaymentConfig(process.env)
  return async (event) => {
    const ctx = makeContext(event?.device)
    if (firedByTimer(ctx)) return runTimer(spec.name, spec.timers ?? {}, event, ctx)
    const action = event?.action
    if (typeof action !== 'string' || !Object.prototype.hasOwnProperty.call(spec.actions, action)) {
      return failure('unknown_action', 'action')
    }
    return respond(spec.name, action, ctx, async () => {
      if (!spec.anonymous?.includes(action as ActionName<F>)) void ctx.openid
      const input = parseInput(schemas[action], event)
      const run = spec.actions[action as ActionName<F>] as (input: unknown, ctx: ActionContext) => Promise<unknown>
      return run(input, ctx)
    })
  }
}

/** A function only the platform calls, on its timers. */
export function createTimerMain(spec: { name: string; timers: Record<string, TimerJob> }): Main {
  assertPaymentConfig(process.env)
  return async (event) => {
    const ctx = makeContext()
    if (!firedByTimer(ctx)) return failure('unknown_action', 'Type')
    return runTimer(spec.name, spec.timers, event, ctx)
  }
}

/**
 * Whether the platform's timer trigger invoked this instance. The event body proves nothing: a
 * mini-program user can call any function by name with `{ Type: 'Timer', TriggerName }`, and so
 * can anyone through HTTP access. CloudBase says who invoked a function in the invocation's
 * environment: TRIGGER_SRC is `timer` only for a timer trigger (`tcb` for the SDK, the app and
 * HTTP access), and a timer carries no WeChat user. The local cloud's gateway sets the same.
 */
function firedByTimer(ctx: ActionContext): boolean {
  return process.env.TRIGGER_SRC === 'timer' && !ctx.caller
}

function runTimer(fn: string, timers: Record<string, TimerJob>, event: CloudEvent, ctx: ActionContext) {
  if (event?.Type !== 'Timer') return Promise.resolve(failure('unknown_action', 'Type'))
  const name = typeof event.TriggerName === 'string' ? event.TriggerName : ''
  const job = timers[name]
  if (!job) return Promise.resolve(failure('unknown_action', 'TriggerName'))
  return respond(fn, `timer:${name}`, ctx, () => job(ctx))
}

function makeContext(device?: unknown): ActionContext {
  const caller = callerOpenid()
  return {
    device:
      typeof device === 'string' && (PLATFORMS as readonly string[]).includes(device)
        ? (device as Platform)
        : undefined,
    caller,
    get openid(): string {
      if (!caller) throw new DomainError('unauthenticated')
      return caller
    },
    now: now(),
    requestId: randomBytes(8).toString('hex'),
  }
}

function parseInput(schema: ZodType, event: CloudEvent): unknown {
  // `action` routes; `device` is the app's device (ctx.device); `userInfo` is added by
  // wx.cloud.callFunction and is never trusted.
  const { action: _action, userInfo: _userInfo, device: _device, ...input } = event
  // `__proto__`, `constructor`, `prototype` anywhere: refused like any unknown field, before zod
  // (whose records drop such a key silently) and before anything is written.
  const forbidden = forbiddenKeyPath(event)
  if (forbidden) throw new DomainError('invalid_argument', undefined, forbidden)
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const param = issue.path.length ? issue.path.join('.') : unrecognizedKey(issue)
  throw new DomainError('invalid_argument', undefined, param)
}

function unrecognizedKey(issue: { code: string; keys?: string[] }): string | undefined {
  return issue.code === 'unrecognized_keys' ? issue.keys?.[0] : undefined
}

async function respond(
  fn: string,
  action: string,
  ctx: ActionContext,
  run: () => Promise<unknown>,
): Promise<Envelope<unknown>> {
  try {
    return { ok: true, data: await run(), now: ctx.now.toISOString() }
  } catch (error) {
    if (error instanceof DomainError) {
      return {
        ok: false,
        error: { code: error.code, message: error.message, ...(error.param ? { param: error.param } : {}) },
      }
    }
    console.error(
      JSON.stringify({
        level: 'error',
        requestId: ctx.requestId,
        fn,
        action,
        error: String((error as Error)?.stack ?? error),
      }),
    )
    return failure('internal')
  }
}

function failure(code: ErrorCode, param?: string): Envelope<never> {
  return { ok: false, error: { code, message: messageFor(code, param), ...(param ? { param } : {}) } }
}

/** What CloudBase HTTP access (云接入) passes a function, and what it expects back. */
export interface HttpEvent {
  httpMethod?: string
  path?: string
  headers?: Record<string, string | undefined>
  body?: string
  isBase64Encoded?: boolean
}

export interface HttpReply {
  statusCode: number
  headers: Record<string, string>
  body: string
}

/**
 * A function the outside world calls over HTTP (WeChat Pay notifications). It answers WeChat's
 * way: 200/204 only after the work committed; 4xx for a request that must not be retried (not
 * verified), 5xx for one that should be (WeChat retries). Timers may share the function.
 */
export function createHttpMain(spec: {
  name: string
  handle: (req: { headers: Record<string, string>; body: string }, ctx: ActionContext) => Promise<void>
  /** Platform pushes delivered as a function event (消息推送), by their `Event` name. */
  pushes?: Record<string, (event: Record<string, unknown>, ctx: ActionContext) => Promise<unknown>>
  /** How a push is answered when the platform reads the answer (default: the envelope). */
  pushAnswer?: (result: Envelope<unknown>) => unknown
  timers?: Record<string, TimerJob>
}) {
  assertPaymentConfig(process.env)
  return async (event: HttpEvent & CloudEvent): Promise<HttpReply | Envelope<unknown> | unknown> => {
    const ctx = makeContext()
    if (firedByTimer(ctx)) return runTimer(spec.name, spec.timers ?? {}, event, ctx)
    if (event?.Type === 'Timer') return failure('unknown_action', 'Type')
    const push = typeof event?.Event === 'string' ? spec.pushes?.[event.Event] : undefined
    if (push) {
      // the platform pushes without a user; a mini-program user calling by name is not the platform
      const result = ctx.caller
        ? failure('forbidden')
        : await respond(spec.name, `push:${String(event.Event)}`, ctx, () => push(event, ctx))
      return spec.pushAnswer ? spec.pushAnswer(result) : result
    }
    // HTTP access carries no WeChat user; a mini-program user calling this function by name does.
    if (ctx.caller)
      return {
        statusCode: 403,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: 'FAIL', message: 'forbidden' }),
      }
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries(event?.headers ?? {})) if (typeof v === 'string') headers[k.toLowerCase()] = v
    const body = event?.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event?.body ?? '')
    const reply = (statusCode: number, code: string, message: string): HttpReply => ({
      statusCode,
      headers: { 'content-type': 'application/json' },
      body: statusCode < 300 ? '' : JSON.stringify({ code, message }),
    })
    try {
      await spec.handle({ headers, body }, ctx)
      return reply(204, 'SUCCESS', '')
    } catch (error) {
      if (error instanceof DomainError) {
        console.warn(JSON.stringify({ level: 'warn', requestId: ctx.requestId, fn: spec.name, code: error.code }))
        return reply(error.code === 'conflict' ? 503 : 400, 'FAIL', error.code)
      }
      console.error(
        JSON.stringify({
          level: 'error',
          requestId: ctx.requestId,
          fn: spec.name,
          error: String((error as Error)?.stack ?? error),
        }),
      )
      return reply(500, 'FAIL', 'internal')
    }
  }
}
