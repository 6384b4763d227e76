/**
 * The `member` function (contract: core/contracts/member.ts): approval entry, complimentary
 * memberships, invitations. Each action: load → core rule (core/entry.ts, core/invites.ts) → save;
 * notifications after commit.
 */
import { assertOpen, countedInMembers, roleAt } from '../core/circle'
import type { ActionName, OutputOf, ParsedInput, UserView } from '../core/contract'
import type { ApplicationView, GrantCandidate, InviteView } from '../core/contracts/member'
import {
  applicationView,
  buildQuestions,
  decideApply,
  decideComp,
  decideReview,
  decideWithdraw,
  questionnaireOf,
  type ApplicationRecord,
} from '../core/entry'
import { DomainError } from '../core/errors'
import type { InviteRecord } from '../core/invites'
import { LIMITS } from '../core/limits'
import type { NewNotification } from '../core/notifications'
import { assertCan, can } from '../core/permissions'
import type { CircleRecord, UserRecord } from '../core/records'
import { settingsOf } from '../core/settings'
import { inShanghai } from '../core/time'
import { isBlacklisted } from '../runtime/blacklist'
import { checkContent } from '../runtime/contentSecurity'
import { cmd, transaction } from '../runtime/db'
import type { ActionContext } from '../runtime/handler'
import { inviteQrPng, resolveInvite } from '../runtime/invites'
import { notify } from '../runtime/notifications'
import { awardPoints } from '../runtime/points'
import { applications, comps, knownMembers, type CompRecord } from '../runtime/repos/applications'
import { circles, memberships } from '../runtime/repos/circles'
import { inviteCode, invites } from '../runtime/repos/invites'
import { users } from '../runtime/repos/users'
import { profileOf, roleIn } from '../runtime/session'

type In<A extends ActionName<'member'>> = ParsedInput<'member', A>
type Out<A extends ActionName<'member'>> = Promise<OutputOf<'member', A>>

async function circleAndRole(circleId: string, ctx: ActionContext) {
  const [circle, { role, membership }] = await Promise.all([
    circles.require(circleId),
    roleIn(circleId, ctx.openid, ctx.now),
  ])
  return { circle, role, membership }
}

const userViewOf = (openid: string, u: { nickname: string; avatarUrl: string } | undefined): UserView => ({
  openid,
  nickname: u?.nickname ?? `微信用户${openid.slice(-4)}`,
  avatarUrl: u?.avatarUrl ?? '',
})

async function usersById(openids: (string | null)[]): Promise<Map<string, UserRecord>> {
  const ids = [...new Set(openids.filter((o): o is string => !!o))]
  return new Map((await users.getMany(ids)).map((u) => [u._id, u]))
}

async function viewsOf(apps: ApplicationRecord[], now: Date): Promise<ApplicationView[]> {
  const inviters = await usersById(apps.map((a) => a.inviterId))
  return apps.map((a) =>
    applicationView(a, now, a.inviterId ? userViewOf(a.inviterId, inviters.get(a.inviterId)) : null),
  )
}

const circleLink = (circleId: string) => `/packageCircle/pages/circle/index?id=${encodeURIComponent(circleId)}`

// ---------- questionnaire ----------

export async function questionnaire(input: In<'questionnaire'>): Out<'questionnaire'> {
  return questionnaireOf(await circles.require(input.circleId))
}

export async function saveQuestionnaire(input: In<'saveQuestionnaire'>, ctx: ActionContext): Out<'saveQuestionnaire'> {
  const { circle, role } = await circleAndRole(input.circleId, ctx)
  assertCan(role, 'circle.settings')
  assertOpen(circle)
  const questions = buildQuestions(input.questions)
  const texts = questions.flatMap((q) => [q.title, ...q.options])
  if (
    texts.length > 0 &&
    (await checkContent({ openid: ctx.openid, scene: 'circle', texts, images: [] })) === 'risky'
  ) {
    throw new DomainError('content_risky', undefined, 'questions')
  }
  const entry = {
    ...settingsOf(circle).entry,
    questions,
    payWindowHours: input.payWindowHours ?? settingsOf(circle).entry.payWindowHours,
  }
  // Only this circle's entry part changes (the SDK sends nested fields as paths; arrays are replaced whole).
  await circles.update(circle._id, {
    settings: { entry: { questions, payWindowHours: entry.payWindowHours } },
    updatedAt: ctx.now,
  } as never)
  return questionnaireOf({ ...circle, settings: { ...circle.settings, entry } })
}

