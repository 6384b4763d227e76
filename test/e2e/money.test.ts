/**
 * Money end to end, in a real browser on the running local product (H5 build + local cloud + pay
 * simulator): a stranger buys entry to the seeded paid circle 人像摄影进阶 through the simulator's
 * cashier sheet and reads its feed; the owner sees the income 待结算, the simulated clock moves past
 * the 72 h refund window, the income is 可提现 (less the platform fee taken by 分账), the owner
 * withdraws to her bank card (平台收付通, arriving T+1) and sees the statement (收入, 结算, 提现). Screenshots: test-results/e2e/money-*.png.
 */
import { mkdirSync, readdirSync, rmSync } from 'fs'
import path from 'path'
import type { Browser } from 'playwright-core'
import {
  api,
  control,
  eventually,
  fenOf,
  expectNoHorizontalOverflow,
  launchBrowser,
  payAtCashier,
  person,
  productUrl,
  screenshots,
  SHOTS,
  shown,
  shownText,
  signInAs,
  signUp,
  testid,
} from './support'

const PAID_CIRCLE = '人像摄影进阶'
const OWNER = '苏念'
const HOUR_MS = 3_600_000

let browser: Browser
const shot = screenshots('money-', 450)

beforeAll(async () => {
  // only this file's screenshots of this run (the other suites keep theirs)
  mkdirSync(SHOTS, { recursive: true })
  for (const f of readdirSync(SHOTS)) if (f.startsWith('money-')) rmSync(path.join(SHOTS, f), { force: true })
  browser = await launchBrowser()
})

afterAll(async () => {
  // leave the product's clock at real time: the suites share one product, and days moved here
  // would lapse the demo's pending applications for the suites after this one
  await control('/clock', { reset: true }).catch(() => undefined)
  await browser?.close()
})

/** A phone-sized browser profile of its own: one person. */
const newPerson = () => person(browser, { width: 375, height: 812 })

