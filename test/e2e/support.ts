/** What the browser tests share: where the product runs, a browser, a person, and waiting for the UI. */
import { readFileSync } from 'fs'
import os from 'os'
import path from 'path'
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core'

export const ROOT = path.resolve(__dirname, '..', '..')
export const SHOTS = path.join(ROOT, 'test-results', 'e2e')
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

/** The running local product: QUANZI_E2E_URL, or the one global-setup started. */
export function productUrl(): string {
  if (process.env.QUANZI_E2E_URL) return process.env.QUANZI_E2E_URL
  const state = JSON.parse(readFileSync(path.join(os.tmpdir(), 'quanzi-e2e-state.json'), 'utf8'))
  return state.url
}

export const launchBrowser = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM, args: ARGS })

/** A phone-sized browser profile of its own: one person. Page errors are collected. */
export async function person(browser: Browser, viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' })
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
export const shownText = (page: Page, text: string | RegExp): Locator => page.getByText(text, { exact: typeof text === 'string' }).filter({ visible: true })
