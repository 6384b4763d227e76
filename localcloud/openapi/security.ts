/**
 * The local cloud's content-security rule set: deterministic stand-ins for WeChat's
 * `security.msgSecCheck` (v2) and `security.mediaCheckAsync` (v2). Documented in
 * docs/local-cloud.md ("Open API") and docs/content-security.md.
 *
 * Text: a small word list. A text containing a RISKY word (or the marker `[risky]`) answers
 * `suggest: 'risky'`; one containing a REVIEW word (or `[review]`) answers `review`; anything
 * else `pass`. Images: the media URL / file name decides — containing `risky` → risky,
 * `review` → review, else pass (that is what `localMediaVerdict` answers and what the verdict
 * push would carry).
 */
import { createHash } from 'node:crypto'
import type { OpenApiHandler } from './types'

/** label 20006 违法犯罪, 20002 色情, 20001 时政, 10001 广告 (WeChat's label table). */
export const RISKY_WORDS: ReadonlyArray<readonly [string, number]> = [
  ['[risky]', 21000],
  ['赌博网站', 20006],
  ['代开发票', 20006],
  ['出售枪支', 20006],
  ['买卖毒品', 20006],
  ['色情服务', 20002],
]

export const REVIEW_WORDS: ReadonlyArray<readonly [string, number]> = [
  ['[review]', 21000],
  ['刷单返利', 10001],
  ['加微信返利', 10001],
  ['内幕消息', 20008],
  ['稳赚不赔', 20008],
]

export type Suggest = 'pass' | 'review' | 'risky'

export function localTextVerdict(content: string): { suggest: Suggest; label: number; keyword?: string } {
  const lower = content.toLowerCase()
  for (const [word, label] of RISKY_WORDS) if (lower.includes(word)) return { suggest: 'risky', label, keyword: word }
  for (const [word, label] of REVIEW_WORDS) if (lower.includes(word)) return { suggest: 'review', label, keyword: word }
  return { suggest: 'pass', label: 100 }
}

export function localMediaVerdict(url: string): { suggest: Suggest; label: number } {
  const lower = url.toLowerCase()
  if (lower.includes('risky')) return { suggest: 'risky', label: 20002 }
  if (lower.includes('review')) return { suggest: 'review', label: 20012 }
  return { suggest: 'pass', label: 100 }
}

const traceId = (parts: unknown[]) => createHash('sha1').update(JSON.stringify(parts)).digest('hex').slice(0, 24)

/** WeChat answers 47001 (data format error) when a required field is missing or wrong. */
const formatError = (hint: string) => ({ errcode: 47001, errmsg: `data format error hint: ${hint}` })

function checkCommon(body: Record<string, unknown>): Record<string, unknown> | null {
  if (body.version !== 2) return formatError('version must be 2')
  if (typeof body.openid !== 'string' || !body.openid) return formatError('openid is required')
  if (![1, 2, 3, 4].includes(body.scene as number)) return formatError('scene must be 1, 2, 3 or 4')
  return null
}

/** security.msgSecCheck v2: `{ content, version: 2, scene, openid, title?, nickname?, signature? }`. */
export const msgSecCheck: OpenApiHandler = async (body, ctx) => {
  const bad = checkCommon(body)
  if (bad) return bad
  if (typeof body.content !== 'string') return formatError('content is required')
  // WeChat limits content to 2500 characters
  if (body.content.length > 2500) return { errcode: 87014, errmsg: 'risky content' }
  const texts = [body.content, body.title, body.nickname, body.signature].filter(
    (t): t is string => typeof t === 'string',
  )
  const verdicts = texts.map(localTextVerdict)
  const worst =
    verdicts.find((v) => v.suggest === 'risky') ?? verdicts.find((v) => v.suggest === 'review') ?? verdicts[0]
  return {
    result: { suggest: worst.suggest, label: worst.label },
    detail: [
      {
        strategy: 'keyword',
        errcode: 0,
        suggest: worst.suggest,
        label: worst.label,
        ...(worst.keyword ? { keyword: worst.keyword, level: 90 } : {}),
      },
    ],
    trace_id: traceId([body.content, body.openid, ctx.now.getTime()]),
  }
}

/**
 * security.mediaCheckAsync v2: `{ media_url, media_type: 1 (audio) | 2 (image), version: 2, scene, openid }`
 * → `{ trace_id }`. WeChat delivers the verdict later as a `wxa_media_check` message push; the
 * local verdict for a URL is `localMediaVerdict(url)`.
 */
export const mediaCheckAsync: OpenApiHandler = async (body, ctx) => {
  const bad = checkCommon(body)
  if (bad) return bad
  if (typeof body.media_url !== 'string' || !body.media_url) return formatError('media_url is required')
  if (body.media_type !== 1 && body.media_type !== 2) return formatError('media_type must be 1 or 2')
  const trace_id = traceId([body.media_url, body.openid, ctx.now.getTime()])
  const verdict = localMediaVerdict(body.media_url)
  // WeChat's verdict arrives later as a message push; the shape is WeChat's wxa_media_check event
  ctx.push?.({
    ToUserName: 'gh_localcloud',
    FromUserName: body.openid,
    CreateTime: Math.floor(ctx.now.getTime() / 1000),
    MsgType: 'event',
    Event: 'wxa_media_check',
    appid: ctx.appid,
    trace_id,
    version: 2,
    detail: [{ strategy: 'content_model', errcode: 0, suggest: verdict.suggest, label: verdict.label, prob: 90 }],
    errcode: 0,
    errmsg: 'ok',
    result: { suggest: verdict.suggest, label: verdict.label },
  })
  return { trace_id }
}
