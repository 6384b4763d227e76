/**
 * Events end to end, in a real browser on the running local product (H5 build + local cloud + pay
 * simulator): a stranger signs up for the seeded paid, open event 外滩夜景人像外拍 (苏念's circle),
 * pays at the simulator's cashier, opens the ticket; the owner checks the ticket in on the check-in
 * page with its code, and a second try says 已核销. Screenshots: test-results/e2e/event-*.png.
 */
import { mkdirSync, readdirSync, rmSync } from 'fs'
import path from 'path'
import type { Browser, Page } from 'playwright-core'
import {
  api,
  eventually,
  launchBrowser,
  person,
  productUrl,
  screenshots,
  SHOTS,
  shownText,
  signInAs,
  signUp,
  testid,
} from './support'

const EVENT_TITLE = '外滩夜景人像外拍'
const OWNER = '苏念'
const OWNER_OPENID = 'o_demo_su_nian'

let browser: Browser
const shot = screenshots('event-', 450)

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  for (const f of readdirSync(SHOTS)) if (f.startsWith('event-')) rmSync(path.join(SHOTS, f), { force: true })
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

const newPerson = () => person(browser, { width: 375, height: 812 })

/** Fills a Taro input until React has the value (typing before hydration may reach no handler). */
async function fill(page: Page, id: string, value: string): Promise<void> {
  const input = testid(page, id).locator('input')
  await eventually(async () => {
    await input.fill(value)
    expect(await input.inputValue()).toBe(value)
  })
}

async function findEvent(): Promise<{ id: string; priceFen: number }> {
  const circles = await api(OWNER_OPENID, 'circle', 'discover')
  const photo = circles.items.find((c: any) => c.name === '人像摄影进阶')
  const events = await api(OWNER_OPENID, 'event', 'list', { circleId: photo.id })
  const e = events.items.find((x: any) => x.title === EVENT_TITLE)
  if (!e) throw new Error(`the seed has no ${EVENT_TITLE}`)
  return e
}

test('a stranger signs up for a paid event, pays at the cashier, gets a ticket, and the owner checks it in once', async () => {
  const event = await findEvent()
  expect(event.priceFen).toBe(9900)

  // ---- the attendee ----
  const guest = await newPerson()
  const page = guest.page
  await signUp(page, '夜拍路人')
  await page.goto(`${productUrl()}/#/packageEvent/pages/detail/index?id=${encodeURIComponent(event.id)}`)
  await testid(page, 'event-title').filter({ hasText: EVENT_TITLE }).waitFor()
  await expect(testid(page, 'event-seats').textContent()).resolves.toContain('剩余')
  await fill(page, 'signup-name', '林小夏')
  await fill(page, 'signup-phone', '13912345678')
  await fill(page, 'signup-field-camera', '索尼 A7M4')
  await shownText(page, '新手').click()
  await shot(page, 'signup-form')
  await testid(page, 'signup-submit').click()

  // the local cashier sheet: the server's price, then pay
  await testid(page, 'cashier').waitFor()
  await expect(testid(page, 'cashier-amount').textContent()).resolves.toContain('99.00')
  await shot(page, 'cashier')
  await testid(page, 'cashier-pay').click()
  await testid(page, 'result-paid').waitFor()
  await shot(page, 'paid')
  await testid(page, 'result-enter').filter({ hasText: '查看门票' }).click()

  await testid(page, 'ticket').waitFor()
  await eventually(async () =>
    expect(await testid(page, 'ticket-qr').locator('img').getAttribute('src')).toMatch(/^data:image\/png;base64,/),
  )
  // the page shows a short reference, never the internal code (it names the attendee's openid)
  const code = (await testid(page, 'ticket-code').getAttribute('data-code')) ?? ''
  expect(code).toMatch(new RegExp(`^${event.id}:.+\\..{22}$`))
  expect(await testid(page, 'ticket-code').textContent()).toMatch(/^[A-Z0-9_-]{4} [A-Z0-9_-]{4}$/i)
  expect(await page.content()).not.toContain(`>${code}<`)
  await shot(page, 'ticket')

  // ---- the owner at the door ----
  const host = await newPerson()
  await signInAs(host.page, OWNER)
  await host.page.goto(`${productUrl()}/#/packageEvent/pages/checkin/index?eventId=${encodeURIComponent(event.id)}`)
  await testid(host.page, 'checkin-count').waitFor()
  await fill(host.page, 'checkin-code', code)
  await testid(host.page, 'checkin-submit').click()
  await eventually(async () => expect(await testid(host.page, 'checkin-result').textContent()).toContain('核销成功'))
  await expect(testid(host.page, 'checkin-result').textContent()).resolves.toContain('林小夏')
  await shot(host.page, 'checked-in')

  // the same ticket again: 已核销 with the time, nothing changes
  await fill(host.page, 'checkin-code', code)
  await testid(host.page, 'checkin-submit').click()
  await eventually(async () => expect(await testid(host.page, 'checkin-result').textContent()).toContain('已核销'))
  await expect(testid(host.page, 'checkin-result').textContent()).resolves.toContain('不能重复使用')
  await shot(host.page, 'second-scan')

  // a forged code is refused with a clear message
  await fill(host.page, 'checkin-code', code.slice(0, -2) + (code.endsWith('AA') ? 'BB' : 'AA'))
  await testid(host.page, 'checkin-submit').click()
  await eventually(async () => expect(await testid(host.page, 'checkin-error').textContent()).toContain('无效的门票码'))

  // the attendee's ticket now shows it was used
  await page.reload()
  await eventually(async () => expect(await testid(page, 'ticket').textContent()).toContain('已核销'))
  await shot(page, 'ticket-used')

  expect(guest.errors).toEqual([])
  expect(host.errors).toEqual([])
  await guest.context.close()
  await host.context.close()
})
