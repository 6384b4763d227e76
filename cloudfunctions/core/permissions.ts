/**
 * Who may do what in a circle (docs/features.md §4). One matrix, read by every action and by the app to
 * decide which buttons to show; docs/membership.md prints it. `null` is a visitor: signed in, but
 * not an active member (strangers, applicants, expired, removed and blacklisted people).
 *
 * Being muted is not a role: it takes away publishing only (core/moderation.ts decides it).
 */
import type { Role } from './vocabulary'
import { DomainError } from './errors'

const ALL: readonly Role[] = ['owner', 'partner', 'admin', 'guest', 'member']
/** The team that runs the circle day to day. */
const TEAM: readonly Role[] = ['owner', 'partner', 'admin']

export const PERMISSIONS = {
  'circle.read': ALL,
  'circle.edit': ['owner', 'partner'],
  'circle.close': ['owner'],
  'circle.setRole': ['owner'],
  'circle.viewMembers': ALL,
  'circle.announce': TEAM,
  // money: only the owner moves the circle's income; partners may see it (docs/features.md §4)
  'circle.seeIncome': ['owner', 'partner'],
  'circle.refund': ['owner'],
  'circle.withdraw': ['owner'],
  // membership (issue 4)
  'member.approve': TEAM,
  'member.moderate': TEAM,
  'member.grant': ['owner', 'partner'],
  'member.viewExpiring': TEAM,
  'member.invite': ALL,
  'member.viewChannels': TEAM,
  'circle.settings': ['owner', 'partner'],
  'report.create': ALL,
  'report.review': TEAM,
  // posts
  'post.create': ALL,
  'post.comment': ALL,
  'post.like': ALL,
  'post.pin': TEAM,
  'post.feature': TEAM,
  'post.setPreview': TEAM,
  'post.removeAny': TEAM,
  'comment.removeAny': TEAM,
  // engagement (issue 5)
  'challenge.manage': TEAM,
  'challenge.join': ALL,
  'qa.answer': ['owner', 'guest'],
  'qa.ask': ALL,
  'qa.peek': ALL,
  'event.manage': TEAM,
  'event.checkIn': TEAM,
  'event.signUp': ALL,
  'perk.manage': ['owner', 'partner'],
  'perk.claim': ALL,
  'points.grantTitle': ['owner'],
  // the owner's numbers (docs/stats.md): dashboard, segments and their actions, exports; tags and notes are the owner's own
  'stats.view': ['owner', 'partner'],
  'stats.act': ['owner', 'partner'],
  'stats.notes': ['owner'],
  // posts: scheduled posts, drafts and the content calendar (issue 12; docs/search.md)
  'post.schedule': TEAM,
  // growth: 抽奖 with 助力 (docs/growth.md); 助力 itself is open to any signed-in friend
  'lottery.manage': TEAM,
  'lottery.enter': ALL,
  // growth: 拼团 offers are prices, set by whoever sets prices; buying a seat is open to anyone signed in, like shop.order
  'group.manage': ['owner', 'partner'],
  // growth: 新人任务 and 邀请里程碑 (docs/growth.md); the owner and partners set them, members take part
  'growth.manage': ['owner', 'partner'],
  'growth.join': ALL,
} as const satisfies Record<string, readonly Role[]>

export type Permission = keyof typeof PERMISSIONS

export function can(role: Role | null, permission: Permission): boolean {
  return role !== null && (PERMISSIONS[permission] as readonly Role[]).includes(role)
}

/** Throws not_member for a visitor and forbidden for a member without the right. */
export function assertCan(role: Role | null, permission: Permission): asserts role is Role {
  if (can(role, permission)) return
  throw new DomainError(role === null ? 'not_member' : 'forbidden')
}

export const isTeam = (role: Role | null): boolean => role !== null && TEAM.includes(role)