// ---------- applying and reviewing ----------

export async function apply(input: In<'apply'>, ctx: ActionContext): Out<'apply'> {
  const [{ user, isNew }, attribution, blacklisted] = await Promise.all([
    profileOf(ctx.openid, ctx.now),
    resolveInvite(input.inviteCode, input.circleId, ctx.openid),
    isBlacklisted(input.circleId, ctx.openid),
  ])
  const texts = [input.note, ...input.answers.map((a) => a.text ?? '')].filter((t) => t.trim().length > 0)
  // `review` needs no hold here: only the circle's team reads an application, and they decide on it.
  if (
    texts.length > 0 &&
    (await checkContent({ openid: ctx.openid, scene: 'application', texts, images: [] })) === 'risky'
  ) {
    throw new DomainError('content_risky', undefined, 'answers')
  }
  const app = await transaction(async (tx) => {
    const [circle, existing, membership] = await Promise.all([
      circles.get(input.circleId, tx),
      applications.get(input.circleId, ctx.openid, tx),
      memberships.get(input.circleId, ctx.openid, tx),
    ])
    if (!circle) throw new DomainError('not_found', undefined, 'circleId')
    const next = decideApply({
      circle,
      existing,
      membership,
      blacklisted,
      applicant: { openid: ctx.openid, nickname: user.nickname, avatarUrl: user.avatarUrl },
      answers: input.answers,
      note: input.note,
      attribution,
      now: ctx.now,
    })
    await applications.put(next, tx)
    return { next, ownerId: circle.ownerId, circleName: circle.name }
  })
  if (isNew) await users.create(user)
  // everyone who may approve (core/permissions.ts member.approve) hears of it, the owner always
  const team = (await memberships.team(input.circleId))
    .filter((m) => can(roleAt(m, ctx.now), 'member.approve'))
    .map((m) => m.openid)
  await notify(
    [...new Set([app.ownerId, ...team])].map((openid) => ({
      id: `application_submitted:${app.next._id}:${app.next.round}:${openid}`,
      openid,
      circleId: input.circleId,
      kind: 'application_submitted' as const,
      title: '新的入圈申请',
      body: `${user.nickname} 申请加入「${app.circleName}」，请在 7 天内审核`,
      link: `/packageJoin/pages/applications/index?circleId=${encodeURIComponent(input.circleId)}`,
    })),
    ctx.now,
  )
  return (await viewsOf([app.next], ctx.now))[0]
}

export async function myApplication(input: In<'myApplication'>, ctx: ActionContext): Out<'myApplication'> {
  const app = await applications.get(input.circleId, ctx.openid)
  return app ? (await viewsOf([app], ctx.now))[0] : null
}

export async function withdrawApplication(
  input: In<'withdrawApplication'>,
  ctx: ActionContext,
): Out<'withdrawApplication'> {
  const app = await transaction(async (tx) => {
    const next = decideWithdraw(await applications.get(input.circleId, ctx.openid, tx), {
      round: input.round,
      now: ctx.now,
    })
    await applications.put(next, tx)
    return next
  })
  return (await viewsOf([app], ctx.now))[0]
}

export async function applications_(input: In<'applications'>, ctx: ActionContext): Out<'applications'> {
  const { role } = await roleIn(input.circleId, ctx.openid, ctx.now)
  assertCan(role, 'member.approve')
  const page = await applications.ofCircle({
    circleId: input.circleId,
    status: input.status,
    now: ctx.now,
    cursor: input.cursor,
    limit: LIMITS.pageSize,
  })
  return { items: await viewsOf(page.rows, ctx.now), nextCursor: page.nextCursor }
}

