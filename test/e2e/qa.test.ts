/**
 * Paid Q&A end to end, in a real browser on the running local product (H5 build + local cloud +
 * pay simulator): the owner opens Q&A at 10 元, a member asks through the 问答 tile and pays at the
 * simulator's cashier, the owner answers from 待我回答, a third member peeks (pays 1 元) and reads
 * the answer, the asker sees what the peek earned, and after the refund window their 我的收益 shows
 * the 分账 share and its transfer to 零钱. Screenshots: test-results/e2e/qa-*.png.
 */
import { mkdirSync, readdirSync, rmSync } from 'fs'
import path from 'path'
import type { Browser, Page } from 'playwright-core'
import {
  api,
  control,
  devOpenid,
  eventually,
  fenOf,
  launchBrowser,
  payAtCashier,
  person,
  productUrl,
  screenshots,
  SHOTS,
  shown,
  signUp,
  testid,
} from './support'

let browser: Browser
const shot = screenshots('qa-', 450)

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  for (const f of readdirSync(SHOTS)) if (f.startsWith('qa-')) rmSync(path.join(SHOTS, f), { force: true })
  browser = await launchBrowser()
})

afterAll(async () => {
  // leave the product's clock at real time for the suites after this one
  await control('/clock', { reset: true }).catch(() => undefined)
  await browser?.close()
})

/** Taro's H5 modal (Taro.showModal): press its confirm button. */
async function confirmModal(page: Page): Promise<void> {
  const ok = page.getByText('确定', { exact: true }).filter({ visible: true }).last()
  await ok.waitFor()
  await ok.click()
}

