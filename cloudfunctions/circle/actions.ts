/** Circle actions: load, apply a core rule, save. Thin on purpose; the rules are in core/circle.ts. */
import type { ActionName, OutputOf, ParsedInput } from '../core/contract'
import { accessAt } from '../core/access'
import {
  assertOpen,
  countedInMembers,
  decideJoin,
  decideLeave,
  decideRoleChange,
  newCircle,
  profilePatch,
  roleAt,
} from '../core/circle'
import { assertGuestRoom, guestDelta, memberTeamView } from '../core/moderation'
import { isBlacklisted } from '../runtime/blacklist'
import { applicationBrief } from '../core/entry'
import { sourceOf } from '../core/invites'
import { resolveInvite } from '../runtime/invites'
import { awardPoints } from '../runtime/points'
import { applications } from '../runtime/repos/applications'
import { postSearch } from '../runtime/repos/search'
import { matches, queryTerms } from '../core/search'
import { DomainError } from '../core/errors'
import { LIMITS } from '../core/limits'
import { assertCan, can } from '../core/permissions'
import { canVisitorRead } from '../core/post'
import type { MembershipRecord } from '../core/records'
import { circleCard, circleDetail, feedPageView, memberView, membershipView, postView } from '../core/views'
import { cmd, transaction } from '../runtime/db'
import type { ActionContext } from '../runtime/handler'
import { newId } from '../runtime/ids'
import { circles, createCircle, memberships } from '../runtime/repos/circles'
import { posts } from '../runtime/repos/posts'
import { access } from '../runtime/repos/access'
import { users } from '../runtime/repos/users'
import { ensureUser, profileOf, roleIn } from '../runtime/session'
import { assertPasses } from '../core/content'
import { settingsOf } from '../core/settings'
import { checkContent } from '../runtime/contentSecurity'
import { saleView } from '../runtime/sale'

type In<A extends ActionName<'circle'>> = ParsedInput<'circle', A>
type Out<A extends ActionName<'circle'>> = Promise<OutputOf<'circle', A>>

const DAY_MS = 24 * 3600 * 1000

/** The circle and the caller's membership in one database call (runtime/repos/access.ts). */
async function circleAndRole(circleId: string, ctx: ActionContext) {
  const found = await access.circle(circleId, ctx.caller)
  if (!found) throw new DomainError('not_found', undefined, 'circleId')
  const { circle, membership } = found
  return { circle, role: roleAt(membership, ctx.now), membership }
}

export async function create(input: In<'create'>, ctx: ActionContext): Out<'create'> {
  const user = await ensureUser(ctx.openid, ctx.now)
  await assertCircleTextPasses(input, ctx.openid)
  const { circle, ownerMembership } = newCircle(input, { openid: ctx.openid, ...user }, newId(ctx.now), ctx.now)
  await transaction((tx) => createCircle(circle, ownerMembership, tx))
  return circleDetail(circle)
}

export async function update(input: In<'update'>, ctx: ActionContext): Out<'update'> {
  const { circleId, watermark, ...fields } = input
  const { circle, role } = await circleAndRole(circleId, ctx)
  assertCan(role, 'circle.edit')
  assertOpen(circle)
  // only what changed is checked (the edit page sends every field on each save)
  const record = circle as unknown as Record<string, unknown>
  const changed = Object.fromEntries(Object.entries(fields).filter(([k, v]) => record[k] !== v))
  await assertCircleTextPasses(changed, ctx.openid)
  const patch = profilePatch(fields, ctx.now, circle)
  // content: the image watermark (circle.settings.protection)
  const protection =
    watermark === undefined ? {} : { settings: { protection: { ...settingsOf(circle).protection, watermark } } }
  await circles.update(circleId, { ...patch, ...protection })
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
  if (input.q) return searchCircles(input.q, input)
  const page = await circles.discover({ type: input.type, cursor: input.cursor, limit: LIMITS.pageSize })
  return { items: page.rows.map(circleCard), nextCursor: page.nextCursor }
}