export async function review(input: In<'review'>, ctx: ActionContext): Out<'review'> {
  const { role } = await roleIn(input.circleId, ctx.openid, ctx.now)
  assertCan(role, 'member.approve')
  const blacklisted = input.decision === 'approve' ? await isBlacklisted(input.circleId, input.openid) : false
  const _ = cmd()
  const outcome = await transaction(async (tx) => {
    const [circle, application, membership] = await Promise.all([
      circles.get(input.circleId, tx),
      applications.get(input.circleId, input.openid, tx),
      memberships.get(input.circleId, input.openid, tx),
    ])
    if (!circle) throw new DomainError('not_found', undefined, 'circleId')
    const decided = decideReview({
      circle,
      application,
      round: input.round,
      decision: input.decision,
      reason: input.reason,
      reviewer: ctx.openid,
      membership,
      blacklisted,
      now: ctx.now,
    })
    await applications.put(decided.application, tx)
    if (decided.membership) {
      await memberships.put(decided.membership, tx)
      if (!countedInMembers(membership)) await circles.update(circle._id, { memberCount: _.inc(1) }, tx)
    }
    return { ...decided, circleName: circle.name }
  })
  const app = outcome.application
  const approved = app.status === 'approved'
  if (outcome.membership?.source?.inviterId) {
    await awardPoints(
      [{ circleId: app.circleId, openid: outcome.membership.source.inviterId, reason: 'invite', refId: app.openid }],
      ctx.now,
    )
  }
  const body = approved
    ? app.payBy
      ? `你申请加入「${outcome.circleName}」已通过审核，请在 ${formatShanghai(app.payBy)} 前完成支付`
      : `你已通过审核，成为「${outcome.circleName}」的成员`
    : `你申请加入「${outcome.circleName}」未通过：${app.rejectReason}`
  await notify(
    [
      {
        id: `${approved ? 'application_approved' : 'application_rejected'}:${app._id}:${app.round}`,
        openid: app.openid,
        circleId: app.circleId,
        kind: approved ? 'application_approved' : 'application_rejected',
        title: approved ? '入圈申请已通过' : '入圈申请未通过',
        body,
        link: circleLink(app.circleId),
      } satisfies NewNotification,
    ],
    ctx.now,
  )
  return (await viewsOf([app], ctx.now))[0]
}

const formatShanghai = (d: Date) => inShanghai(d).format('M月D日 HH:mm')

// ---------- complimentary memberships ----------

export async function grant(input: In<'grant'>, ctx: ActionContext): Out<'grant'> {
  const { role } = await roleIn(input.circleId, ctx.openid, ctx.now)
  assertCan(role, 'member.grant')
  // Granting oneself more time is not a gift.
  if (input.openid === ctx.openid) throw new DomainError('forbidden')
  const [known, blacklisted, target] = await Promise.all([
    applications.get(input.circleId, input.openid),
    isBlacklisted(input.circleId, input.openid),
    users.get(input.openid),
  ])
  const compId = `${input.circleId}:${input.requestId}`
  const _ = cmd()
  const result = await transaction(async (tx) => {
    const [circle, membership, done] = await Promise.all([
      circles.get(input.circleId, tx),
      memberships.get(input.circleId, input.openid, tx),
      comps.get(compId, tx),
    ])
    if (!circle) throw new DomainError('not_found', undefined, 'circleId')
    // The request id is the idempotency key: a retry answers the first grant, a different one is a conflict.
    if (done) {
      if (done.openid !== input.openid || done.days !== input.grantDays)
        throw new DomainError('id_conflict', undefined, 'requestId')
      return { membership: membership!, comp: done }
    }
    // Only people the circle knows: past or present members and applicants.
    if (!membership && !known) throw new DomainError('not_found', undefined, 'openid')
    const user = membership?.user ??
      known?.user ?? {
        nickname: target?.nickname ?? `微信用户${input.openid.slice(-4)}`,
        avatarUrl: target?.avatarUrl ?? '',
      }
    const next = decideComp({
      circle,
      target: membership,
      user: { openid: input.openid, ...user },
      days: input.grantDays,
      blacklisted,
      now: ctx.now,
    })
    const comp: CompRecord = {
      _id: compId,
      circleId: circle._id,
      openid: input.openid,
      days: input.grantDays,
      by: ctx.openid,
      expiresAt: next.expiresAt!,
      createdAt: ctx.now,
    }
    await memberships.put(next, tx)
    if (!countedInMembers(membership)) await circles.update(circle._id, { memberCount: _.inc(1) }, tx)
    await comps.put(comp, tx)
    return { membership: next, comp, circleName: circle.name }
  })
  if ('circleName' in result) {
    await notify(
      [
        {
          id: `comp:${compId}`,
          openid: input.openid,
          circleId: input.circleId,
          kind: 'system',
          title: '你获得了赠送会员',
          body: `「${result.circleName}」的圈主赠送你 ${input.grantDays} 天会员，有效期至 ${formatShanghai(result.comp.expiresAt)}`,
          link: circleLink(input.circleId),
        },
      ],
      ctx.now,
    )
  }
  return {
    openid: input.openid,
    role: result.membership.role,
    expiresAt: new Date(result.comp.expiresAt).toISOString(),
    days: input.grantDays,
  }
}