describe('money, from a stranger buying entry to the owner withdrawing it', () => {
  it('a stranger buys entry through the cashier and reads the feed; the owner sees it settle after 72 h and withdraws', async () => {
    const stamp = Date.now().toString(36).slice(-4)

    // --- a stranger finds the paid circle and opens the buy page ---
    const buyer = await newPerson()
    await signUp(buyer.page, `路人${stamp}`)
    await shownText(buyer.page, PAID_CIRCLE).first().click()
    await testid(buyer.page, 'join').waitFor()
    expect(await testid(buyer.page, 'join').textContent()).toContain('付费加入')
    await shot(buyer.page, 'landing')
    await testid(buyer.page, 'join').click()
    await buyer.page.waitForURL(/packagePay\/pages\/buy\/index\?circleId=/, { waitUntil: 'commit' })

    const entry = testid(buyer.page, 'entry-offer')
    await entry.waitFor()
    expect(await entry.locator('.pay-price__now').textContent()).toBe('¥199.00')
    expect(await testid(buyer.page, 'marked-price').textContent()).toBe('¥299.00')
    expect(await testid(buyer.page, 'per-day').textContent()).toMatch(/约 0\.55 元\/天/)
    expect(await testid(buyer.page, 'term').textContent()).toBe('购买后 365 天有效')
    expect(await testid(buyer.page, 'term-ends').textContent()).toMatch(
      /^现在购买，会员有效期至 \d{4}年\d{1,2}月\d{1,2}日$/,
    )
    expect(await testid(buyer.page, 'refund-guarantee').textContent()).toContain(
      '付款后 72 小时内可在「我的 › 我的订单」自助退款',
    )
    await testid(buyer.page, 'pass-offer').waitFor()
    await testid(buyer.page, 'course-offer').first().waitFor()
    await expectNoHorizontalOverflow(buyer.page)
    await shot(buyer.page, 'buy')
    await shot(buyer.page, 'buy-full', true)

    // --- 立即购买 → the H5 cashier sheet → 确认支付 ---
    await testid(buyer.page, 'buy-entry').click()
    await payAtCashier(buyer.page, '¥199.00', async () => {
      await shownText(buyer.page, `${PAID_CIRCLE} · 入圈`).waitFor()
      await expectNoHorizontalOverflow(buyer.page)
      await shot(buyer.page, 'cashier')
    })

    // --- the result page: the server says paid (the notification went through payNotify) ---
    await shownText(buyer.page, '支付成功').waitFor()
    expect(await testid(buyer.page, 'result-what').textContent()).toBe(`${PAID_CIRCLE} · 入圈`)
    await shownText(buyer.page, /前可在「我的订单」自助退款$/).waitFor()
    await expectNoHorizontalOverflow(buyer.page)
    await shot(buyer.page, 'result')

    // --- 进入圈子 → the feed of the paid circle ---
    await testid(buyer.page, 'result-enter').click()
    await buyer.page.waitForURL(/packageCircle\/pages\/circle\/index\?id=/, { waitUntil: 'commit' })
    await shown(buyer.page, '[data-testid="post-card"]').first().waitFor()
    expect(await shown(buyer.page, '[data-testid="post-card"]').count()).toBeGreaterThan(1)
    await shown(buyer.page, '.feed__fab').waitFor()
    await shot(buyer.page, 'feed')

    // --- my orders: the order, paid, refundable for 72 h ---
    await buyer.page.goto(`${productUrl()}/#/packagePay/pages/orders/index`)
    const myOrder = shown(buyer.page, '[data-testid="order"]')
      .filter({ hasText: `${PAID_CIRCLE} · 入圈` })
      .first()
    await myOrder.waitFor()
    expect(await myOrder.locator('[data-testid="order-status"]').textContent()).toBe('已支付')
    await myOrder.locator('[data-testid="order-refund"]').waitFor()
    await expectNoHorizontalOverflow(buyer.page)
    await shot(buyer.page, 'my-orders')

    // --- the owner: 管理 › 收入与提现; the new income is 待结算 ---
    const owner = await newPerson()
    await signInAs(owner.page, OWNER)
    await shownText(owner.page, PAID_CIRCLE).first().click()
    await shown(owner.page, '.feed__manage').click()
    await shownText(owner.page, '收入与提现').click()
    await owner.page.waitForURL(/packageMoney\/pages\/earnings\/index\?circleId=/, { waitUntil: 'commit' })
    await testid(owner.page, 'available').waitFor()
    // the newest 收入 line of this circle's entry (not a 结算 line of an older sale)
    const income = shown(owner.page, '[data-testid="statement-line"]')
      .filter({ hasText: `${PAID_CIRCLE} · 入圈` })
      .filter({ hasText: '收入 · ' })
      .first()
    await income.waitFor()
    await income.getByText('待结算').waitFor()
    const pendingBefore = fenOf(await testid(owner.page, 'pending').textContent())
    const availableBefore = fenOf(await testid(owner.page, 'available').textContent())
    // the owner keeps what is left after the platform (3 %) and channel fees: most of ¥199
    const share = fenOf(await income.locator('[data-testid="statement-amount"]').textContent())
    expect(share).toBeGreaterThan(18_000)
    expect(share).toBeLessThan(19_900)
    expect(pendingBefore).toBeGreaterThanOrEqual(share)
    await expectNoHorizontalOverflow(owner.page)
    await shot(owner.page, 'earnings-pending')

    // --- 73 simulated hours later: everything pending has settled ---
    await control('/clock', { advanceMs: 73 * HOUR_MS })
    await owner.page.reload()
    await testid(owner.page, 'available').waitFor()
    await eventually(async () => expect(fenOf(await testid(owner.page, 'pending').textContent())).toBe(0))
    // 分账 took the platform's fee out of what settled; what is left equals 苏念's sub-merchant balance at WeChat Pay
    const availableAfter = fenOf(await testid(owner.page, 'available').textContent())
    expect(availableAfter).toBeLessThan(availableBefore + pendingBefore)
    expect(availableAfter).toBeGreaterThan(availableBefore + pendingBefore - Math.ceil(pendingBefore * 0.3))
    expect((await api('o_demo_su_nian', 'wallet', 'merchant', {})).balance).toEqual({
      pendingFen: 0,
      availableFen: availableAfter,
    })
    await shown(owner.page, '[data-testid="statement-line"]').filter({ hasText: '分账' }).first().waitFor()
    const settled = shown(owner.page, '[data-testid="statement-line"]').filter({ hasText: '结算' }).first()
    await settled.waitFor()
    await shot(owner.page, 'earnings-settled')

    // --- withdraw ¥100.00 from 苏念's own sub-merchant (平台收付通) to her bank card; it arrives T+1 ---
    await testid(owner.page, 'go-withdraw').click()
    await owner.page.waitForURL(/packageMoney\/pages\/withdraw\/index/, { waitUntil: 'commit' })
    const amount = shown(owner.page, '[data-testid="withdraw-amount"] input')
    await amount.fill('100')
    await eventually(async () => expect(await amount.inputValue()).toBe('100'))
    expect(await testid(owner.page, 'withdraw-to').textContent()).toContain('提现到银行卡')
    await expectNoHorizontalOverflow(owner.page)
    await shot(owner.page, 'withdraw-form')
    await testid(owner.page, 'withdraw-submit').click()
    // requested: the money is set aside before WeChat is asked; the bank transfer is on its way
    await eventually(async () => expect(await testid(owner.page, 'withdraw-state').textContent()).toBe('转账中'))
    await shot(owner.page, 'withdraw-waiting')
    await control('/clock', { advanceMs: 25 * HOUR_MS })
    await testid(owner.page, 'refresh-withdrawal').click()
    const result = testid(owner.page, 'withdraw-result')
    await result.waitFor()
    await result.getByText('提现成功').waitFor()
    expect(await result.textContent()).toContain('¥100.00')
    await shot(owner.page, 'withdraw-success')

    // --- back on 收入与提现: the balance dropped; the statement says payment, settlement, withdrawal ---
    await shownText(owner.page, '完成').click()
    await owner.page.waitForURL(/packageMoney\/pages\/earnings\/index/, { waitUntil: 'commit' })
    await eventually(async () =>
      expect(fenOf(await testid(owner.page, 'available').textContent())).toBe(availableAfter - 10_000),
    )
    const lines = shown(owner.page, '[data-testid="statement-line"]')
    await lines.filter({ hasText: '提现' }).filter({ hasText: '-100.00' }).first().waitFor()
    // newest first: the withdrawal tops the list (each settlement's two lines stay apart from it)
    expect(await lines.first().textContent()).toContain('-100.00')
    await lines.filter({ hasText: '结算' }).first().waitFor()
    await lines
      .filter({ hasText: `${PAID_CIRCLE} · 入圈` })
      .first()
      .waitFor()
    await shot(owner.page, 'earnings-statement', true)
    await testid(owner.page, 'tab-withdrawals').click()
    await shown(owner.page, '[data-testid="withdrawal-row"]').filter({ hasText: '已到账' }).first().waitFor()
    await shot(owner.page, 'withdrawals')

    expect({ buyer: buyer.errors, owner: owner.errors }).toEqual({ buyer: [], owner: [] })
    await buyer.context.close()
    await owner.context.close()
  })
})
