/**
 * The shape of the root store (./index.ts): each slice's state and actions, declared here so the
 * slices (which need the whole state for `get()`) and the store that combines them import types
 * from one file below both, and src/store has no import cycle. The implementations, initial
 * states and selectors stay in each slice's own file.
 */
import type {
  CircleCard,
  CircleDetail,
  CirclePage,
  CircleType,
  CommentView,
  FeedPage,
  FeedTab,
  InputOf,
  JoinResult,
  Me,
  MemberView,
  MyCircle,
  OpenFileResult,
  PostView,
  Role,
} from '@core/contract'
import type { ApiError, DevUser } from '@/services/cloud'
import type { ListState, LoadMode, LoadStatus } from './list'

export interface RootSlice {
  /** Drops everything seen as the current user (on switching the demo user). */
  forgetViewerData: () => void
}

export type AppState = SessionSlice & CirclesSlice & FeedSlice & PostSlice & ComposeSlice & RootSlice

// ---- session (./session.ts) ----

export interface SessionSlice {
  me: Me | null
  sessionStatus: LoadStatus
  sessionError: ApiError | null
  /** H5 only: the demo user the local cloud treats as the caller. */
  devOpenid: string
  devUsers: DevUser[]
  devUsersStatus: LoadStatus
  devUsersError: ApiError | null
  signIn: () => Promise<void>
  updateMyProfile: (patch: { nickname?: string; avatarUrl?: string }) => Promise<Me>
  loadDevUsers: () => Promise<void>
  switchDevUser: (openid: string) => Promise<void>
  createDevUser: (nickname: string) => Promise<DevUser>
}

// ---- circles (./circles.ts) ----

export type DiscoverFilter = CircleType | 'all'

export interface CirclePageState {
  status: LoadStatus
  error: ApiError | null
  page: CirclePage | null
}

export interface CirclesSlice {
  discoverFilter: DiscoverFilter
  discover: Partial<Record<DiscoverFilter, ListState<CircleCard>>>
  mine: ListState<MyCircle>
  circlePages: Record<string, CirclePageState>
  members: Record<string, ListState<MemberView>>
  chooseDiscoverFilter: (filter: DiscoverFilter) => void
  loadDiscover: (mode?: LoadMode) => Promise<void>
  loadMine: (mode?: LoadMode) => Promise<void>
  loadCirclePage: (circleId: string) => Promise<void>
  /** Loads the circle's page unless it is on hand or on its way (pages that need it once: gates, editors). */
  ensureCirclePage: (circleId: string) => Promise<void>
  /** inviteCode: the invite the visitor came through (entry: recorded as the member's 渠道). */
  joinCircle: (circleId: string, inviteCode?: string) => Promise<JoinResult>
  createCircle: (input: InputOf<'circle', 'create'>) => Promise<CircleDetail>
  updateCircle: (input: InputOf<'circle', 'update'>) => Promise<CircleDetail>
  /** Content protection: images carry the viewer's nickname (circle.update watermark). */
  setCircleWatermark: (circleId: string, watermark: boolean) => Promise<void>
  closeCircle: (circleId: string) => Promise<CircleDetail>
  loadMembers: (circleId: string, mode?: LoadMode) => Promise<void>
  setMemberRole: (circleId: string, openid: string, role: Exclude<Role, 'owner'>) => Promise<MemberView>
  /** A team action changed a member (muted, removed): their row follows; null takes it off the list. */
  applyMemberChange: (circleId: string, openid: string, change: (m: MemberView) => MemberView | null) => void
  // ---- posts: 发现's search by circle name and tag (docs/search.md) ----
  circleSearch: Record<string, ListState<CircleCard>>
  searchCircles: (q: string, mode?: LoadMode) => Promise<void>
}

// ---- feed (./feed.ts) ----

export interface FeedQuery {
  circleId: string
  tab: FeedTab
  tag?: string
}

export interface FeedSlice {
  /** Post ids per circle+tab(+tag); the posts themselves live in `posts`. */
  feeds: Record<string, ListState<string>>
  /** The viewer's role per circle, as the last feed or circle page reported it. */
  viewerRoles: Record<string, Role>
  loadFeed: (q: FeedQuery, mode?: LoadMode) => Promise<void>
  /** A first page that arrived with the circle page (circle.get): shown without asking again. */
  seedFeed: (circleId: string, page: FeedPage) => void
  loadMoreFeed: (q: FeedQuery) => Promise<void>
  likePost: (postId: string) => Promise<void>
  pinPost: (postId: string, pinned: boolean) => Promise<void>
  featurePost: (postId: string, featured: boolean) => Promise<void>
  setPostPreview: (postId: string, inPreview: boolean) => Promise<void>
  /** `reason`: the team deleting someone else's post (shown to its author). */
  removePost: (postId: string, reason?: string) => Promise<void>
}

// ---- post (./post.ts) ----

export interface PostLoad {
  status: LoadStatus
  error: ApiError | null
}

export interface PostSlice {
  /** Every post the app has seen, by id: the feed, the detail page and previews share them. */
  posts: Record<string, PostView>
  postLoads: Record<string, PostLoad>
  comments: Record<string, ListState<CommentView>>
  loadPost: (postId: string) => Promise<void>
  loadComments: (postId: string, mode?: LoadMode) => Promise<void>
  commentOnPost: (postId: string, text: string, parentId?: string) => Promise<CommentView>
  /** `reason`: the team deleting someone else's comment (shown to its author). */
  removeComment: (postId: string, commentId: string, reason?: string) => Promise<void>
  /** A short-lived URL to open one attachment (禁止下载 files: preview only). */
  openPostFile: (postId: string, index: number) => Promise<OpenFileResult>
}

// ---- compose (./compose.ts) ----

export interface ComposeImage {
  key: string
  localPath: string
  fileID: string | null
  progress: number
  status: 'uploading' | 'done' | 'error'
}

/** A post attachment being uploaded (docs/content-security.md); noDownload: 禁止下载. */
export interface ComposeFile {
  key: string
  localPath: string
  name: string
  sizeBytes: number
  fileID: string | null
  progress: number
  status: 'uploading' | 'done' | 'error'
  noDownload: boolean
}

export interface ComposeState {
  circleId: string
  text: string
  images: ComposeImage[]
  files: ComposeFile[]
  submitting: boolean
  error: ApiError | null
}

export interface ComposeSlice {
  compose: ComposeState
  startCompose: (circleId: string) => void
  editComposeText: (text: string) => void
  addComposeImages: (localPaths: string[]) => Promise<void>
  retryComposeImage: (key: string) => Promise<void>
  removeComposeImage: (key: string) => void
  submitPost: () => Promise<PostView>
  addComposeFiles: (picked: { path: string; name: string; size: number }[]) => Promise<void>
  retryComposeFile: (key: string) => Promise<void>
  removeComposeFile: (key: string) => void
  toggleComposeFileNoDownload: (key: string) => void
}
