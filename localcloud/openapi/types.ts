/** What an open-API handler of the local cloud receives and answers (openapi/handlers.ts holds the table). */
import type { LocalDatabase } from '../db'

export interface OpenApiContext {
  /** The caller's appid and openid as the function's WeChat context carries them. */
  appid: string | null
  openid: string | null
  now: Date
  /** The local database, for rules that need state (e.g. subscribe-message grants). Absent in bare tests. */
  db?: LocalDatabase
  /**
   * Delivers a message push (消息推送) later, as WeChat does for asynchronous results such as
   * `wxa_media_check`. Absent: pushes are dropped (tests that do not need them).
   */
  push?: (event: Record<string, unknown>) => void
}

/** A reply: JSON (what most APIs answer), or raw bytes with a content type (images such as a QR code). */
export type OpenApiResult = Record<string, unknown> | { buffer: Buffer; contentType: string }

export type OpenApiHandler = (body: Record<string, unknown>, ctx: OpenApiContext) => Promise<OpenApiResult>
