/**
 * Every page of the H5 app at phone size (390×844), as each demo persona who sees it differently:
 * a screenshot per page and persona in test-results/screens/<route>--<persona>.png (git-ignored),
 * for a person to look over for wraps and clipping. Every page must settle (no 加载中… left), throw
 * nothing, and never be wider than the phone.
 */
import { mkdirSync, readFileSync, rmSync } from 'fs'
import path from 'path'
import type { Browser, Page } from 'playwright-core'
import { ROOT, api, launchBrowser, person, productUrl, shown } from './support'

const SCREENS = path.join(ROOT, 'test-results', 'screens')
const VIEWPORT = { width: 390, height: 844 }

type PersonaKey = 'su' | 'lin' | 'zhou' | 'wu'
const PERSONAS: Record<PersonaKey, { nickname: string; openid: string }> = {
  su: { nickname: '苏念', openid: 'o_demo_su_nian' }, // owner of 人像摄影进阶 (paid)
  lin: { nickname: '林知远', openid: 'o_demo_lin_zhiyuan' }, // owner of 晨读会 (free) and 产品经理成长营 (approval + paid)
  zhou: { nickname: '周可', openid: 'o_demo_zhou_ke' }, // paying member; approved in 产品经理成长营, not paid yet
  wu: { nickname: '吴晓', openid: 'o_demo_wu_xiao' }, // stranger with a pending application
}

/** Ids of the seeded world, looked up through the API as the demo people. */
interface World {
  photo: string
  morning: string
  pm: string
  postId: string
  challengeId: string | null
  lotteryId: string | null
  groupId: string | null
  meetupId: string | null
  shootId: string | null
  questionId: string | null
  courseId: string | null
  perkId: string | null
  orderId: string | null
  pendingOrderId: string
  inviteCode: string
}

async function lookUp(): Promise<World> {
  const { su, lin, zhou } = PERSONAS
  const circles = (await api(lin.openid, 'circle', 'discover')).items as { id: string; name: string }[]
  const id = (name: string) => circles.find((c) => c.name === name)!.id
  const photo = id('人像摄影进阶')
  const morning = id('晨读会')
  const pm = id('产品经理成长营')
  const posts = (await api(lin.openid, 'post', 'list', { circleId: morning })).items
  const challenges = (await api(lin.openid, 'challenge', 'list', { circleId: morning })).items
  const meetups = (await api(lin.openid, 'event', 'list', { circleId: morning })).items
  const lotteries = (await api(lin.openid, 'lottery', 'list', { circleId: morning })).items
  const groups = (await api(PERSONAS.wu.openid, 'group', 'mine', { circleId: photo })).items
  const shoots = (await api(su.openid, 'event', 'list', { circleId: photo })).items
  const questions = (await api(lin.openid, 'qa', 'feed', { circleId: morning })).items
  const catalog = await api(su.openid, 'shop', 'catalog', { circleId: photo })
  const perks = await api(su.openid, 'perk', 'list', { circleId: photo }).catch(() => [])
  const orders = (await api(zhou.openid, 'shop', 'orders')).items
  // an unpaid gift pass for the cashier sheet, and an invite for the QR landing
  const pending = await api(zhou.openid, 'shop', 'order', {
    circleId: photo,
    product: { kind: 'pass', gift: true },
    platform: 'h5',
  })
  const invite = await api(lin.openid, 'member', 'createInvite', { circleId: pm, channel: '朋友圈' })
  return {
    photo,
    morning,
    pm,
    postId: posts[0].id,
    challengeId: challenges[0]?.id ?? null,
    lotteryId: lotteries[0]?.id ?? null,
    groupId: groups[0]?.id ?? null,
    meetupId: meetups[0]?.id ?? null,
    shootId: shoots[0]?.id ?? null,
    questionId: questions[0]?.id ?? null,
    courseId: catalog.courses[0]?.id ?? null,
    perkId: (Array.isArray(perks) ? perks : (perks.items ?? []))[0]?.id ?? null,
    // a paid one: the result page of a pending order keeps asking the channel for ≈ 20 s
    orderId: orders.find((o: { status: string }) => o.status === 'paid')?.id ?? null,
    pendingOrderId: pending.order.id,
    inviteCode: invite.code,
  }
}

