/**
 * A lottery with 助力 end to end, in a real browser on the running local product: a member enters
 * and shares a 助力 link, a friend opens it and taps 助力, the simulated clock passes the draw time
 * (the platform fires the `draw` timer twice on the way), and the member sees the revealed seed —
 * which matches the commitment shown before — and the winners, gives a shipping address for the prize and sees it shipped. The owner and the circle are made
 * through the functions' own HTTP gateway. Screenshots land in test-results/e2e/lottery-*.png.
 */
import { createHash } from 'crypto'
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
  signUp,
  testid,
} from './support'

let browser: Browser
const shot = screenshots('lottery-')

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await control('/clock', { reset: true }).catch(() => undefined)
  await browser?.close()
})

async function openLottery(page: Page, lotteryId: string) {
  await page.goto(`${productUrl()}/#/packageGrowth/pages/lottery/index?id=${lotteryId}`)
  await page.reload()
  await testid(page, 'lottery-detail').waitFor()
}

describe('a lottery with 助力', () => {
  it('a member enters, a friend helps through the shared link, the timer draws and the seed matches the commitment', async () => {
    const stamp = Date.now().toString(36).slice(-4)
    await control('/clock', { set: '2027-04-01T09:00:00+08:00' })
    const ownerId = `lt_owner_${stamp}`
    const circle = await api(ownerId, 'circle', 'create', {
      name: `抽奖练习${stamp}`,
      type: 'interest',
      entryMode: 'free',
    })
    const lottery = await api(ownerId, 'lottery', 'create', {
      circleId: circle.id,
      title: `春季抽奖${stamp}`,
      prizes: [{ kind: 'physical', title: '定制帆布袋', stock: 1 }],
      helpCap: 3,
      drawAt: '2027-04-02T20:00:00+08:00',
    })

    const member = await person(browser, { width: 390, height: 844 })
    await signUp(member.page, `抽奖人${stamp}`)
    const memberId = await devOpenid(member.page)
    await api(memberId, 'circle', 'join', { circleId: circle.id })

    await member.page.goto(`${productUrl()}/#/packageGrowth/pages/list/index?circleId=${circle.id}`)
    await testid(member.page, 'lottery-card').first().click()
    await testid(member.page, 'lottery-detail').waitFor()
    expect(await testid(member.page, 'lottery-commitment').textContent()).toBe(lottery.commitment)
    await testid(member.page, 'lottery-enter').click()
    await eventually(async () =>
      expect(await testid(member.page, 'lottery-chances').textContent()).toContain('1 次机会'),
    )
    await shot(member.page, 'entered')

    // a friend (not in the circle) opens the shared link and taps 助力
    const friend = await person(browser, { width: 390, height: 844 })
    await signUp(friend.page, `好友${stamp}`)
    await friend.page.goto(`${productUrl()}/#/packageGrowth/pages/lottery/index?id=${lottery.id}&helpee=${memberId}`)
    await friend.page.reload()
    await testid(friend.page, 'lottery-help').click()
    await eventually(async () => expect(await testid(friend.page, 'lottery-help').textContent()).toContain('已助力'))
    await shot(friend.page, 'helped')

    await openLottery(member.page, lottery.id)
    expect(await testid(member.page, 'lottery-chances').textContent()).toContain('2 次机会')

    // past the draw time: the draw timer fires on the way (twice), drawing once
    await control('/clock', { set: '2027-04-02T19:58:00+08:00' })
    await control('/clock', { advanceMs: 10 * 60_000 })
    await openLottery(member.page, lottery.id)
    await testid(member.page, 'lottery-winners').waitFor()
    const seed = (await testid(member.page, 'lottery-seed').textContent()) ?? ''
    expect(createHash('sha256').update(Buffer.from(seed, 'hex')).digest('hex')).toBe(lottery.commitment)
    expect(await testid(member.page, 'lottery-winners').textContent()).toContain(`抽奖人${stamp}`)
    expect(await testid(member.page, 'lottery-my-prize').textContent()).toContain('恭喜你抽中「定制帆布袋」')
    await shot(member.page, 'drawn')

    // the physical prize: the winner gives an address, the team marks it shipped
    const form = testid(member.page, 'lottery-address')
    await form.locator('input').nth(0).fill('张三')
    await form.locator('input').nth(1).fill('13800000000')
    await form.locator('input').nth(2).fill('上海市徐汇区漕溪北路 1 号')
    await testid(member.page, 'lottery-address-save').click()
    await eventually(async () => expect(await testid(member.page, 'lottery-winners').textContent()).toContain('待发货'))
    await api(ownerId, 'lottery', 'ship', { lotteryId: lottery.id, openid: memberId })
    await openLottery(member.page, lottery.id)
    await eventually(async () => expect(await testid(member.page, 'lottery-winners').textContent()).toContain('已发货'))
    await shot(member.page, 'shipped')
    expect(member.errors).toEqual([])
    await member.context.close()
    await friend.context.close()
  })

  it('a member with too few check-in days is told so; a new member sees the 新人任务 card, reads the guide and gets the reward once', async () => {
    const stamp = Date.now().toString(36).slice(-4)
    await control('/clock', { set: '2027-05-01T09:00:00+08:00' })
    const ownerId = `nc_owner_${stamp}`
    const circle = await api(ownerId, 'circle', 'create', {
      name: `新人练习${stamp}`,
      type: 'interest',
      entryMode: 'free',
    })
    await api(ownerId, 'growth', 'saveNewcomer', {
      circleId: circle.id,
      enabled: true,
      introTag: null,
      checkin: false,
      guide: { title: '新人指南', body: '欢迎加入！请先阅读圈规。' },
      perkId: null,
      reward: { kind: 'points', points: 30 },
    })
    const gated = await api(ownerId, 'lottery', 'create', {
      circleId: circle.id,
      title: `打卡抽奖${stamp}`,
      prizes: [{ kind: 'points', title: '50 积分', stock: 1, points: 50 }],
      minCheckinDays: 3,
      drawAt: '2027-05-03T20:00:00+08:00',
    })

    const member = await person(browser, { width: 390, height: 844 })
    await signUp(member.page, `新人${stamp}`)
    const memberId = await devOpenid(member.page)
    await api(memberId, 'circle', 'join', { circleId: circle.id })

    await openLottery(member.page, gated.id)
    expect(await testid(member.page, 'lottery-conditions').textContent()).toContain('打卡满 3 天')
    expect(await testid(member.page, 'lottery-blocked').textContent()).toContain('打卡天数不够')

    await member.page.goto(`${productUrl()}/#/packageCircle/pages/circle/index?id=${circle.id}`)
    await member.page.reload()
    const card = testid(member.page, 'newcomer-card')
    await card.waitFor()
    expect(await card.textContent()).toContain('新人任务 0/1')
    await shot(member.page, 'newcomer-card')
    await card.click()
    await testid(member.page, 'newcomer').waitFor()
    await testid(member.page, 'newcomer-read').click()
    await eventually(async () =>
      expect(await testid(member.page, 'newcomer-claim').textContent()).toContain('领取奖励'),
    )
    await testid(member.page, 'newcomer-claim').click()
    await testid(member.page, 'newcomer-rewarded').waitFor()
    await shot(member.page, 'newcomer-done')
    const again = await api(memberId, 'growth', 'newcomer', { circleId: circle.id })
    expect(again).toMatchObject({ show: false, rewarded: true })
    expect(member.errors).toEqual([])
    await member.context.close()
  })
})
