/**
 * Renewal end to end, in a real browser on the running local product: a stranger buys a year of
 * the seeded paid circle 人像摄影进阶 (苏念; seed: 宽限期续费价 8 折, 3 days of read-only grace); the
 * simulated clock jumps to one day after the term ends; the circle page shows the grace banner,
 * which leads to the renewal page with the grace-tier price and the new expiry date (Asia/Shanghai);
 * paying at the cashier makes them a member again. Screenshots: test-results/e2e/renewal-*.png.
 */
import { mkdirSync, readdirSync, rmSync } from 'fs'
import path from 'path'
import type { Browser, Locator, Page } from 'playwright-core'
import { eventually, launchBrowser, person, productUrl, SHOTS, shown, shownText } from './support'

const PAID_CIRCLE = '人像摄影进阶'
const DAY_MS = 86_400_000

let browser: Browser
let shotIndex = 0

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  for (const f of readdirSync(SHOTS)) if (f.startsWith('renewal-')) rmSync(path.join(SHOTS, f), { force: true })
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  // leave the product's clock as we found it (real time)
  await fetch(`${productUrl()}/_control/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reset: true }) }).catch(() => undefined)
})

async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  shotIndex += 1
  await page.waitForTimeout(450)
  await page.screenshot({ path: path.join(SHOTS, `renewal-${String(shotIndex).padStart(2, '0')}-${name}.png`), fullPage })
}

const testid = (page: Page, id: string): Locator => shown(page, `[data-testid="${id}"]`)

async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }))
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth)
}

async function control(pathname: string, body?: unknown): Promise<any> {
  const res = await fetch(`${productUrl()}/_control${pathname}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  expect(res.status).toBe(200)
  return res.json()
}

/** 2027年11月24日 for an instant, on the Shanghai calendar (fixed +08:00), as the app writes dates. */
function shanghaiDate(ms: number): string {
  const d = new Date(ms + 8 * 3600_000)
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`
}

async function signUp(page: Page, nickname: string): Promise<void> {
  await page.goto(`${productUrl()}/#/pages/dev-login/index`)
  await shown(page, '.dev-login__user').first().waitFor()
  const input = shown(page, 'input[placeholder="输入昵称"]')
  await input.fill(nickname)
  await eventually(async () => expect(await input.inputValue()).toBe(nickname))
  await shownText(page, '创建并进入').click()
  await shownText(page, '＋ 创建').waitFor()
}

/** Cashier sheet → 确认支付 → the result page says paid. */
async function payAtCashier(page: Page, amount: string, what: string): Promise<void> {
  await page.waitForURL(/packagePay\/pages\/cashier\/index\?orderId=/, { waitUntil: 'commit' })
  await eventually(async () => expect(await testid(page, 'cashier-amount').textContent()).toBe(amount))
  await shownText(page, what).waitFor()
  await testid(page, 'cashier-pay').click()
  await page.waitForURL(/packagePay\/pages\/result\/index\?orderId=/, { waitUntil: 'commit' })
  await testid(page, 'result-paid').waitFor()
  expect(await testid(page, 'result-what').textContent()).toBe(what)
}

describe('renewal, from a lapsed term to a member again', () => {
  it('a member whose term ended renews at the grace price through the cashier', async () => {
    const stamp = Date.now().toString(36).slice(-4)
    const buyer = await person(browser, { width: 375, height: 812 })
    const { page } = buyer

    // --- a year of 人像摄影进阶 (¥199) ---
    await signUp(page, `续费${stamp}`)
    await shownText(page, PAID_CIRCLE).first().click()
    await testid(page, 'join').click()
    await page.waitForURL(/packagePay\/pages\/buy\/index\?circleId=/, { waitUntil: 'commit' })
    await testid(page, 'entry-offer').waitFor()
    expect(await testid(page, 'buy-total').textContent()).toBe('¥199.00')
    // the seeded coupons for newcomers are offered; the renewal-only one is not
    await shown(page, '[data-testid="coupon-offer"]').filter({ hasText: '新人立减' }).waitFor()
    expect(await shown(page, '[data-testid="coupon-offer"]').filter({ hasText: '老朋友续费' }).count()).toBe(0)
    await testid(page, 'trial-offer').waitFor()
    await shot(page, 'buy')
    const paidAt = (await control('/clock')).now as string
    await testid(page, 'buy-entry').click()
    await payAtCashier(page, '¥199.00', `${PAID_CIRCLE} · 入圈`)
    await testid(page, 'result-enter').click()
    await page.waitForURL(/packageCircle\/pages\/circle\/index\?id=/, { waitUntil: 'commit' })
    await shown(page, '[data-testid="post-card"]').first().waitFor()

    // --- one day after the term ended: the read-only grace and the within-30-days tier ---
    const lapsedAt = new Date(paidAt).getTime() + 366 * DAY_MS
    await control('/clock', { set: new Date(lapsedAt).toISOString() })
    await page.reload()
    await testid(page, 'grace-banner').waitFor()
    await shot(page, 'grace-banner')
    await testid(page, 'grace-renew').click()
    await page.waitForURL(/packagePay\/pages\/renew\/index\?circleId=/, { waitUntil: 'commit' })

    // --- the renewal page: when it expired, the tier price, the new expiry ---
    await testid(page, 'renew-offer').waitFor()
    const standing = await testid(page, 'renew-standing').textContent()
    expect(standing).toContain(`你的会员已于 ${shanghaiDate(new Date(paidAt).getTime() + 365 * DAY_MS)}`)
    expect(standing).toContain('宽限期内可只读浏览至')
    expect(await testid(page, 'renew-tier').textContent()).toBe('宽限期续费价 8 折')
    expect(await testid(page, 'renew-price').textContent()).toBe('¥159.20')
    const newExpiry = shanghaiDate(lapsedAt + 365 * DAY_MS)
    expect(await testid(page, 'renew-ends').textContent()).toBe(`有效期至 ${newExpiry}`)
    expect(await testid(page, 'renew-total').textContent()).toBe('¥159.20')
    // a code may be typed; the seeded coupons ended (60 days) long before this simulated date
    await testid(page, 'coupon-code').waitFor()
    expect(await shown(page, '[data-testid="coupon-offer"]').count()).toBe(0)
    await expectNoHorizontalOverflow(page)
    await shot(page, 'renew', true)

    // --- pay → cashier → result: a member again ---
    await testid(page, 'renew-pay').click()
    await payAtCashier(page, '¥159.20', `${PAID_CIRCLE} · 续费`)
    await shot(page, 'result')
    await testid(page, 'result-enter').click()
    await page.waitForURL(/packageCircle\/pages\/circle\/index\?id=/, { waitUntil: 'commit' })
    await shown(page, '[data-testid="post-card"]').first().waitFor()
    await eventually(async () => expect(await testid(page, 'grace-banner').count()).toBe(0))
    await shot(page, 'member-again')

    // --- the buy page now quotes the next renewal from the new expiry ---
    await page.goto(`${productUrl()}/#/packagePay/pages/buy/index?circleId=${new URL(page.url().replace('#/', '')).searchParams.get('id')}`)
    await testid(page, 'renew-tier').waitFor()
    expect(await testid(page, 'renew-tier').textContent()).toBe('提前续费价 9 折')
    expect(await testid(page, 'term-ends').textContent()).toBe(`现在购买，会员有效期至 ${shanghaiDate(lapsedAt + 2 * 365 * DAY_MS)}`)

    expect(buyer.errors).toEqual([])
    await buyer.context.close()
  })
})
