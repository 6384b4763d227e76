/**
 * The notification centre in a real browser on the running local product (seeded demo): 王一鸣
 * was @mentioned and replied to in the seed (localcloud/seed/lifecycle.ts), sees the unread badge
 * on 我的 › 消息通知, opens the inbox, opens the mention (which marks it read and opens the post),
 * and marks the rest read. Screenshots: test-results/e2e/lifecycle-*.png.
 */
import { mkdirSync, readdirSync, rmSync } from 'fs'
import path from 'path'
import type { Browser } from 'playwright-core'
import {
  api,
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
const shot = screenshots('lifecycle-')

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  for (const f of readdirSync(SHOTS)) if (f.startsWith('lifecycle-')) rmSync(path.join(SHOTS, f), { force: true })
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

describe('消息通知', () => {
  it('a member sees the unread badge, opens a mention, and marks everything read', async () => {
    const { page, errors, context } = await person(browser, { width: 390, height: 844 })
    await signInAs(page, '王一鸣')
    // a fresh mention on another post, so one notice stays unread after the seeded one is opened
    // (whatever other suites did to 王一鸣's inbox before this one)
    const circles = (await api('o_demo_chen_xiaoyu', 'circle', 'discover')) as { items: { id: string; name: string }[] }
    const pm = circles.items.find((c) => c.name === '产品经理成长营')!.id
    const feed = (await api('o_demo_chen_xiaoyu', 'post', 'list', { circleId: pm })) as {
      items: { id: string; author: { openid: string }; commentCount: number }[]
    }
    const other = feed.items.filter((p) => p.author.openid !== 'o_demo_wang_yiming').pop()!
    await api('o_demo_chen_xiaoyu', 'post', 'comment', { postId: other.id, text: '@王一鸣 这篇也值得看看' })
    await page.goto(`${productUrl()}/#/pages/profile/index`)
    const entry = testid(page, 'inbox-entry')
    await entry.waitFor()
    await eventually(async () =>
      expect(Number((await entry.locator('.profile__badge').textContent()) ?? 0)).toBeGreaterThan(0),
    )
    await shot(page, 'badge')

    await entry.click()
    await page.waitForURL(/packageInbox\/pages\/inbox\/index/, { waitUntil: 'commit' })
    const mention = testid(page, 'notification')
      .filter({ hasText: '陈小雨 在评论中提到了你' })
      .filter({ hasText: '赔付门槛' })
    await mention.waitFor()
    expect(await mention.textContent()).toContain('赔付门槛')
    await shot(page, 'inbox')

    await mention.click()
    await page.waitForURL(/packageCircle\/pages\/post\/index\?id=/, { waitUntil: 'commit' })
    await shownText(page, /赔付门槛那页很清楚/)
      .first()
      .waitFor()
    await page.goBack()
    await page.waitForURL(/packageInbox\/pages\/inbox\/index/, { waitUntil: 'commit' })
    // opening it marked it read; the others are still unread
    await eventually(async () => expect(await mention.locator('.note__dot--unread').count()).toBe(0))
    await testid(page, 'read-all').click()
    await shownText(page, '全部已读').waitFor()
    expect(await shown(page, '.note__dot--unread').count()).toBe(0)
    await page.waitForTimeout(400) // let the page transition settle for the screenshot
    await shot(page, 'all-read')
    expect(errors).toEqual([])
    await context.close()
  })
})
