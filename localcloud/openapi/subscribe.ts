/**
 * The local cloud's `subscribeMessage.send` (一次性订阅消息), with WeChat's rule: each one-time
 * grant a user gave for a template allows exactly one message; without one left WeChat answers
 * errcode 43101 ("user refuse to accept the msg").
 *
 * In production WeChat itself counts the grants the user accepted in wx.requestSubscribeMessage.
 * Locally the acceptance reaches this stand-in the way the app reports it to the server: the
 * `subscribeGrants` documents `notify.grant` keeps (`_id = ${openid}:${templateId}`, `granted`).
 * What this stand-in delivered it keeps on its own, in the local-only collection
 * `localSubscribeMessages` (created on first use), and it refuses a message once the messages it
 * delivered reach the grants: so a server that sends twice for one grant gets 43101 here as it
 * would from WeChat. Documented in docs/membership.md ("Subscription messages").
 */
import { randomBytes } from 'node:crypto'
import type { LocalDatabase } from '../db'
import type { OpenApiHandler } from './types'

export const LOCAL_SUBSCRIBE_MESSAGES = 'localSubscribeMessages'
const GRANTS = 'subscribeGrants'

/** WeChat's answers this stand-in uses. */
export const SUBSCRIBE_ERRORS = {
  invalidOpenid: { errcode: 40003, errmsg: 'invalid openid' },
  invalidTemplate: { errcode: 40037, errmsg: 'invalid template_id' },
  invalidData: { errcode: 47003, errmsg: 'argument invalid! data.thing1.value is empty' },
  noGrant: { errcode: 43101, errmsg: 'user refuse to accept the msg' },
} as const

export interface LocalSubscribeMessage {
  _id: string
  touser: string
  templateId: string
  page: string
  data: Record<string, { value: string }>
  sentAt: Date
}

/** Messages this stand-in delivered (oldest first), for tests and the demo. */
export function sentSubscribeMessages(db: LocalDatabase, touser?: string): LocalSubscribeMessage[] {
  if (!db.collectionNames().includes(LOCAL_SUBSCRIBE_MESSAGES)) return []
  const docs = db.find(LOCAL_SUBSCRIBE_MESSAGES, touser ? { touser } : {}) as unknown as LocalSubscribeMessage[]
  return docs.sort((a, b) => new Date(a.sentAt).getTime() - new Date(b.sentAt).getTime())
}

async function ensureCollection(db: LocalDatabase): Promise<void> {
  if (db.collectionNames().includes(LOCAL_SUBSCRIBE_MESSAGES)) return
  try {
    await db.handle('addCollection', { collectionName: LOCAL_SUBSCRIBE_MESSAGES })
  } catch {
    // created meanwhile by a concurrent send
  }
}

export const subscribeMessageSend: OpenApiHandler = async (body, ctx) => {
  const touser = typeof body.touser === 'string' ? body.touser : ''
  const templateId =
    typeof body.template_id === 'string' ? body.template_id : typeof body.templateId === 'string' ? body.templateId : ''
  if (!touser) return { ...SUBSCRIBE_ERRORS.invalidOpenid }
  if (!templateId) return { ...SUBSCRIBE_ERRORS.invalidTemplate }
  const data = body.data as Record<string, { value?: unknown }> | undefined
  if (
    !data ||
    typeof data !== 'object' ||
    Object.keys(data).length === 0 ||
    Object.values(data).some((v) => typeof v?.value !== 'string' || v.value === '')
  ) {
    return { ...SUBSCRIBE_ERRORS.invalidData }
  }
  const db = ctx.db
  if (!db) throw new Error('subscribeMessage.send needs the local database (OpenApiContext.db)')
  const grant = db.collectionNames().includes(GRANTS)
    ? db.find(GRANTS, { _id: `${touser}:${templateId}` })[0]
    : undefined
  const granted = Number((grant as { granted?: unknown } | undefined)?.granted ?? 0)
  await ensureCollection(db)
  // Node runs this check and the insert without an await between them: two sends cannot both take the last grant.
  const delivered = db.count(LOCAL_SUBSCRIBE_MESSAGES, { touser, templateId })
  if (delivered >= granted) return { ...SUBSCRIBE_ERRORS.noGrant }
  const msgid = `${Date.now()}${randomBytes(4).readUInt32BE(0)}`
  db.insert(LOCAL_SUBSCRIBE_MESSAGES, {
    _id: msgid,
    touser,
    templateId,
    page: typeof body.page === 'string' ? body.page : '',
    data: data as Record<string, unknown>,
    sentAt: ctx.now,
  })
  return { errcode: 0, errmsg: 'ok', msgid: Number(msgid.slice(0, 15)) }
}
