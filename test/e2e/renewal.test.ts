/**
 * Renewal end to end, in a real browser on the running local product: a stranger buys a year of
 * the seeded paid circle 人像摄影进阶 (苏念; seed: 宽限期续费价 8 折, 3 days of read-only grace); the
 * simulated clock jumps to one day after the term ends; the circle page shows the grace banner,
 * which leads to the renewal page with the grace-tier price and the new expiry date (Asia/Shanghai);
 * paying at the cashier makes them a member again. Screenshots: test-results/e2e/renewal-*.png.
 */
import { mkdirSync, readdirSync, rmSync } from 'fs'
import path from 'path'
import type { Browser, Page } from 'playwright-core'
import {
  control,
  eventually,
  expectNoHorizontalOverflow,
  launchBrowser,
  payAtCashier,
  person,
  productUrl,
  screenshots,
  SHOTS,
  shown,
  shownText,
  signUp,
  testid,
} from './support'

const PAID_CIRCLE = '人像摄影进阶'
const DAY_MS = 86_400_000

let browser: Browser
const shot = screenshots('renewal-', 450)

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  for (const f of readdirSync(SHOTS)) if (f.startsWith('renewal-')) rmSync(path.join(SHOTS, f), { force: true })
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  // leave the product's clock as we found it (real time)
  await fetch(`${productUrl()}/_control/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ reset: true }),
  }).catch(() => undefined)
})

/** 2027年11月24日 for an instant, on the Shanghai calendar (fixed +08:00), as the app writes dates. */
function shanghaiDate(ms: number): string {
  const d = new Date(ms + 8 * 3600_000)
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`
}

/** Cashier sheet (it names what is bought) → 确认支付 → the result page says paid for it. */
async function payFor(page: Page, amount: string, what: string): Promise<void> {
  await payAtCashier(page, amount, () => shownText(page, what).waitFor())
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
    await payFor(page, '¥199.00', `${PAID_CIRCLE} · 入圈`)
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
    await payFor(page, '¥159.20', `${PAID_CIRCLE} · 续费`)
    await shot(page, 'result')
    await testid(page, 'result-enter').click()
    await page.waitForURL(/packageCircle\/pages\/circle\/index\?id=/, { waitUntil: 'commit' })
    await shown(page, '[data-testid="post-card"]').first().waitFor()
    await eventually(async () => expect(await testid(page, 'grace-banner').count()).toBe(0))
    await shot(page, 'member-again')

    // --- the buy page now quotes the next renewal from the new expiry ---
    await page.goto(
      `${productUrl()}/#/packagePay/pages/buy/index?circleId=${new URL(page.url().replace('#/', '')).searchParams.get('id')}`,
    )
    await testid(page, 'renew-tier').waitFor()
    expect(await testid(page, 'renew-tier').textContent()).toBe('提前续费价 9 折')
    expect(await testid(page, 'term-ends').textContent()).toBe(
      `现在购买，会员有效期至 ${shanghaiDate(lapsedAt + 2 * 365 * DAY_MS)}`,
    )

    expect(buyer.errors).toEqual([])
    await buyer.context.close()
  })
})
