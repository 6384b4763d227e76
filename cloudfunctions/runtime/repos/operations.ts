/** jobs and alerts: the timers' resumable cursors (one document per job) and what they report to the operator. */
import { db, getById } from '../db'

const JOBS = 'jobs'
const ALERTS = 'alerts'

export const jobs = {
  /** A timer's saved state (its cursor), or null before its first run. */
  get: <T extends { _id: string }>(name: string) => getById<T>(db(), JOBS, name),
  /** Saves a timer's state whole, for its next run to resume from. */
  async save(name: string, state: Record<string, unknown>): Promise<void> {
    await db().collection(JOBS).doc(name).set({ data: state })
  },
}

export const alerts = {
  /** One line for the operator (a reconciliation mismatch). */
  async add(kind: string, message: string, now: Date): Promise<void> {
    await db()
      .collection(ALERTS)
      .add({ data: { kind, message, createdAt: now } })
  },
}
