/** The `notify` function's contract: 通知中心、订阅消息授权、到期提醒（issue 4）. */
import { z } from 'zod'
import type { Page } from '../vocabulary'
import type { NotificationKind } from '../notifications'
import { cursor, id } from './base'

/** A template id as WeChat issues them (letters, digits, - and _). */
const templateId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/)

export const notifyInputs = {
  /** The caller's notifications, newest first, 20 a page. */
  list: z.strictObject({ cursor }),
  unreadCount: z.strictObject({}),
  /** One notification (`id`), or all of the caller's unread ones (no id). */
  markRead: z.strictObject({ id: id.optional() }),
  /** The templates the user accepted in one wx.requestSubscribeMessage (each: one more message allowed). */
  grant: z.strictObject({ accepted: z.array(templateId).min(1).max(3) }),
} as const

export interface NotificationView {
  id: string
  kind: NotificationKind
  circleId: string | null
  title: string
  body: string
  link: string | null
  createdAt: string
  read: boolean
}

export interface NotifyOutputs {
  list: Page<NotificationView>
  unreadCount: { unread: number }
  markRead: { updated: number; unread: number }
  /** Messages still allowed per accepted template. */
  grant: { left: Record<string, number> }
}
