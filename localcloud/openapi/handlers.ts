/**
 * The local cloud's answers to WeChat open-API calls (`cloud.openapi.*`), by API name as the SDK
 * sends it (e.g. `security.msgSecCheck`, `subscribeMessage.send`, `wxacode.getUnlimited`). Each
 * handler gets the call's JSON body and answers what WeChat answers (errcode 0 plus the result,
 * or a WeChat errcode), following WeChat's rules. The protobuf plumbing that decodes the SDK's
 * `wx.openApi` request and encodes the reply lives beside this file (index.ts).
 */
import { mediaCheckAsync, msgSecCheck } from './security'
import { subscribeMessageSend } from './subscribe'
import type { OpenApiHandler } from './types'
import { getUnlimited } from './wxacode'

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
