/**
 * Product limits (docs/features.md). One place, read by the schemas (core/contracts), the rules and the
 * app: the contract takes its bounds from here, never from a rule file, and the app gets them without zod.
 */
export const LIMITS = {
  circleNameMin: 2,
  circleNameMax: 30,
  introChars: 2000,
  shortTextChars: 100,
  rulesChars: 2000,
  welcomeChars: 500,
  announcementChars: 500,
  circleTags: 5,
  tagChars: 10,
  nicknameChars: 20,
  postChars: 10_000,
  postImages: 9,
  postTags: 10,
  commentChars: 1000,
  pinnedPosts: 3,
  previewPosts: 5,
  pageSize: 20,
  /** CloudBase returns at most 1000 records per read. */
  maxReadBatch: 1000,
} as const

// ---------- Posts' attachments and the review queue (core/content.ts). ----------
export const CONTENT_LIMITS = {
  /** Files per post. */
  postFiles: 5,
  fileNameChars: 80,
  /** Bytes per file (the mini-program uploads at most this much comfortably). */
  fileBytes: 50 * 1024 * 1024,
  reviewReasonChars: 100,
  /** Seconds a file URL stays valid. */
  fileUrlSeconds: 600,
} as const

// ---------- 活动 (core/event.ts). ----------
export const EVENT_LIMITS = {
  titleMin: 2,
  titleMax: 40,
  descriptionChars: 2000,
  addressChars: 100,
  capacityMax: 10_000,
  formFields: 10,
  fieldLabelChars: 20,
  choiceOptions: 10,
  optionChars: 20,
  answerChars: 200,
  contactNameChars: 20,
  /** A promoted waitlisted person has this long to pay (docs/features.md §8). */
  promotedPayHours: 24,
  /** The door stays open this long after the end (late scans of a long day). */
  checkInGraceHours: 24,
  /** Rows per CSV page: one read, well under CloudBase's 1000. */
  exportPageRows: 500,
} as const

// ---------- 抽奖 (core/lottery.ts). ----------
export const LOTTERY_LIMITS = {
  titleChars: 40,
  prizeTitleChars: 30,
  prizes: 5,
  /** Winners of one prize line; the sum over a lottery stays small enough to keep on its document. */
  maxStock: 50,
  maxWinners: 100,
  /** 助力 cap: extra chances one entrant may collect. */
  maxHelpCap: 20,
  /** The draw time is at least this far ahead when the lottery is created, and at most 30 days. */
  minLeadMs: 10 * 60_000,
  maxLeadMs: 30 * 86_400_000,
  seedBytes: 32,
  /** Entry conditions: check-in days asked (over the circle's challenges) and the points cost. */
  maxCheckinDays: 365,
  maxPointsCost: 100_000,
  maxPrizePoints: 100_000,
} as const

// ---------- 新人任务, 邀请里程碑, rewards (core/growth.ts). ----------
export const GROWTH_LIMITS = {
  /** The circle home shows the newcomer card for this many days after joining (the page stays reachable). */
  newcomerCardDays: 30,
  guideTitleChars: 20,
  guideBodyChars: 2000,
  milestones: 5,
  maxMilestoneInvitees: 200,
  /** Paid invitees read for one count (one indexed read: milestones above this are refused). */
  inviteeReadLimit: 1000,
  maxRewardPoints: 100_000,
  couponDays: 90,
  monthDays: 30,
} as const

// ---------- 问答 (core/qa.ts). ----------
export const QA_LIMITS = {
  questionChars: 2000,
  questionImages: 3,
  answerChars: 5000,
  answerImages: 9,
  declineReasonChars: 200,
  /** 1 元: the least an answerer may ask (and Apple's minimum for virtual goods). */
  minPriceFen: 100,
  maxPriceFen: 500_000,
  pricePresetsFen: [100, 500, 1000, 2000, 5000] as readonly number[],
  minExpireHours: 24,
  maxExpireHours: 168,
  minPeekPriceFen: 100,
  maxPeekPriceFen: 10_000,
  maxFreeQuestionsPerTerm: 100,
  /** Questions refunded per page of the expiry sweep (each refund is a handful of database calls). */
  expirePage: 50,
} as const

// ---------- Member segments, tags and notes, win-back (core/stats.ts). ----------
/** Days of activity a member's summary keeps: the longest window a rule may look back. */
export const ACTIVITY_DAYS_KEPT = 60

/** Bounds of each segment rule (core/stats.ts SegmentRules), [min, max]. */
export const SEGMENT_RULE_LIMITS = {
  windowDays: [7, ACTIVITY_DAYS_KEPT],
  coreMinDays: [1, ACTIVITY_DAYS_KEPT],
  coreStreakDays: [1, ACTIVITY_DAYS_KEPT],
  coreMinTenureDays: [0, 3650],
  silentDays: [3, ACTIVITY_DAYS_KEPT],
  expiringDays: [1, 90],
} as const satisfies Record<string, readonly [number, number]>

export const CRM_LIMITS = { tags: 10, tagChars: 12, noteChars: 500 } as const

export const WINBACK_LIMITS = { minFen: 100, maxFen: 100_000, minDays: 3, maxDays: 90 } as const

// ---------- Search (core/search.ts). ----------
/** Limits of the index. */
export const SEARCH_LIMITS = {
  /** Distinct bigrams kept on one post (a 10 000-character post has up to ~10 000): text past the cap is not found. */
  termsPerRecord: 2000,
  /** Bigrams of a keyword sent to the database (`_.all`); the rest of the keyword is verified on the page. */
  termsPerQuery: 8,
  /** Keyword length in characters. */
  keywordChars: 30,
  /** Posts read per search call; a page shows those of them that really contain the keyword. */
  pageSize: 20,
} as const

// ---------- 打卡挑战 (core/challenge.ts). ----------
export const CHALLENGE_LIMITS = {
  maxDays: 100,
  titleChars: 30,
  rulesChars: 2000,
  textChars: 2000,
  images: 9,
  maxMinWords: 500,
  maxMakeups: 10,
  maxDepositFen: 100_000,
  minDepositFen: 100,
  maxRewardPoints: 1000,
  honorTitleChars: 8,
  leaderboardSize: 50,
} as const

// ---------- 入圈申请 (core/entry.ts). ----------
/** docs/features.md §2: ≤ 10 questions, choices 2–10, an applicant note ≤ 30 characters. */
export const ENTRY_LIMITS = {
  questions: 10,
  questionTitleChars: 50,
  options: 10,
  optionChars: 30,
  answerChars: 200,
  noteChars: 30,
  rejectReasonChars: 100,
  /** Pending applications lapse after this many days (docs/features.md §2). */
  applicationDays: 7,
  channelChars: 12,
  compDaysMax: 3650,
} as const

// ---------- The membership lifecycle (core/term.ts). ----------
/** The owner's expiring list windows (days either side of now). */
export const EXPIRING_WINDOWS = [7, 30, 90] as const

// ---------- 拼团 (core/group.ts). ----------
export const GROUP_LIMITS = {
  minSize: 2,
  maxSize: 10,
  minHours: 1,
  maxHours: 72,
  /** Open offers per circle. */
  maxOpenOffers: 10,
  titleChars: 30,
} as const
