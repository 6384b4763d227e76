/**
 * The post function's search and 文件 tab (docs/search.md): load through the index, keep what the
 * viewer may see and what really contains the keyword, answer views (never a file id).
 */
import type { ActionName, OutputOf, ParsedInput } from '../core/contract'
import type { CircleFileItem, SearchHit } from '../core/contracts/post'
import { DomainError } from '../core/errors'
import { assertCan } from '../core/permissions'
import { canVisitorRead } from '../core/post'
import type { PostRecord } from '../core/records'
import { matchRanges, queryTerms } from '../core/search'
import { fileViews, postView } from '../core/views'
import type { ActionContext } from '../runtime/handler'
import { circles } from '../runtime/repos/circles'
import { posts } from '../runtime/repos/posts'
import { postSearch } from '../runtime/repos/search'
import { accessIn } from '../runtime/session'
import { SEARCH_LIMITS } from '../core/limits'

type In<A extends ActionName<'post'>> = ParsedInput<'post', A>
type Out<A extends ActionName<'post'>> = Promise<OutputOf<'post', A>>

/** Whether a post passes the non-keyword filters (visitors' preview posts are filtered in memory). */
const passes = (p: PostRecord, input: In<'search'>) =>
  (!input.tag || p.tags.includes(input.tag)) && (!input.authorId || p.authorId === input.authorId)

function hit(p: PostRecord, q: string | undefined): SearchHit | null {
  const highlights = q ? matchRanges(p.text, q) : []
  if (q && highlights.length === 0) return null
  return { ...postView(p, false), highlights }
}

export async function search(input: In<'search'>, ctx: ActionContext): Out<'search'> {
  if (!input.q && !input.tag && !input.authorId) throw new DomainError('search_needs_filter', undefined, 'q')
  const terms = input.q ? queryTerms(input.q) : []
  if (input.q && terms.length === 0) throw new DomainError('search_keyword_too_short', undefined, 'q')
  const { readRole } = await accessIn(input.circleId, ctx.caller, ctx.now)
  if (!readRole) {
    // A visitor searches only the owner's preview posts (≤ 5): read them by id, match in memory.
    const circle = await circles.require(input.circleId)
    const preview = circle.allowPreview ? await posts.getMany(circle.previewPostIds) : []
    const items = preview
      .filter((p) => p.status === 'published' && canVisitorRead(circle, p) && passes(p, input))
      .map((p) => hit(p, input.q))
      .filter((h): h is SearchHit => !!h)
    return { items, nextCursor: null }
  }
  assertCan(readRole, 'circle.read')
  const page = await postSearch.find({
    circleId: input.circleId,
    terms,
    tag: input.tag,
    authorId: input.authorId,
    cursor: input.cursor,
    limit: SEARCH_LIMITS.pageSize,
  })
  // The index found posts with every bigram; keep those holding the keyword itself. The cursor
  // follows the rows read, so a page may show fewer hits than it read and paging stays exact.
  const items = page.rows.map((p) => hit(p, input.q)).filter((h): h is SearchHit => !!h)
  return { items, nextCursor: page.nextCursor }
}

export async function files(input: In<'files'>, ctx: ActionContext): Out<'files'> {
  const { readRole } = await accessIn(input.circleId, ctx.openid, ctx.now)
  assertCan(readRole, 'circle.read')
  const page = await postSearch.withFiles({
    circleId: input.circleId,
    cursor: input.cursor,
    limit: SEARCH_LIMITS.pageSize,
  })
  const items: CircleFileItem[] = page.rows.flatMap((p) =>
    // fileViews carries no file id: opening goes through post.openFile (preview-only for 禁止下载)
    fileViews(p.files).map((f) => ({
      ...f,
      postId: p._id,
      createdAt: new Date(p.createdAt).toISOString(),
      author: { openid: p.authorId, ...p.author },
    })),
  )
  return { items, nextCursor: page.nextCursor }
}
