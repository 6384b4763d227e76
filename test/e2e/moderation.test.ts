/**
 * Moderation end to end in a real browser on the running local product: the owner mutes a member
 * for a day from the members page (成员 → 禁言 → 禁言 1 天), and the member then cannot post: the
 * compose page says why and until when, and 发布 is disabled. Screenshots: test-results/e2e/moderation-*.png.
 */
import { mkdirSync, readdirSync, rmSync } from 'fs'
import path from 'path'
import type { Browser } from 'playwright-core'
import {
  circleIdFrom,
  launchBrowser,
  person,
  productUrl,
  screenshots,
  SHOTS,
  shown,
  shownText,
  signUp,
} from './support'

let browser: Browser
const shot = screenshots('moderation-')

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  for (const f of readdirSync(SHOTS)) if (f.startsWith('moderation-')) rmSync(path.join(SHOTS, f), { force: true })
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

const newPerson = () => person(browser, { width: 390, height: 844 })

describe('muting a member', () => {
  it('the owner mutes a member for a day from the members page; the member then cannot post and is told until when', async () => {
    const stamp = Date.now().toString(36).slice(-4)
    const circleName = `E2E禁言圈${stamp}`
    const memberName = `小成员${stamp}`

    // --- the owner creates a free circle ---
    const owner = await newPerson()
    await signUp(owner.page, `圈主${stamp}`)
    await shownText(owner.page, '＋ 创建').click()
    await shown(owner.page, 'input[placeholder="2–30 个字"]').fill(circleName)
    await shown(owner.page, 'taro-button-core').filter({ hasText: '创建圈子' }).click()
    await owner.page.waitForURL(/packageCircle\/pages\/circle\/index\?id=/, { waitUntil: 'commit' })
    const circleId = circleIdFrom(owner.page.url())

    // --- a member joins and can post ---
    const member = await newPerson()
    await signUp(member.page, memberName)
    await shownText(member.page, circleName).click()
    await shown(member.page, '[data-testid="join"]').click()
    await shownText(member.page, '进入圈子').click()
    await shown(member.page, '.feed__fab').waitFor()

    // --- the owner opens the members page and mutes the member for a day ---
    await owner.page.goto(
      `${productUrl()}/#/packageCircle/pages/members/index?circleId=${encodeURIComponent(circleId)}`,
    )
    const row = shown(owner.page, '[data-testid="member"]').filter({ hasText: memberName })
    await row.waitFor()
    await shot(owner.page, 'owner-members')
    await row.click()
    await shownText(owner.page, '禁言').click()
    await shownText(owner.page, '禁言 1 天').click()
    await shownText(owner.page, '已禁言 1 天').waitFor()
    await row.locator('.badge--muted').waitFor()
    await shot(owner.page, 'owner-muted-member')

    // --- the member opens compose: the reason with the time it ends, and 发布 disabled ---
    await member.page.reload()
    await shown(member.page, '.feed__fab').click()
    const banner = shown(member.page, '[data-testid="publish-blocked"]')
    await banner.waitFor()
    expect(await banner.textContent()).toMatch(/^你已被禁言，\d{1,2}月\d{1,2}日 \d{2}:\d{2} 后可以发言$/)
    await shown(member.page, 'textarea').fill(`我想说两句 ${stamp}`)
    const publish = shown(member.page, 'taro-button-core').filter({ hasText: '发布' })
    expect(await publish.getAttribute('class')).toContain('btn--disabled')
    await shot(member.page, 'member-compose-muted')
    await owner.context.close()
    await member.context.close()
  })
})
