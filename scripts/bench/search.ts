/**
 * Post search over 100 000 posts of one circle (docs/search.md) on the strict local database
 * through the real SDK and the real `post` function: database calls and wall time of a search page
 * for a rare keyword, a common one, a keyword with a tag, paging a keyword through to its end, and a
 * 文件 tab page. Posts are seeded directly (newPost computes their terms, as the post write does).
 * Prints one JSON line for scripts/bench.mjs.
 *   SEARCH_POSTS=10000 npx tsx scripts/bench/search.ts
 * The local database scans (it has no query planner): its times say what the emulator costs, not
 * what CloudBase's index costs; the call counts are what production pays.
 */
import { newPost } from '../../cloudfunctions/core/post'
import type { CircleRecord, MembershipRecord } from '../../cloudfunctions/core/records'
import { invoke, startWorld } from '../../test/integration/world'

const N = Number(process.env.SEARCH_POSTS ?? 100_000)
/** Pages of one keyword read one after another. */
const PAGES = 5
const PHRASES = [
  '今天早起读书',
  '晨跑五公里',
  '分享一本好书',
  '周末去爬山',
  '学习产品设计',
  '写作练习第',
  '摄影作品',
  '咖啡与阅读',
  '复盘这一周',
  '新手提问',
]

async function main() {
  const cloud = await startWorld()
  const now = Date.now()
  const circle = {
    _id: 'bench_search',
    name: '基准搜索圈',
    tags: [],
    status: 'active',
    ownerId: 'o_owner',
    memberCount: 2,
    allowPreview: true,
    previewPostIds: [],
    pinnedPostIds: [],
    createdAt: new Date(now),
    updatedAt: new Date(now),
  } as unknown as CircleRecord
  cloud.db.insert('circles', circle as unknown as Record<string, unknown>)
  const member = {
    _id: 'bench_search:o_reader',
    circleId: circle._id,
    openid: 'o_reader',
    role: 'member',
    status: 'active',
    user: { nickname: '读者', avatarUrl: '' },
    joinedAt: new Date(now - 86_400_000),
    expiresAt: null,
    updatedAt: new Date(now),
  } as MembershipRecord
  cloud.db.insert('memberships', member as unknown as Record<string, unknown>)
  const author = { ...member, openid: 'o_author', _id: 'bench_search:o_author' }
  const batch: Record<string, unknown>[] = []
  for (let i = 0; i < N; i++) {
    // every post has two phrases (so each phrase is in 1 post of 5) and a number; 1 in 10 000 holds
    // 「冷门关键词」; 1 in 20 is tagged #打卡; 1 in 50 has a file (half of those 禁止下载)
    const text = `${PHRASES[i % 10]} ${PHRASES[(i * 7 + 3) % 10]} 第${i}条${i % 10_000 === 0 ? ' 冷门关键词' : ''}${i % 20 === 0 ? ' #打卡' : ''}`
    const files =
      i % 50 === 0
        ? [{ fileId: `cloud://bench/${i}.pdf`, name: `资料${i}.pdf`, sizeBytes: 1000, noDownload: i % 100 === 0 }]
        : []
    const post = newPost({
      id: `p${String(i).padStart(7, '0')}`,
      circle,
      author,
      text,
      images: [],
      files,
      now: new Date(now - (N - i) * 1000),
    })
    batch.push(post as unknown as Record<string, unknown>)
    if (batch.length === 10_000) cloud.db.insertMany('posts', batch.splice(0))
  }
  if (batch.length) cloud.db.insertMany('posts', batch.splice(0))

  const measure = async (input: Record<string, unknown>, action = 'search') => {
    cloud.db.resetCallCounts()
    const t = performance.now()
    const res = await invoke('o_reader', 'post', { action, circleId: circle._id, ...input })
    const ms = performance.now() - t
    if (!res.ok) throw new Error(`${action}: ${JSON.stringify(res.error)}`)
    return {
      calls: cloud.db.totalCalls(),
      ms: Math.round(ms),
      items: res.data.items.length,
      next: res.data.nextCursor as string | null,
    }
  }
  const rare = await measure({ q: '冷门关键词' })
  const common = await measure({ q: '读书' })
  const tagged = await measure({ q: '爬山', tag: '打卡' })
  const files = await measure({}, 'files')
  // a keyword in 1 post of 5: its first pages, one after another (the local database scans every
  // post per page, so paging all 20 000 hits here would measure the emulator, not the design)
  let cursor: string | undefined
  let pages = 0
  let hits = 0
  let calls = 0
  const t = performance.now()
  do {
    const r = await measure({ q: '摄影作品', cursor })
    pages += 1
    hits += r.items
    calls += r.calls
    cursor = r.next ?? undefined
  } while (cursor && pages < PAGES)
  const pagingMs = Math.round(performance.now() - t)
  console.log(
    JSON.stringify({
      posts: N,
      rare,
      common,
      tagged,
      files,
      paging: { keyword: '摄影作品', hits, pages, calls, ms: pagingMs },
    }),
  )
  await cloud.close()
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
