/**
 * Seeds the demo world by playing DEMO_* through the real functions, as the demo users, on the
 * simulated clock (each step at its own time over the past week, so the feed reads like a living
 * product). Images are painted here and uploaded through the storage endpoint.
 *
 * Money (docs/payments.md): the paid circle gets its prices and a course through shop.setPricing /
 * shop.saveCourse, and its members BUY their way in: shop.order as the member, then the pay
 * simulator's cashier is paid over HTTP exactly as the H5 cashier page does, and the simulator's
 * signed TRANSACTION.SUCCESS notification reaches payNotify, which fulfils (membership + ledger).
 * The older purchases are past the 72 h refund window (可提现), a course bought yesterday is not
 * (待结算), so the owner's earnings page shows both.
 *
 * One shortcut, seed only: approval circles cannot be joined through the functions yet (they
 * answer entry_requires_approval), so their seed members are written straight into `memberships`
 * — the same record circle.join writes — and memberCount is then rebuilt by the product's own
 * maintenance/recountMembers timer job.
 */
import type { LocalCloud } from '../cloud'
import type { SeedContext } from './context'
import { SEED_EXTRAS } from './extras'
import {
  DEMO_CIRCLES,
  DEMO_COURSE,
  DEMO_LATE_PURCHASES,
  DEMO_POSTS,
  DEMO_PRICING,
  DEMO_USERS,
  DemoCircle,
} from './data'
import { hex, paintAvatar, paintScene, Scene } from './png'

const DAY_MS = 86_400_000

/** Demo 二级商户: the two owners finished onboarding; 陈小雨 is waiting to sign. */
const SEED_MERCHANTS: Array<[string, Array<'ACCOUNT_NEED_VERIFY' | 'NEED_SIGN' | 'FINISH'>]> = [
  ['lin', ['ACCOUNT_NEED_VERIFY', 'NEED_SIGN', 'FINISH']],
  ['su', ['ACCOUNT_NEED_VERIFY', 'NEED_SIGN', 'FINISH']],
  ['chen', ['ACCOUNT_NEED_VERIFY', 'NEED_SIGN']],
]
const SHANGHAI_MS = 8 * 3600_000

export interface SeedReport {
  users: number
  circles: number
  posts: number
  comments: number
  likes: number
  images: number
  /** Orders paid through the pay simulator (and fulfilled by payNotify). */
  orders: number
  ms: number
}

export class SeedError extends Error {}

/**
 * The functions the seed plays, in the order of their first call. The seed loads their instances
 * ahead, in this order (Gateway.warm), so each is ready by its first call while the seed runs; a
 * function not listed loads on its first call. The others wait until the seed is done (main.ts).
 */
export const SEED_FUNCTIONS = [
  'user',
  'wallet',
  'contentCheck',
  'circle',
  'shop',
  'payNotify',
  'maintenance',
  'post',
  'member',
  'notify',
  'moderate',
  'challenge',
  'qa',
  'event',
  'perk',
  'lottery',
  'group',
]

export type { SeedContext }

