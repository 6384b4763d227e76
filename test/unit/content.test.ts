// Pure content-security and protection rules (cloudfunctions/core/content.ts), the port's
// verdict arithmetic, and the rule that a function calling content security may call its APIs.
import { readdirSync, readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import {
  assertPasses,
  canDownload,
  canSeeHeld,
  fileKind,
  normaliseFiles,
  previewType,
  publishStatus,
  reviewNotification,
  reviewPatch,
} from '../../cloudfunctions/core/content'
import { DomainError } from '../../cloudfunctions/core/errors'
import { worstOf } from '../../cloudfunctions/runtime/contentSecurity'
import { contentSecurityAdapter } from '../../cloudfunctions/runtime/security'

const NOW = new Date('2025-06-01T04:00:00Z')
const code = (fn: () => unknown) => {
  try {
    fn()
  } catch (e) {
    return (e as DomainError).code
  }
  return 'none'
}

describe('verdict → action', () => {
  it('pass publishes, review holds, risky refuses', () => {
    expect(publishStatus('pass', NOW)).toEqual({ status: 'published' })
    expect(publishStatus('review', NOW)).toEqual({
      status: 'held',
      review: { heldAt: NOW, decidedAt: null, decidedBy: null, reason: null },
    })
    expect(code(() => publishStatus('risky', NOW))).toBe('content_risky')
  })

  it('names and profiles cannot wait: review refuses as risky does', () => {
    expect(code(() => assertPasses('pass'))).toBe('none')
    expect(code(() => assertPasses('review'))).toBe('content_risky')
    expect(code(() => assertPasses('risky'))).toBe('content_risky')
  })

  it('the worst verdict of several texts wins', () => {
    expect(worstOf([])).toBe('pass')
    expect(worstOf(['pass', 'review', 'pass'])).toBe('review')
    expect(worstOf(['review', 'risky'])).toBe('risky')
  })
})

describe('held content', () => {
  it('is seen by its author and the team only', () => {
    expect(canSeeHeld('member', 'o_a', 'o_a')).toBe(true)
    expect(canSeeHeld('member', 'o_b', 'o_a')).toBe(false)
    expect(canSeeHeld('guest', 'o_b', 'o_a')).toBe(false)
    expect(canSeeHeld('admin', 'o_b', 'o_a')).toBe(true)
    expect(canSeeHeld('owner', 'o_b', 'o_a')).toBe(true)
    expect(canSeeHeld(null, null, 'o_a')).toBe(false)
  })

  it('approve publishes; reject deletes with the reason (a default when none is given); only held content is decided', () => {
    const review = { heldAt: new Date('2025-05-31T00:00:00Z'), decidedAt: null, decidedBy: null, reason: null }
    expect(reviewPatch({ review, status: 'held', approve: true, reason: 'x', by: 'o_admin', now: NOW })).toEqual({
      status: 'published',
      review: { heldAt: review.heldAt, decidedAt: NOW, decidedBy: 'o_admin', reason: null },
      deletedAt: null,
      deletedBy: null,
    })
    expect(
      reviewPatch({ review, status: 'held', approve: false, reason: ' 广告 ', by: 'o_admin', now: NOW }),
    ).toMatchObject({
      status: 'deleted',
      review: { reason: '广告' },
      deletedAt: NOW,
      deletedBy: 'o_admin',
    })
    expect(
      reviewPatch({ review, status: 'held', approve: false, reason: undefined, by: 'o_admin', now: NOW }).review.reason,
    ).toBe('内容不符合圈子规范')
    expect(
      code(() => reviewPatch({ review, status: 'published', approve: true, reason: undefined, by: 'o', now: NOW })),
    ).toBe('not_held')
    expect(
      code(() => reviewPatch({ review, status: 'deleted', approve: false, reason: undefined, by: 'o', now: NOW })),
    ).toBe('not_held')
  })

  it('tells the author once per decision (deterministic id), with the reason on rejection', () => {
    const base = {
      kind: 'post' as const,
      id: 'p1',
      postId: 'p1',
      circleId: 'c1',
      authorId: 'o_a',
      excerpt: '一二三四五六七八九十一二三四五六七八九十超出',
    }
    const ok = reviewNotification({ ...base, approve: true, reason: null })
    expect(ok).toMatchObject({
      id: 'review:post:p1',
      openid: 'o_a',
      kind: 'system',
      link: '/packageCircle/pages/post/index?id=p1',
    })
    expect(ok.body).not.toContain('超出')
    const no = reviewNotification({ ...base, kind: 'comment', id: 'k1', approve: false, reason: '广告' })
    expect(no).toMatchObject({ id: 'review:comment:k1', kind: 'content_removed', link: null })
    expect(no.body).toContain('广告')
  })
})

describe('attachments', () => {
  const f = (name: string, noDownload = false, fileId = `cloud://b/${name}`) => ({
    fileId,
    name,
    sizeBytes: 1,
    noDownload,
  })

  it('knows kinds and what the mini-program can preview', () => {
    expect(fileKind('a.PDF')).toBe('pdf')
    expect(fileKind('b.xlsx')).toBe('xls')
    expect(fileKind('c.pptx')).toBe('ppt')
    expect(fileKind('d.zip')).toBe('zip')
    expect(fileKind('noext')).toBe('other')
    expect(previewType('a.PDF')).toBe('pdf')
    expect(previewType('b.docx')).toBe('docx')
    expect(previewType('c.zip')).toBeNull()
    expect(previewType('d.txt')).toBeNull()
  })

  it('allows at most 5 files, none twice, and 禁止下载 only on previewable files', () => {
    expect(normaliseFiles([f(' a.pdf ', true)])).toEqual([
      { fileId: 'cloud://b/ a.pdf ', name: 'a.pdf', sizeBytes: 1, noDownload: true },
    ])
    expect(code(() => normaliseFiles(Array.from({ length: 6 }, (_, i) => f(`${i}.pdf`))))).toBe('invalid_argument')
    expect(code(() => normaliseFiles([f('a.pdf', false, 'cloud://b/x'), f('b.pdf', false, 'cloud://b/x')]))).toBe(
      'invalid_argument',
    )
    expect(code(() => normaliseFiles([f('a.zip', true)]))).toBe('file_not_previewable')
    expect(code(() => normaliseFiles([f('a.zip', false)]))).toBe('none')
  })

  it('only the author may save a 禁止下载 file', () => {
    expect(canDownload(f('a.pdf', true), 'o_author', 'o_author')).toBe(true)
    expect(canDownload(f('a.pdf', true), 'o_other', 'o_author')).toBe(false)
    expect(canDownload(f('a.pdf', false), 'o_other', 'o_author')).toBe(true)
    expect(canDownload(f('a.pdf', true), null, 'o_author')).toBe(false)
  })
})

describe('the adapter choice', () => {
  it('asks WeChat by default; "off" only outside production; anything else is a configuration error', () => {
    expect(contentSecurityAdapter({}).name).toBe('wechat')
    expect(contentSecurityAdapter({ CONTENT_SECURITY: 'off', QZ_LOCAL_CLOUD: 'true' }).name).toBe('off')
    expect(() => contentSecurityAdapter({ CONTENT_SECURITY: 'off' })).toThrow(/only for the local cloud/)
    expect(() => contentSecurityAdapter({ CONTENT_SECURITY: 'wechta' })).toThrow(/unknown adapter/)
  })
})

describe('functions that check content may call the APIs', () => {
  const root = join(__dirname, '../../cloudfunctions')
  const fns = readdirSync(root).filter((d) => existsSync(join(root, d, 'config.json')))
  const callsCheck = (fn: string) =>
    readdirSync(join(root, fn))
      .filter((f) => f.endsWith('.ts'))
      .some((f) => /checkContent\(/.test(readFileSync(join(root, fn, f), 'utf8')))

  it.each(fns.filter(callsCheck))('%s lists security.msgSecCheck and security.mediaCheckAsync in config.json', (fn) => {
    const config = JSON.parse(readFileSync(join(root, fn, 'config.json'), 'utf8'))
    expect(config.permissions.openapi).toEqual(
      expect.arrayContaining(['security.msgSecCheck', 'security.mediaCheckAsync']),
    )
  })
})
