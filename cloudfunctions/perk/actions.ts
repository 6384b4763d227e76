/** Perks, points and honor titles (docs/features.md §9): load, apply a core rule, save. */
import { randomBytes } from 'crypto'
import { accessAt } from '../core/access'
import type { ActionName, OutputOf, ParsedInput } from '../core/contract'
import type { PerkView } from '../core/contracts/perk'
import { DomainError } from '../core/errors'
import { LIMITS } from '../core/limits'
import { assertCan, can } from '../core/permissions'
import {
  cleanCodes,
  decideClaim,
  eligibilityText,
  ineligibility,
  MAX_PERK_CODES,
  type PerkClaimRecord,
  type PerkRecord,
  stockOf,
} from '../core/perks'
import { displayTitle, monthKey, validatePointsSettings } from '../core/points'
import type { MembershipRecord } from '../core/records'
import { settingsOf } from '../core/settings'
import { assertPasses } from '../core/content'
import { checkContent } from '../runtime/contentSecurity'
import { getMany, transaction } from '../runtime/db'
import type { ActionContext } from '../runtime/handler'
import { newId } from '../runtime/ids'
import { circles, memberships } from '../runtime/repos/circles'
import { courses, entitlements } from '../runtime/repos/money'
import { holdsPass, perks, points, pointTotalId } from '../runtime/repos/perks'

type In<A extends ActionName<'perk'>> = ParsedInput<'perk', A>
type Out<A extends ActionName<'perk'>> = Promise<OutputOf<'perk', A>>

const iso = (d: Date | string) => new Date(d).toISOString()
const LEADERBOARD_SIZE = 50

/** The circle and the caller's full-access role and membership (perks are for active members). */
async function circleAndRole(circleId: string, ctx: ActionContext) {
  const [circle, membership] = await Promise.all([circles.require(circleId), memberships.get(circleId, ctx.openid)])
  const access = accessAt(membership, circle, ctx.now)
  return { circle, membership, role: access.role }
}

async function loadPerk(perkId: string): Promise<PerkRecord> {
  const perk = await perks.get(perkId)
  if (!perk) throw new DomainError('not_found', undefined, 'perkId')
  return perk
}

function perkView(perk: PerkRecord, claim: PerkClaimRecord | null, blockedBy: string | null): PerkView {
  const remaining = perk.stock === null ? null : Math.max(0, perk.stock - perk.claimedCount)
  const soldOut = remaining === 0
  const blocked = claim
    ? null
    : perk.status !== 'active'
      ? 'perk_unavailable'
      : soldOut
        ? 'perk_out_of_stock'
        : blockedBy
  return {
    id: perk._id,
    circleId: perk.circleId,
    title: perk.title,
    description: perk.description,
    kind: perk.kind,
    eligibility: perk.eligibility,
    eligibilityText: eligibilityText(perk.eligibility),
    stock: perk.stock,
    claimedCount: perk.claimedCount,
    remaining,
    status: perk.status,
    claimable: !claim && !blocked,
    blockedBy: blocked,
    claim: claim
      ? {
          perkId: perk._id,
          claimedAt: iso(claim.claimedAt),
          code: claim.code,
          link: perk.kind === 'link' ? perk.link : null,
          courseId: perk.kind === 'course' ? perk.courseId : null,
        }
      : null,
    courseId: perk.courseId,
  }
}

/** Why this member may not claim (eligibility only; stock and status are read from the perk). */
async function eligibilityBlock(
  perk: PerkRecord,
  membership: MembershipRecord,
  passHolder: () => Promise<boolean>,
  now: Date,
) {
  const needsPass = perk.eligibility.kind === 'pass'
  return ineligibility(perk, membership, needsPass ? await passHolder() : false, now)
}

export async function list(input: In<'list'>, ctx: ActionContext): Out<'list'> {
  const { membership, role } = await circleAndRole(input.circleId, ctx)
  assertCan(role, 'circle.read')
  const manage = can(role, 'perk.manage')
  const all = (await perks.ofCircle(input.circleId)).filter((p) => manage || p.status === 'active')
  const claims = new Map(
    (
      await perks.claimsOf(
        all.map((p) => p._id),
        ctx.openid,
      )
    ).map((c) => [c.perkId, c]),
  )
  let pass: Promise<boolean> | null = null
  const passHolder = () => (pass ??= holdsPass(ctx.openid, input.circleId, membership!))
  const views: PerkView[] = []
  for (const perk of all)
    views.push(
      perkView(perk, claims.get(perk._id) ?? null, await eligibilityBlock(perk, membership!, passHolder, ctx.now)),
    )
  return views
}

