/**
 * 平台收付通 end to end in a real browser on the running local product (docs/payments.md
 * "Settlement modes"): a new owner opens a paid circle, which cannot sell yet; they become a
 * 二级商户 from the app (收款账户: the 进件 form with photos, then 审核中 → 待账户验证 → 待签约 with
 * the sign QR → 已完成, WeChat's review played by the simulator's control API); a stranger buys
 * entry; the owner sees the income pending in their sub-merchant; the clock passes the refund
 * window, 分账 takes the platform fee (a line of its own); the owner withdraws to their bank card
 * and it arrives the next day. Screenshots: test-results/e2e/settlement-*.png.
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

const HOUR_MS = 3_600_000
// a 1×1 PNG: what the phone's photo picker hands over
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
)

let browser: Browser
const shot = screenshots('settlement-', 450)

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  for (const f of readdirSync(SHOTS)) if (f.startsWith('settlement-')) rmSync(path.join(SHOTS, f), { force: true })
  browser = await launchBrowser()
})

afterAll(async () => {
  // leave the product's clock at real time: the suites share one product, and days moved here
  // would lapse the demo's pending applications for the suites after this one
  await control('/clock', { reset: true }).catch(() => undefined)
  await browser?.close()
})

const newPerson = () => person(browser, { width: 375, height: 812 })

async function fill(page: Page, id: string, value: string) {
  const input = shown(page, `[data-testid="${id}"] input`)
  await input.fill(value)
  await eventually(async () => expect(await input.inputValue()).toBe(value))
}

async function choosePhoto(page: Page, id: string, name: string) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), testid(page, id).click()])
  await chooser.setFiles({ name, mimeType: 'image/png', buffer: PNG })
  await eventually(async () => expect(await testid(page, id).textContent()).toContain('已上传'))
}

describe('平台收付通: an owner onboards, sells, sees 分账 and withdraws to the bank', () => {
  it('walks the whole way from the 进件 form to the money on the bank card', async () => {
    const stamp = Date.now().toString(36).slice(-4)
    const circleName = `手冲咖啡${stamp}`

    // --- a new owner with a paid circle: not sellable until their 二级商户 is ready ---
    const owner = await newPerson()
    await signUp(owner.page, `店主${stamp}`)
    const ownerId = await devOpenid(owner.page)
    const circle = await api(ownerId, 'circle', 'create', { name: circleName, type: 'interest', entryMode: 'paid' })
    await api(ownerId, 'shop', 'setPricing', {
      circleId: circle.id,
      entry: { priceFen: 10_000, markedPriceFen: null, term: { kind: 'rolling', days: 365 } },
    })
    expect((await api(ownerId, 'shop', 'catalog', { circleId: circle.id })).selling).toEqual({
      open: false,
      code: 'merchant_setup_required',
    })

    // --- 收款账户: the 进件 form ---
    await owner.page.goto(`${productUrl()}/#/packageMoney/pages/merchant/index`)
    await testid(owner.page, 'merchant-form').waitFor()
    await fill(owner.page, 'f-shortname', '手冲咖啡')
    await fill(owner.page, 'f-name', '王小明')
    await fill(owner.page, 'f-id', '110101199001011237')
    await fill(owner.page, 'f-valid-from', '2020-01-01')
    await fill(owner.page, 'f-bank', '招商银行')
    await fill(owner.page, 'f-bank-code', '110000')
    await fill(owner.page, 'f-account', '6225880012345678')
    await fill(owner.page, 'f-mobile', '13800138000')
    await choosePhoto(owner.page, 'f-portrait', 'id-front.png')
    await choosePhoto(owner.page, 'f-national', 'id-back.png')
    await expectNoHorizontalOverflow(owner.page)
    await shot(owner.page, 'form', true)
    await testid(owner.page, 'merchant-submit').click()
    await eventually(async () => expect(await testid(owner.page, 'merchant-label').textContent()).toBe('审核中'))
    expect(await testid(owner.page, 'merchant-bank').textContent()).toBe('招商银行 **** **** **** 5678')
    await shot(owner.page, 'checking')

    // --- WeChat's review moves it on; each state shows its step ---
    await control(`/pay/merchants/${ownerId}/applyment`, { state: 'ACCOUNT_NEED_VERIFY' })
    await testid(owner.page, 'merchant-refresh').click()
    await eventually(async () => expect(await testid(owner.page, 'merchant-label').textContent()).toBe('待账户验证'))
    await testid(owner.page, 'merchant-verify').waitFor()
    await shot(owner.page, 'verify')
    await control(`/pay/merchants/${ownerId}/applyment`, { state: 'NEED_SIGN' })
    await testid(owner.page, 'merchant-refresh').click()
    await eventually(async () => expect(await testid(owner.page, 'merchant-label').textContent()).toBe('待签约'))
    expect(await testid(owner.page, 'merchant-sign-qr').locator('img').getAttribute('src')).toMatch(
      /^data:image\/png;base64,/,
    )
    await shot(owner.page, 'sign')
    await control(`/pay/merchants/${ownerId}/applyment`, { state: 'FINISH' })
    await testid(owner.page, 'merchant-refresh').click()
    await eventually(async () => expect(await testid(owner.page, 'merchant-label').textContent()).toBe('已完成'))
    await shot(owner.page, 'finished')

    // --- a stranger buys entry through the cashier (the partner JSAPI, into the owner's sub-merchant) ---
    const buyer = await newPerson()
    await signUp(buyer.page, `咖啡客${stamp}`)
    await buyer.page.goto(`${productUrl()}/#/packagePay/pages/buy/index?circleId=${circle.id}`)
    await testid(buyer.page, 'buy-entry').click()
    await payAtCashier(buyer.page, '¥100.00', () => shot(buyer.page, 'cashier'))
    await shownText(buyer.page, '支付成功').waitFor()

    // --- the owner: the income is pending, in their own sub-merchant ---
    await owner.page.goto(`${productUrl()}/#/packageMoney/pages/earnings/index?circleId=${circle.id}`)
    await testid(owner.page, 'available').waitFor()
    await eventually(async () => expect(fenOf(await testid(owner.page, 'pending').textContent())).toBe(9_940))
    expect(await testid(owner.page, 'payout-note').textContent()).toContain('招商银行 **** **** **** 5678')
    const balance = async () => (await api(ownerId, 'wallet', 'merchant', {})).balance
    expect(await balance()).toEqual({ pendingFen: 9_940, availableFen: 0 })
    await shot(owner.page, 'pending')

    // --- 73 simulated hours later: 分账 took the platform fee (3 %), the rest is available ---
    await control('/clock', { advanceMs: 73 * HOUR_MS })
    await owner.page.reload()
    await testid(owner.page, 'available').waitFor()
    await eventually(async () => expect(fenOf(await testid(owner.page, 'available').textContent())).toBe(9_640))
    const sharing = shown(owner.page, '[data-testid="statement-line"]').filter({ hasText: '平台服务费' }).first()
    await sharing.waitFor()
    expect(fenOf(await sharing.locator('[data-testid="statement-amount"]').textContent())).toBe(-300)
    expect(await balance()).toEqual({ pendingFen: 0, availableFen: 9_640 })
    await shot(owner.page, 'settled', true)

    // --- withdraw everything to the bank card; it arrives the next day ---
    await testid(owner.page, 'go-withdraw').click()
    await owner.page.waitForURL(/packageMoney\/pages\/withdraw\/index/, { waitUntil: 'commit' })
    await eventually(async () =>
      expect(await testid(owner.page, 'withdraw-to').textContent()).toContain('提现到银行卡'),
    )
    await testid(owner.page, 'withdraw-all').click()
    await shot(owner.page, 'withdraw-form')
    await testid(owner.page, 'withdraw-submit').click()
    await eventually(async () => expect(await testid(owner.page, 'withdraw-state').textContent()).toBe('转账中'))
    expect(await balance()).toEqual({ pendingFen: 0, availableFen: 0 })
    await shot(owner.page, 'withdraw-sent')
    await control('/clock', { advanceMs: 25 * HOUR_MS })
    await testid(owner.page, 'refresh-withdrawal').click()
    const result = testid(owner.page, 'withdraw-result')
    await result.waitFor()
    await result.getByText('提现成功').waitFor()
    expect(await result.textContent()).toContain('¥96.40')
    await shot(owner.page, 'withdraw-arrived')

    expect({ owner: owner.errors, buyer: buyer.errors }).toEqual({ owner: [], buyer: [] })
    await owner.context.close()
    await buyer.context.close()
  })
})
