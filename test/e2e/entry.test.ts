/**
 * Approval entry end to end, in a real browser on the running local product: a stranger applies
 * to the seeded approval + paid circle 产品经理成长营 by answering its questionnaire; the owner
 * approves in the review queue; the applicant pays at the simulator's cashier and reads the feed.
 * The owner's invite poster shows a real QR code. Screenshots: test-results/e2e/entry-*.png.
 */
import { mkdirSync, readdirSync, rmSync } from 'fs'
import path from 'path'
import type { Browser } from 'playwright-core'
import {
  eventually,
  expectNoHorizontalOverflow,
  launchBrowser,
  payAtCashier,
  person,
  screenshots,
  SHOTS,
  shown,
  shownText,
  signInAs,
  signUp,
  testid,
} from './support'

const CIRCLE = '产品经理成长营'
const OWNER = '林知远'

let browser: Browser
const shot = screenshots('entry-', 450)

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  for (const f of readdirSync(SHOTS)) if (f.startsWith('entry-')) rmSync(path.join(SHOTS, f), { force: true })
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

const newPerson = () => person(browser, { width: 375, height: 812 })

describe('approval entry, from the questionnaire to the feed', () => {
  it('a stranger applies, the owner approves in the queue, the applicant pays and reads the feed', async () => {
    const stamp = Date.now().toString(36).slice(-4)
    const nickname = `申请人${stamp}`

    // --- the stranger opens the approval circle: 申请加入 ---
    const applicant = await newPerson()
    await signUp(applicant.page, nickname)
    await shownText(applicant.page, CIRCLE).first().click()
    await testid(applicant.page, 'join').waitFor()
    expect(await testid(applicant.page, 'join').textContent()).toContain('申请加入')
    await shot(applicant.page, 'landing')
    await testid(applicant.page, 'join').click()
    await applicant.page.waitForURL(/packageJoin\/pages\/apply\/index\?circleId=/, { waitUntil: 'commit' })
    const circleUrl = applicant.page
      .url()
      .replace(/packageJoin\/pages\/apply\/index\?circleId=/, 'packageCircle/pages/circle/index?id=')

    // --- the questionnaire: a required question left out is named before anything is sent ---
    await testid(applicant.page, 'apply-form').waitFor()
    await testid(applicant.page, 'apply-submit').click()
    await eventually(async () =>
      expect(await testid(applicant.page, 'apply-error').textContent()).toContain('请回答第 1 题'),
    )
    await shown(applicant.page, '[data-testid="question-q1"] textarea').fill('在一家电商公司做产品助理，一年')
    await testid(applicant.page, 'option-q2-1 年以内').click()
    await testid(applicant.page, 'option-q3-需求分析').click()
    await testid(applicant.page, 'option-q3-作品集').click()
    await shown(applicant.page, '[data-testid="apply-note"] input').fill('想系统学习产品方法')
    await expectNoHorizontalOverflow(applicant.page)
    await shot(applicant.page, 'questionnaire', true)
    await testid(applicant.page, 'apply-submit').click()
    await testid(applicant.page, 'application-status').waitFor()
    await shownText(applicant.page, '申请已提交，审核中').waitFor()
    await shot(applicant.page, 'pending')

    // the circle page says 审核中 and does not let them in yet
    await applicant.page.goto(circleUrl)
    await eventually(async () => expect(await testid(applicant.page, 'join').textContent()).toContain('审核中'))

    // --- the owner: 入圈审核 › 通过 ---
    const owner = await newPerson()
    await signInAs(owner.page, OWNER)
    await shownText(owner.page, CIRCLE).first().click()
    // the team's 管理 row on the feed
    await shown(owner.page, '.feed__feature').filter({ hasText: '入圈审核' }).click()
    await owner.page.waitForURL(/packageJoin\/pages\/applications\/index\?circleId=/, { waitUntil: 'commit' })
    const card = shown(owner.page, '.app-card').filter({ hasText: nickname })
    await card.waitFor()
    expect(await card.textContent()).toContain('在一家电商公司做产品助理，一年')
    expect(await card.textContent()).toContain('需求分析、作品集')
    // the seeded applicant who came through the 公众号 invite shows their channel
    await shown(owner.page, '.app-card').filter({ hasText: '渠道：公众号' }).first().waitFor()
    await expectNoHorizontalOverflow(owner.page)
    await shot(owner.page, 'queue', true)
    await card.locator('[data-testid="approve"]').click()
    await eventually(async () =>
      expect(await shown(owner.page, '.app-card').filter({ hasText: nickname }).count()).toBe(0),
    )
    await testid(owner.page, 'tab-approved').click()
    await shown(owner.page, '.app-card').filter({ hasText: nickname }).waitFor()

    // --- the applicant: 已通过 · 去支付 → buy → cashier → paid → feed ---
    await applicant.page.goto(circleUrl)
    await applicant.page.reload()
    await eventually(async () =>
      expect(await testid(applicant.page, 'join').textContent()).toContain('已通过 · 去支付'),
    )
    expect(await testid(applicant.page, 'application-note').textContent()).toMatch(/前完成支付/)
    await shot(applicant.page, 'approved')
    await testid(applicant.page, 'join').click()
    await applicant.page.waitForURL(/packagePay\/pages\/buy\/index\?circleId=/, { waitUntil: 'commit' })
    await testid(applicant.page, 'entry-offer').waitFor()
    expect(await testid(applicant.page, 'entry-offer').locator('.pay-price__now').textContent()).toBe('¥199.00')
    await testid(applicant.page, 'buy-entry').click()
    await payAtCashier(applicant.page, '¥199.00', () => shot(applicant.page, 'cashier'))
    await testid(applicant.page, 'result-enter').click()
    await applicant.page.waitForURL(/packageCircle\/pages\/circle\/index\?id=/, { waitUntil: 'commit' })
    await shown(applicant.page, '[data-testid="post-card"]').first().waitFor()
    await shown(applicant.page, '.feed__fab').waitFor()
    await shot(applicant.page, 'feed')

    expect(applicant.errors).toEqual([])
    expect(owner.errors).toEqual([])
  })

  it("a member's invite poster carries a real QR code and the landing page names the inviter", async () => {
    const owner = await newPerson()
    await signInAs(owner.page, OWNER)
    await shownText(owner.page, CIRCLE).first().click()
    await shown(owner.page, '.feed__feature').filter({ hasText: '邀请好友' }).click()
    await owner.page.waitForURL(/packageJoin\/pages\/invite\/index\?circleId=/, { waitUntil: 'commit' })
    await testid(owner.page, 'invite-poster').waitFor()
    const qr = shown(owner.page, '[data-testid="invite-qr"] img')
    await qr.waitFor()
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/)
    await expect(qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 100)).resolves.toBe(true)
    await expectNoHorizontalOverflow(owner.page)
    await shot(owner.page, 'poster', true)
    const link = (await testid(owner.page, 'invite-link').textContent())!.trim()
    expect(link).toMatch(/packageCircle\/pages\/circle\/index\?id=.+&invite=[A-Za-z0-9_-]{10}$/)

    const friend = await newPerson()
    await signUp(friend.page, `朋友${Date.now().toString(36).slice(-4)}`)
    await friend.page.goto(link)
    await eventually(async () =>
      expect(await testid(friend.page, 'invited-by').textContent()).toContain(`${OWNER} 邀请你加入`),
    )
    await shot(friend.page, 'invited')
    expect(friend.errors).toEqual([])
  })
})
