/**
 * Subscription messages (订阅消息) behind a port. WeChat's rule: each one-time grant the user gave
 * (wx.requestSubscribeMessage → accept) allows one message of that template. The server counts the
 * grants the app reports (`notify.grant`) and uses one per message, so it only tries where a grant
 * is left; WeChat stays the authority (errcode 43101: none left), and such an answer sets the
 * count to zero.
 *
 * Production and the local cloud share one adapter, `cloud.openapi.subscribeMessage.send`: in the
 * local cloud the unmodified SDK reaches the local open API (localcloud/openapi/subscribe.ts),
 * which enforces the same rule. Tests may swap the port (`useSubscribePort`).
 */
import { transaction } from './db'
import { openapi } from './cloud'
import { grantId, subscribeGrants, subscribeSends, type SubscribeGrantRecord } from './repos/notifications'

export interface SubscribeMessage {
  touser: string
  templateId: string
  /** The app page the message opens. */
  page: string
  data: Record<string, { value: string }>
}

export interface SubscribeReply {
  errcode: number
  errmsg: string
}

export interface SubscribePort {
  send(message: SubscribeMessage): Promise<SubscribeReply>
}

/** WeChat: the user has no grant left for this template. */
export const NO_GRANT = 43101

const openApiPort: SubscribePort = {
  async send(message) {
    const api = openapi() as unknown as {
      subscribeMessage: { send(args: object): Promise<{ errCode?: number; errMsg?: string }> }
    }
    try {
      await api.subscribeMessage.send({
        touser: message.touser,
        templateId: message.templateId,
        page: message.page,
        data: message.data,
        // the trial/developer builds receive nothing with 'formal'; the released app is what members use
        miniprogramState: 'formal',
        lang: 'zh_CN',
      })
      return { errcode: 0, errmsg: 'ok' }
    } catch (error) {
      const e = error as { errCode?: number; errMsg?: string; message?: string }
      if (typeof e?.errCode === 'number' && e.errCode > 0)
        return { errcode: e.errCode, errmsg: String(e.errMsg ?? e.message ?? '') }
      throw error
    }
  },
}

let port: SubscribePort = openApiPort

/** Replaces the port (tests); returns a function that restores the previous one. */
export function useSubscribePort(next: SubscribePort): () => void {
  const previous = port
  port = next
  return () => {
    port = previous
  }
}

/** Records accepted one-time grants: one more allowed message per accepted template. */
export async function recordGrants(openid: string, templateIds: string[], now: Date): Promise<Record<string, number>> {
  const left: Record<string, number> = {}
  for (const templateId of [...new Set(templateIds)]) {
    const record = await transaction(async (tx) => {
      const existing = await subscribeGrants.get(openid, templateId, tx)
      const next: SubscribeGrantRecord = {
        _id: grantId(openid, templateId),
        openid,
        templateId,
        granted: (existing?.granted ?? 0) + 1,
        used: existing?.used ?? 0,
        updatedAt: now,
      }
      await subscribeGrants.put(next, tx)
      return next
    })
    left[templateId] = record.granted - record.used
  }
  return left
}

/** Grants left per `${openid}:${templateId}` (one read for up to 1000). */
export async function grantsLeft(keys: { openid: string; templateId: string }[]): Promise<Map<string, number>> {
  const ids = [...new Set(keys.map((k) => grantId(k.openid, k.templateId)))]
  const out = new Map<string, number>()
  for (let i = 0; i < ids.length; i += 1000) {
    for (const g of await subscribeGrants.getMany(ids.slice(i, i + 1000))) out.set(g._id, g.granted - g.used)
  }
  return out
}

export type SendOutcome = 'sent' | 'no_grant' | 'already' | 'refused' | 'failed'

/**
 * Sends one message for a cause (`id`, like a notification id) where a grant is left: uses the
 * grant and records the send in one transaction (so it goes once, even when the timer re-runs),
 * then calls WeChat after commit. A grant used for a message WeChat then refused stays used.
 */
export async function sendSubscribed(id: string, message: SubscribeMessage, now: Date): Promise<SendOutcome> {
  const decided = await transaction(async (tx) => {
    if (await subscribeSends.get(id, tx)) return 'already' as const
    const grant = await subscribeGrants.get(message.touser, message.templateId, tx)
    if (!grant || grant.granted - grant.used <= 0) return 'no_grant' as const
    await subscribeGrants.put({ ...grant, used: grant.used + 1, updatedAt: now }, tx)
    await subscribeSends.put(
      {
        _id: id,
        openid: message.touser,
        templateId: message.templateId,
        state: 'sending',
        errcode: null,
        createdAt: now,
        updatedAt: now,
      },
      tx,
    )
    return 'send' as const
  })
  if (decided !== 'send') return decided
  let reply: SubscribeReply
  try {
    reply = await port.send(message)
  } catch (error) {
    console.error('[subscribe] send failed', id, error)
    await subscribeSends.update(id, { state: 'failed', updatedAt: now }).catch(() => undefined)
    return 'failed'
  }
  if (reply.errcode === 0) {
    await subscribeSends.update(id, { state: 'sent', errcode: 0, updatedAt: now })
    return 'sent'
  }
  await subscribeSends.update(id, { state: 'refused', errcode: reply.errcode, updatedAt: now })
  if (reply.errcode === NO_GRANT) {
    // WeChat knows best: the user has no grant left (revoked, or grants reported that never reached WeChat).
    const g = await subscribeGrants.get(message.touser, message.templateId)
    if (g && g.granted > g.used) await subscribeGrants.update(g._id, { used: g.granted, updatedAt: now })
  }
  return 'refused'
}
