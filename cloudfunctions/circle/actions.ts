/** Circle actions: load, apply a core rule, save. Thin on purpose; the rules are in core/circle.ts. */
import type { ActionName, OutputOf, ParsedInput } from '../core/contract'
import { assertOpen, decideJoin, decideLeave, decideRoleChange, newCircle, profilePatch, roleAt } from '../core/circle'
import { DomainError } from '../core/errors'
import { LIMITS } from '../core/limits'
import { assertCan } from '../core/permissions'
import { canVisitorRead } from '../core/post'
import type { CircleRecord, MembershipRecord } from '../core/records'
import { circleCard, circleDetail, feedPageView, memberView, membershipView, postView } from '../core/views'
import { cmd, transaction } from '../runtime/db'
import type { ActionContext } from '../runtime/handler'
import { newId } from '../runtime/ids'
import { circles, createCircle, memberships } from '../runtime/repos/circles'
import { posts } from '../runtime/repos/posts'
import { users } from '../runtime/repos/users'
import { ensureUser, profileOf, roleIn } from '../runtime/session'

type In<A extends ActionName<'circle'>> = ParsedInput<'circle', A>
type Out<A extends ActionName<'circle'>> = Promise<OutputOf<'circle', A>>

const DAY_MS = 24 * 3600 * 1000

async function loadCircle(circleId: string): Promise<CircleRecord> {
  const circle = await circles.get(circleId)
  if (!circle) throw new DomainError('not_found', undefined, 'circleId')
  return circle
}

/** The circle and the caller's role in it, read in parallel. */
async function circleAndRole(circleId: string, ctx: ActionContext) {
  const [circle, { role, membership }] = await Promise.all([loadCircle(circleId), roleIn(circleId, ctx.caller, ctx.now)])
  return { circle, role, membership }
}

export async function create(input: In<'create'>, ctx: ActionContext): Out<'create'> {
  const user = await ensureUser(ctx.openid, ctx.now)
  const { circle, ownerMembership } = newCircle(input, { openid: ctx.openid, ...user }, newId(ctx.now), ctx.now)
  await transaction((tx) => createCircle(circle, ownerMembership, tx))
  return circleDetail(circle)
}

export async function update(input: In<'update'>, ctx: ActionContext): Out<'update'> {
  const { circleId, ...fields } = input
  const { circle, role } = await circleAndRole(circleId, ctx)
  assertCan(role, 'circle.edit')
  assertOpen(circle)
  const patch = profilePatch(fields, ctx.now)
  await circles.update(circleId, patch)
  return circleDetail({ ...circle, ...patch })
}

export async function close(input: In<'close'>, ctx: ActionContext): Out<'close'> {
  const { circle, role } = await circleAndRole(input.circleId, ctx)
  assertCan(role, 'circle.close')
  if (circle.status === 'closed') return circleDetail(circle)
  const patch = { status: 'closed' as const, closedAt: ctx.now, updatedAt: ctx.now }
  await circles.update(circle._id, patch)
  return circleDetail({ ...circle, ...patch })
}

export async function discover(input: In<'discover'>): Out<'discover'> {
  const page = await circles.discover({ type: input.type, cursor: input.cursor, limit: LIMITS.pageSize })
  return { items: page.rows.map(circleCard), nextCursor: page.nextCursor }
}

export async function get(input: In<'get'>, ctx: ActionContext): Out<'get'> {
  const { circle, role, membership } = await circleAndRole(input.circleId, ctx)
  const previewIds = circle.allowPreview ? circle.previewPostIds : []
  const [stats, preview, feed] = await Promise.all([
    circles.stats(circle._id, new Date(ctx.now.getTime() - 7 * DAY_MS)),
    posts.getMany(previewIds),
    role ? posts.feed({ circleId: circle._id, tab: 'latest', viewer: ctx.openid, limit: LIMITS.pageSize }) : null,
  ])
  return {
    circle: circleDetail(circle),
    stats: { memberCount: circle.memberCount, ...stats },
    previewPosts: preview.filter((p) => p.status === 'published' && canVisitorRead(circle, p)).map((p) => postView(p, false)),
    me: role && membership ? membershipView(membership) : null,
    feed: role && feed ? feedPageView(feed.rows, feed.nextCursor, role) : null,
  }
}

export async function join(input: In<'join'>, ctx: ActionContext): Out<'join'> {
  const { user, isNew } = await profileOf(ctx.openid, ctx.now)
  const _ = cmd()
  const { membership, circle } = await transaction(async (tx) => {
    const [circle, existing] = await Promise.all([circles.get(input.circleId, tx), memberships.get(input.circleId, ctx.openid, tx)])
    if (!circle) throw new DomainError('not_found', undefined, 'circleId')
    const membership = decideJoin(circle, existing, { openid: ctx.openid, ...user }, ctx.now)
    await memberships.put(membership, tx)
    await circles.update(circle._id, { memberCount: _.inc(1) }, tx)
    return { membership, circle }
  })
  if (isNew) await users.create(user)
  return { membership: membershipView(membership), welcome: circle.welcome }
}

export async function leave(input: In<'leave'>, ctx: ActionContext): Out<'leave'> {
  const _ = cmd()
  await transaction(async (tx) => {
    const existing = await memberships.get(input.circleId, ctx.openid, tx)
    const left = decideLeave(existing, ctx.now)
    await memberships.put(left, tx)
    await circles.update(input.circleId, { memberCount: _.inc(-1) }, tx)
  })
  return { left: true }
}

export async function mine(input: In<'mine'>, ctx: ActionContext): Out<'mine'> {
  const page = await memberships.ofUser({ openid: ctx.openid, cursor: input.cursor, limit: LIMITS.pageSize })
  const current = page.rows.filter((m) => roleAt(m, ctx.now))
  const byId = new Map((await circles.getMany(current.map((m) => m.circleId))).map((c) => [c._id, c]))
  const items = current.flatMap((m: MembershipRecord) => {
    const circle = byId.get(m.circleId)
    return circle ? [{ ...circleCard(circle), role: m.role, joinedAt: new Date(m.joinedAt).toISOString() }] : []
  })
  return { items, nextCursor: page.nextCursor }
}

export async function members(input: In<'members'>, ctx: ActionContext): Out<'members'> {
  const { role } = await roleIn(input.circleId, ctx.openid, ctx.now)
  assertCan(role, 'circle.viewMembers')
  const page = await memberships.ofCircle({ circleId: input.circleId, cursor: input.cursor, limit: LIMITS.pageSize })
  return { items: page.rows.filter((m) => roleAt(m, ctx.now)).map(memberView), nextCursor: page.nextCursor }
}

export async function setRole(input: In<'setRole'>, ctx: ActionContext): Out<'setRole'> {
  const { circle, role } = await circleAndRole(input.circleId, ctx)
  assertCan(role, 'circle.setRole')
  assertOpen(circle)
  const updated = await transaction(async (tx) => {
    const target = await memberships.get(input.circleId, input.openid, tx)
    const next = decideRoleChange(target, input.role, ctx.now)
    await memberships.put(next, tx)
    return next
  })
  return memberView(updated)
}
