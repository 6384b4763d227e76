/**
 * The local cloud's answers to WeChat open-API calls (`cloud.openapi.*`), by API name as the SDK
 * sends it (e.g. `security.msgSecCheck`, `subscribeMessage.send`, `wxacode.getUnlimited`). Each
 * handler gets the call's JSON body and answers what WeChat answers (errcode 0 plus the result,
 * or a WeChat errcode), following WeChat's rules. The protobuf plumbing that decodes the SDK's
 * `wx.openApi` request and encodes the reply lives beside this file (index.ts).
 */
import type { LocalDatabase } from '../db'
import { mediaCheckAsync, msgSecCheck } from './security'
import { subscribeMessageSend } from './subscribe'
import { getUnlimited } from './wxacode'

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

export const OPENAPI_HANDLERS: Record<string, OpenApiHandler> = {
  // ---- moderation: security.msgSecCheck, security.mediaCheckAsync ----
  // ---- content: content security, held content, files, watermark ----
  'security.msgSecCheck': msgSecCheck,
  'security.mediaCheckAsync': mediaCheckAsync,
  // ---- lifecycle: subscribeMessage.send ----
  'subscribeMessage.send': subscribeMessageSend,
  // ---- entry: wxacode.getUnlimited ----
  'wxacode.getUnlimited': getUnlimited,
}
