import type { ActionContext } from '../runtime/handler'
import { jobs } from '../runtime/repos/operations'
import { circles, memberships } from '../runtime/repos/circles'

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
  const state = await jobs.get<JobState>('recountMembers')
  const batch = await circles.countsAfter(state?.cursor ?? null, RECOUNT_BATCH)
  let fixed = 0
  for (const circle of batch) {
    const actual = await memberships.countActive(circle._id)
    if (actual !== circle.memberCount) {
      await circles.update(circle._id, { memberCount: actual })
      fixed += 1
    }
  }
  const done = batch.length < RECOUNT_BATCH
  const cursor = done ? null : batch[batch.length - 1]._id
  await jobs.save('recountMembers', { cursor, updatedAt: ctx.now })
  return { checked: batch.length, fixed, done }
}
