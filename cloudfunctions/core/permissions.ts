/**
 * Who may do what in a circle. One matrix, read by every action (and by the app to decide which
 * buttons to show). `null` is a visitor: signed in, but not an active member.
 */
import type { Role } from './contract'
import { DomainError } from './errors'

export const PERMISSIONS = {
  'circle.read': ['owner', 'admin', 'member'],
  'circle.edit': ['owner'],
  'circle.close': ['owner'],
  'circle.setRole': ['owner'],
  'circle.viewMembers': ['owner', 'admin', 'member'],
  // money: only the owner sees and moves the circle's income (product.md §4)
  'circle.seeIncome': ['owner'],
  'circle.refund': ['owner'],
  'circle.withdraw': ['owner'],
  'post.create': ['owner', 'admin', 'member'],
  'post.comment': ['owner', 'admin', 'member'],
  'post.like': ['owner', 'admin', 'member'],
  'post.pin': ['owner', 'admin'],
  'post.feature': ['owner', 'admin'],
  'post.setPreview': ['owner', 'admin'],
  'post.removeAny': ['owner', 'admin'],
  'comment.removeAny': ['owner', 'admin'],
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
