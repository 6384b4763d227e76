/**
 * The control API (docs/control-api.md): what tests and demos drive the local cloud with. It exists
 * only here; production has nothing like it. Routes are plain data so a later part (the pay
 * simulator) adds its own under /_control/pay/… without touching the others.
 */
import type { IncomingMessage, ServerResponse } from 'http'
import { HttpError, readJson, sendJson } from './http'
import type { ControlRoute, LocalCloud } from './cloud'
import { PAYSIM_CONTROL_ROUTES } from './paysim/control'

const DAY_MS = 86_400_000

function clockView(cloud: LocalCloud) {
  return { now: cloud.clock.now().toISOString(), offsetMs: cloud.clock.offsetMs() }
}

export const CONTROL_ROUTES: ControlRoute[] = [
  {
    method: 'GET',
    path: '/health',
    handle: ({ cloud }) => cloud.health(),
  },
  {
    method: 'GET',
    path: '/clock',
    handle: ({ cloud }) => clockView(cloud),
  },
  {
    method: 'POST',
    path: '/clock',
    async handle({ cloud, body }) {
      if (body?.reset === true) {
        await cloud.scheduler.idle()
        cloud.clock.reset()
        cloud.clockChanged()
        return { ...clockView(cloud), fired: [] }
      }
      if (typeof body?.set === 'string') {
        const at = new Date(body.set)
        if (Number.isNaN(at.getTime())) throw new HttpError(400, 'invalid_argument', 'set must be an ISO 8601 instant')
        await cloud.scheduler.idle()
        cloud.clock.set(at)
        cloud.clockChanged()
        return { ...clockView(cloud), fired: [] }
      }
      if (body?.advanceMs !== undefined) {
        const ms = body.advanceMs
        if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > 3660 * DAY_MS) {
          throw new HttpError(
            400,
            'invalid_argument',
            'advanceMs must be a number of milliseconds ≥ 0 (to go back, use set)',
          )
        }
        const fired = await cloud.scheduler.advance(Math.round(ms))
        cloud.clockChanged()
        return { ...clockView(cloud), fired }
      }
      throw new HttpError(400, 'invalid_argument', 'send { set: ISO } or { advanceMs } or { reset: true }')
    },
  },
  {
    method: 'GET',
    path: '/timers',
    handle: ({ cloud }) => ({ timers: cloud.scheduler.list() }),
  },
  {
    method: 'POST',
    path: '/timers/:fn/:trigger/run',
    async handle({ cloud, params }) {
      const run = await cloud.scheduler.runNow(params.fn, params.trigger)
      if (!run) throw new HttpError(404, 'not_found', `no timer ${params.fn}/${params.trigger}`)
      return run
    },
  },
  {
    method: 'GET',
    path: '/db/counts',
    handle: ({ cloud }) => ({ total: cloud.db.totalCalls(), counts: cloud.db.callCounts() }),
  },
  {
    method: 'POST',
    path: '/db/counts/reset',
    handle({ cloud }) {
      cloud.db.resetCallCounts()
      return { total: cloud.db.totalCalls(), counts: cloud.db.callCounts() }
    },
  },
  {
    method: 'POST',
    path: '/reset',
    handle: async ({ cloud, body }) => cloud.reset({ seed: body?.seed !== false }),
  },
  // the pay simulator: /pay/state, /pay/next-notification/:ref, /pay/notifications/… (paysim/control.ts)
  ...PAYSIM_CONTROL_ROUTES,
]

function match(pattern: string, path: string): Record<string, string> | null {
  const a = pattern.split('/')
  const b = path.split('/')
  if (a.length !== b.length) return null
  const params: Record<string, string> = {}
  for (let i = 0; i < a.length; i++) {
    if (a[i].startsWith(':')) params[a[i].slice(1)] = decodeURIComponent(b[i])
    else if (a[i] !== b[i]) return null
  }
  return params
}

export async function handleControl(
  cloud: LocalCloud,
  routes: ControlRoute[],
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  const sub = path.replace(/^\/_control/, '').replace(/\/$/, '') || '/'
  let allowed = false
  for (const route of routes) {
    const params = match(route.path, sub)
    if (!params) continue
    allowed = true
    if (route.method !== req.method) continue
    const body = req.method === 'POST' ? await readJson(req) : undefined
    sendJson(res, 200, await route.handle({ cloud, params, body, req }))
    return
  }
  if (allowed) throw new HttpError(405, 'invalid_argument', `${req.method} is not allowed on ${path}`)
  throw new HttpError(404, 'not_found', `no control route ${req.method} ${path}`)
}