export async function seedDemo(cloud: LocalCloud, log: (line: string) => void = () => undefined): Promise<SeedReport> {
  const started = Date.now()
  void cloud.gateway.warm(SEED_FUNCTIONS, { onlyFirst: true })
  const report: SeedReport = { users: 0, circles: 0, posts: 0, comments: 0, likes: 0, images: 0, orders: 0, ms: 0 }
  const originalOffset = cloud.clock.offsetMs()
  const today = cloud.clock.now()
  const openidOf = (key: string) => {
    const user = DEMO_USERS.find((u) => u.key === key)
    if (!user) throw new SeedError(`unknown demo user ${key}`)
    return user.openid
  }

  // ---- the clock: every step happens at its own moment of the past week ----
  let last = 0
  const at = (daysAgo: number, hour: number, minute: number) => {
    const dayStart = Math.floor((today.getTime() + SHANGHAI_MS) / DAY_MS) * DAY_MS - SHANGHAI_MS
    let t = dayStart - daysAgo * DAY_MS + (hour * 60 + minute) * 60_000
    if (t > today.getTime()) t = today.getTime() - 60_000
    t = Math.max(t, last + 1000)
    last = t
    cloud.clock.set(new Date(t))
  }
  const later = (minutes: number) => {
    last = Math.min(last + minutes * 60_000, today.getTime())
    cloud.clock.set(new Date(last))
  }

  const call = async (fn: string, action: string, input: Record<string, unknown>, as: string) => {
    const result = await cloud.invoke(fn, { action, ...input }, as)
    if (!result?.ok) {
      throw new SeedError(`${fn}.${action} as ${as} failed: ${JSON.stringify(result?.error ?? result)}`)
    }
    return result.data
  }

  const upload = async (openid: string, png: Buffer): Promise<string> => {
    const res = await fetch(`http://127.0.0.1:${cloud.port}/api/storage/upload?ext=png`, {
      method: 'POST',
      headers: { 'content-type': 'image/png', 'x-dev-openid': openid },
      body: png,
    })
    const body: any = await res.json()
    if (!res.ok || !body.fileID) throw new SeedError(`upload failed: ${JSON.stringify(body)}`)
    report.images++
    return body.fileID
  }
  const picture = (openid: string, scene: Scene, palette: string[], seed: number, w = 720, h = 540) =>
    upload(openid, paintScene(scene, palette.map(hex), w, h, seed))

  try {
    // ---- people ----
    at(10, 21, 0)
    for (const [i, user] of DEMO_USERS.entries()) {
      await call('user', 'login', {}, user.openid)
      const avatarUrl = await upload(user.openid, paintAvatar(user.palette.map(hex), 101 + i))
      await call('user', 'updateProfile', { nickname: user.nickname, avatarUrl }, user.openid)
      report.users++
      later(37)
    }
    log(`  ${report.users} users`)

    // ---- 收款账户 (docs/payments.md "Onboarding"): under 平台收付通 the owners are 二级商户 —
    // they apply through the real wallet actions (images through WeChat Pay's media API), and the
    // pay simulator's review moves them on; 陈小雨 is still onboarding (待签约, the QR to scan).
    if ((process.env.SETTLEMENT_MODE ?? 'platform') === 'platform') {
      at(10, 21, 30)
      for (const [key, steps] of SEED_MERCHANTS) {
        const user = DEMO_USERS.find((u) => u.key === key)!
        const photo = async (n: number) =>
          (
            await call(
              'wallet',
              'uploadMerchantImage',
              { fileId: await upload(user.openid, paintAvatar(user.palette.map(hex), 500 + n)) },
              user.openid,
            )
          ).mediaId
        await call(
          'wallet',
          'applyMerchant',
          {
            subjectType: 'micro',
            merchantShortname: `${user.nickname}的圈子`,
            idCard: {
              portraitMediaId: await photo(1),
              nationalMediaId: await photo(2),
              name: user.nickname,
              number: '110101199001011237',
              validFrom: '2020-01-01',
              validTo: '长期',
            },
            bank: {
              accountType: 'personal',
              bankName: '招商银行',
              bankAddressCode: '110000',
              accountNumber: `62258800${String(1000_0000 + key.length * 1111).slice(-8)}`,
              accountName: user.nickname,
            },
            contact: { mobile: '13800138000' },
            storeName: `${user.nickname}的圈子`,
          },
          user.openid,
        )
        const [record] = cloud.db.find('merchants', { _id: user.openid }) as Array<{ outRequestNo: string }>
        for (const state of steps) cloud.pay.sim.ecommerce.applymentTo(record.outRequestNo, state)
        await call('wallet', 'refreshMerchant', {}, user.openid)
        later(5)
      }
    }

    // ---- circles ----
    const circleIds = new Map<string, string>()
    at(9, 20, 0)
    for (const [i, circle] of DEMO_CIRCLES.entries()) {
      const owner = openidOf(circle.owner)
      const coverUrl = await picture(owner, circle.scene, circle.palette, 201 + i, 750, 420)
      const avatarUrl = await picture(owner, circle.scene, circle.palette, 301 + i, 240, 240)
      const created = await call(
        'circle',
        'create',
        { ...circle.profile, entryMode: circle.entryMode, coverUrl, avatarUrl },
        owner,
      )
      circleIds.set(circle.key, created.id)
      report.circles++
      later(90)
    }

    // ---- what the paid circles sell ----
    const courseIds = new Map<string, string>()
    for (const circle of DEMO_CIRCLES) {
      if (circle.entryMode !== 'paid') continue
      const circleId = circleIds.get(circle.key)!
      const owner = openidOf(circle.owner)
      await call('shop', 'setPricing', { circleId, ...DEMO_PRICING }, owner)
      const coverUrl = await picture(owner, DEMO_COURSE.scene, DEMO_COURSE.palette, 401, 750, 420)
      const { scene: _scene, palette: _palette, ...course } = DEMO_COURSE
      const saved = await call('shop', 'saveCourse', { circleId, ...course, coverUrl }, owner)
      courseIds.set(circle.key, saved.id)
      later(30)
    }

    // the buyer pays at the simulator's cashier → notification → payNotify
    const payAtCashier = async (orderId: string, buyer: string) => {
      const res = await fetch(`http://127.0.0.1:${cloud.port}/paysim/cashier/${encodeURIComponent(orderId)}/pay`, {
        method: 'POST',
        headers: { 'x-dev-openid': buyer },
      })
      if (!res.ok) throw new SeedError(`cashier pay ${orderId} failed: ${res.status} ${await res.text()}`)
      // deliver the notification now (the simulated clock stays put until it is acknowledged)
      await cloud.pay.sim.flush()
      await cloud.pay.sim.idle()
    }
    // one purchase, as the buyer: order → the simulator's cashier → notification → payNotify
    const purchase = async (circleId: string, product: Record<string, unknown>, buyer: string) => {
      const started = await call('shop', 'order', { circleId, product, platform: 'h5' }, buyer)
      const orderId: string = started.order.id
      await payAtCashier(orderId, buyer)
      const paid = await call('shop', 'getOrder', { orderId }, buyer)
      if (paid.status !== 'paid') throw new SeedError(`order ${orderId} is ${paid.status} after the simulator paid it`)
      report.orders++
      return paid
    }

    // ---- members ----
    at(8, 8, 0)
    const direct: DemoCircle[] = []
    for (const circle of DEMO_CIRCLES) {
      const circleId = circleIds.get(circle.key)!
      if (circle.entryMode === 'paid') {
        for (const member of circle.members) {
          await purchase(circleId, { kind: 'entry' }, openidOf(member))
          later(41)
        }
        continue
      }
      if (circle.entryMode !== 'free') {
        direct.push(circle)
        continue
      }
      for (const member of circle.members) {
        await call('circle', 'join', { circleId }, openidOf(member))
        later(23)
      }
      for (const admin of circle.admins) {
        await call('circle', 'setRole', { circleId, openid: openidOf(admin), role: 'admin' }, openidOf(circle.owner))
      }
    }
    for (const circle of direct) await writeMembersDirectly(cloud, circle, circleIds.get(circle.key)!, openidOf)
    if (direct.length > 0)
      await runTimer(cloud, log, 'maintenance', 'recountMembers', 'member counts of approval/paid circles may read low')

    // ---- posts, in time order, each with its comments and likes shortly after ----
    const posts = [...DEMO_POSTS].sort((a, b) => b.at[0] - a.at[0] || a.at[1] - b.at[1] || a.at[2] - b.at[2])
    for (const [i, post] of posts.entries()) {
      const circleId = circleIds.get(post.circle)
      if (!circleId) throw new SeedError(`post ${post.key}: unknown circle ${post.circle}`)
      const author = openidOf(post.by)
      at(...post.at)
      const images: string[] = []
      for (const [j, image] of (post.images ?? []).entries())
        images.push(await picture(author, image.scene, image.palette, 1000 + i * 10 + j))
      const created = await call('post', 'create', { circleId, text: post.text, images }, author)
      report.posts++
      const owner = openidOf(DEMO_CIRCLES.find((c) => c.key === post.circle)!.owner)
      const commentIds: string[] = []
      for (const comment of post.comments ?? []) {
        later(11)
        const parentId = comment.replyTo !== undefined ? commentIds[comment.replyTo] : undefined
        const made = await call(
          'post',
          'comment',
          { postId: created.id, text: comment.text, ...(parentId ? { parentId } : {}) },
          openidOf(comment.by),
        )
        commentIds.push(comment.replyTo !== undefined ? commentIds[comment.replyTo] : made.id)
        report.comments++
      }
      for (const liker of post.likes ?? []) {
        later(3)
        await call('post', 'like', { postId: created.id, liked: true }, openidOf(liker))
        report.likes++
      }
      if (post.pinned) await call('post', 'pin', { postId: created.id, pinned: true }, owner)
      if (post.featured) await call('post', 'feature', { postId: created.id, featured: true }, owner)
      if (post.preview) await call('post', 'setPreview', { postId: created.id, inPreview: true }, owner)
    }

    // ---- recent purchases: still inside the 72 h refund window (待结算) ----
    for (const late of DEMO_LATE_PURCHASES) {
      at(...late.at)
      const circleId = circleIds.get(late.circle)!
      const product =
        late.product === 'course' ? { kind: 'course', courseId: courseIds.get(late.circle)! } : { kind: late.product }
      await purchase(circleId, product, openidOf(late.by))
    }

    // ---- each feature's own demo (challenges, questions, events, …), in the order listed ----
    // content: post attachments go through the same storage endpoint as images
    const document = async (openid: string, ext: string, bytes: Buffer): Promise<string> => {
      const res = await fetch(`http://127.0.0.1:${cloud.port}/api/storage/upload?ext=${ext}`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', 'x-dev-openid': openid },
        body: bytes,
      })
      const body: any = await res.json()
      if (!res.ok || !body.fileID) throw new SeedError(`upload failed: ${JSON.stringify(body)}`)
      return body.fileID
    }
    const ctx: SeedContext = {
      today,
      call,
      at,
      later,
      openidOf,
      circleId: (key) => circleIds.get(key)!,
      picture: (openid, seed) => picture(openid, 'desk', ['#07c160', '#f7f7f7', '#576b95'], seed),
      document,
      pay: payAtCashier,
    }
    for (const extra of SEED_EXTRAS) await extra(ctx)
  } finally {
    cloud.clock.setOffset(originalOffset)
    cloud.clockChanged()
  }
  // The week above happened with the clock moved by hand, so the hourly settlement never ran in
  // it: run it once now, as production would have, so the sales older than the 72 h refund window
  // are 可提现 and only the recent ones 待结算 (otherwise the first hourly run, minutes into a
  // session, turns them over under the owner's eyes).
  await runTimer(cloud, log, 'finance', 'settle', 'old sales read 待结算')
  await cloud.pay.sim.idle()
  report.ms = Date.now() - started
  return report
}

