/**
 * Content security through WeChat's open API (msgSecCheck v2, mediaCheckAsync v2). In the local
 * cloud the same calls reach the local rule set (localcloud/openapi/security.ts); nothing here
 * knows which. The functions that call these list them in config.json permissions.openapi.
 */
import { openapi, tempFileUrls } from '../cloud'
import type { ContentScene, ContentSecurityAdapter, ContentVerdict } from './types'

/** WeChat's scene numbers: 1 资料, 2 评论, 3 论坛, 4 社交日志. */
export const WECHAT_SCENES: Record<ContentScene, 1 | 2 | 3 | 4> = {
  profile: 1,
  circle: 1,
  application: 1,
  comment: 2,
  answer: 2,
  post: 3,
  question: 3,
  event: 3,
  checkin: 4,
}

interface SecurityApi {
  msgSecCheck(p: {
    content: string
    version: 2
    scene: number
    openid: string
  }): Promise<{ result?: { suggest?: string } }>
  mediaCheckAsync(p: {
    mediaUrl: string
    mediaType: 1 | 2
    version: 2
    scene: number
    openid: string
  }): Promise<{ traceId?: string }>
}

function security(): SecurityApi {
  // cloud.openapi is an untyped proxy in wx-server-sdk
  return (openapi() as unknown as { security: SecurityApi }).security
}

const log = (level: 'warn' | 'error', msg: string, extra: Record<string, unknown>) =>
  console[level](JSON.stringify({ level, msg, ...extra }))

export function createWechatAdapter(options: { localMedia: boolean }): ContentSecurityAdapter {
  return {
    name: 'wechat',
    async checkText({ openid, scene, text }) {
      try {
        const res = await security().msgSecCheck({ content: text, version: 2, scene: WECHAT_SCENES[scene], openid })
        const suggest = res.result?.suggest
        if (suggest === 'pass' || suggest === 'review' || suggest === 'risky') return suggest
        log('warn', 'msgSecCheck: unexpected answer, holding for review', { suggest })
        return 'review'
      } catch (e) {
        const err = e as { errCode?: number; errMsg?: string }
        // 87014: WeChat's v1-style "risky content" refusal
        if (err?.errCode === 87014) return 'risky'
        // Fail closed but not hostile: when the check cannot answer, people on the team decide.
        log('warn', 'msgSecCheck failed, holding for review', { errCode: err?.errCode, errMsg: err?.errMsg })
        return 'review' satisfies ContentVerdict
      }
    },
    async submitImage({ openid, scene, fileId }) {
      try {
        // WeChat fetches the image itself, so it needs a URL it can reach; the local cloud's
        // stand-in reads the file id.
        const mediaUrl = options.localMedia ? fileId : (await tempFileUrls([fileId], 3600))[fileId]
        if (!mediaUrl) return null
        const res = await security().mediaCheckAsync({
          mediaUrl,
          mediaType: 2,
          version: 2,
          scene: WECHAT_SCENES[scene],
          openid,
        })
        return res.traceId ?? null
      } catch (e) {
        const err = e as { errCode?: number; errMsg?: string }
        log('warn', 'mediaCheckAsync failed', { errCode: err?.errCode, errMsg: err?.errMsg })
        return null
      }
    },
  }
}