describe('paid Q&A with a peek', () => {
  it('a member asks and pays, the owner answers, a third member peeks and reads the answer', async () => {
    const stamp = Date.now().toString(36).slice(-4)

    // --- the owner: a circle, and a price for their answers (preset 10 元) ---
    const owner = await person(browser, { width: 375, height: 812 })
    await signUp(owner.page, `圈主${stamp}`)
    const ownerId = await devOpenid(owner.page)
    const circle = await api(ownerId, 'circle', 'create', {
      name: `独立开发问答${stamp}`,
      type: 'knowledge',
      entryMode: 'free',
    })
    // 平台收付通: the owner's 二级商户 is ready, so their circle can take money (test/e2e/settlement.test.ts onboards through the app).
    await control(`/pay/merchants/${ownerId}/ready`, {})
    await owner.page.goto(`${productUrl()}/#/packageQa/pages/settings/index?circleId=${circle.id}`)
    await testid(owner.page, 'qa-price-preset').filter({ hasText: '10 元' }).click()
    await testid(owner.page, 'qa-price-save').click()
    await eventually(async () =>
      expect((await api(ownerId, 'qa', 'home', { circleId: circle.id })).answerers).toHaveLength(1),
    )

    // --- a member asks through the 问答 tile and pays at the cashier ---
    const asker = await person(browser, { width: 375, height: 812 })
    await signUp(asker.page, `提问者${stamp}`)
    const askerId = await devOpenid(asker.page)
    await api(askerId, 'circle', 'join', { circleId: circle.id })
    await asker.page.goto(`${productUrl()}/#/packageCircle/pages/circle/index?id=${circle.id}`)
    await shown(asker.page, '[data-testid="features"] .feed__feature').filter({ hasText: '问答' }).click()
    await testid(asker.page, 'qa-answerer').waitFor()
    expect(await testid(asker.page, 'qa-answerer').textContent()).toContain('¥10.00')
    await shot(asker.page, 'home')
    await testid(asker.page, 'qa-ask').click()
    await shown(asker.page, '.qa-form textarea').fill('第一个付费用户从哪里来？')
    await shot(asker.page, 'ask')
    await testid(asker.page, 'qa-ask-submit').click()
    await payAtCashier(asker.page, '¥10.00', () => shot(asker.page, 'cashier'))

    // --- the owner answers from 待我回答, with the countdown showing ---
    await owner.page.goto(`${productUrl()}/#/packageQa/pages/mine/index?circleId=${circle.id}&box=toAnswer`)
    await testid(owner.page, 'qa-card').filter({ hasText: '第一个付费用户从哪里来？' }).click()
    await eventually(async () =>
      expect(await testid(owner.page, 'qa-countdown').textContent()).toMatch(/^剩余 7[12] 小时/),
    )
    await shown(owner.page, '.qa-form textarea').fill('先从你已有的读者和朋友里找十个愿意付费的人。')
    await shot(owner.page, 'answering')
    await testid(owner.page, 'qa-answer-submit').click()
    await confirmModal(owner.page)
    await eventually(async () => expect(await testid(owner.page, 'qa-status').textContent()).toBe('已回答'))

    // --- a third member sees the answer locked, peeks (1 元) and reads it ---
    const reader = await person(browser, { width: 375, height: 812 })
    await signUp(reader.page, `围观者${stamp}`)
    const readerId = await devOpenid(reader.page)
    await api(readerId, 'circle', 'join', { circleId: circle.id })
    await reader.page.goto(`${productUrl()}/#/packageQa/pages/home/index?circleId=${circle.id}`)
    const card = testid(reader.page, 'qa-card').filter({ hasText: '第一个付费用户从哪里来？' })
    await card.waitFor()
    expect(await card.locator('[data-testid="qa-answer"]').count()).toBe(0)
    await shot(reader.page, 'locked')
    await card.locator('[data-testid="qa-peek"]').click()
    await confirmModal(reader.page)
    await payAtCashier(reader.page, '¥1.00', () => shot(reader.page, 'cashier'))
    const questionId = (await api(askerId, 'qa', 'mine', { circleId: circle.id, box: 'asked' })).items[0].id
    await reader.page.goto(`${productUrl()}/#/packageQa/pages/question/index?id=${questionId}`)
    await eventually(async () =>
      expect(await testid(reader.page, 'qa-answer').textContent()).toContain(
        '先从你已有的读者和朋友里找十个愿意付费的人。',
      ),
    )
    await shot(reader.page, 'peeked')

    // --- the asker sees what the peek earned them: in 平台收付通 mode 分账 may take at most 30 分 of
    // the 1 元 order, 3 分 of them the platform fee, so the asker's half is held to the 27 分 left ---
    await asker.page.goto(`${productUrl()}/#/packageQa/pages/question/index?id=${questionId}`)
    await eventually(async () => expect(await testid(asker.page, 'qa-earnings').textContent()).toContain('¥0.27'))
    await shot(asker.page, 'earnings')

    // --- 73 simulated hours later the peek settles: 分账 sends the asker's 27 分 to their 零钱, and
    // their own 我的收益 says so (the share, from which sale, then gone to 零钱: nothing to withdraw) ---
    await control('/clock', { advanceMs: 73 * 3_600_000 })
    await asker.page.goto(`${productUrl()}/#/packageMoney/pages/earnings/index`)
    const lines = shown(asker.page, '[data-testid="statement-line"]')
    const earned = lines.filter({ hasText: '分账：分成 · 偷看：第一个付费用户从哪里来？' }).first()
    await earned.waitFor()
    expect(await earned.locator('[data-testid="statement-amount"]').textContent()).toBe('+0.27')
    const paidOut = lines.filter({ hasText: '已转入微信零钱' }).first()
    expect(await paidOut.locator('[data-testid="statement-amount"]').textContent()).toBe('-0.27')
    expect(fenOf(await testid(asker.page, 'available').textContent())).toBe(0)
    expect(await testid(asker.page, 'payout-note').textContent()).toContain('无需提现')
    expect(await testid(asker.page, 'go-withdraw').count()).toBe(0)
    await shot(asker.page, 'my-earnings')

    for (const p of [owner, asker, reader]) expect(p.errors).toEqual([])
  })
})
