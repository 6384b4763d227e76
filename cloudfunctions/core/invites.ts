/**
 * Invitations (邀请, docs/features.md §2): an invite code carries the inviter and a channel tag (渠道)
 * into every entry path, so the member list shows where each member came from and a paid entry
 * credits the inviter's referral share. Pure rules; the code itself is made in runtime (a hash).
 */
import type { MembershipSource, UserSnapshot } from './records'

/** What an invite code stands for. `_id` is the code (also the mini-program code's `scene`). */
export interface InviteRecord {
  _id: string
  circleId: string
  inviterId: string
  inviter: UserSnapshot
  /** 渠道 tag, e.g. 公众号; null: no tag. */
  channel: string | null
  createdAt: Date
}

export interface InviteAttribution {
  inviterId: string | null
  channel: string | null
}

export const NO_ATTRIBUTION: InviteAttribution = { inviterId: null, channel: null }

/**
 * Who brought `buyer` in, from an invite (or nothing). An invite of another circle, or none,
 * attributes nothing; one's own invite keeps its channel but names no inviter (self-referral
 * earns nothing).
 */
export function attributionOf(invite: InviteRecord | null, circleId: string, buyer: string): InviteAttribution {
  if (!invite || invite.circleId !== circleId) return NO_ATTRIBUTION
  return { inviterId: invite.inviterId === buyer ? null : invite.inviterId, channel: invite.channel }
}

export function sourceOf(kind: MembershipSource['kind'], attribution: InviteAttribution): MembershipSource {
  return { kind, inviterId: attribution.inviterId, channel: attribution.channel }
}

/** Invite codes are 10 characters of [A-Za-z0-9_-]: short enough for a QR scene (≤ 32), never guessed. */
export const INVITE_CODE = /^[A-Za-z0-9_-]{10}$/
