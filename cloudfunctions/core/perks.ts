/**
 * Member perks (会员权益), docs/features.md §9: what a perk gives, who may claim it, and the claim
 * itself. A member claims a perk once; a code from the pool goes to exactly one member (the
 * claim takes the code at the perk's claimed count, in the transaction that increments it).
 */
import { DomainError } from './errors'
import type { MembershipRecord } from './records'

export type PerkKind = 'codes' | 'link' | 'offline' | 'course'

export type PerkEligibility = { kind: 'all' } | { kind: 'tenure'; minDays: number } | { kind: 'pass' }

export const PERK_KIND_LABELS: Record<PerkKind, string> = {
  codes: '兑换码',
  link: '专属链接',
  offline: '线下权益',
  course: '课程权益',
}

export const MAX_PERK_CODES = 1000

export interface PerkRecord {
  _id: string
  circleId: string
  title: string
  description: string
  kind: PerkKind
  /** link: the URL revealed on claiming. */
  link: string
  /** course: the course a claim unlocks for life. */
  courseId: string | null
  eligibility: PerkEligibility
  /** How many may claim: the pool size for codes; null for unlimited (other kinds). */
  stock: number | null
  claimedCount: number
  status: 'active' | 'archived'
  createdBy: string
  createdAt: Date
  updatedAt: Date
}

/** One code of a pool: _id `${perkId}:${index}`, index 0… in the order the owner gave them. */
export interface PerkCodeRecord {
  _id: string
  perkId: string
  index: number
  code: string
}

/** _id `${perkId}:${openid}`: one claim per member per perk. */
export interface PerkClaimRecord {
  _id: string
  perkId: string
  circleId: string
  openid: string
  user: { nickname: string; avatarUrl: string }
  /** codes: the code given; offline: a code the member shows on site; others: null. */
  code: string | null
  claimedAt: Date
}

export const perkClaimId = (perkId: string, openid: string) => `${perkId}:${openid}`
export const perkCodeId = (perkId: string, index: number) => `${perkId}:${index}`

const DAY_MS = 86_400_000

/** Why a member may not claim now, or null when they may. */
export function ineligibility(
  perk: Pick<PerkRecord, 'eligibility'>,
  membership: Pick<MembershipRecord, 'joinedAt'>,
  holdsPass: boolean,
  now: Date,
): 'perk_tenure_required' | 'perk_pass_required' | null {
  const e = perk.eligibility
  if (e.kind === 'tenure' && now.getTime() - new Date(membership.joinedAt).getTime() < e.minDays * DAY_MS)
    return 'perk_tenure_required'
  if (e.kind === 'pass' && !holdsPass) return 'perk_pass_required'
  return null
}

export function eligibilityText(e: PerkEligibility): string {
  if (e.kind === 'tenure') return `入圈满 ${e.minDays} 天可领`
  if (e.kind === 'pass') return '年卡会员可领'
  return '全体成员可领'
}

/**
 * The claim a member makes now, and the perk's next count. Throws when the perk is over, out of
 * stock, or already claimed by them. `code` is the pool code at the current count (read in the
 * same transaction), or a generated on-site code for offline perks.
 */
export function decideClaim(args: {
  perk: PerkRecord
  existing: PerkClaimRecord | null
  openid: string
  user: { nickname: string; avatarUrl: string }
  poolCode: string | null
  offlineCode: string
  now: Date
}): { claim: PerkClaimRecord; claimedCount: number } {
  const { perk, existing, now } = args
  if (existing) throw new DomainError('perk_already_claimed')
  if (perk.status !== 'active') throw new DomainError('perk_unavailable')
  if (perk.stock !== null && perk.claimedCount >= perk.stock) throw new DomainError('perk_out_of_stock')
  let code: string | null = null
  if (perk.kind === 'codes') {
    if (!args.poolCode) throw new DomainError('perk_out_of_stock')
    code = args.poolCode
  } else if (perk.kind === 'offline') {
    code = args.offlineCode
  }
  return {
    claim: {
      _id: perkClaimId(perk._id, args.openid),
      perkId: perk._id,
      circleId: perk.circleId,
      openid: args.openid,
      user: args.user,
      code,
      claimedAt: now,
    },
    claimedCount: perk.claimedCount + 1,
  }
}

/** Stock after the owner saves: codes perks are as big as their pool; others as the owner set. */
export function stockOf(kind: PerkKind, codeCount: number, stock: number | null): number | null {
  return kind === 'codes' ? codeCount : stock
}

/** Codes trimmed, blank and repeated ones dropped. */
export function cleanCodes(codes: string[]): string[] {
  return [...new Set(codes.map((c) => c.trim()).filter(Boolean))]
}
