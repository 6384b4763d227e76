/**
 * Invitations on the server side: resolving a code for any entry path (free join, approval, paid
 * entry in shop.order), and the mini-program code (小程序码) of an invite behind the open-API port.
 */
import { attributionOf, INVITE_CODE, type InviteAttribution, NO_ATTRIBUTION } from '../core/invites'
import { openapi } from './cloud'
import { invites } from './repos/invites'

/** The page an invite's QR opens; WeChat passes the code to it as `?scene=`. */
export const INVITE_PAGE = 'packageJoin/pages/open/index'

/**
 * Who brought `buyer` into `circleId`. Never fails the buyer: a missing, malformed, unknown or
 * foreign code attributes nothing, and one's own code names no inviter (self-referral earns
 * nothing). Only a database failure propagates (the caller's own action would fail on it too).
 */
export async function resolveInvite(
  code: string | undefined,
  circleId: string,
  buyer: string,
): Promise<InviteAttribution> {
  if (!code || !INVITE_CODE.test(code)) return NO_ATTRIBUTION
  return attributionOf(await invites.get(code), circleId, buyer)
}

interface WxacodeReply {
  contentType?: string
  buffer?: Buffer | Uint8Array
  errCode?: number
}

/**
 * The invite's mini-program code as a PNG data URL: `wxacode.getUnlimited` with the code as its
 * scene (unlimited in number, which invite codes need). In the local cloud the same call is
 * answered with a QR code of the H5 page (localcloud/openapi/wxacode.ts).
 */
export async function inviteQrPng(code: string): Promise<string> {
  const api = openapi() as unknown as { wxacode: { getUnlimited(args: object): Promise<WxacodeReply> } }
  const reply = await api.wxacode.getUnlimited({ scene: code, page: INVITE_PAGE, checkPath: false, width: 430 })
  if (!reply?.buffer) throw new Error(`wxacode.getUnlimited answered no image (errCode ${reply?.errCode ?? '?'})`)
  return `data:${reply.contentType || 'image/png'};base64,${Buffer.from(reply.buffer).toString('base64')}`
}
