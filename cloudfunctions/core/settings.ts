/**
 * A circle's owner-configurable rules (docs/features.md: every "configurable"), one part per feature.
 * Stored on the circle as `settings`; a part that was never saved reads as its defaults, so old
 * circles and new ones follow the same rules.
 */
import { DEFAULT_SEGMENT_RULES, type SegmentRules } from './stats'

export type QuestionKind = 'text' | 'single' | 'multiple'

export interface ApprovalQuestion {
  id: string
  kind: QuestionKind
  title: string
  /** Choices for single and multiple (2–10); empty for text. */
  options: string[]
  required: boolean
}

/** Entry (docs/features.md §2). */
export interface EntrySettings {
  /** The approval questionnaire, ≤ 10 questions. */
  questions: ApprovalQuestion[]
  /** Approval + paid: how long an approved applicant has to pay. */
  payWindowHours: number
  /** Free trial of N days, once per user per circle (0: none). Paid circles only. */
  trialDays: number
}

/** Term, expiry and renewal (docs/features.md §3). */
export interface RenewalSettings {
  /** Renewal price as a share of the base price, each 5000–10000 bps. */
  beforeExpiryBps: number
  /** Within 30 days after expiry. */
  within30DaysBps: number
  laterBps: number
  /** Read-only access for N days after expiry (0: locked at once). */
  graceDays: number
  /** Reminders this many days before expiry. */
  reminderDays: number[]
}

/** Moderation (docs/features.md §4). */
export interface ModerationSettings {
  muteAll: boolean
  /** Asia/Shanghai wall-clock window when only the team may publish; null: none. */
  quietHours: { start: string; end: string } | null
  /** New members may read but not publish for their first N days (0: off). */
  newMemberMuteDays: number
}

/** Content protection (docs/features.md §4). */
export interface ProtectionSettings {
  /** Images carry the viewer's nickname as a watermark. */
  watermark: boolean
}

/** Paid Q&A (docs/features.md §7). */
export interface QaSettings {
  /** Free questions per member per term. */
  freeQuestionsPerTerm: number
  /** Unanswered questions are refunded after this many hours (24–168). */
  expireHours: number
  peekPriceFen: number
  /** The asker's share of peek income after the platform fee; the answerer gets the rest. */
  askerShareBps: number
  /**
   * 平台收付通: a guest answerer's share of each paid question (and of each peek of their answer),
   * of the order amount, paid to them by 分账; the owner keeps the rest. With the platform fee it
   * must fit WeChat's 30 % cap (checked when saved). 直连 ignores it: the guest earns all after fees.
   */
  guestShareBps: number
}

export type PointReason = 'post' | 'featured' | 'answer' | 'checkin' | 'invite'

/** Points and honor titles (docs/features.md §9). */
export interface PointsSettings {
  weights: Record<PointReason, number>
  /** Titles earned at a monthly-independent total; sorted by minPoints ascending. */
  titles: { name: string; minPoints: number }[]
}

export interface CircleSettings {
  entry?: EntrySettings
  renewal?: RenewalSettings
  moderation?: ModerationSettings
  protection?: ProtectionSettings
  qa?: QaSettings
  points?: PointsSettings
  /** Member segments (docs/stats.md). */
  segments?: SegmentRules
}

export const DEFAULT_SETTINGS: Required<CircleSettings> = {
  entry: { questions: [], payWindowHours: 72, trialDays: 0 },
  renewal: {
    beforeExpiryBps: 10_000,
    within30DaysBps: 10_000,
    laterBps: 10_000,
    graceDays: 0,
    reminderDays: [7, 3, 1],
  },
  moderation: { muteAll: false, quietHours: null, newMemberMuteDays: 0 },
  protection: { watermark: false },
  qa: { freeQuestionsPerTerm: 0, expireHours: 72, peekPriceFen: 100, askerShareBps: 5000, guestShareBps: 2000 },
  points: {
    weights: { post: 2, featured: 10, answer: 5, checkin: 1, invite: 5 },
    titles: [
      { name: '活跃成员', minPoints: 50 },
      { name: '核心成员', minPoints: 200 },
    ],
  },
  segments: DEFAULT_SEGMENT_RULES,
}

/** Every part of a circle's settings, defaults filled in. */
export function settingsOf(circle: { settings?: CircleSettings }): Required<CircleSettings> {
  const s = circle.settings ?? {}
  return {
    entry: { ...DEFAULT_SETTINGS.entry, ...s.entry },
    renewal: { ...DEFAULT_SETTINGS.renewal, ...s.renewal },
    moderation: { ...DEFAULT_SETTINGS.moderation, ...s.moderation },
    protection: { ...DEFAULT_SETTINGS.protection, ...s.protection },
    qa: { ...DEFAULT_SETTINGS.qa, ...s.qa },
    points: { ...DEFAULT_SETTINGS.points, ...s.points },
    segments: { ...DEFAULT_SETTINGS.segments, ...s.segments },
  }
}