export async function save(input: In<'save'>, ctx: ActionContext): Out<'save'> {
  const { role } = await circleAndRole(input.circleId, ctx)
  assertCan(role, 'perk.manage')
  if (input.kind === 'course') {
    const course = await courses.get(input.courseId!)
    if (!course || course.circleId !== input.circleId) throw new DomainError('not_found', undefined, 'courseId')
  }
  // what members will read passes content security first; an owner's text cannot wait for review
  assertPasses(
    await checkContent({ openid: ctx.openid, scene: 'circle', texts: [input.title, input.description], images: [] }),
  )
  const newCodes = cleanCodes(input.codes)
  const perkId = input.perkId ?? newId(ctx.now)
  const saved = await transaction(async (tx) => {
    const existing = input.perkId ? await perks.get(input.perkId, tx) : null
    if (input.perkId && (!existing || existing.circleId !== input.circleId))
      throw new DomainError('not_found', undefined, 'perkId')
    if (existing && existing.kind !== input.kind) throw new DomainError('invalid_argument', undefined, 'kind')
    const poolSize = existing?.kind === 'codes' ? (existing.stock ?? 0) : 0
    if (input.kind === 'codes' && poolSize + newCodes.length === 0)
      throw new DomainError('invalid_argument', undefined, 'codes')
    if (poolSize + newCodes.length > MAX_PERK_CODES) throw new DomainError('invalid_argument', undefined, 'codes')
    if (input.kind !== 'codes' && existing && input.stock !== null && input.stock < existing.claimedCount) {
      throw new DomainError('invalid_argument', undefined, 'stock')
    }
    const perk: PerkRecord = {
      _id: perkId,
      circleId: input.circleId,
      title: input.title,
      description: input.description,
      kind: input.kind,
      link: input.kind === 'link' ? input.link : '',
      courseId: input.kind === 'course' ? input.courseId : null,
      eligibility: input.eligibility,
      stock: stockOf(input.kind, poolSize + (input.kind === 'codes' ? newCodes.length : 0), input.stock),
      claimedCount: existing?.claimedCount ?? 0,
      status: existing?.status ?? 'active',
      createdBy: existing?.createdBy ?? ctx.openid,
      createdAt: existing?.createdAt ?? ctx.now,
      updatedAt: ctx.now,
    }
    if (input.kind === 'codes' && newCodes.length) await perks.addCodes(perkId, poolSize, newCodes, tx)
    await perks.put(perk, tx)
    return perk
  })
  return perkView(saved, null, null)
}

export async function archive(input: In<'archive'>, ctx: ActionContext): Out<'archive'> {
  const perk = await loadPerk(input.perkId)
  const { role } = await circleAndRole(perk.circleId, ctx)
  assertCan(role, 'perk.manage')
  const archived = await transaction(async (tx) => {
    const current = (await perks.get(perk._id, tx))!
    const next: PerkRecord = { ...current, status: 'archived', updatedAt: ctx.now }
    await perks.put(next, tx)
    return next
  })
  return perkView(archived, null, null)
}

export async function claim(input: In<'claim'>, ctx: ActionContext): Out<'claim'> {
  const perk = await loadPerk(input.perkId)
  const { membership, role } = await circleAndRole(perk.circleId, ctx)
  assertCan(role, 'perk.claim')
  const block = await eligibilityBlock(
    perk,
    membership!,
    () => holdsPass(ctx.openid, perk.circleId, membership!),
    ctx.now,
  )
  if (block) throw new DomainError(block)
  const offlineCode = randomBytes(4).toString('hex').toUpperCase()
  // The claim takes the pool code at the perk's claimed count, in the transaction that bumps the
  // count: two claims conflict on the perk document, so a code is never given twice.
  const result = await transaction(async (tx) => {
    const current = (await perks.get(perk._id, tx))!
    const existing = await perks.claim(perk._id, ctx.openid, tx)
    const poolCode =
      current.kind === 'codes' && current.claimedCount < (current.stock ?? 0)
        ? ((await perks.code(perk._id, current.claimedCount, tx))?.code ?? null)
        : null
    const decided = decideClaim({
      perk: current,
      existing,
      openid: ctx.openid,
      user: membership!.user,
      poolCode,
      offlineCode,
      now: ctx.now,
    })
    await perks.putClaim(decided.claim, tx)
    const next: PerkRecord = { ...current, claimedCount: decided.claimedCount, updatedAt: ctx.now }
    await perks.put(next, tx)
    if (current.kind === 'course' && current.courseId && !(await entitlements.get(current.courseId, ctx.openid, tx))) {
      await entitlements.put(
        {
          _id: `${current.courseId}:${ctx.openid}`,
          courseId: current.courseId,
          openid: ctx.openid,
          orderId: `perk:${decided.claim._id}`,
          grantedAt: ctx.now,
        },
        tx,
      )
    }
    return { perk: next, claim: decided.claim }
  })
  return perkView(result.perk, result.claim, null)
}

