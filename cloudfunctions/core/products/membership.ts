/**
 * The membership term an entry or a pass order adds, and how its refund takes exactly that back.
 * Fulfilment records `{ fromAt, toAt }` on the order; a full refund subtracts `toAt − fromAt` from
 * the membership's expiry as it is then (a later purchase that extended it keeps its own days).
 * The membership ends only when nothing is left: the expiry would fall at or before now.
 */
import type { OrderGrant } from './types'

const DAY_MS = 86_400_000

/** The grant of a term that moved the expiry from `before` (null or past: from now) to `after`. */
export function termGrant(before: Date | null, after: Date, now: Date): OrderGrant {
  const fromAt = before && before.getTime() > now.getTime() ? before : now
  return { kind: 'term', fromAt, toAt: after }
}

/** How long the grant added, in ms (never negative: a cohort end before the old expiry added nothing). */
export function grantedMs(grant: OrderGrant | null | undefined, fallbackDays: number | null): number {
  if (grant && grant.kind === 'term')
    return Math.max(0, new Date(grant.toAt).getTime() - new Date(grant.fromAt).getTime())
  // Orders paid before grants were recorded: their rolling days, or (a cohort) everything.
  return fallbackDays !== null ? fallbackDays * DAY_MS : Number.POSITIVE_INFINITY
}

/**
 * The membership after a full refund of a term: its expiry less what the order added; `ends` when
 * nothing backs it any more (the new expiry is not after now).
 */
export function revokeTerm(expiresAt: Date | null, ms: number, now: Date): { expiresAt: Date; ends: boolean } {
  if (!expiresAt) return { expiresAt: now, ends: true }
  const next = new Date(expiresAt).getTime() - ms
  if (!Number.isFinite(next) || next <= now.getTime()) return { expiresAt: now, ends: true }
  return { expiresAt: new Date(next), ends: false }
}
