/**
 * Search and scheduled posts end to end in a real browser on the running local product
 * (docs/search.md), on the seeded demo: a member searches 晨读会 and opens a hit with the keyword
 * highlighted; the owner schedules a post, the simulated clock moves past its minute (the control
 * API fires the publishScheduled timer on the way) and the post is in the members' feed.
 * Screenshots: test-results/e2e/search-*.png.
 */
import { mkdirSync, readdirSync, rmSync } from 'fs'
import path from 'path'
import type { Browser } from 'playwright-core'
import {
  api,
  control,
  eventually,
  launchBrowser,
  person,
  productUrl,
  screenshots,
  SHOTS,
  shown,
  shownText,
  signInAs,
  testid,
} from './support'

let browser: Browser
const shot = screenshots('search-')

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  for (const f of readdirSync(SHOTS)) if (f.startsWith('search-')) rmSync(path.join(SHOTS, f), { force: true })
  browser = await launchBrowser()
})

afterAll(async () => {
  await control('/clock', { reset: true }).catch(() => undefined)
  await browser?.close()
})

async function circleIdByName(name: string): Promise<string> {
  const found = (await api('o_demo_lin_zhiyuan', 'circle', 'discover')) as { items: { id: string; name: string }[] }
  const circle = found.items.find((c) => c.name === name)
  if (!circle) throw new Error(`no demo circle ${name}`)
  return circle.id
}

describe('search and scheduled posts', () => {
  it('a member searches the circle and opens a hit with the keyword highlighted', async () => {
    const morning = await circleIdByName('晨读会')
    const { page, errors, context } = await person(browser, { width: 390, height: 844 })
    await signInAs(page, '王一鸣')
    await page.goto(`${productUrl()}/#/packageCircle/pages/circle/index?id=${encodeURIComponent(morning)}`)
    await testid(page, 'search-entry').click()
    await page.waitForURL(/packageCircle\/pages\/search\/index/, { waitUntil: 'commit' })
    await shown(page, '[data-testid="search-input"] input, input[placeholder="搜索动态"]').first().fill('三段式')
    await testid(page, 'search-go').click()
    const hit = testid(page, 'search-result').filter({ hasText: '新人指南' })
    await hit.waitFor()
    expect(await hit.locator('[data-testid="search-hit"]').first().textContent()).toBe('三段式')
    await shot(page, 'results')
    await hit.click()
    await page.waitForURL(/packageCircle\/pages\/post\/index/, { waitUntil: 'commit' })
    const marked = testid(page, 'search-hit').first()
    await marked.waitFor()
    expect(await marked.textContent()).toBe('三段式')
    await shot(page, 'opened')
    expect(errors).toEqual([])
    await context.close()
  })

  it('the owner schedules a post; once the clock passes its minute it is in the feed', async () => {
    const morning = await circleIdByName('晨读会')
    const owner = await person(browser, { width: 390, height: 844 })
    await signInAs(owner.page, '林知远')
    await owner.page.goto(
      `${productUrl()}/#/packageCircle/pages/schedule/index?circleId=${encodeURIComponent(morning)}`,
    )
    const text = `下周书单预告 ${Date.now().toString(36).slice(-4)}`
    await shown(owner.page, 'textarea').fill(text)
    await testid(owner.page, 'schedule-submit').click()
    // the default minute is the next full hour; the 待发布 list has it
    const item = testid(owner.page, 'scheduled-item').filter({ hasText: text })
    await item.waitFor()
    await shot(owner.page, 'scheduled')
    const feed = () =>
      api('o_demo_wang_yiming', 'post', 'list', { circleId: morning }) as Promise<{ items: { text: string }[] }>
    expect((await feed()).items.map((p) => p.text)).not.toContain(text)

    // an hour and two minutes later, the every-minute timer has published it
    await control('/clock', { advanceMs: 62 * 60_000 })
    await eventually(async () => expect((await feed()).items.map((p) => p.text)).toContain(text))
    const reader = await person(browser, { width: 390, height: 844 })
    await signInAs(reader.page, '王一鸣')
    await reader.page.goto(`${productUrl()}/#/packageCircle/pages/circle/index?id=${encodeURIComponent(morning)}`)
    await shownText(reader.page, text).first().waitFor()
    await shot(reader.page, 'published')
    // the owner's content calendar shows the day with a published post
    await shownText(owner.page, '内容日历').click()
    await testid(owner.page, 'calendar').waitFor()
    await eventually(async () => expect(await testid(owner.page, 'calendar').textContent()).toMatch(/发\d/))
    await shot(owner.page, 'calendar')
    expect(owner.errors).toEqual([])
    expect(reader.errors).toEqual([])
    await owner.context.close()
    await reader.context.close()
  })
})
