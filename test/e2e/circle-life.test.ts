/**
 * The first slice end to end, in a real browser on the running local product (H5 build + local
 * cloud + strict database): an owner creates a circle, another person joins it and posts with an
 * image uploaded through the compose page, the owner comments, likes and marks the post 精华, and
 * the member sees all of it. Every step leaves a screenshot in test-results/e2e/.
 */
import { mkdirSync, readdirSync, rmSync } from 'fs'
import path from 'path'
import type { Browser } from 'playwright-core'
import {
  circleIdFrom,
  eventually,
  launchBrowser,
  person,
  screenshots,
  SHOTS,
  shown,
  shownText,
  signUp,
} from './support'
import { hex, paintScene } from '../../localcloud/seed/png'

let browser: Browser
const shot = screenshots('')

beforeAll(async () => {
  // only this run's screenshots of this file (money-*.png belong to money.test.ts)
  mkdirSync(SHOTS, { recursive: true })
  for (const f of readdirSync(SHOTS))
    if (!f.startsWith('money-')) rmSync(path.join(SHOTS, f), { recursive: true, force: true })
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

/** A phone-sized browser profile of its own: one person. */
const newPerson = () => person(browser, { width: 390, height: 844 })

describe('a circle, from creation to its first 精华 post', () => {
  it('owner creates, a member joins and posts with an image, the owner comments, likes and marks it 精华', async () => {
    const stamp = Date.now().toString(36).slice(-4)
    const circleName = `E2E读书会${stamp}`
    const postText = `第一次打卡：今天读完了《浮生六记》${stamp}`
    const commentText = `写得真好 ${stamp}`

    // --- the owner creates a free circle ---
    const owner = await newPerson()
    await signUp(owner.page, `圈主${stamp}`)
    await shot(owner.page, 'owner-discover')
    await shownText(owner.page, '＋ 创建').click()
    await shown(owner.page, 'input[placeholder="2–30 个字"]').fill(circleName)
    await shot(owner.page, 'owner-create-form')
    await shown(owner.page, 'taro-button-core').filter({ hasText: '创建圈子' }).click()
    await owner.page.waitForURL(/packageCircle\/pages\/circle\/index\?id=/, { waitUntil: 'commit' })
    const circleId = circleIdFrom(owner.page.url())
    // the owner is a member from the start: the feed (empty), not the landing page
    await shownText(owner.page, '还没有动态，来发第一条吧').waitFor()
    await shot(owner.page, 'owner-new-circle-feed')

    // --- another person finds it and joins ---
    const member = await newPerson()
    await signUp(member.page, `成员${stamp}`)
    await shownText(member.page, circleName).waitFor()
    await shownText(member.page, circleName).click()
    await shown(member.page, '[data-testid="join"]').waitFor()
    await shot(member.page, 'member-landing')
    await shown(member.page, '[data-testid="join"]').click()
    // the welcome dialog, then the feed
    await shownText(member.page, `欢迎加入「${circleName}」`).waitFor()
    await shot(member.page, 'member-welcome')
    await shownText(member.page, '进入圈子').click()
    await shown(member.page, '.feed__fab').waitFor()
    expect(circleIdFrom(member.page.url())).toBe(circleId)

    // --- the member posts with an image chosen on the compose page ---
    await shown(member.page, '.feed__fab').click()
    await shown(member.page, 'textarea').fill(postText)
    const [chooser] = await Promise.all([
      member.page.waitForEvent('filechooser'),
      shown(member.page, '.compose__add').click(),
    ])
    await chooser.setFiles({
      name: 'reading.png',
      mimeType: 'image/png',
      buffer: paintScene('dawn', [hex('#ffd89b'), hex('#19547b')], 240, 160, 7),
    })
    await shown(member.page, '.compose__img').waitFor()
    // uploaded: no progress left, and 发布 is enabled
    await shownText(member.page, /正在上传/).waitFor({ state: 'detached' })
    await shot(member.page, 'member-compose')
    await shown(member.page, 'taro-button-core').filter({ hasText: '发布' }).click()
    const memberPost = shown(member.page, '[data-testid="post-card"]').filter({ hasText: postText })
    await memberPost.waitFor()
    const image = memberPost.locator('[data-testid="post-images"] img').first()
    await image.waitFor()
    await eventually(async () =>
      expect(await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(240),
    )
    await shot(member.page, 'member-feed-with-post')

    // --- the owner sees it, opens it, comments and likes ---
    await owner.page.reload()
    const ownerPost = shown(owner.page, '[data-testid="post-card"]').filter({ hasText: postText })
    await ownerPost.waitFor()
    // (the middle of the card is the image, which opens the image preview instead)
    await ownerPost.locator('[data-testid="comments"]').click()
    await owner.page.waitForURL(/packageCircle\/pages\/post\/index\?id=/, { waitUntil: 'commit' })
    await shown(owner.page, 'input[placeholder="写评论…"]').fill(commentText)
    await shown(owner.page, 'taro-button-core').filter({ hasText: '发送' }).click()
    await shown(owner.page, '[data-testid="comment"]').filter({ hasText: commentText }).waitFor()
    await shot(owner.page, 'owner-commented')

    const like = shown(owner.page, '[data-testid="like"]')
    await like.click()
    // liked: the action turns on (the filled heart of the icon set, no text glyph)
    await eventually(async () => expect(await like.getAttribute('class')).toContain('post__action--on'))
    await eventually(async () => expect(await like.textContent()).toContain('1'))
    await shot(owner.page, 'owner-liked')

    // --- the owner marks it 精华 from the ··· menu ---
    await shown(owner.page, '[data-testid="post-menu"]').click()
    await shownText(owner.page, '设为精华').click()
    await shown(owner.page, '[data-testid="post-card"] .badge--featured').waitFor()
    await shot(owner.page, 'owner-featured')

    // --- the member sees the comment, the like and the 精华 badge; the 精华 tab lists the post ---
    await member.page.reload()
    const seen = shown(member.page, '[data-testid="post-card"]').filter({ hasText: postText })
    await seen.locator('.badge--featured').waitFor()
    await eventually(async () => expect(await seen.locator('[data-testid="like"]').textContent()).toContain('1'))
    await eventually(async () => expect(await seen.locator('[data-testid="comments"]').textContent()).toContain('1'))
    await shown(member.page, '.feed__tab')
      .filter({ hasText: /^精华$/ })
      .click()
    await shown(member.page, '[data-testid="post-card"]').filter({ hasText: postText }).waitFor()
    await shot(member.page, 'member-featured-tab')

    expect({ owner: owner.errors, member: member.errors }).toEqual({ owner: [], member: [] })
    await owner.context.close()
    await member.context.close()
  })
})
