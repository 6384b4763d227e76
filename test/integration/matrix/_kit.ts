/**
 * The permission-matrix kit (test/integration/matrix.test.ts): the eleven personas, the world
 * they live in, and the shape of a per-function data file. Files whose name starts with `_` are
 * not data files.
 *
 * A data file `matrix/<fn>.ts` default-exports `matrixFor('<fn>', { action: spec, … })` with one
 * spec per action of the function (the harness fails when an action is missing):
 *   need:   the permission the action requires (core/permissions.ts), or
 *           'signedIn' (any signed-in person) / 'public' (anyone, even without a session)
 *   input:  builds the input for one call (may create fresh documents with the kit first)
 *   expect: exact outcomes for some personas: 'allowed' or the error code the call must fail with
 *           (e.g. { muted: 'muted', blacklisted: 'blacklisted' })
 */
import type { ActionName, FunctionName, Role } from '@core/contract'
import type { Permission } from '@core/permissions'
import { newPost } from '@core/post'
import type { CircleRecord, CommentRecord, MembershipRecord, PostRecord } from '@core/records'

export const PERSONAS = [
  'anonymous',
  'stranger',
  'applicant',
  'expired',
  'muted',
  'blacklisted',
  'member',
  'guest',
  'admin',
  'partner',
  'owner',
] as const
export type Persona = (typeof PERSONAS)[number]

/** The role each persona acts with (null: a visitor). Being muted is not a role. */
export const ROLE_OF: Record<Persona, Role | null> = {
  anonymous: null,
  stranger: null,
  applicant: null,
  expired: null,
  muted: 'member',
  blacklisted: null,
  member: 'member',
  guest: 'guest',
  admin: 'admin',
  partner: 'partner',
  owner: 'owner',
}

/** Each persona's openid (anonymous has none). */
export const OPENID: Record<Persona, string | null> = {
  anonymous: null,
  stranger: 'm_stranger',
  applicant: 'm_applicant',
  expired: 'm_expired',
  muted: 'm_muted',
  blacklisted: 'm_blacklisted',
  member: 'm_member',
  guest: 'm_guest',
  admin: 'm_admin',
  partner: 'm_partner',
  owner: 'm_owner',
}

/** Another member the team acts on (posts, mutes, removals…); never a persona. */
export const TARGET = 'm_target'

export type Outcome = 'allowed' | string
export type Need = Permission | 'signedIn' | 'public'

export interface Kit {
  /** A free circle every persona belongs to as its name says (as in the paid and approval circles). */
  circleId: string
  /** A paid circle (entry 99 元 / 365 days, pass 299 元) with the same people in the same roles. */
  paidCircleId: string
  /** An approval circle (questionnaire-free) where the applicant persona has a pending application. */
  approvalCircleId: string
  /** A paid entry order of TARGET in the paid circle. */
  paidOrderId: string
  /** A listed coupon (10 元 off entry) and a course (one free lesson) of the paid circle. */
  couponId: string
  courseId: string
  /** The persona calling (null for anonymous). */
  caller: string | null
  persona: Persona
  now: Date
  /** A fresh active member (a new openid each time) of `circleId` (default the free circle). */
  freshMember(role?: Role, circleId?: string): Promise<string>
  /** A fresh published post by `author` (default TARGET) in the free circle. */
  post(author?: string, extra?: Partial<PostRecord>): Promise<string>
  /** A fresh published comment by `author` (default TARGET) on a fresh post. */
  comment(author?: string): Promise<string>
  /** Inserts documents directly (fields as the records have them). */
  insert(collection: string, doc: Record<string, unknown>): Promise<void>
  find(collection: string): Promise<any[]>
}

export interface ActionSpec {
  need: Need
  input: (k: Kit) => Record<string, unknown> | Promise<Record<string, unknown>>
  expect?: Partial<Record<Persona, Outcome>>
}

export interface MatrixFile<F extends FunctionName = FunctionName> {
  fn: F
  actions: { [A in ActionName<F>]?: ActionSpec }
}

export function matrixFor<F extends FunctionName>(fn: F, actions: { [A in ActionName<F>]: ActionSpec }): MatrixFile<F> {
  return { fn, actions }
}

// ---------- building documents ----------

export function membershipDoc(
  circleId: string,
  openid: string,
  role: Role,
  now: Date,
  extra: Partial<MembershipRecord> = {},
): MembershipRecord {
  return {
    _id: `${circleId}:${openid}`,
    circleId,
    openid,
    role,
    status: 'active',
    user: { nickname: `测试${openid.slice(2)}`, avatarUrl: '' },
    joinedAt: new Date(now.getTime() - 30 * 86_400_000),
    expiresAt: null,
    updatedAt: now,
    ...extra,
  }
}

export function postDoc(
  id: string,
  circle: CircleRecord,
  author: MembershipRecord,
  now: Date,
  extra: Partial<PostRecord> = {},
): PostRecord {
  return { ...newPost({ id, circle, author, text: `矩阵测试动态 ${id}`, images: [], now }), ...extra }
}

export function commentDoc(id: string, post: PostRecord, author: MembershipRecord, now: Date): CommentRecord {
  return {
    _id: id,
    postId: post._id,
    circleId: post.circleId,
    authorId: author.openid,
    author: { ...author.user, role: author.role },
    text: `矩阵测试评论 ${id}`,
    parentId: null,
    replyTo: null,
    status: 'published',
    createdAt: now,
    deletedAt: null,
    deletedBy: null,
  }
}
