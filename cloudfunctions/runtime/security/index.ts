/**
 * The one place that chooses the content-security adapter (like runtime/payment/channels.ts).
 * CONTENT_SECURITY=wechat (default) asks WeChat's open API, which in the local cloud is answered
 * by the local rule set; CONTENT_SECURITY=off passes everything and is refused in production
 * (only tests of unrelated features may use it).
 */
import { isLocalCloud, type Env } from '../payment/config'
import type { ContentSecurityAdapter } from './types'
import { createWechatAdapter } from './wechat'
import { pointsAtLocalCloud } from './files'

export type { ContentScene, ContentSecurityAdapter, ContentToCheck, ContentVerdict } from './types'

const passAll: ContentSecurityAdapter = {
  name: 'off',
  checkText: async () => 'pass',
  submitImage: async () => null,
}

export function contentSecurityAdapter(env: Env = process.env): ContentSecurityAdapter {
  const choice = env.CONTENT_SECURITY ?? 'wechat'
  if (choice === 'off') {
    if (!isLocalCloud(env) && env.NODE_ENV !== 'test')
      throw new Error('CONTENT_SECURITY=off is only for the local cloud and tests')
    return passAll
  }
  if (choice !== 'wechat') throw new Error(`CONTENT_SECURITY: unknown adapter "${choice}"`)
  // the SDK pointed at a local cloud (npm start, tests): its media stand-in reads file ids
  return createWechatAdapter({ localMedia: pointsAtLocalCloud(env) })
}
