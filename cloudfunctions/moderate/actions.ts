/**
 * The `moderate` function (contract: core/contracts/moderate.ts; rules: core/moderation.ts):
 * mutes, mute-all and quiet hours, removal (with an optional pro-rata refund), the blacklist and
 * the report queue. Load, apply a core rule, save, notify after commit.
 */
import { accessAt } from '../core/access'
import { assertOpen, countedInMembers } from '../core/circle'
import type { ActionName, OutputOf, ParsedInput, Role } from '../core/contract'
import type { ReportView } from '../core/contracts/moderate'
import { DomainError } from '../core/errors'
import { LIMITS } from '../core/limits'
import { committedRefundFen, decideOwnerRefund, type OrderRecord } from '../core/money'
import {
  assertOutranks,
  blockMessage,
  contentRemovedNotice,
  excerptOf,
  moderationSettings,
  newMute,
  postLink,
  proRataRefundFen,
  publishBlock,
  REPORT_REASON_LABELS,
  reportId,
  shanghaiTimeText,
  type ReportRecord,
} from '../core/moderation'
import type { NewNotification } from '../core/notifications'
import { assertCan, type Permission } from '../core/permissions'
import type { CircleRecord, MembershipRecord, UserSnapshot } from '../core/records'
import { settingsOf } from '../core/settings'
import { blacklistId, type BlacklistRecord } from '../runtime/blacklist'
import { cmd, transaction, type Tx } from '../runtime/db'
import type { ActionContext } from '../runtime/handler'
import { notify } from '../runtime/notifications'
import { startRefund } from '../runtime/refunds'
import { dispatchOutbox } from '../runtime/outbox'
import { circles, memberships } from '../runtime/repos/circles'
import {
  blacklist as blacklistRepo,
  deleteComment,
  deletePost,
  reports as reportRepo,
} from '../runtime/repos/moderation'
import { orders } from '../runtime/repos/money'
import { comments as commentRepo, posts } from '../runtime/repos/posts'
import { users } from '../runtime/repos/users'

type In<A extends ActionName<'moderate'>> = ParsedInput<'moderate', A>
type Out<A extends ActionName<'moderate'>> = Promise<OutputOf<'moderate', A>>

const iso = (d: Date | string) => new Date(d).toISOString()
const circleLink = (circleId: string) => `/packageCircle/pages/circle/index?id=${encodeURIComponent(circleId)}`

/** The circle, the caller's membership and full-access role, with `permission` checked. */
async function actor(circleId: string, ctx: ActionContext, permission: Permission) {
  const openid = ctx.openid
  const [circle, membership] = await Promise.all([circles.require(circleId), memberships.get(circleId, openid)])
  const access = accessAt(membership, circle, ctx.now)
  assertCan(access.role, permission)
  return { circle, membership: membership!, role: access.role as Role, openid }
}

/** A member the team acts on: one with access now, ranked below the actor. */
function assertTarget(
  target: MembershipRecord | null,
  circle: CircleRecord,
  by: { openid: string; role: Role },
  now: Date,
): asserts target is MembershipRecord {
  const role = accessAt(target, circle, now).role
  if (!target || !role) throw new DomainError('not_found', undefined, 'openid')
  assertOutranks(by, { openid: target.openid, role })
}

// ---------- mutes ----------

export async function mute(input: In<'mute'>, ctx: ActionContext): Out<'mute'> {
  const { circle, role, openid } = await actor(input.circleId, ctx, 'member.moderate')
  const record = newMute(input.duration, openid, ctx.now)
  await transaction(async (tx) => {
    const target = await memberships.get(input.circleId, input.openid, tx)
    assertTarget(target, circle, { openid, role }, ctx.now)
    await memberships.put({ ...target, mute: record, updatedAt: ctx.now }, tx)
  })
  const until = record.until ? `至 ${shanghaiTimeText(record.until)}` : '永久'
  await notify(
    [
      {
        id: `muted:${input.circleId}:${input.openid}:${ctx.now.getTime()}`,
        openid: input.openid,
        circleId: input.circleId,
        kind: 'muted',
        title: '你已被禁言',
        body: `你在「${circle.name}」被禁言（${until}），期间可以浏览，但不能发布动态和评论。`,
        link: circleLink(input.circleId),
      },
    ],
    ctx.now,
  )
  return { openid: input.openid, until: record.until ? iso(record.until) : null, muted: true }
}