/** Each page: who sees it (and so is photographed), and its address in the seeded world. */
function routes(
  w: World,
): { route: string; who: PersonaKey[]; query?: Partial<Record<PersonaKey, string>> | string | null }[] {
  const q = (params: Record<string, string | null>) =>
    Object.values(params).some((v) => v === null)
      ? null
      : '?' +
        Object.entries(params)
          .map(([k, v]) => `${k}=${encodeURIComponent(v!)}`)
          .join('&')
  const own = { su: q({ circleId: w.photo })!, lin: q({ circleId: w.morning })! }
  return [
    { route: 'pages/dev-login/index', who: ['wu'] },
    { route: 'pages/discover/index', who: ['wu', 'zhou'] },
    { route: 'pages/mine/index', who: ['zhou', 'su'] },
    { route: 'pages/profile/index', who: ['zhou', 'su'] },
    {
      route: 'packageCircle/pages/circle/index',
      who: ['wu', 'zhou', 'su'],
      query: { wu: q({ id: w.photo })!, zhou: q({ id: w.photo })!, su: q({ id: w.photo })! },
    },
    { route: 'packageCircle/pages/circle/index', who: ['wu', 'zhou'], query: q({ id: w.pm }) },
    { route: 'packageCircle/pages/circle/index', who: ['wu', 'lin'], query: q({ id: w.morning }) },
    { route: 'packageCircle/pages/post/index', who: ['lin', 'zhou'], query: q({ id: w.postId }) },
    { route: 'packageCircle/pages/compose/index', who: ['zhou'], query: q({ circleId: w.morning }) },
    { route: 'packageCircle/pages/members/index', who: ['lin'], query: q({ circleId: w.morning }) },
    { route: 'packageCircle/pages/review/index', who: ['lin'], query: q({ circleId: w.morning }) },
    { route: 'packageCircle/pages/search/index', who: ['zhou'], query: q({ circleId: w.morning }) },
    { route: 'packageCircle/pages/schedule/index', who: ['lin'], query: q({ circleId: w.morning }) },
    { route: 'packageStats/pages/dashboard/index', who: ['su'], query: own },
    { route: 'packageStats/pages/members/index', who: ['su'], query: own },
    { route: 'packagePay/pages/cashier/index', who: ['zhou'], query: q({ orderId: w.pendingOrderId }) },
    { route: 'packageJoin/pages/open/index', who: ['wu'], query: q({ code: w.inviteCode }) },
    { route: 'packageManage/pages/create/index', who: ['zhou'] },
    { route: 'packageManage/pages/edit/index', who: ['su'], query: own },
    ...['earnings', 'withdraw', 'pricing', 'courses', 'orders', 'coupons'].map((p) => ({
      route: `packageMoney/pages/${p}/index`,
      who: ['su'] as PersonaKey[],
      query: own,
    })),
    // 收款账户: the owner's 二级商户 (docs/payments.md "Onboarding"); no query, it is the caller's own
    { route: 'packageMoney/pages/merchant/index', who: ['su', 'lin'] },
    {
      route: 'packageMoney/pages/course-edit/index',
      who: ['su'],
      query: w.courseId ? q({ circleId: w.photo, courseId: w.courseId }) : null,
    },
    { route: 'packagePay/pages/buy/index', who: ['wu', 'zhou'], query: q({ circleId: w.photo }) },
    { route: 'packagePay/pages/buy/index', who: ['zhou'], query: q({ circleId: w.pm }) },
    { route: 'packagePay/pages/renew/index', who: ['zhou'], query: q({ circleId: w.photo }) },
    { route: 'packagePay/pages/orders/index', who: ['zhou'] },
    { route: 'packagePay/pages/order/index', who: ['zhou'], query: w.orderId ? q({ id: w.orderId }) : null },
    { route: 'packagePay/pages/result/index', who: ['zhou'], query: w.orderId ? q({ orderId: w.orderId }) : null },
    { route: 'packagePay/pages/redeem/index', who: ['wu'] },
    { route: 'packagePay/pages/course/index', who: ['wu', 'zhou'], query: w.courseId ? q({ id: w.courseId }) : null },
    { route: 'packageJoin/pages/apply/index', who: ['wu', 'zhou'], query: q({ circleId: w.pm }) },
    ...['applications', 'questionnaire', 'invite', 'grant'].map((p) => ({
      route: `packageJoin/pages/${p}/index`,
      who: ['lin'] as PersonaKey[],
      query: q({ circleId: w.pm }),
    })),
    { route: 'packageInbox/pages/inbox/index', who: ['zhou', 'lin'] },
    { route: 'packageInbox/pages/expiring/index', who: ['su'], query: own },
    ...['settings', 'reports', 'blacklist'].map((p) => ({
      route: `packageAdmin/pages/${p}/index`,
      who: ['lin'] as PersonaKey[],
      query: own,
    })),
    { route: 'packageCheckin/pages/list/index', who: ['lin', 'zhou'], query: q({ circleId: w.morning }) },
    { route: 'packageCheckin/pages/create/index', who: ['lin'], query: q({ circleId: w.morning }) },
    {
      route: 'packageCheckin/pages/detail/index',
      who: ['lin', 'zhou'],
      query: w.challengeId ? q({ id: w.challengeId }) : null,
    },
    {
      route: 'packageCheckin/pages/board/index',
      who: ['zhou'],
      query: w.challengeId ? q({ id: w.challengeId }) : null,
    },
    { route: 'packageGrowth/pages/list/index', who: ['lin', 'zhou'], query: q({ circleId: w.morning }) },
    { route: 'packageGrowth/pages/create/index', who: ['lin'], query: q({ circleId: w.morning }) },
    {
      route: 'packageGrowth/pages/lottery/index',
      who: ['lin', 'zhou'],
      query: w.lotteryId ? q({ id: w.lotteryId }) : null,
    },
    // the seeded 拼团 is 吴晓's group in 人像摄影进阶 (苏念's offer)
    { route: 'packageGroup/pages/offers/index', who: ['wu', 'zhou'], query: q({ circleId: w.photo }) },
    { route: 'packageGroup/pages/group/index', who: ['wu', 'zhou'], query: w.groupId ? q({ id: w.groupId }) : null },
    { route: 'packageGroup/pages/manage/index', who: ['su'], query: q({ circleId: w.photo }) },
    // growth: 晨读会 has a newcomer checklist, 人像摄影进阶 invite milestones (seed/growth.ts)
    { route: 'packageGrowth/pages/newcomer/index', who: ['lin', 'zhou'], query: q({ circleId: w.morning }) },
    { route: 'packageGrowth/pages/milestones/index', who: ['su', 'zhou'], query: q({ circleId: w.photo }) },
    { route: 'packageGrowth/pages/settings/index', who: ['lin'], query: q({ circleId: w.morning }) },
    // the seeded Q&A lives in 晨读会 (林知远 answers)
    { route: 'packageQa/pages/home/index', who: ['lin', 'zhou'], query: q({ circleId: w.morning }) },
    { route: 'packageQa/pages/ask/index', who: ['zhou'], query: q({ circleId: w.morning }) },
    {
      route: 'packageQa/pages/mine/index',
      who: ['zhou', 'lin'],
      query: { zhou: q({ circleId: w.morning, box: 'asked' })!, lin: q({ circleId: w.morning, box: 'toAnswer' })! },
    },
    {
      route: 'packageQa/pages/question/index',
      who: ['lin', 'zhou'],
      query: w.questionId ? q({ id: w.questionId }) : null,
    },
    { route: 'packageQa/pages/settings/index', who: ['lin'], query: own },
    { route: 'packageEvent/pages/list/index', who: ['lin', 'zhou'], query: q({ circleId: w.morning }) },
    { route: 'packageEvent/pages/detail/index', who: ['zhou', 'wu'], query: w.shootId ? q({ id: w.shootId }) : null },
    {
      route: 'packageEvent/pages/detail/index',
      who: ['lin', 'zhou'],
      query: w.meetupId ? q({ id: w.meetupId }) : null,
    },
    { route: 'packageEvent/pages/edit/index', who: ['lin'], query: q({ circleId: w.morning }) },
    { route: 'packageEvent/pages/ticket/index', who: ['zhou'], query: w.meetupId ? q({ eventId: w.meetupId }) : null },
    { route: 'packageEvent/pages/checkin/index', who: ['lin'], query: w.meetupId ? q({ eventId: w.meetupId }) : null },
    { route: 'packageEvent/pages/signups/index', who: ['lin'], query: w.meetupId ? q({ eventId: w.meetupId }) : null },
    { route: 'packageEvent/pages/mine/index', who: ['zhou'] },
    { route: 'packagePerk/pages/perks/index', who: ['su', 'zhou'], query: q({ circleId: w.photo }) },
    { route: 'packagePerk/pages/perk-edit/index', who: ['su'], query: q({ circleId: w.photo }) },
    {
      route: 'packagePerk/pages/claims/index',
      who: ['su'],
      query: w.perkId ? q({ circleId: w.photo, perkId: w.perkId }) : null,
    },
    { route: 'packagePerk/pages/points/index', who: ['zhou'], query: q({ circleId: w.photo }) },
    { route: 'packagePerk/pages/points-settings/index', who: ['su'], query: own },
  ]
}

