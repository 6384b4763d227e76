import { circleTerms } from '../core/circle'
import type { CircleRecord, PostRecord } from '../core/records'
import { searchTerms } from '../core/search'
import type { ActionContext } from '../runtime/handler'
import { backfill } from '../runtime/repos/search'

/** Records read per run and collection: each one lacking terms costs one update. */
export const BACKFILL_BATCH = 100

type PostFields = Pick<PostRecord, '_id' | 'text' | 'files' | 'terms' | 'hasFiles'>
type CircleFields = Pick<CircleRecord, '_id' | 'name' | 'tags' | 'terms'>

/** One page of one collection from the job's cursor; the job stops for good once it passed the end. */
async function page<T extends { _id: string }>(
  job: string,
  collection: string,
  fields: Record<string, true>,
  patchOf: (row: T) => Record<string, unknown> | null,
  now: Date,
) {
  const state = await backfill.state(job)
  if (state?.done) return { read: 0, written: 0, done: true }
  const rows = await backfill.page<T>(collection, state?.cursor ?? null, BACKFILL_BATCH, fields)
  let written = 0
  for (const row of rows) {
    const patch = patchOf(row)
    if (!patch) continue
    await backfill.setFields(collection, row._id, patch)
    written += 1
  }
  const done = rows.length < BACKFILL_BATCH
  await backfill.save({ _id: job, cursor: done ? null : rows[rows.length - 1]._id, done, updatedAt: now })
  return { read: rows.length, written, done }
}

/**
 * Gives posts and circles written before search existed their `terms` (and posts `hasFiles`), a
 * page per run from a cursor on _id (docs/search.md). New records get them in their own write, so
 * once the cursor has passed the end the job is done and each later run costs one read.
 */
export async function backfillSearch(ctx: ActionContext) {
  const posts = await page<PostFields>(
    'backfillSearch:posts',
    'posts',
    { text: true, files: true, terms: true, hasFiles: true },
    (p) =>
      Array.isArray(p.terms) && typeof p.hasFiles === 'boolean'
        ? null
        : { terms: searchTerms(p.text ?? ''), hasFiles: (p.files ?? []).length > 0 },
    ctx.now,
  )
  const circles = await page<CircleFields>(
    'backfillSearch:circles',
    'circles',
    { name: true, tags: true, terms: true },
    (c) => (Array.isArray(c.terms) ? null : { terms: circleTerms({ name: c.name, tags: c.tags ?? [] }) }),
    ctx.now,
  )
  return { posts, circles }
}