export async function claims(input: In<'claims'>, ctx: ActionContext): Out<'claims'> {
  const perk = await loadPerk(input.perkId)
  const { role } = await circleAndRole(perk.circleId, ctx)
  assertCan(role, 'perk.manage')
  const page = await perks.claims({ perkId: perk._id, cursor: input.cursor, limit: LIMITS.pageSize })
  return {
    items: page.rows.map((c) => ({ user: { openid: c.openid, ...c.user }, code: c.code, claimedAt: iso(c.claimedAt) })),
    nextCursor: page.nextCursor,
  }
}

export async function leaderboard(input: In<'leaderboard'>, ctx: ActionContext): Out<'leaderboard'> {
  const { circle, role } = await circleAndRole(input.circleId, ctx)
  assertCan(role, 'circle.read')
  const month = input.month ?? monthKey(ctx.now)
  const settings = settingsOf(circle).points
  const [top, mine, total] = await Promise.all([
    points.top(input.circleId, month, LEADERBOARD_SIZE),
    points.month(input.circleId, month, ctx.openid),
    points.total(input.circleId, ctx.openid),
  ])
  const people = new Map(
    (
      await getMany<MembershipRecord>(
        'memberships',
        top.map((r) => `${input.circleId}:${r.openid}`),
      )
    ).map((m) => [m.openid, m]),
  )
  const monthPoints = mine?.points ?? 0
  const rank = monthPoints > 0 ? (await points.countAbove(input.circleId, month, monthPoints)) + 1 : null
  let shownRank = 0
  let previous = Number.POSITIVE_INFINITY
  const items = top.map((row, i) => {
    // equal points share a rank (1, 2, 2, 4)
    if (row.points < previous) shownRank = i + 1
    previous = row.points
    const m = people.get(row.openid)
    return {
      rank: shownRank,
      user: { openid: row.openid, nickname: m?.user.nickname ?? '已退出的成员', avatarUrl: m?.user.avatarUrl ?? '' },
      points: row.points,
      title: m?.title ?? null,
    }
  })
  return {
    circleId: input.circleId,
    month,
    items,
    me: {
      monthPoints,
      totalPoints: total?.total ?? 0,
      rank,
      title: displayTitle(total?.total ?? 0, total?.grantedTitle ?? null, settings),
    },
    canGrant: can(role, 'points.grantTitle'),
  }
}

export async function pointsSettings(input: In<'pointsSettings'>, ctx: ActionContext): Out<'pointsSettings'> {
  const { circle, role } = await circleAndRole(input.circleId, ctx)
  assertCan(role, 'circle.read')
  return { circleId: circle._id, ...settingsOf(circle).points }
}

export async function setPointsSettings(input: In<'setPointsSettings'>, ctx: ActionContext): Out<'setPointsSettings'> {
  const { role } = await circleAndRole(input.circleId, ctx)
  assertCan(role, 'circle.settings')
  const next = validatePointsSettings({ weights: input.weights, titles: input.titles })
  // A nested update merges: the circle's other settings stay as they are.
  await circles.update(input.circleId, { settings: { points: next } })
  return { circleId: input.circleId, ...next }
}

export async function grantTitle(input: In<'grantTitle'>, ctx: ActionContext): Out<'grantTitle'> {
  const { circle, role } = await circleAndRole(input.circleId, ctx)
  assertCan(role, 'points.grantTitle')
  if (input.title)
    assertPasses(await checkContent({ openid: ctx.openid, scene: 'profile', texts: [input.title], images: [] }))
  const settings = settingsOf(circle).points
  const title = await transaction(async (tx) => {
    const target = await memberships.get(input.circleId, input.openid, tx)
    if (!target || !accessAt(target, circle, ctx.now).role) throw new DomainError('not_found', undefined, 'openid')
    const total = await points.total(input.circleId, input.openid, tx)
    const sum = total?.total ?? 0
    await points.putTotal(
      {
        _id: pointTotalId(input.circleId, input.openid),
        circleId: input.circleId,
        openid: input.openid,
        total: sum,
        grantedTitle: input.title,
        updatedAt: ctx.now,
      },
      tx,
    )
    const shown = displayTitle(sum, input.title, settings)
    await memberships.setTitle(target._id, shown, tx)
    return shown
  })
  return { openid: input.openid, title }
}