/** Every page in src/app.config.ts (main package and subpackages), as routes. */
function declaredPages(): string[] {
  const config = readFileSync(path.join(ROOT, 'src', 'app.config.ts'), 'utf8')
  const pages: string[] = []
  const main = /pages: \[([\s\S]*?)\]/.exec(config)![1]
  for (const m of main.matchAll(/'(pages\/[^']+)'/g)) pages.push(m[1])
  for (const m of config.matchAll(/root: '([^']+)',[\s\S]*?pages: \[([^\]]*)\]/g))
    for (const p of m[2].matchAll(/'([^']+)'/g)) pages.push(`${m[1]}/${p[1]}`)
  return pages
}

let browser: Browser
const people = new Map<PersonaKey, { page: Page; errors: string[] }>()

beforeAll(async () => {
  rmSync(SCREENS, { recursive: true, force: true })
  mkdirSync(SCREENS, { recursive: true })
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

/** One signed-in browser profile per persona (the dev login stores who it is). */
async function as(key: PersonaKey): Promise<{ page: Page; errors: string[] }> {
  const known = people.get(key)
  if (known) return known
  const p = await person(browser, VIEWPORT)
  await p.page.goto(`${productUrl()}/#/pages/dev-login/index`)
  await shown(p.page, '.dev-login__user').filter({ hasText: PERSONAS[key].nickname }).click()
  await p.page.getByText('＋ 创建').filter({ visible: true }).waitFor()
  people.set(key, p)
  return p
}

describe('every page at 390×844', () => {
  it('settles, throws nothing and fits the phone for each persona, with a screenshot of each', async () => {
    const world = await lookUp()
    const shots: string[] = []
    const problems: string[] = []
    for (const r of routes(world)) {
      for (const who of r.who) {
        const query = typeof r.query === 'object' && r.query !== null ? r.query[who] : r.query
        if (query === null) {
          problems.push(`${r.route}: no seeded ${who} data to open it with`)
          continue
        }
        const { page, errors } = await as(who)
        const before = errors.length
        await page.goto(`${productUrl()}/#/${r.route}${query ?? ''}`)
        await page.reload()
        const settled = await page
          .waitForFunction(
            () =>
              !Array.from(document.querySelectorAll('[data-testid="state-loading"]')).some(
                (e) => (e as HTMLElement).offsetParent !== null,
              ),
            undefined,
            { timeout: 15_000 },
          )
          .then(() => true)
          .catch(() => false)
        await page.waitForTimeout(500)
        const name = `${r.route.replace(/\/index$/, '').replace(/\//g, '-')}${query?.includes(world.pm) ? '-pm' : query?.includes(world.morning) ? '-morning' : ''}--${who}`
        await page.screenshot({ path: path.join(SCREENS, `${name}.png`) })
        shots.push(name)
        const { scrollWidth, innerWidth } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: window.innerWidth,
        }))
        if (!settled) problems.push(`${name}: still 加载中… after 15 s`)
        if (scrollWidth > innerWidth) problems.push(`${name}: ${scrollWidth}px wide`)
        if (errors.length > before) problems.push(`${name}: ${errors.slice(before).join(' | ')}`)
      }
    }
    // every page the app declares was photographed at least once
    const declared = declaredPages()
    const seen = new Set(routes(world).map((r) => r.route))
    expect(declared.filter((p) => !seen.has(p))).toEqual([])
    console.log(
      `screens: ${shots.length} screenshots of ${new Set(shots.map((s) => s.split('--')[0])).size} pages in ${path.relative(ROOT, SCREENS)}`,
    )
    expect(problems).toEqual([])
  })
})
