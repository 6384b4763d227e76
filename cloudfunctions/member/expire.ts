/**
 * Timer `expireApplications`: tidies the stored status of applications whose 7 days passed
 * unreviewed. Access and the queue never wait for it (both compute the lapse at read time). Works
 * in pages of ≤ 1000, a bounded number per run, and resumes from a cursor kept in `jobs`.
 */
import type { ActionContext } from '../runtime/handler'
import { jobs } from '../runtime/repos/operations'
import { applications } from '../runtime/repos/applications'

const JOB = 'expireApplications'
const PAGE = 1000
const PAGES_PER_RUN = 5

interface JobState {
  _id: string
  cursor: { e: number; i: string } | null
}

export async function expireApplications(ctx: ActionContext, opts: { pageSize?: number; pages?: number } = {}) {
  const pageSize = Math.min(opts.pageSize ?? PAGE, PAGE)
  const state = await jobs.get<JobState>(JOB)
  let cursor = state?.cursor ?? null
  let expired = 0
  let pages = 0
  let done = false
  while (pages < (opts.pages ?? PAGES_PER_RUN)) {
    const rows = await applications.lapsed({ now: ctx.now, after: cursor, limit: pageSize })
    pages++
    expired += await applications.markExpired(
      rows.map((r) => r._id),
      ctx.now,
    )
    if (rows.length < pageSize) {
      done = true
      cursor = null
      break
    }
    const last = rows[rows.length - 1]
    cursor = { e: new Date(last.expiresAt).getTime(), i: last._id }
  }
  await jobs.save(JOB, { cursor, updatedAt: ctx.now })
  return { expired, pages, done }
}
