/**
 * The circle's feature entries shown on its feed page, one line each, grouped by feature.
 * `permission` decides who sees the entry (the same matrix the server enforces).
 * `team` entries appear in the 管理 row, the rest in the members' row.
 */
import type { Permission } from '@core/permissions'
import type { IconName } from '@/components/Icon'

export interface CircleFeature {
  key: string
  label: string
  /** The tile's icon (components/Icon.tsx: Lucide, inlined at build time). */
  icon: IconName
  url: (circleId: string) => string
  permission: Permission
  team?: boolean
}

const q = (circleId: string) => `circleId=${encodeURIComponent(circleId)}`

export const CIRCLE_FEATURES: CircleFeature[] = [
  // ---- entry ----
  {
    key: 'invite',
    label: '邀请好友',
    icon: 'invite',
    url: (id) => `/packageJoin/pages/invite/index?${q(id)}`,
    permission: 'member.invite',
  },
  {
    key: 'applications',
    label: '入圈审核',
    icon: 'applications',
    url: (id) => `/packageJoin/pages/applications/index?${q(id)}`,
    permission: 'member.approve',
    team: true,
  },
  {
    key: 'questionnaire',
    label: '入圈问卷',
    icon: 'questionnaire',
    url: (id) => `/packageJoin/pages/questionnaire/index?${q(id)}`,
    permission: 'circle.settings',
    team: true,
  },
  {
    key: 'grant',
    label: '赠送会员',
    icon: 'grant',
    url: (id) => `/packageJoin/pages/grant/index?${q(id)}`,
    permission: 'member.grant',
    team: true,
  },
  // ---- pricing ----
  // ---- lifecycle ----
  {
    key: 'expiring',
    label: '到期成员',
    icon: 'expiring',
    url: (c) => `/packageInbox/pages/expiring/index?${q(c)}`,
    permission: 'member.viewExpiring',
    team: true,
  },
  // ---- moderation ----
  {
    key: 'members',
    label: '成员管理',
    icon: 'members',
    url: (id) => `/packageCircle/pages/members/index?${q(id)}`,
    permission: 'member.moderate',
    team: true,
  },
  {
    key: 'reports',
    label: '举报处理',
    icon: 'reports',
    url: (id) => `/packageAdmin/pages/reports/index?${q(id)}`,
    permission: 'report.review',
    team: true,
  },
  {
    key: 'moderation',
    label: '发言管理',
    icon: 'moderation',
    url: (id) => `/packageAdmin/pages/settings/index?${q(id)}`,
    permission: 'member.moderate',
    team: true,
  },
  {
    key: 'blacklist',
    label: '黑名单',
    icon: 'blacklist',
    url: (id) => `/packageAdmin/pages/blacklist/index?${q(id)}`,
    permission: 'member.moderate',
    team: true,
  },
  // ---- content: content security, held content, files, watermark ----
  {
    key: 'review',
    label: '内容审核',
    icon: 'review',
    url: (c) => `/packageCircle/pages/review/index?${q(c)}`,
    permission: 'post.removeAny',
    team: true,
  },
  // ---- challenge ----
  {
    key: 'checkin',
    label: '打卡',
    icon: 'checkin',
    url: (c) => `/packageCheckin/pages/list/index?${q(c)}`,
    permission: 'circle.read',
  },
  // ---- qa ----
  {
    key: 'qa',
    label: '问答',
    icon: 'qa',
    url: (c) => `/packageQa/pages/home/index?${q(c)}`,
    permission: 'circle.read',
  },
  // ---- event ----
  {
    key: 'events',
    label: '活动',
    icon: 'events',
    url: (c) => `/packageEvent/pages/list/index?${q(c)}`,
    permission: 'circle.read',
  },
  // ---- perk ----
  {
    key: 'perks',
    label: '权益',
    icon: 'perks',
    url: (c) => `/packagePerk/pages/perks/index?${q(c)}`,
    permission: 'perk.claim',
  },
  {
    key: 'points',
    label: '积分榜',
    icon: 'points',
    url: (c) => `/packagePerk/pages/points/index?${q(c)}`,
    permission: 'circle.read',
  },
  // ---- stats ----
  {
    key: 'stats',
    label: '数据看板',
    icon: 'stats',
    url: (c) => `/packageStats/pages/dashboard/index?${q(c)}`,
    permission: 'stats.view',
    team: true,
  },
  {
    key: 'segments',
    label: '成员分群',
    icon: 'segments',
    url: (c) => `/packageStats/pages/members/index?${q(c)}`,
    permission: 'stats.view',
    team: true,
  },
  // ---- lottery ----
  {
    key: 'lottery',
    label: '抽奖',
    icon: 'lottery',
    url: (c) => `/packageGrowth/pages/list/index?${q(c)}`,
    permission: 'circle.read',
  },
  {
    key: 'lotteryCreate',
    label: '发起抽奖',
    icon: 'lottery',
    url: (c) => `/packageGrowth/pages/create/index?${q(c)}`,
    permission: 'lottery.manage',
    team: true,
  },
  // ---- group: 拼团 ----
  {
    key: 'group',
    label: '拼团',
    icon: 'group',
    url: (c) => `/packageGroup/pages/offers/index?${q(c)}`,
    permission: 'circle.read',
  },
  {
    key: 'groupManage',
    label: '管理拼团',
    icon: 'group',
    url: (c) => `/packageGroup/pages/manage/index?${q(c)}`,
    permission: 'group.manage',
    team: true,
  },
  // ---- growth: newcomer tasks and invite milestones ----
  {
    key: 'newcomer',
    label: '新人任务',
    icon: 'grant',
    url: (c) => `/packageGrowth/pages/newcomer/index?${q(c)}`,
    permission: 'growth.join',
  },
  {
    key: 'milestones',
    label: '邀请有礼',
    icon: 'invite',
    url: (c) => `/packageGrowth/pages/milestones/index?${q(c)}`,
    permission: 'growth.join',
  },
  {
    key: 'growthSettings',
    label: '新人与邀请',
    icon: 'questionnaire',
    url: (c) => `/packageGrowth/pages/settings/index?${q(c)}`,
    permission: 'growth.manage',
    team: true,
  },
  // ---- posts: scheduled posts, drafts and the content calendar ----
  {
    key: 'schedule',
    label: '定时发布',
    icon: 'schedule',
    url: (c) => `/packageCircle/pages/schedule/index?${q(c)}`,
    permission: 'post.schedule',
    team: true,
  },
]
