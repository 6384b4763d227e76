/**
 * Points (积分, product.md §9): awarded after the action that earned them committed, once per
 * cause (the event id is derived from it), weighted by the circle's settings.
 *
 * TEMPORARY (integration in progress this session): the points work fills this in; callers
 * already use this signature.
 */
import type { PointReason } from '../core/settings'

export interface PointAward {
  circleId: string
  openid: string
  reason: PointReason
  /** What earned it (post id, check-in id, question id, invitee openid): the idempotency key. */
  refId: string
}

export async function awardPoints(_awards: PointAward[], _now: Date): Promise<void> {}