/** Runs one of the product's own timer jobs now; a job that fails is told, with what it leaves wrong. */
async function runTimer(
  cloud: LocalCloud,
  log: (line: string) => void,
  fn: string,
  trigger: string,
  otherwise: string,
): Promise<void> {
  const run = await cloud.scheduler.runNow(fn, trigger)
  if (!run || (run.result as any)?.ok === false)
    log(`  ! ${fn}/${trigger} did not run (${JSON.stringify(run?.result ?? 'no such timer')}): ${otherwise}`)
}

async function writeMembersDirectly(
  cloud: LocalCloud,
  circle: DemoCircle,
  circleId: string,
  openidOf: (key: string) => string,
): Promise<void> {
  const users = await cloud.db.find('users')
  for (const [i, key] of circle.members.entries()) {
    const openid = openidOf(key)
    const user = users.find((u) => u._id === openid)
    const joinedAt = new Date(cloud.clock.now().getTime() + i * 17 * 60_000)
    await cloud.db.insert('memberships', {
      _id: `${circleId}:${openid}`,
      circleId,
      openid,
      role: circle.admins.includes(key) ? 'admin' : 'member',
      status: 'active',
      user: { nickname: user?.nickname ?? '', avatarUrl: user?.avatarUrl ?? '' },
      joinedAt,
      expiresAt: null,
      updatedAt: joinedAt,
    })
  }
}