export async function unmute(input: In<'unmute'>, ctx: ActionContext): Out<'unmute'> {
  const { circle, role, openid } = await actor(input.circleId, ctx, 'member.moderate')
  await transaction(async (tx) => {
    const target = await memberships.get(input.circleId, input.openid, tx)
    assertTarget(target, circle, { openid, role }, ctx.now)
    if (target.mute) await memberships.put({ ...target, mute: null, updatedAt: ctx.now }, tx)
  })
  return { openid: input.openid, until: null, muted: false }
}

// ---------- settings ----------

function settingsView(circle: CircleRecord) {
  const s = settingsOf(circle).moderation
  return { circleId: circle._id, muteAll: s.muteAll, quietHours: s.quietHours, newMemberMuteDays: s.newMemberMuteDays }
}

export async function settings(input: In<'settings'>, ctx: ActionContext): Out<'settings'> {
  const { circle } = await actor(input.circleId, ctx, 'member.moderate')
  return settingsView(circle)
}

export async function setSettings(input: In<'setSettings'>, ctx: ActionContext): Out<'setSettings'> {
  const { circle } = await actor(input.circleId, ctx, 'member.moderate')
  assertOpen(circle)
  const next = moderationSettings({
    muteAll: input.muteAll,
    quietHours: input.quietHours,
    newMemberMuteDays: input.newMemberMuteDays,
  })
  const updated = await transaction(async (tx) => {
    const fresh = await circles.require(circle._id, tx)
    // The whole settings object is written back: a nested patch cannot replace a null window.
    const nextSettings = { ...(fresh.settings ?? {}), moderation: next }
    await circles.update(circle._id, { settings: cmd().set(nextSettings), updatedAt: ctx.now }, tx)
    return { ...fresh, settings: nextSettings }
  })
  return settingsView(updated)
}

export async function myStatus(input: In<'myStatus'>, ctx: ActionContext): Out<'myStatus'> {
  const { circle, membership, role } = await actor(input.circleId, ctx, 'circle.read')
  const block = publishBlock({ access: { role }, membership, circle, now: ctx.now })
  return {
    canPublish: !block,
    block: block
      ? { code: block.code, until: block.until ? iso(block.until) : null, message: blockMessage(block) }
      : null,
  }
}

// ---------- removal ----------

const TERM_ORDER_KINDS = new Set(['entry', 'pass'])
const ORDER_PAGES = 5

/** The buyer's latest paid entry or annual-pass order in the circle (newest first, a few pages). */
async function latestTermOrder(circleId: string, buyer: string): Promise<OrderRecord | null> {
  let cursor: string | undefined
  for (let page = 0; page < ORDER_PAGES; page++) {
    const res = await orders.ofBuyer(buyer, cursor, 100)
    const found = res.rows.find(
      (o) =>
        o.circleId === circleId &&
        TERM_ORDER_KINDS.has(o.product.kind) &&
        (o.status === 'paid' || o.status === 'partially_refunded') &&
        // 拼团: a seat not granted yet backs no term (its group refunds it if it fails)
        (!o.group || o.group.state === 'fulfilled'),
    )
    if (found) return found
    if (!res.nextCursor) return null
    cursor = res.nextCursor
  }
  return null
}

