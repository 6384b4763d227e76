/** The `term` function's actions (contract: core/contracts/term.ts): the owner's expiring-members list. */
import { accessAt } from '../core/access'
import type { ActionName, OutputOf, ParsedInput } from '../core/contract'
import type { ExpiringMember } from '../core/contracts/term'
import { LIMITS } from '../core/limits'
import { assertCan } from '../core/permissions'
import type { CircleRecord, MembershipRecord } from '../core/records'
import { daysLeft, expiringWindow } from '../core/term'
import type { ActionContext } from '../runtime/handler'
import { circles } from '../runtime/repos/circles'
import { terms } from '../runtime/repos/terms'
import { accessIn } from '../runtime/session'

type In<A extends ActionName<'term'>> = ParsedInput<'term', A>
type Out<A extends ActionName<'term'>> = Promise<OutputOf<'term', A>>

const iso = (d: Date | string) => new Date(d).toISOString()

function expiringMember(m: MembershipRecord, circle: CircleRecord, now: Date): ExpiringMember {
  const access = accessAt(m, circle, now)
  const termKey = m.expiresAt ? `${new Date(m.expiresAt).getTime()}:` : null
  return {
    openid: m.openid,
    nickname: m.user.nickname,
    avatarUrl: m.user.avatarUrl,
    role: m.role,
    expiresAt: m.expiresAt ? iso(m.expiresAt) : null,
    state: access.state === 'grace' || access.state === 'expired' ? access.state : 'active',
    daysLeft: m.expiresAt ? daysLeft(m.expiresAt, now) : 0,
    dueAt: m.dueAt ? iso(m.dueAt) : null,
    remindersSent: termKey ? (m.remindersSent ?? []).filter((k) => k.startsWith(termKey)).length : 0,
  }
}

export async function expiring(input: In<'expiring'>, ctx: ActionContext): Out<'expiring'> {
  const circle = await circles.require(input.circleId)
  const { role } = await accessIn(circle._id, ctx.openid, ctx.now, circle)
  assertCan(role, 'member.viewExpiring')
  const window = expiringWindow(input.withinDays, ctx.now)
  const args = { circleId: circle._id, ...window, cursor: input.cursor, limit: LIMITS.pageSize }
  const [page, counts] = await Promise.all([
    input.view === 'renewed' ? terms.renewed(args) : terms.pending(args),
    input.cursor ? null : terms.counts({ circleId: circle._id, ...window }),
  ])
  return {
    items: page.rows.map((m) => expiringMember(m, circle, ctx.now)),
    nextCursor: page.nextCursor,
    withinDays: input.withinDays,
    view: input.view,
    counts,
  }
}
