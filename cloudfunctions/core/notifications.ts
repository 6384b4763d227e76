/** In-app notifications (通知中心, issue 4 item 10): what one says, to whom, once. */

export type NotificationKind =
  | 'application_submitted'
  | 'application_approved'
  | 'application_rejected'
  | 'payment_reminder'
  | 'reply'
  | 'mention'
  | 'expiry_reminder'
  | 'expired'
  | 'renewed'
  | 'muted'
  | 'removed'
  | 'content_removed'
  | 'content_held'
  | 'report_resolved'
  | 'question_received'
  | 'question_answered'
  | 'question_refunded'
  | 'peek_income'
  | 'event_promoted'
  | 'event_reminder'
  | 'challenge_completed'
  | 'deposit_refunded'
  | 'perk_claimed'
  | 'title_granted'
  | 'lottery_won'
  | 'growth_reward'
  | 'system'

export interface NewNotification {
  /** Deterministic from the cause (e.g. `reply:${commentId}:${openid}`): notifying twice is a no-op. */
  id: string
  openid: string
  circleId: string | null
  kind: NotificationKind
  title: string
  body: string
  /** An app path to open, e.g. /packageCircle/pages/post/index?id=… */
  link: string | null
}

export interface NotificationRecord extends Omit<NewNotification, 'id'> {
  _id: string
  createdAt: Date
  readAt: Date | null
}

export function notificationRecord(n: NewNotification, now: Date): NotificationRecord {
  const { id, ...rest } = n
  return { _id: id, ...rest, createdAt: now, readAt: null }
}