/** 发现's search: circles whose name or a tag contains the keyword (docs/search.md). */
async function searchCircles(q: string, input: In<'discover'>): Out<'discover'> {
  const terms = queryTerms(q)
  if (terms.length === 0) throw new DomainError('search_keyword_too_short', undefined, 'q')
  const page = await postSearch.circles({ terms, type: input.type, cursor: input.cursor, limit: LIMITS.pageSize })
  const found = page.rows.filter((c) => matches(c.name, q) || c.tags.some((t) => matches(t, q)))
  return { items: found.map(circleCard), nextCursor: page.nextCursor }
}

export async function get(input: In<'get'>, ctx: ActionContext): Out<'get'> {
  const { circle, membership } = await circleAndRole(input.circleId, ctx)
  // Reading follows readRole (also in the read-only grace); `me` stays for a lapsed member so the page can offer renewal.
  const access = accessAt(membership, circle, ctx.now)
  const role = access.readRole
  const me =
    membership && ['active', 'grace', 'expired'].includes(access.state) ? membershipView(membership, access) : null
  const previewIds = circle.allowPreview ? circle.previewPostIds : []
  const [stats, preview, feed, application] = await Promise.all([
    circles.stats(circle._id, new Date(ctx.now.getTime() - 7 * DAY_MS)),
    posts.getMany(previewIds),
    role ? posts.feed({ circleId: circle._id, tab: 'latest', viewer: ctx.openid, limit: LIMITS.pageSize }) : null,
    // entry: a visitor of an approval circle sees where their application stands
    !role && ctx.caller && circle.entryMode === 'approval' ? applications.get(circle._id, ctx.caller) : null,
  ])
  return {
    circle: circleDetail(circle),
    stats: { memberCount: circle.memberCount, ...stats },
    previewPosts: preview
      .filter((p) => p.status === 'published' && canVisitorRead(circle, p))
      .map((p) => postView(p, false)),
    me,
    application: application ? applicationBrief(application, ctx.now) : null,
    protection: { watermark: settingsOf(circle).protection.watermark },
    feed: role && feed ? feedPageView(feed.rows, feed.nextCursor, role) : null,
    entrySale: saleView('entry', ctx.device),
  }
}

export async function join(input: In<'join'>, ctx: ActionContext): Out<'join'> {
  const [{ user, isNew }, attribution] = await Promise.all([
    profileOf(ctx.openid, ctx.now),
    resolveInvite(input.inviteCode, input.circleId, ctx.openid),
  ])
  // A blacklisted person never joins again (runtime/blacklist.ts; the moderate function keeps it).
  if (await isBlacklisted(input.circleId, ctx.openid)) throw new DomainError('blacklisted')
  const _ = cmd()
  const { membership, circle } = await transaction(async (tx) => {
    const [circle, existing] = await Promise.all([
      circles.get(input.circleId, tx),
      memberships.get(input.circleId, ctx.openid, tx),
    ])
    if (!circle) throw new DomainError('not_found', undefined, 'circleId')
    // entry: the invite it came through (渠道, inviter) is recorded on the membership
    const membership = {
      ...decideJoin(circle, existing, { openid: ctx.openid, ...user }, ctx.now),
      source: sourceOf('free', attribution),
    }
    await memberships.put(membership, tx)
    if (!countedInMembers(existing)) await circles.update(circle._id, { memberCount: _.inc(1) }, tx)
    return { membership, circle }
  })
  if (isNew) await users.create(user)
  // entry: the inviter earns invite points once per person brought in
  if (attribution.inviterId)
    await awardPoints(
      [{ circleId: circle._id, openid: attribution.inviterId, reason: 'invite', refId: ctx.openid }],
      ctx.now,
    )
  return { membership: membershipView(membership), welcome: circle.welcome }
}

