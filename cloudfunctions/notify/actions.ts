/** The `notify` function's actions (contract: core/contracts/notify.ts): the notification centre and subscription grants. */
import type { ActionName, OutputOf, ParsedInput } from '../core/contract'
import type { NotificationView } from '../core/contracts/notify'
import { DomainError } from '../core/errors'
import { LIMITS } from '../core/limits'
import type { NotificationRecord } from '../core/notifications'
import type { ActionContext } from '../runtime/handler'
import { notifications } from '../runtime/repos/notifications'
import { recordGrants } from '../runtime/subscribe'
import { subscribeTemplateIds } from '../runtime/templates'

type In<A extends ActionName<'notify'>> = ParsedInput<'notify', A>
type Out<A extends ActionName<'notify'>> = Promise<OutputOf<'notify', A>>

const iso = (d: Date | string) => new Date(d).toISOString()

function notificationView(n: NotificationRecord): NotificationView {
  return {
    id: n._id,
    kind: n.kind,
    circleId: n.circleId,
    title: n.title,
    body: n.body,
    link: n.link,
    createdAt: iso(n.createdAt),
    read: !!n.readAt,
  }
}

export async function list(input: In<'list'>, ctx: ActionContext): Out<'list'> {
  const page = await notifications.ofUser({ openid: ctx.openid, cursor: input.cursor, limit: LIMITS.pageSize })
  return { items: page.rows.map(notificationView), nextCursor: page.nextCursor }
}

export async function unreadCount(_input: In<'unreadCount'>, ctx: ActionContext): Out<'unreadCount'> {
  return { unread: await notifications.unreadCount(ctx.openid) }
}

export async function markRead(input: In<'markRead'>, ctx: ActionContext): Out<'markRead'> {
  const updated = await notifications.markRead(ctx.openid, input.id ?? null, ctx.now)
  if (input.id && updated === 0) {
    // Marking a read one again is fine; someone else's (or none) is not found.
    const found = await notifications.get(input.id)
    if (!found || found.openid !== ctx.openid) throw new DomainError('not_found', undefined, 'id')
  }
  return { updated, unread: await notifications.unreadCount(ctx.openid) }
}

export async function grant(input: In<'grant'>, ctx: ActionContext): Out<'grant'> {
  const templates = subscribeTemplateIds()
  const unknown = input.accepted.find((t) => !templates.includes(t))
  if (unknown) throw new DomainError('invalid_argument', undefined, 'accepted')
  return { left: await recordGrants(ctx.openid, input.accepted, ctx.now) }
}
