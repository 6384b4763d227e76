import { randomBytes } from 'crypto'

/**
 * A new document id: time-ordered (so ids sort like creation times, which keeps cursor ties
 * stable) plus 48 random bits. Things that must happen once use deterministic ids instead
 * (core/records.ts).
 */
export function newId(now: Date): string {
  return now.getTime().toString(36).padStart(9, '0') + randomBytes(6).toString('hex')
}