export async function leave(input: In<'leave'>, ctx: ActionContext): Out<'leave'> {
  const _ = cmd()
  await transaction(async (tx) => {
    const existing = await memberships.get(input.circleId, ctx.openid, tx)
    const left = decideLeave(existing, ctx.now)
    await memberships.put(left, tx)
    await circles.update(
      input.circleId,
      left.role === 'guest' ? { memberCount: _.inc(-1), guestCount: _.inc(-1) } : { memberCount: _.inc(-1) },
      tx,
    )
  })
  return { left: true }
}

export async function mine(input: In<'mine'>, ctx: ActionContext): Out<'mine'> {
  const page = await memberships.ofUser({ openid: ctx.openid, cursor: input.cursor, limit: LIMITS.pageSize })
  const byId = new Map((await circles.getMany(page.rows.map((m) => m.circleId))).map((c) => [c._id, c]))
  // circles the caller may read now: active, or in the read-only grace (docs/membership.md)
  const items = page.rows.flatMap((m: MembershipRecord) => {
    const circle = byId.get(m.circleId)
    return circle && accessAt(m, circle, ctx.now).readRole
      ? [{ ...circleCard(circle), role: m.role, joinedAt: new Date(m.joinedAt).toISOString() }]
      : []
  })
  return { items, nextCursor: page.nextCursor }
}

export async function members(input: In<'members'>, ctx: ActionContext): Out<'members'> {
  const { role } = await roleIn(input.circleId, ctx.openid, ctx.now)
  assertCan(role, 'circle.viewMembers')
  const page = await memberships.ofCircle({ circleId: input.circleId, cursor: input.cursor, limit: LIMITS.pageSize })
  const rows = page.rows.filter((m) => roleAt(m, ctx.now))
  if (!can(role, 'member.viewChannels')) return { items: rows.map(memberView), nextCursor: page.nextCursor }
  // The team also sees each member's channel (渠道) and inviter, and any mute.
  const inviterIds = [...new Set(rows.map((m) => m.source?.inviterId).filter((id): id is string => !!id))]
  const inviters = new Map(
    (await users.getMany(inviterIds)).map((u) => [
      u._id,
      { openid: u._id, nickname: u.nickname, avatarUrl: u.avatarUrl },
    ]),
  )
  const items = rows.map((m) => ({
    ...memberView(m),
    team: memberTeamView(m, inviters.get(m.source?.inviterId ?? '') ?? null, ctx.now),
  }))
  return { items, nextCursor: page.nextCursor }
}

export async function setRole(input: In<'setRole'>, ctx: ActionContext): Out<'setRole'> {
  const { circle, role } = await circleAndRole(input.circleId, ctx)
  assertCan(role, 'circle.setRole')
  assertOpen(circle)
  const updated = await transaction(async (tx) => {
    // The circle is read in the transaction: its guest counter keeps ≤ 50 guests under concurrency.
    const [target, fresh] = await Promise.all([
      memberships.get(input.circleId, input.openid, tx),
      circles.get(input.circleId, tx),
    ])
    const next = decideRoleChange(target, input.role, ctx.now)
    const delta = guestDelta(target!.role, next.role)
    assertGuestRoom(fresh?.guestCount, delta)
    await memberships.put(next, tx)
    if (delta !== 0) await circles.update(input.circleId, { guestCount: cmd().inc(delta), updatedAt: ctx.now }, tx)
    return next
  })
  return memberView(updated)
}

// ---- content: circle name, intro and public texts pass content security (review and risky both refuse) ----
async function assertCircleTextPasses(
  fields: {
    name?: string
    intro?: string
    audience?: string
    coreValue?: string
    rules?: string
    welcome?: string
    announcement?: string
    coverUrl?: string
    avatarUrl?: string
  },
  openid: string,
): Promise<void> {
  const texts = [
    fields.name,
    fields.intro,
    fields.audience,
    fields.coreValue,
    fields.rules,
    fields.welcome,
    fields.announcement,
  ].filter((t): t is string => !!t)
  const images = [fields.coverUrl, fields.avatarUrl].filter((f): f is string => !!f)
  if (texts.length || images.length) assertPasses(await checkContent({ openid, scene: 'circle', texts, images }))
}
// (end content)
