/**
 * The owner runs the circle by numbers, in a real browser on the running local product: the
 * dashboard draws its charts, a member who has said nothing for two weeks lands in 沉默成员 after
 * the nightly run, the owner sends that segment a win-back coupon, and the member finds it in
 * 消息通知. The clock moves through the control API; the nightly run is its timer, run now.
 * Screenshots land in test-results/e2e/stats-*.png.
 */
import type { Browser, Page } from 'playwright-core'
import {
  api,
  control,
  devOpenid,
  eventually,
  launchBrowser,
  person,
  productUrl,
  screenshots,
  shownText,
  signUp,
  testid,
} from './support'

let browser: Browser
const shot = screenshots('stats-', 400)

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await control('/clock', { reset: true }).catch(() => undefined)
  await browser?.close()
})

/** Whether a canvas has anything drawn on it (a blank one is all transparent). */
async function drawnPixels(page: Page, testId: string): Promise<number> {
  return page.evaluate((id) => {
    const canvas = Array.from(document.querySelectorAll<HTMLCanvasElement>(`[data-testid="${id}"] canvas`)).find(
      (c) => c.offsetParent !== null,
    )
    if (!canvas || !canvas.width) return 0
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data
    let n = 0
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n += 1
    return n
  }, testId)
}

async function open(page: Page, path: string) {
  await page.goto(`${productUrl()}/#${path}`)
  await page.reload()
}

describe('the owner’s numbers', () => {
  it('an owner sees the dashboard’s charts and sends silent members a win-back coupon, which a silent member finds', async () => {
    const stamp = Date.now().toString(36).slice(-4)
    await control('/clock', { set: '2027-05-03T09:00:00+08:00' })

    const owner = await person(browser, { width: 390, height: 844 })
    await signUp(owner.page, `数据圈主${stamp}`)
    const ownerId = await devOpenid(owner.page)
    const circle = await api(ownerId, 'circle', 'create', {
      name: `数据练习圈${stamp}`,
      type: 'interest',
      entryMode: 'free',
    })

    const quiet = await person(browser, { width: 390, height: 844 })
    await signUp(quiet.page, `安静成员${stamp}`)
    const quietId = await devOpenid(quiet.page)
    await api(quietId, 'circle', 'join', { circleId: circle.id })
    // an active member, so the trend line has something to rise to
    const activeId = `st_active_${stamp}`
    await api(activeId, 'circle', 'join', { circleId: circle.id })

    // sixteen days on, the active member posting daily; the nightly run after each day
    for (let day = 4; day <= 19; day++) {
      await control('/clock', { set: `2027-05-${String(day).padStart(2, '0')}T10:00:00+08:00` })
      await api(activeId, 'post', 'create', { circleId: circle.id, text: `五月${day}日的分享` })
      // a visitor a day finds the landing page through the 公众号 post; every other one taps join
      await api(`st_visitor_${stamp}_${day}`, 'stats', 'track', {
        circleId: circle.id,
        kind: 'view',
        channel: '公众号',
      })
      if (day % 2)
        await api(`st_visitor_${stamp}_${day}`, 'stats', 'track', {
          circleId: circle.id,
          kind: 'tap',
          channel: '公众号',
        })
      await control('/timers/stats/aggregate/run', {})
    }
    await control('/clock', { set: '2027-05-20T09:00:00+08:00' })
    await control('/timers/stats/aggregate/run', {})

    // the dashboard: figures and a drawn trend line
    await open(owner.page, `/packageStats/pages/dashboard/index?circleId=${circle.id}`)
    await testid(owner.page, 'dashboard').waitFor()
    await eventually(async () =>
      expect(Number(await testid(owner.page, 'figure-posts').locator('.stats-tile__num').textContent())).toBe(7),
    )
    await eventually(async () => expect(await drawnPixels(owner.page, 'trend-chart')).toBeGreaterThan(500))
    await eventually(async () => expect(await drawnPixels(owner.page, 'funnel-chart')).toBeGreaterThan(500))
    expect(await testid(owner.page, 'funnel-table').textContent()).toContain('公众号')
    await shot(owner.page, 'dashboard', true)

    // 成员分群 › 沉默成员: the quiet member, and a win-back coupon for the segment
    await testid(owner.page, 'open-segments').click()
    await owner.page.waitForURL(/packageStats\/pages\/members\/index/, { waitUntil: 'commit' })
    await testid(owner.page, 'segment-silent').click()
    await eventually(async () =>
      expect(await testid(owner.page, 'segment-silent').textContent()).toContain('沉默成员 1'),
    )
    await eventually(async () =>
      expect(await testid(owner.page, 'member-row').allTextContents()).toEqual([
        expect.stringContaining(`安静成员${stamp}`),
      ]),
    )
    await testid(owner.page, 'win-back').click()
    await shownText(owner.page, /已发放 1 张/).waitFor()
    await shot(owner.page, 'segments')
    // again: nobody gets a second coupon this month
    await owner.page.waitForTimeout(2600)
    await testid(owner.page, 'win-back').click()
    await shownText(owner.page, /本月都已发过/).waitFor()

    // the silent member: the coupon is in 消息通知
    await open(quiet.page, '/packageInbox/pages/inbox/index')
    await shownText(quiet.page, `「数据练习圈${stamp}」送你一张回归礼券`).waitFor()
    await shot(quiet.page, 'coupon')

    expect(owner.errors).toEqual([])
    expect(quiet.errors).toEqual([])
    await owner.context.close()
    await quiet.context.close()
  })
})
