/**
 * The expiry sweep (timer `sweep`): marks memberships whose term passed as `expired` and tells
 * each member once (「会员已到期」). Access never waits for it (core/access.ts computes it at
 * request time); the sweep tidies statuses and sends the notice.
 *
 * CloudBase limits shape it: ≤ 1000 records per read, so it works in pages of 1000 ordered by
 * (expiresAt, _id) on the index status_expiresAt; a run stops after a bounded number of pages (or
 * its time budget) to finish inside the function timeout, and the next run resumes from the
 * cursor kept in `jobs`. Each page costs 4 database calls whatever its size (read, the circles,
 * the notification ids, one batch insert) plus one where-update and the cursor write.
 * Idempotent: the notice id is derived from the membership and its term's end, and the update
 * repeats the rule in its filter, so a page done twice (a crash between notice and update) notifies once.
 */
import { settingsOf } from '../core/settings'
import { expiredNotice } from '../core/term'
import type { CircleRecord } from '../core/records'
import type { ActionContext } from '../runtime/handler'
import { notify } from '../runtime/notifications'
import { circles } from '../runtime/repos/circles'
import { termJobs, terms, type TermJobState } from '../runtime/repos/terms'

export const SWEEP_JOB = 'termSweep'
/** CloudBase answers at most 1000 records per read. */
export const SWEEP_PAGE = 1000

export interface SweepLimits {
  page: number
  /** Pages per run: the run must end well inside the timer's function timeout. */
  maxPages: number
  /** Wall-clock budget per run, ms (checked between pages). */
  budgetMs: number
  /** Test hook: runs after a page's notices are written and before its statuses are (to simulate a crash). */
  afterNotify?: (ids: string[]) => void | Promise<void>
}

export const DEFAULT_SWEEP_LIMITS: SweepLimits = { page: SWEEP_PAGE, maxPages: 20, budgetMs: 20_000 }

export interface SweepResult {
  pages: number
  expired: number
  notified: number
  /** true when the run reached the end of the due memberships (the cursor starts over next time). */
  done: boolean
}

/** Circles of a page, read once (names for the notices, grace days from their settings). */
export async function circlesOf(circleIds: string[]): Promise<Map<string, CircleRecord>> {
  const unique = [...new Set(circleIds)]
  const out = new Map<string, CircleRecord>()
  for (let i = 0; i < unique.length; i += 1000)
    for (const c of await circles.getMany(unique.slice(i, i + 1000))) out.set(c._id, c)
  return out
}

export async function sweepExpired(
  ctx: Pick<ActionContext, 'now'>,
  limits: SweepLimits = DEFAULT_SWEEP_LIMITS,
): Promise<SweepResult> {
  const started = Date.now()
  const state = await termJobs.get(SWEEP_JOB)
  let cursor = state?.cursor ?? null
  const result: SweepResult = { pages: 0, expired: 0, notified: 0, done: false }
  while (result.pages < limits.maxPages && Date.now() - started < limits.budgetMs) {
    const rows = await terms.dueForExpiry(ctx.now, cursor, limits.page)
    if (rows.length === 0) {
      result.done = true
      break
    }
    result.pages += 1
    const byId = await circlesOf(rows.map((m) => m.circleId))
    const notices = rows.map((m) => {
      const circle = byId.get(m.circleId)
      return expiredNotice(m, circle?.name ?? '圈子', circle ? settingsOf(circle).renewal.graceDays : 0)
    })
    await notify(notices, ctx.now)
    result.notified += notices.length
    await limits.afterNotify?.(rows.map((m) => m._id))
    // Member counts are left to the nightly recount (maintenance/recount.ts): taking the expired out
    // here would cost two calls per circle in the page (measured: 25× the sweep's calls).
    result.expired += await terms.markExpired(
      rows.map((m) => m._id),
      ctx.now,
    )
    const last = rows[rows.length - 1]
    cursor = { e: new Date(last.expiresAt!).getTime(), i: last._id }
    if (rows.length < limits.page) {
      result.done = true
      break
    }
    await saveCursor(state, cursor, ctx.now)
  }
  await saveCursor(state, result.done ? null : cursor, ctx.now, result.done)
  return result
}

async function saveCursor(
  state: TermJobState | null,
  cursor: TermJobState['cursor'],
  now: Date,
  finished = false,
): Promise<void> {
  await termJobs.put({
    _id: SWEEP_JOB,
    cursor,
    passes: (state?.passes ?? 0) + (finished ? 1 : 0),
    finishedAt: finished ? now : (state?.finishedAt ?? null),
    updatedAt: now,
  })
}
