/** Product limits (docs/features.md §1, §5). One place, read by the schemas, the rules and the app. */
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