/** What removing `target` now would refund (see core/moderation.ts proRataRefundFen). */
async function quoteFor(circleId: string, target: MembershipRecord, now: Date) {
  const order = await latestTermOrder(circleId, target.openid)
  const termEnd = target.expiresAt ? new Date(target.expiresAt) : null
  if (!order || !termEnd || !order.paidAt)
    return { order: null, refundFen: 0, paidFen: order?.amountFen ?? 0, termEnd, committedFen: 0 }
  const termStart = order.cohortEndsAt
    ? new Date(order.paidAt)
    : new Date(termEnd.getTime() - (order.termDays ?? 365) * 86_400_000)
  const committed = order.refunds.filter((r) => r.status !== 'failed').reduce((s, r) => s + r.amountFen, 0)
  const refundFen = proRataRefundFen({ paidFen: order.amountFen, refundedFen: committed, termStart, termEnd, now })
  return { order, refundFen, paidFen: order.amountFen, termEnd, committedFen: committed }
}

export async function refundQuote(input: In<'refundQuote'>, ctx: ActionContext): Out<'refundQuote'> {
  const { circle, role, openid } = await actor(input.circleId, ctx, 'circle.refund')
  const target = await memberships.get(input.circleId, input.openid)
  assertTarget(target, circle, { openid, role }, ctx.now)
  const q = await quoteFor(input.circleId, target, ctx.now)
  return {
    refundFen: q.refundFen,
    orderId: q.order?._id ?? null,
    paidFen: q.paidFen,
    termEndsAt: q.termEnd ? iso(q.termEnd) : null,
  }
}

/**
 * Ends a membership as `removed` in a transaction: the member count drops when it still counted
 * them (core/circle.ts countedInMembers), the guest counter when it was a guest.
 */
async function endMembership(tx: Tx, m: MembershipRecord, circle: CircleRecord, now: Date): Promise<void> {
  const _ = cmd()
  const patch: Record<string, unknown> = { updatedAt: now }
  if (countedInMembers(m)) patch.memberCount = _.inc(-1)
  if (m.status === 'active' && m.role === 'guest') patch.guestCount = _.inc(-1)
  await memberships.put({ ...m, status: 'removed', mute: null, updatedAt: now }, tx)
  await circles.update(circle._id, patch, tx)
}

export async function remove(input: In<'remove'>, ctx: ActionContext): Out<'remove'> {
  const { circle, role, openid } = await actor(input.circleId, ctx, 'member.moderate')
  if (input.refund) assertCan(role, 'circle.refund')
  const target = await memberships.get(input.circleId, input.openid)
  assertTarget(target, circle, { openid, role }, ctx.now)
  let refundFen = 0
  let orderId: string | null = null
  if (input.refund) {
    // The refund first: when the owner's balance cannot cover it, nothing changes at all.
    const q = await quoteFor(input.circleId, target, ctx.now)
    if (q.order && q.refundFen > 0) {
      const reason = input.reason || '圈主移除成员，退还未使用部分'
      const done = await startRefund(q.order._id, {
        by: 'owner',
        reason,
        now: ctx.now,
        decide: (o, c) => {
          // The quote was read outside this transaction: a refund booked since (a second tap on
          // remove, the buyer's own refund) makes it stale, and refunding it again would pay twice.
          if (committedRefundFen(o) !== q.committedFen) throw new DomainError('conflict')
          return decideOwnerRefund(o, { amountFen: q.refundFen, reason: c.reason, now: c.now })
        },
      })
      await dispatchOutbox(ctx.now, { only: done.outboxIds })
      refundFen = q.refundFen
      orderId = q.order._id
    }
  }
  await transaction(async (tx) => {
    const [fresh, c] = await Promise.all([
      memberships.get(input.circleId, input.openid, tx),
      circles.require(input.circleId, tx),
    ])
    if (!fresh || fresh.status === 'removed') return
    await endMembership(tx, fresh, c, ctx.now)
  })
  const refundText = refundFen > 0 ? `，未使用部分 ${(refundFen / 100).toFixed(2)} 元已原路退回` : ''
  await notify(
    [
      {
        id: `removed:${input.circleId}:${input.openid}:${ctx.now.getTime()}`,
        openid: input.openid,
        circleId: input.circleId,
        kind: 'removed',
        title: '你已被移出圈子',
        body: `你已被移出「${circle.name}」${refundText}。${input.reason ? `原因：${input.reason}` : ''}`,
        link: null,
      },
    ],
    ctx.now,
  )
  return { removed: true, refundFen, orderId }
}

