// The local cloud's open API through the real, unmodified wx-server-sdk: the SDK encodes the call
// as protobuf CommApiData in a multipart `wx.openApi` request, the local cloud decodes it,
// dispatches by API name and answers a protobuf CommOpenApiResp the SDK decodes.
import { startTestCloud, useSdkEnv, type TestCloud } from '../../localcloud/testing'
import {
  createOpenApi,
  decodeCommApiData,
  decodeCommOpenApiResp,
  encodeCommApiData,
  encodeCommOpenApiResp,
  OPENAPI_ERRORS,
} from '../../localcloud/openapi'
import { OPENAPI_HANDLERS } from '../../localcloud/openapi/handlers'
import type { OpenApiContext } from '../../localcloud/openapi/types'
import { localMediaVerdict, localTextVerdict } from '../../localcloud/openapi/security'

const cloud = require('wx-server-sdk') as typeof import('wx-server-sdk')
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string })
// the SDK's openapi is an untyped proxy
const openapi = cloud.openapi as any

const NOW = new Date('2025-05-01T08:00:00Z')
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 255])

describe('local open API through wx-server-sdk', () => {
  let testCloud: TestCloud
  let restore: () => void
  const seen: { body: Record<string, unknown>; ctx: OpenApiContext }[] = []

  beforeAll(async () => {
    // the real handlers plus test-only APIs
    testCloud = await startTestCloud({
      now: () => NOW,
      openApi: createOpenApi({
        now: () => NOW,
        appId: 'wx_test_app',
        handlers: {
          ...OPENAPI_HANDLERS,
          'test.echo': async (body, ctx) => {
            seen.push({ body, ctx })
            return { echoed: body }
          },
          'test.image': async () => ({ buffer: PNG, contentType: 'image/png' }),
          'test.refuse': async () => ({ errcode: 45009, errmsg: 'reach max api daily quota limit' }),
          'test.crash': async () => {
            throw new Error('boom')
          },
        },
      }),
    })
    restore = useSdkEnv(testCloud.url)
  })

  afterAll(async () => {
    restore()
    await testCloud.close()
  })

  it('decodes the call: snake_case JSON body by API name, appid when named', async () => {
    const res = await openapi.test.echo({ touserName: 'o-1', nested: { innerKey: [1, 'a'] }, flag: true, count: 3 })
    expect(seen.at(-1)!.body).toEqual({ touser_name: 'o-1', nested: { inner_key: [1, 'a'] }, flag: true, count: 3 })
    expect(seen.at(-1)!.ctx.appid).toBe('wx_test_app')
    expect(seen.at(-1)!.ctx.now).toEqual(NOW)
    // the SDK converts the reply back to camelCase and adds its own errCode / errMsg
    expect(res).toMatchObject({
      echoed: { touserName: 'o-1', nested: { innerKey: [1, 'a'] } },
      errCode: 0,
      errMsg: 'openapi.test.echo:ok',
    })
    await openapi({ appid: 'wx_other' }).test.echo({ a: 1 })
    expect(seen.at(-1)!.ctx.appid).toBe('wx_other')
  })

  it('passes binary replies back as { contentType, buffer }', async () => {
    const res = await openapi.test.image({ scene: 'x' })
    expect(res.contentType).toBe('image/png')
    expect(Buffer.compare(res.buffer, PNG)).toBe(0)
  })

  it('turns a WeChat errcode into the SDK error with that errCode', async () => {
    await expect(openapi.test.refuse({})).rejects.toMatchObject({
      errCode: 45009,
      errMsg: expect.stringMatching(/daily quota/),
    })
  })

  it('answers an unknown API as WeChat does for an API the function may not call (-604101)', async () => {
    await expect(openapi.no.suchApi({})).rejects.toMatchObject({ errCode: OPENAPI_ERRORS.NO_PERMISSION })
  })

  it('answers a crashing handler as a WeChat system error', async () => {
    await expect(openapi.test.crash({})).rejects.toMatchObject({ errCode: OPENAPI_ERRORS.SYSTEM_ERROR })
  })

  it('security.msgSecCheck v2 answers from the local word list', async () => {
    const ask = (content: string) => openapi.security.msgSecCheck({ content, version: 2, scene: 3, openid: 'o-1' })
    expect((await ask('今天天气不错，一起读书')).result).toEqual({ suggest: 'pass', label: 100 })
    expect((await ask('周末一起去赌博网站')).result).toEqual({ suggest: 'risky', label: 20006 })
    expect((await ask('朋友说有内幕消息')).result).toMatchObject({ suggest: 'review' })
    const res = await ask('稳赚不赔')
    expect(res.detail[0]).toMatchObject({ suggest: 'review', keyword: '稳赚不赔' })
    expect(typeof res.traceId).toBe('string')
    // v1-style calls (no version / openid) are refused like WeChat refuses them
    await expect(openapi.security.msgSecCheck({ content: 'x' })).rejects.toMatchObject({ errCode: 47001 })
  })

  it('security.mediaCheckAsync v2 answers a trace id; the verdict rule is the file name', async () => {
    const res = await openapi.security.mediaCheckAsync({
      mediaUrl: 'https://x/a.png',
      mediaType: 2,
      version: 2,
      scene: 3,
      openid: 'o-1',
    })
    expect(res.traceId).toMatch(/^[0-9a-f]{24}$/)
    await expect(
      openapi.security.mediaCheckAsync({ mediaType: 2, version: 2, scene: 3, openid: 'o-1' }),
    ).rejects.toMatchObject({ errCode: 47001 })
    expect(localMediaVerdict('cloud://env/posts/risky-1.png').suggest).toBe('risky')
    expect(localMediaVerdict('cloud://env/posts/review.jpg').suggest).toBe('review')
    expect(localMediaVerdict('cloud://env/posts/cat.jpg').suggest).toBe('pass')
  })
})

describe('the default test cloud has the open API attached', () => {
  it('answers security.msgSecCheck without any option', async () => {
    const testCloud = await startTestCloud()
    const restore = useSdkEnv(testCloud.url)
    try {
      const res = await openapi.security.msgSecCheck({ content: '[review] 看看', version: 2, scene: 2, openid: 'o-2' })
      expect(res.result.suggest).toBe('review')
    } finally {
      restore()
      await testCloud.close()
    }
  })
})

describe('protobuf codec', () => {
  it('round-trips CommApiData and CommOpenApiResp, negative error codes included', () => {
    const bytes = encodeCommApiData({ content: '你好', n: 1, deep: { a: [1] } }, 'wx_app')
    expect(decodeCommApiData(bytes)).toEqual({
      apiType: 0,
      appid: 'wx_app',
      body: { content: '你好', n: 1, deep: { a: [1] } },
    })
    const resp = encodeCommOpenApiResp({
      respData: Buffer.from('{}'),
      contentType: 'application/json',
      errorCode: -604101,
      httpCode: 200,
    })
    expect(decodeCommOpenApiResp(resp)).toEqual({
      respData: Buffer.from('{}'),
      contentType: 'application/json',
      errorCode: -604101,
      httpCode: 200,
    })
  })

  it('word list verdicts are deterministic', () => {
    expect(localTextVerdict('出售枪支').suggest).toBe('risky')
    expect(localTextVerdict('[RISKY] x').suggest).toBe('risky')
    expect(localTextVerdict('刷单返利').suggest).toBe('review')
    expect(localTextVerdict('读书会').suggest).toBe('pass')
  })
})
