/**
 * Jobs only the platform calls, on the timers in config.json. Each run does a bounded amount of
 * work (CloudBase timers must finish within the function timeout) and resumes from a cursor kept
 * in the `jobs` collection, so a large product is covered over several runs.
 */
import { createTimerMain } from '../runtime/handler'
import { recountMembers } from './recount'
import { backfillSearch } from './searchIndex'

export const main = createTimerMain({ name: 'maintenance', timers: { recountMembers, backfillSearch } })
