/**
 * The `expire` timer (every 5 minutes): moves every group that can move (runtime/groups.ts
 * advanceGroup): forming groups past their deadline fail and refund their members; groups left
 * half done (completing, refunding: a crash after the deciding transaction) are finished. Paged
 * from a cursor kept in `jobs`, so a run stays within the function's timeout and the next one
 * resumes where it stopped; running it twice grants and refunds nobody twice.
 */
import type { GroupStatus } from '../core/group'
import { jobs } from '../runtime/repos/operations'
import { advanceGroup } from '../runtime/groups'
import { groups } from '../runtime/repos/groups'

const PAGE = 20
/** Groups moved per run (each costs a few calls per member). */
const RUN_LIMIT = 100
const JOB = 'groupExpire'

interface JobState {
  _id: string
  phase: GroupStatus
  cursor: string | null
}

const PHASES: GroupStatus[] = ['forming', 'completing', 'refunding']

export async function expire(now: Date): Promise<{ moved: number; more: boolean }> {
  const saved = await jobs.get<JobState>(JOB)
  let phase = saved?.phase && PHASES.includes(saved.phase) ? saved.phase : PHASES[0]
  let cursor = saved?.cursor ?? undefined
  let moved = 0
  for (;;) {
    const page = await groups.inStatus(phase, {
      before: phase === 'forming' ? now : undefined,
      cursor,
      limit: PAGE,
    })
    for (const g of page.rows) {
      await advanceGroup(g._id, now)
      moved++
    }
    cursor = page.nextCursor ?? undefined
    if (!page.nextCursor) {
      const next = PHASES.indexOf(phase) + 1
      if (next >= PHASES.length) {
        await save({ _id: JOB, phase: PHASES[0], cursor: null })
        return { moved, more: false }
      }
      phase = PHASES[next]
    }
    if (moved >= RUN_LIMIT) {
      await save({ _id: JOB, phase, cursor: cursor ?? null })
      return { moved, more: true }
    }
  }
}

async function save(state: JobState) {
  const { _id, ...rest } = state
  await jobs.save(_id, rest)
}
