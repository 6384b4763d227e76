import type { CircleRecord } from '../core/records'
import { cmd, db, getById, rowsOf } from '../runtime/db'
import type { ActionContext } from '../runtime/handler'
import { memberships } from '../runtime/repos/circles'

/** Circles checked per run: each costs one count, and the run must stay well inside the timeout. */
export const RECOUNT_BATCH = 50

interface JobState {
  _id: string
  cursor: string | null
  updatedAt: Date
}

/**
 * Rebuilds circles' memberCount from the memberships (counters are kept with _.inc in the join
 * transaction; this heals any drift). Returns what it checked and fixed.
 */
export async function recountMembers(ctx: ActionContext) {
  const jobs = db().collection('jobs')
  const state = await getById<JobState>(db(), 'jobs', 'recountMembers')
  const _ = cmd()
  const where = state?.cursor ? { _id: _.gt(state.cursor) } : {}
  const res = await db()
    .collection('circles')
    .where(where)
    .orderBy('_id', 'asc')
    .limit(RECOUNT_BATCH)
    .field({ memberCount: true })
    .get()
  const batch = rowsOf<Pick<CircleRecord, '_id' | 'memberCount'>>(res)
  let fixed = 0
  for (const circle of batch) {
    const actual = await memberships.countActive(circle._id)
    if (actual !== circle.memberCount) {
      await db()
        .collection('circles')
        .doc(circle._id)
        .update({ data: { memberCount: actual } })
      fixed += 1
    }
  }
  const done = batch.length < RECOUNT_BATCH
  const cursor = done ? null : batch[batch.length - 1]._id
  await jobs.doc('recountMembers').set({ data: { cursor, updatedAt: ctx.now } })
  return { checked: batch.length, fixed, done }
}
