/**
 * The content-security gate every published text and image passes (docs/features.md §4,
 * docs/content-security.md): `pass` shows it, `review` holds it for the team, `risky` refuses it.
 * The adapter (runtime/security) asks WeChat — msgSecCheck v2 for text, mediaCheckAsync v2 for
 * images — and in the local cloud the same calls reach the local rule set.
 *
 * Images: mediaCheckAsync answers later, by a message push (the contentCheck function): the
 * content is published (or held) on its text's verdict, and a later risky image takes it down,
 * a review image holds it (docs/content-security.md "Images").
 */
import { submitsImages } from '../core/content'
import { now as clock } from './clock'
import { mediaChecks } from './repos/content'
import { contentSecurityAdapter, type ContentToCheck, type ContentVerdict } from './security'

export type { ContentScene, ContentToCheck, ContentVerdict } from './security'

/** msgSecCheck accepts at most 2500 characters per call. */
const CHUNK = 2500

function chunks(text: string): string[] {
  const cps = [...text]
  const out: string[] = []
  for (let i = 0; i < cps.length; i += CHUNK) out.push(cps.slice(i, i + CHUNK).join(''))
  return out
}

export function worstOf(verdicts: ContentVerdict[]): ContentVerdict {
  if (verdicts.includes('risky')) return 'risky'
  if (verdicts.includes('review')) return 'review'
  return 'pass'
}

export async function checkContent(content: ContentToCheck): Promise<ContentVerdict> {
  const adapter = contentSecurityAdapter()
  const texts = content.texts
    .map((t) => t.trim())
    .filter(Boolean)
    .flatMap(chunks)
  const verdicts = await Promise.all(
    texts.map((text) => adapter.checkText({ openid: content.openid, scene: content.scene, text })),
  )
  const verdict = worstOf(verdicts)
  // Images are checked asynchronously (the verdict comes later by a message push, handled by the
  // contentCheck function). They are submitted only when the content will be written, so a
  // refused action writes nothing; each submission is recorded by its trace id.
  if (submitsImages(verdict, content.scene)) {
    const now = clock()
    const traces = await Promise.all(
      [...new Set(content.images)].map(async (fileId) => ({
        fileId,
        traceId: await adapter.submitImage({ openid: content.openid, scene: content.scene, fileId }),
      })),
    )
    // one database call for all of a post's images (an image twice is submitted once)
    const unique = traces.filter((t): t is { fileId: string; traceId: string } => !!t.traceId)
    await mediaChecks.putMany(
      unique.map((t) => ({
        _id: t.traceId,
        fileId: t.fileId,
        openid: content.openid,
        scene: content.scene,
        submittedAt: now,
        suggest: null,
        decidedAt: null,
      })),
    )
  }
  return verdict
}
