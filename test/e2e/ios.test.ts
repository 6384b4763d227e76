/**
 * WeChat's iOS rule in a real browser (docs/payments.md): the H5 app takes its device from the
 * user agent, so an iPhone's browser is iOS. With the shipped configuration (no iOS virtual
 * payment) a stranger on an iPhone sees the seeded paid circle without a price, 付费 wording or a
 * way to buy, and its buy page says only that the function is not available here.
 */
import type { Browser } from 'playwright-core'
import { circleIdFrom, launchBrowser, productUrl, shownText, signUp, testid } from './support'

const PAID_CIRCLE = '人像摄影进阶'
const IPHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1'
const FORBIDDEN = /¥|元|付费|购买|已购|支付|开通|安卓|电脑|礼品码/

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

it('shows an iPhone the paid circle without a price or a way to buy', async () => {
  const context = await browser.newContext({
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    userAgent: IPHONE_UA,
  })
  const page = await context.newPage()
  page.setDefaultTimeout(20_000)
  await signUp(page, `苹果${Date.now().toString(36).slice(-4)}`)
  await shownText(page, PAID_CIRCLE).first().click()
  await testid(page, 'join').waitFor()
  expect(await testid(page, 'join').textContent()).toContain('暂不支持加入')
  const landing = (await page.locator('body').innerText()).replace(/\s+/g, ' ')
  expect(landing).not.toMatch(FORBIDDEN)

  // the buy page reached directly (a shared link): nothing for sale
  const circleId = circleIdFrom(page.url())
  await page.goto(`${productUrl()}/#/packagePay/pages/buy/index?circleId=${encodeURIComponent(circleId)}`)
  await testid(page, 'not-on-this-device').waitFor()
  expect((await page.locator('body').innerText()).replace(/\s+/g, ' ')).not.toMatch(FORBIDDEN)
  await context.close()
})
