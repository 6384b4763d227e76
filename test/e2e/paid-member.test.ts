/**
 * What a paying member hits (issue 10), in a real browser on the running local product at phone
 * size: going back right after 确认支付 leaves no page on 加载中…, and a refund shows on the order
 * card at once (退款中, then 已退款) with no second 申请退款.
 */
import type { Browser, Page } from 'playwright-core'
import { eventually, launchBrowser, person, shown, shownText, signUp, testid } from './support'

const PAID_CIRCLE = '人像摄影进阶'

let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

const newPerson = () => person(browser, { width: 390, height: 844 })

/** The visible page's own text (Taro H5 keeps earlier pages of the stack in the DOM, hidden). */
const visibleText = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll('.taro_page'))
      .filter((e) => (e as HTMLElement).offsetParent !== null || getComputedStyle(e).display !== 'none')
      .map((e) => (e as HTMLElement).innerText)
      .join('\n'),
  )

const stillLoading = (page: Page) => shown(page, '[data-testid="state-loading"]').count()

async function buyEntryAndPay(page: Page): Promise<void> {
  await shownText(page, PAID_CIRCLE).first().click()
  await testid(page, 'join').click()
  await page.waitForURL(/packagePay\/pages\/buy\/index/, { waitUntil: 'commit' })
  await testid(page, 'buy-entry').click()
  await page.waitForURL(/packagePay\/pages\/cashier\/index/, { waitUntil: 'commit' })
  await testid(page, 'cashier-pay').waitFor()
}

describe('the H5 app', () => {
  it('has WeChat’s title bar on every page, with the page’s title and a back button on a sub-page', async () => {
    const { page, errors } = await newPerson()
    await signUp(page, `标题${Date.now().toString(36).slice(-4)}`)
    const bar = page.locator('#taro-navigation-bar')
    await eventually(async () => expect(await bar.isVisible()).toBe(true))
    await shownText(page, PAID_CIRCLE).first().click()
    await page.waitForURL(/packageCircle\/pages\/circle\/index/, { waitUntil: 'commit' })
    await eventually(async () =>
      expect(await bar.locator('.taro-navigation-bar-title').textContent()).toBe(PAID_CIRCLE),
    )
    const back = bar.locator('.taro-navigation-bar-back')
    expect(await back.isVisible()).toBe(true)
    await back.click()
    await page.waitForURL(/pages\/discover\/index/, { waitUntil: 'commit' })
    await shownText(page, '＋ 创建').waitFor()
    expect(errors).toEqual([])
  })
})

describe('a paying member', () => {
  it('goes back right after 确认支付 and finds the buy page and the circle loaded, not stuck on 加载中…', async () => {
    const { page, errors } = await newPerson()
    await signUp(page, `回退${Date.now().toString(36).slice(-4)}`)
    await buyEntryAndPay(page)
    await testid(page, 'cashier-pay').click()
    // back at once from the page 确认支付 leads to, while it is still confirming the payment (a back
    // pressed within the same instant as the cashier's redirect can leave Taro's H5 router blank:
    // a known gap, see the closing note)
    await page.waitForURL(/packagePay\/pages\/result\/index/, { waitUntil: 'commit' })
    await page.goBack()
    await page.waitForURL(/packagePay\/pages\/buy\/index/, { waitUntil: 'commit' })
    // the buy page reloads in place: it now offers a renewal to the new member, never 加载中…
    await eventually(async () => {
      expect(await stillLoading(page)).toBe(0)
      expect(await testid(page, 'entry-offer').count()).toBe(1)
    }, 20_000)
    await page.goBack()
    await page.waitForURL(/packageCircle\/pages\/circle\/index/, { waitUntil: 'commit' })
    // the circle opens as its feed (the payment made a member), without a reload
    await eventually(async () => {
      expect(await stillLoading(page)).toBe(0)
      expect(await testid(page, 'features').count()).toBe(1)
    }, 10_000)
    expect(await visibleText(page)).toContain('公告')
    // no "Maximum update depth exceeded" (React #185) or anything else thrown
    expect(errors).toEqual([])
  })

  it('sees 退款中 then 已退款 on the order card right after refunding, with no second 申请退款', async () => {
    const { page, errors } = await newPerson()
    await signUp(page, `退款${Date.now().toString(36).slice(-4)}`)
    await buyEntryAndPay(page)
    await testid(page, 'cashier-pay').click()
    await testid(page, 'result-paid').waitFor()
    await shownText(page, '查看我的订单').click()
    await testid(page, 'order-refund').click()
    await shownText(page, '确认退款').click()
    await eventually(async () => {
      expect(await testid(page, 'order-status').first().textContent()).toMatch(/^(退款中|已退款)$/)
      expect(await testid(page, 'order-refund').count()).toBe(0)
    }, 10_000)
    // the channel's confirmation arrives and the card follows, still without leaving the page
    await eventually(
      async () => expect(await testid(page, 'order-status').first().textContent()).toBe('已退款'),
      15_000,
    )
    expect(errors).toEqual([])
  })
})
