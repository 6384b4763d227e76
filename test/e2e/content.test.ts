/**
 * Content security and protection end to end in a real browser on the running local product
 * (docs/content-security.md), on the seeded demo: the owner approves a post the local word list
 * held; a member posts a file marked 禁止下载 and another member sees it preview-only, with no file
 * id anywhere in the page; the paid circle's images carry the viewer's nickname.
 * Screenshots: test-results/e2e/content-*.png.
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
import { tinyPdf } from '../../localcloud/seed/content'

let browser: Browser
const shot = screenshots('content-')

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  for (const f of readdirSync(SHOTS)) if (f.startsWith('content-')) rmSync(path.join(SHOTS, f), { force: true })
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

/** A demo circle's id by name, through the product's own API. */
async function circleIdByName(name: string): Promise<string> {
  const found = (await api('o_demo_lin_zhiyuan', 'circle', 'discover')) as { items: { id: string; name: string }[] }
  const circle = found.items.find((c) => c.name === name)
  if (!circle) throw new Error(`no demo circle ${name}`)
  return circle.id
}

describe('content security and protection', () => {
  it('the owner approves a held post from the 内容审核 queue', async () => {
    const morning = await circleIdByName('晨读会')
    const { page, errors, context } = await person(browser, { width: 390, height: 844 })
    await signInAs(page, '林知远')
    await page.goto(`${productUrl()}/#/packageCircle/pages/review/index?circleId=${encodeURIComponent(morning)}`)
    const item = testid(page, 'held-item').filter({ hasText: '内幕消息' })
    await item.waitFor()
    await shot(page, 'queue')
    await item.getByText('通过', { exact: true }).click()
    await shownText(page, '没有待审核的帖子').waitFor()
    await shot(page, 'approved')

    // now in the feed
    await page.goto(`${productUrl()}/#/packageCircle/pages/circle/index?id=${encodeURIComponent(morning)}`)
    await shownText(page, /听说有内幕消息/)
      .first()
      .waitFor()
    expect(errors).toEqual([])
    await context.close()
  })

  it('a member attaches a 禁止下载 PDF; another member sees it preview-only and no file id reaches the page', async () => {
    const pm = await circleIdByName('产品经理成长营')
    const author = await person(browser, { width: 390, height: 844 })
    await signInAs(author.page, '王一鸣')
    await author.page.goto(`${productUrl()}/#/packageCircle/pages/compose/index?circleId=${encodeURIComponent(pm)}`)
    const stamp = Date.now().toString(36).slice(-4)
    await shown(author.page, 'textarea').fill(`周会纪要 ${stamp}`)
    const chooser = author.page.waitForEvent('filechooser')
    await testid(author.page, 'add-file').click()
    await (
      await chooser
    ).setFiles({ name: `周会纪要${stamp}.pdf`, mimeType: 'application/pdf', buffer: tinyPdf(['Weekly notes', stamp]) })
    const file = testid(author.page, 'compose-file')
    await file.waitFor()
    await eventually(async () => expect(await file.textContent()).not.toContain('上传中'))
    await file.locator('.weui-switch, input[type="checkbox"], taro-switch-core').first().click()
    await shot(author.page, 'compose')
    await shownText(author.page, '发布').click()
    // published: the reader's feed has it (the compose page goes back when it was opened from a feed)
    await eventually(async () => {
      const res = await fetch(`${productUrl()}/api/fn/post`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-dev-openid': 'o_demo_chen_xiaoyu' },
        body: JSON.stringify({ action: 'list', circleId: pm }),
      })
      const body = (await res.json()) as { data: { items: { text: string; files: { noDownload: boolean }[] }[] } }
      const post = body.data.items.find((p) => p.text === `周会纪要 ${stamp}`)
      expect(post?.files).toEqual([expect.objectContaining({ noDownload: true })])
    })
    expect(author.errors).toEqual([])
    await author.context.close()

    const reader = await person(browser, { width: 390, height: 844 })
    await signInAs(reader.page, '陈小雨')
    await reader.page.goto(`${productUrl()}/#/packageCircle/pages/circle/index?id=${encodeURIComponent(pm)}`)
    const card = testid(reader.page, 'post-card').filter({ hasText: `周会纪要 ${stamp}` })
    await card.waitFor()
    const item = card.locator('[data-testid="file-item"]')
    expect(await item.textContent()).toContain('禁止下载')
    // no cloud:// id and no storage path of the file is in the page
    const html = await reader.page.content()
    expect(html).not.toMatch(/cloud:\/\/[A-Za-z0-9_./-]*\.pdf/)
    expect(html).not.toMatch(/\/files\/uploads\/[A-Za-z0-9_./-]*\.pdf/)
    await shot(reader.page, 'feed-file')

    // the post page opens it through post.openFile (H5: the browser's viewer in a new tab)
    const feedFile = await item.elementHandle()
    await card.locator('.post__body').first().click()
    await reader.page.waitForURL(/packageCircle\/pages\/post\/index/, { waitUntil: 'commit' })
    // the feed's file item hides once the post page (its own chunk) is on screen: only then is the
    // file item shown the post page's
    await feedFile!.waitForElementState('hidden')
    const popup = reader.context.waitForEvent('page')
    await shown(reader.page, '[data-testid="file-item"]').first().click()
    const opened = await popup
    await eventually(async () => expect(opened.url()).toMatch(/\/files\/uploads\/.+\.pdf$/))
    expect(reader.errors).toEqual([])
    await reader.context.close()
  })

  it('images in a watermarked circle carry the viewer nickname', async () => {
    const photo = await circleIdByName('人像摄影进阶')
    const { page, errors, context } = await person(browser, { width: 390, height: 844 })
    await signInAs(page, '周可')
    await page.goto(`${productUrl()}/#/packageCircle/pages/circle/index?id=${encodeURIComponent(photo)}`)
    const mark = shown(page, '[data-testid="watermark"]').first()
    await mark.waitFor()
    expect(await mark.textContent()).toContain('周可')
    await shot(page, 'watermark')
    expect(errors).toEqual([])
    await context.close()
  })
})
