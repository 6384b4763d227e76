/**
 * A 7-day check-in challenge end to end, in a real browser on the running local product: a member
 * enrolls, checks in, comes back the next days (the simulated clock moves through the control
 * API), makes up a missed day from the calendar, and finds themself on the leaderboards. The
 * owner and the circle are made through the functions' own HTTP gateway; everything the member
 * does goes through the UI. Screenshots land in test-results/e2e/checkin-*.png.
 */
import type { Browser, Page } from 'playwright-core'
import {
  api,
  control,
  devOpenid,
  eventually,
  launchBrowser,
  person,
  productUrl,
  screenshots,
  shown,
  shownText,
  signUp,
  testid,
} from './support'

let browser: Browser
const shot = screenshots('checkin-')

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await control('/clock', { reset: true }).catch(() => undefined)
  await browser?.close()
})

/** 09:00 in Shanghai on day `n` of March 2027. */
const morningOf = (n: number) => `2027-03-${String(n).padStart(2, '0')}T09:00:00+08:00`

async function openChallenge(page: Page, challengeId: string) {
  // a fresh load: the same hash route again would keep the page (and what it showed) alive
  await page.goto(`${productUrl()}/#/packageCheckin/pages/detail/index?id=${challengeId}`)
  await page.reload()
  await testid(page, 'challenge-detail').waitFor()
}

async function checkIn(page: Page, text: string) {
  await testid(page, 'ck-form').waitFor()
  await shown(page, '[data-testid="ck-form"] textarea').fill(text)
  await testid(page, 'ck-submit').click()
}

describe('a 7-day check-in challenge', () => {
  it('a member enrolls, checks in across days as the clock moves, makes up a missed day and ranks on the leaderboards', async () => {
    const stamp = Date.now().toString(36).slice(-4)
    await control('/clock', { set: morningOf(1) })
    const ownerId = `ck_owner_${stamp}`
    const circle = await api(ownerId, 'circle', 'create', {
      name: `打卡练习${stamp}`,
      type: 'interest',
      entryMode: 'free',
    })
    const challenge = await api(ownerId, 'challenge', 'create', {
      circleId: circle.id,
      title: `7 天晨读${stamp}`,
      rules: '每天读书 20 分钟，写一句话的收获。',
      startDay: '2027-03-01',
      days: 7,
      requiredDays: 4,
      minWords: 5,
      makeupQuota: 1,
      reward: { kind: 'title', title: '晨读达人' },
    })

    const member = await person(browser, { width: 390, height: 844 })
    const page = member.page
    await signUp(page, `打卡人${stamp}`)
    const openid = await devOpenid(page)
    await api(openid, 'circle', 'join', { circleId: circle.id })

    // --- day 1: the rules before enrolling, then enroll and check in ---
    await page.goto(`${productUrl()}/#/packageCheckin/pages/list/index?circleId=${circle.id}`)
    await testid(page, 'challenge-card').first().click()
    await testid(page, 'challenge-detail').waitFor()
    await shownText(page, '· 共 7 天，累计打卡 4 天即完成挑战').waitFor()
    await shot(page, 'before-enroll')
    await testid(page, 'ck-enroll').click()
    await testid(page, 'ck-stats').waitFor()
    await checkIn(page, '第一天：读完了序言和第一章。')
    await testid(page, 'ck-checked-today').waitFor()
    expect(await testid(page, 'ck-total').textContent()).toBe('1')
    expect(await testid(page, 'ck-today-count').textContent()).toBe('今日 1 人打卡')
    await shot(page, 'day1-done')

    // --- day 2 (a new Shanghai day): the form is back ---
    await control('/clock', { set: morningOf(2) })
    await openChallenge(page, challenge.id)
    expect(await testid(page, 'ck-today-count').textContent()).toBe('今日 0 人打卡')
    await checkIn(page, '第二天：第二章讲的是财政。')
    await testid(page, 'ck-checked-today').waitFor()
    expect(await testid(page, 'ck-streak').textContent()).toBe('2')

    // --- day 3 missed; day 4: check in, then make up day 3 from the calendar ---
    await control('/clock', { set: morningOf(4) })
    await openChallenge(page, challenge.id)
    expect(await testid(page, 'ck-day-2027-03-03').getAttribute('data-state')).toBe('missed')
    await checkIn(page, '第四天：昨天忘了，今天补上。')
    await testid(page, 'ck-checked-today').waitFor()
    expect(await testid(page, 'ck-streak').textContent()).toBe('1')
    await testid(page, 'ck-day-2027-03-03').click()
    await shownText(page, '补卡 · 3月3日').waitFor()
    await shot(page, 'makeup-form')
    await checkIn(page, '补卡：第三天读了半章。')
    await eventually(async () => expect(await testid(page, 'ck-total').textContent()).toBe('4'))
    expect(await testid(page, 'ck-streak').textContent()).toBe('4')
    expect(await testid(page, 'ck-day-2027-03-03').getAttribute('data-state')).toBe('makeup')
    await testid(page, 'ck-completed').waitFor()
    expect(await testid(page, 'ck-completed').textContent()).toContain('晨读达人')
    await shot(page, 'completed')

    // --- the leaderboards ---
    await testid(page, 'ck-board-link').click()
    await testid(page, 'ck-board-row').first().waitFor()
    expect(await testid(page, 'ck-board-row').first().textContent()).toContain(`打卡人${stamp}`)
    expect(await testid(page, 'ck-board-row').first().textContent()).toContain('累计 4 天')
    await testid(page, 'ck-tab-streak').click()
    await eventually(async () =>
      expect(await testid(page, 'ck-board-row').first().textContent()).toContain('最长连续 4 天'),
    )
    await shot(page, 'leaderboard')
    expect(member.errors).toEqual([])
    await member.context.close()
  })
})
