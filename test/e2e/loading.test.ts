// The H5 loading path (docs/performance.md): a cold open of a circle's feed asks for its data once
// (the bootstrap in index.html asks, the app takes that answer), preloads the page's own chunks, and
// the app's scripts carry no zod.
import { readdirSync, readFileSync } from 'fs'
import path from 'path'
import type { Browser } from 'playwright-core'
import { ROOT, api, launchBrowser, person, productUrl, testid } from './support'

const FEED = 'packageCircle/pages/circle/index'
const MEMBER = 'o_demo_wang_yiming' // 王一鸣 in the demo seed (docs/control-api.md)
const DIST = path.join(ROOT, 'dist', 'h5')

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

/** A circle of the member's with posts: the feed the bench opens too. */
async function feedCircle(): Promise<string> {
  const mine = await api(MEMBER, 'circle', 'mine')
  for (const c of mine.items) {
    const feed = await api(MEMBER, 'post', 'list', { circleId: c.id })
    if (feed.items.length) return c.id
  }
  throw new Error(`${MEMBER} has no circle with posts: is the demo seeded?`)
}

describe('opening a feed cold', () => {
  it("asks for the circle and the sign-in once each, and preloads the feed page's chunks", async () => {
    const circleId = await feedCircle()
    const { context, page, errors } = await person(browser, { width: 390, height: 844 })
    await context.addInitScript(
      (openid) => localStorage.setItem('quanzi.devOpenid', JSON.stringify({ data: openid })),
      MEMBER,
    )
    const calls: string[] = []
    page.on('request', (req) => {
      const url = new URL(req.url())
      if (url.pathname.startsWith('/api/fn/')) {
        const body = JSON.parse(req.postData() ?? '{}') as { action?: string }
        calls.push(`${url.pathname.slice('/api/fn/'.length)}.${body.action}`)
      } else if (url.pathname === '/wxapi/_dev/login') calls.push('wx.login')
    })

    await page.goto(`${productUrl()}/#/${FEED}?id=${encodeURIComponent(circleId)}`)
    await testid(page, 'post-card').first().waitFor()
    await page.waitForLoadState('networkidle')

    expect(calls.filter((c) => c === 'circle.get')).toHaveLength(1)
    expect(calls.filter((c) => c === 'user.login')).toHaveLength(1)
    expect(calls.filter((c) => c === 'wx.login')).toHaveLength(1)
    // the feed came with circle.get: no separate post.list for its first page
    expect(calls.filter((c) => c === 'post.list')).toHaveLength(0)

    const routes = JSON.parse(readFileSync(path.join(DIST, 'h5-routes.json'), 'utf8')) as Record<string, string[]>
    expect(routes[FEED].length).toBeGreaterThan(0)
    const preloaded = await page.evaluate(() =>
      Array.from(document.querySelectorAll('link[rel="preload"]')).map((l) => l.getAttribute('href')),
    )
    // the app's own script first (index.html), then the page's chunks (the bootstrap)
    expect(preloaded).toEqual([expect.stringMatching(/^\/js\/app\.[0-9a-f]+\.js$/), ...routes[FEED]])
    expect(errors).toEqual([])
    await context.close()
  })

  it("paints a first screen from the bootstrap's circle.get while the app is on its way, and drops it for the app's feed", async () => {
    const circleId = await feedCircle()
    const first = (await api(MEMBER, 'post', 'list', { circleId })).items[0]
    const { name } = (await api(MEMBER, 'circle', 'get', { circleId })).circle
    const { context, page, errors } = await person(browser, { width: 375, height: 667 })
    await context.addInitScript((openid) => {
      localStorage.setItem('quanzi.devOpenid', JSON.stringify({ data: openid }))
      // each time the bootstrap's copy comes or goes: how many of the app's post cards were there
      const seen: { early: boolean; cards: number }[] = []
      ;(window as unknown as { __seen: typeof seen }).__seen = seen
      new MutationObserver(() => {
        const early = !!document.getElementById('qz-early')
        if (seen.length === 0 ? early : seen[seen.length - 1].early !== early)
          seen.push({ early, cards: document.querySelectorAll('[data-testid="post-card"]').length })
      }).observe(document, { childList: true, subtree: true })
    }, MEMBER)
    // the app's script waits until the bootstrap has painted (a phone on a slow network), and what
    // it painted is read then: the app removes it as soon as its feed is up
    let painted: { name: string; nickname: string; text: string; taps: string } | null = null
    await page.route(/\/js\/app\.[0-9a-f]+\.js$/, async (route) => {
      const box = await page.waitForSelector('#qz-early', { state: 'attached' })
      painted = await box.evaluate((e) => ({
        name: e.querySelector('b')?.textContent ?? '',
        nickname: e.querySelector('.c span')?.textContent ?? '',
        text: e.querySelector('p')?.textContent ?? '',
        taps: getComputedStyle(e).pointerEvents,
      }))
      await route.continue()
    })

    await page.goto(`${productUrl()}/#/${FEED}?id=${encodeURIComponent(circleId)}`)
    await testid(page, 'post-card').first().waitFor()
    await page.waitForLoadState('networkidle')
    expect(painted).toEqual({ name, nickname: first.author.nickname, text: first.text, taps: 'none' })
    expect(await page.locator('#qz-early').count()).toBe(0)
    // it came before any of the app's cards and left with the first of them: never both on screen
    const seen = await page.evaluate(() => (window as unknown as { __seen: unknown }).__seen)
    expect(seen).toEqual([
      { early: true, cards: 0 },
      { early: false, cards: expect.any(Number) },
    ])
    expect((seen as { cards: number }[])[1].cards).toBeGreaterThan(0)
    // the first post is on screen once, in the app's card
    const shown = await page.evaluate(
      (text) =>
        Array.from(document.querySelectorAll('.post__text, #qz-early p')).filter((e) => e.textContent === text).length,
      first.text,
    )
    expect(shown).toBe(1)
    expect(errors).toEqual([])
    await context.close()
  })

  it('defines the components the feed renders and none of the form components it does not', async () => {
    const circleId = await feedCircle()
    const { context, page, errors } = await person(browser, { width: 390, height: 844 })
    await context.addInitScript(
      (openid) => localStorage.setItem('quanzi.devOpenid', JSON.stringify({ data: openid })),
      MEMBER,
    )
    await page.goto(`${productUrl()}/#/${FEED}?id=${encodeURIComponent(circleId)}`)
    await testid(page, 'post-card').first().waitFor()
    await page.waitForLoadState('networkidle')
    const defined = await page.evaluate(() =>
      Object.fromEntries(
        ['taro-view-core', 'taro-text-core', 'taro-picker-core', 'taro-textarea-core', 'taro-input-core'].map((tag) => [
          tag,
          customElements.get(tag) !== undefined,
        ]),
      ),
    )
    expect(defined).toEqual({
      'taro-view-core': true,
      'taro-text-core': true,
      'taro-picker-core': false,
      'taro-textarea-core': false,
      'taro-input-core': false,
    })
    expect(errors).toEqual([])
    await context.close()
  })
})

describe('the H5 build', () => {
  it('carries no zod: the app imports the contract for its types only', () => {
    const js = readdirSync(path.join(DIST, 'js')).filter((f) => f.endsWith('.js'))
    expect(js.length).toBeGreaterThan(1)
    const withZod = js.filter((f) =>
      /\bZodError\b|invalid_type_error/.test(readFileSync(path.join(DIST, 'js', f), 'utf8')),
    )
    expect(withZod).toEqual([])
  })
})
