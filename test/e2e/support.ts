/** What the browser tests share: where the product runs, a browser, a person, and waiting for the UI. */
import { readFileSync } from 'fs'
import os from 'os'
import path from 'path'
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core'

export const ROOT = path.resolve(__dirname, '..', '..')
export const SHOTS = path.join(ROOT, 'test-results', 'e2e')
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

/** The running local product: QUANZI_E2E_URL, or the one global-setup started. */
export function productUrl(): string {
  if (process.env.QUANZI_E2E_URL) return process.env.QUANZI_E2E_URL
  const state = JSON.parse(readFileSync(path.join(os.tmpdir(), 'quanzi-e2e-state.json'), 'utf8'))
  return state.url
}

export const launchBrowser = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM, args: ARGS })

/** A phone-sized browser profile of its own: one person. Page errors are collected. */
export async function person(
  browser: Browser,
  viewport: { width: number; height: number },
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  })
  const page = await context.newPage()
  page.setDefaultTimeout(20_000)
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(String(e)))
  return { context, page, errors }
}

/** Retries an assertion until it holds (the UI updates after the cloud answers). */
export async function eventually(assertion: () => Promise<void>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs
  for (;;) {
    try {
      await assertion()
      return
    } catch (err) {
      if (Date.now() > end) throw err
      await new Promise((r) => setTimeout(r, 200))
    }
  }
}

/** Taro H5 keeps earlier pages of the stack in the DOM (hidden): only look at what is shown. */
export const shown = (page: Page, selector: string): Locator => page.locator(selector).filter({ visible: true })
export const shownText = (page: Page, text: string | RegExp): Locator =>
  page.getByText(text, { exact: typeof text === 'string' }).filter({ visible: true })

export const testid = (page: Page, id: string): Locator => shown(page, `[data-testid="${id}"]`)

/**
 * Numbered screenshots of one suite: test-results/e2e/<prefix>NN-<name>.png. settleMs lets Taro's
 * page slide-in finish first (a shot mid-animation looks shifted and cut off).
 */
export function screenshots(
  prefix: string,
  settleMs = 0,
): (page: Page, name: string, fullPage?: boolean) => Promise<void> {
  let index = 0
  return async (page, name, fullPage = false) => {
    index += 1
    if (settleMs) await page.waitForTimeout(settleMs)
    await page.screenshot({
      path: path.join(SHOTS, `${prefix}${String(index).padStart(2, '0')}-${name}.png`),
      fullPage,
    })
  }
}

/** Nothing on the page is wider than the phone (a horizontal scrollbar is a broken layout). */
export async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }))
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth)
}

async function devLogin(page: Page): Promise<void> {
  await page.goto(`${productUrl()}/#/pages/dev-login/index`)
  // the page is live once the demo users have loaded (typing earlier may reach no handler)
  await shown(page, '.dev-login__user').first().waitFor()
}

/** The H5 dev login: a new demo user with this nickname (a 路人: member of nothing), then 发现. */
export async function signUp(page: Page, nickname: string): Promise<void> {
  await devLogin(page)
  const input = shown(page, 'input[placeholder="输入昵称"]')
  await input.fill(nickname)
  await eventually(async () => expect(await input.inputValue()).toBe(nickname))
  await shownText(page, '创建并进入').click()
  await shownText(page, '＋ 创建').waitFor()
}

/** The H5 dev login: one of the demo users, then 发现. */
export async function signInAs(page: Page, nickname: string): Promise<void> {
  await devLogin(page)
  await shown(page, '.dev-login__user').filter({ hasText: nickname }).click()
  await shownText(page, '＋ 创建').waitFor()
}

/** The openid the dev login stored for this browser profile. */
export async function devOpenid(page: Page): Promise<string> {
  const stored = await page.evaluate(() => window.localStorage.getItem('quanzi.devOpenid'))
  let openid = stored ?? ''
  try {
    const parsed = JSON.parse(openid)
    openid = typeof parsed === 'string' ? parsed : (parsed?.data ?? '')
  } catch {
    // stored as plain text
  }
  expect(openid).toMatch(/^[A-Za-z0-9_-]+$/)
  return openid
}

/** Calls a function through the gateway as a person (the H5 app's own route). */
export async function api(
  openid: string,
  fn: string,
  action: string,
  input: Record<string, unknown> = {},
): Promise<any> {
  const res = await fetch(`${productUrl()}/api/fn/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-dev-openid': openid },
    body: JSON.stringify({ action, ...input }),
  })
  const body = await res.json()
  if (!body.ok) throw new Error(`${fn}.${action}: ${JSON.stringify(body.error)}`)
  return body.data
}

/** The local product's control API (the simulated clock): POSTs the body, or GETs without one. */
export async function control(pathname: string, body?: unknown): Promise<any> {
  const res = await fetch(
    `${productUrl()}/_control${pathname}`,
    body === undefined
      ? {}
      : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
  )
  expect(res.status).toBe(200)
  return res.json()
}

/**
 * At the simulator's cashier: the server's amount shows, `atCashier` runs (a check, a screenshot),
 * 确认支付, and the result page says paid.
 */
export async function payAtCashier(page: Page, amount: string, atCashier?: () => Promise<void>): Promise<void> {
  await page.waitForURL(/packagePay\/pages\/cashier\/index\?orderId=/, { waitUntil: 'commit' })
  await eventually(async () => expect(await testid(page, 'cashier-amount').textContent()).toBe(amount))
  await atCashier?.()
  await testid(page, 'cashier-pay').click()
  await page.waitForURL(/packagePay\/pages\/result\/index\?orderId=/, { waitUntil: 'commit' })
  await testid(page, 'result-paid').waitFor()
}

/** The circle id in a circle page's address. */
export function circleIdFrom(url: string): string {
  const id = /[?&]id=([^&]+)/.exec(url)?.[1]
  if (!id) throw new Error(`no circle id in ${url}`)
  return decodeURIComponent(id)
}

/** An amount as the money screens print it ("1,234.56", "-0.27") → fen. */
export function fenOf(text: string | null): number {
  const m = /-?[\d,]+\.\d{2}/.exec(text ?? '')
  if (!m) throw new Error(`no amount in ${JSON.stringify(text)}`)
  return Math.round(Number(m[0].replace(/,/g, '')) * 100)
}