// ---------- blacklist ----------

export async function blacklist(input: In<'blacklist'>, ctx: ActionContext): Out<'blacklist'> {
  const { circle, role, openid } = await actor(input.circleId, ctx, 'member.moderate')
  const [user, current] = await Promise.all([users.get(input.openid), memberships.get(input.circleId, input.openid)])
  if (!user && !current) throw new DomainError('not_found', undefined, 'openid')
  const theirRole = accessAt(current, circle, ctx.now).role
  if (theirRole || current?.role === 'owner')
    assertOutranks({ openid, role }, { openid: input.openid, role: current!.role })
  else if (input.openid === openid) throw new DomainError('forbidden')
  const snapshot: UserSnapshot = current?.user ?? { nickname: user!.nickname, avatarUrl: user!.avatarUrl }
  await transaction(async (tx) => {
    const id = blacklistId(input.circleId, input.openid)
    const [existing, m, c] = await Promise.all([
      blacklistRepo.get(id, tx),
      memberships.get(input.circleId, input.openid, tx),
      circles.require(input.circleId, tx),
    ])
    if (!existing) {
      const record: BlacklistRecord & { user: UserSnapshot } = {
        _id: id,
        circleId: input.circleId,
        openid: input.openid,
        by: openid,
        reason: input.reason,
        createdAt: ctx.now,
        user: snapshot,
      }
      await blacklistRepo.put(record, tx)
    }
    if (m && m.status === 'active' && m.role !== 'owner') await endMembership(tx, m, c, ctx.now)
  })
  return { blacklisted: true }
}

export async function unblacklist(input: In<'unblacklist'>, ctx: ActionContext): Out<'unblacklist'> {
  await actor(input.circleId, ctx, 'member.moderate')
  await transaction(async (tx) => {
    const id = blacklistId(input.circleId, input.openid)
    if (await blacklistRepo.get(id, tx)) await blacklistRepo.remove(id, tx)
  })
  return { blacklisted: false }
}

export async function blacklisted(input: In<'blacklisted'>, ctx: ActionContext): Out<'blacklisted'> {
  await actor(input.circleId, ctx, 'member.moderate')
  const page = await blacklistRepo.ofCircle(input.circleId, input.cursor, LIMITS.pageSize)
  return {
    items: page.rows.map((r) => {
      const u = (r as BlacklistRecord & { user?: UserSnapshot }).user
      return {
        openid: r.openid,
        nickname: u?.nickname ?? `微信用户${r.openid.slice(-4)}`,
        avatarUrl: u?.avatarUrl ?? '',
        reason: r.reason,
        by: r.by,
        createdAt: iso(r.createdAt),
      }
    }),
    nextCursor: page.nextCursor,
  }
}

// ---------- reports ----------

function reportView(r: ReportRecord): ReportView {
  return {
    id: r._id,
    circleId: r.circleId,
    kind: r.kind,
    targetId: r.targetId,
    postId: r.postId,
    excerpt: r.excerpt,
    author: { openid: r.authorId, ...r.author },
    reporter: { openid: r.reporter, ...r.reporterUser },
    reason: r.reason,
    reasonLabel: REPORT_REASON_LABELS[r.reason],
    note: r.note,
    status: r.status,
    createdAt: iso(r.createdAt),
    resolution: r.resolution,
  }
}

