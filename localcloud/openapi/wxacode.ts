/**
 * `wxacode.getUnlimited` in the local cloud: WeChat answers a mini-program code (小程序码) whose
 * `scene` reaches the page as `?scene=`; here the answer is a real QR code (PNG) of the same page
 * in the H5 app, so a phone on the same network (QZ_PUBLIC_URL) or the e2e browser can follow it.
 * WeChat's rules are kept: scene 1–32 visible characters of its set, a page path without a
 * leading slash, width 280–1280 px.
 */
import QRCode from 'qrcode'
import type { OpenApiContext, OpenApiResult } from './types'

const SCENE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/

/** Where the H5 app is served (the local cloud's own address unless told otherwise). */
export function h5BaseUrl(): string {
  return (process.env.QZ_PUBLIC_URL || `http://127.0.0.1:${process.env.PORT ?? 10086}`).replace(/\/+$/, '')
}

/** The H5 address a code opens: the hash router's page plus the scene. */
export function h5LinkFor(page: string, scene: string): string {
  return `${h5BaseUrl()}/#/${page}?scene=${encodeURIComponent(scene)}`
}

export async function getUnlimited(body: Record<string, unknown>, _ctx: OpenApiContext): Promise<OpenApiResult> {
  const scene = typeof body.scene === 'string' ? body.scene : ''
  // WeChat: 40169 invalid length for scene, or the scene contains invalid characters
  if (!SCENE.test(scene)) return { errcode: 40169, errmsg: 'invalid length for scene, or the data is not json string' }
  const page = typeof body.page === 'string' && body.page ? body.page : 'pages/discover/index'
  // WeChat: 41030 invalid page (a leading slash or parameters are not allowed)
  if (page.startsWith('/') || page.includes('?')) return { errcode: 41030, errmsg: 'invalid page rid' }
  const width = body.width === undefined ? 430 : Number(body.width)
  if (!Number.isInteger(width) || width < 280 || width > 1280) return { errcode: 40001, errmsg: 'invalid width' }
  const buffer = await QRCode.toBuffer(h5LinkFor(page, scene), {
    type: 'png',
    width,
    margin: 2,
    errorCorrectionLevel: 'M',
  })
  return { buffer, contentType: 'image/png' }
}