export async function grantCandidates(input: In<'grantCandidates'>, ctx: ActionContext): Out<'grantCandidates'> {
  const { role } = await roleIn(input.circleId, ctx.openid, ctx.now)
  assertCan(role, 'member.grant')
  const page = await knownMembers({ circleId: input.circleId, cursor: input.cursor, limit: LIMITS.pageSize })
  const items: GrantCandidate[] = page.rows.map((m) => {
    const current = roleAt(m, ctx.now)
    return {
      openid: m.openid,
      nickname: m.user.nickname,
      avatarUrl: m.user.avatarUrl,
      relation: current ? 'member' : m.status === 'left' ? 'left' : 'expired',
      role: current,
      expiresAt: m.expiresAt ? new Date(m.expiresAt).toISOString() : null,
    }
  })
  return { items, nextCursor: page.nextCursor }
}

// ---------- invitations ----------

function inviteView(invite: InviteRecord, circle: CircleRecord): InviteView {
  return {
    code: invite._id,
    circleId: circle._id,
    circleName: circle.name,
    circleAvatarUrl: circle.avatarUrl,
    circleIntro: [...circle.intro].slice(0, 80).join(''),
    inviter: { openid: invite.inviterId, ...invite.inviter },
    channel: invite.channel,
    path: `/packageCircle/pages/circle/index?id=${encodeURIComponent(circle._id)}&invite=${invite._id}`,
  }
}

export async function createInvite(input: In<'createInvite'>, ctx: ActionContext): Out<'createInvite'> {
  const { circle, role, membership } = await circleAndRole(input.circleId, ctx)
  assertCan(role, 'member.invite')
  assertOpen(circle)
  const channel = input.channel.trim() || null
  if (
    channel &&
    (await checkContent({ openid: ctx.openid, scene: 'circle', texts: [channel], images: [] })) === 'risky'
  ) {
    throw new DomainError('content_risky', undefined, 'channel')
  }
  const record: InviteRecord = {
    _id: inviteCode(circle._id, ctx.openid, channel),
    circleId: circle._id,
    inviterId: ctx.openid,
    inviter: { ...membership!.user },
    channel,
    createdAt: ctx.now,
  }
  return inviteView(await invites.ensure(record), circle)
}

async function loadInvite(code: string): Promise<{ invite: InviteRecord; circle: CircleRecord }> {
  const invite = await invites.get(code)
  const circle = invite ? await circles.get(invite.circleId) : null
  if (!invite || !circle) throw new DomainError('invite_invalid', undefined, 'code')
  return { invite, circle }
}

export async function invite(input: In<'invite'>): Out<'invite'> {
  const { invite: record, circle } = await loadInvite(input.code)
  return inviteView(record, circle)
}

export async function inviteQr(input: In<'inviteQr'>): Out<'inviteQr'> {
  const { invite: record } = await loadInvite(input.code)
  return { code: record._id, imageDataUrl: await inviteQrPng(record._id) }
}

export { applications_ as applications }