async function reportTarget(kind: 'post' | 'comment', targetId: string) {
  if (kind === 'post') {
    const post = await posts.get(targetId)
    if (!post || post.status !== 'published') throw new DomainError('not_found', undefined, 'targetId')
    return { kind, record: post, postId: post._id } as const
  }
  const comment = await commentRepo.get(targetId)
  if (!comment || comment.status !== 'published') throw new DomainError('not_found', undefined, 'targetId')
  return { kind, record: comment, postId: comment.postId } as const
}

export async function report(input: In<'report'>, ctx: ActionContext): Out<'report'> {
  const target = await reportTarget(input.kind, input.targetId)
  const { membership } = await actor(target.record.circleId, ctx, 'report.create')
  const record: ReportRecord = {
    _id: reportId(input.kind, input.targetId, ctx.openid),
    circleId: target.record.circleId,
    kind: input.kind,
    targetId: input.targetId,
    postId: target.postId,
    authorId: target.record.authorId,
    author: { nickname: target.record.author.nickname, avatarUrl: target.record.author.avatarUrl },
    excerpt: excerptOf(target.record.text || '[图片]'),
    reporter: ctx.openid,
    reporterUser: membership.user,
    reason: input.reason,
    note: input.note,
    status: 'open',
    createdAt: ctx.now,
    resolvedAt: null,
    resolvedBy: null,
    resolution: null,
  }
  await transaction(async (tx) => {
    if (await reportRepo.get(record._id, tx)) throw new DomainError('already_reported')
    await reportRepo.put(record, tx)
  })
  return reportView(record)
}

export async function reports(input: In<'reports'>, ctx: ActionContext): Out<'reports'> {
  await actor(input.circleId, ctx, 'report.review')
  const page = await reportRepo.ofCircle(input.circleId, input.status, input.cursor, LIMITS.pageSize)
  return { items: page.rows.map(reportView), nextCursor: page.nextCursor }
}

export async function resolveReport(input: In<'resolveReport'>, ctx: ActionContext): Out<'resolveReport'> {
  const found = await reportRepo.get(input.reportId)
  if (!found) throw new DomainError('not_found', undefined, 'reportId')
  const { openid } = await actor(found.circleId, ctx, 'report.review')
  if (found.status !== 'open') throw new DomainError('report_closed')
  const notices: NewNotification[] = []
  if (input.decision === 'remove') {
    if (found.kind === 'post') {
      const post = await posts.get(found.targetId)
      if (post && (await deletePost(post, openid, input.reason, ctx.now)))
        notices.push(contentRemovedNotice({ kind: 'post', record: post }, input.reason))
    } else {
      const comment = await commentRepo.get(found.targetId)
      if (comment && (await deleteComment(comment, openid, input.reason, ctx.now)))
        notices.push(contentRemovedNotice({ kind: 'comment', record: comment }, input.reason))
    }
  }
  const status = input.decision === 'remove' ? 'removed' : 'dismissed'
  const closing = {
    status,
    resolvedAt: ctx.now,
    resolvedBy: openid,
    resolution: input.decision === 'remove' ? input.reason : null,
  } as const
  // Every open report of the same content is settled by this decision.
  const others = await reportRepo.openOfTarget(found.targetId)
  const all = [found, ...others.filter((r) => r._id !== found._id)]
  await reportRepo.close(
    all.map((r) => r._id),
    closing,
  )
  for (const r of all) {
    notices.push({
      id: `report_resolved:${r._id}`,
      openid: r.reporter,
      circleId: r.circleId,
      kind: 'report_resolved',
      title: '你的举报已处理',
      body:
        status === 'removed'
          ? `你举报的内容「${r.excerpt}」已被删除，感谢你维护圈子秩序。`
          : `你举报的内容「${r.excerpt}」经管理员查看未违反圈子规则，已保留。`,
      link: status === 'removed' ? null : postLink(r.postId),
    })
  }
  await notify(notices, ctx.now)
  return reportView({ ...found, ...closing })
}
