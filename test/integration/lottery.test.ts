/**
 * 抽奖 with 助力 on the strict local database: enter once, 助力 capped and de-duplicated under 30
 * simultaneous helps, the draw timer draws once however often it runs, the revealed seed matches
 * the commitment and recomputes the winners from the published entry list, prizes delivered once.
 */
import { createHash } from 'crypto'
import { drawWinners, type Sha256 } from '@core/lottery'
import { as, invoke, refusal, setClockOffset, snapshot, startWorld, type TestCloud } from './world'

jest.setTimeout(60_000)

let cloud: TestCloud
beforeAll(async () => {
  cloud = await startWorld()
})
afterAll(() => cloud.close())
beforeEach(async () => {
  setClockOffset(0)
  await cloud.db.wipe()
})

const sha256: Sha256 = (bytes) => new Uint8Array(createHash('sha256').update(bytes).digest())
const owner = as('o_owner')
const alice = as('o_alice')
const bob = as('o_bob')

function at(iso: string) {
  setClockOffset(new Date(iso).getTime() - Date.now())
}
const timer = () => invoke(null, 'lottery', { Type: 'Timer', TriggerName: 'draw' })

async function circleWith(members: string[]) {
  const c = await owner('circle', 'create', { name: '抽奖圈', type: 'interest', entryMode: 'free' })
  for (const m of members) await as(m)('circle', 'join', { circleId: c.id })
  return c.id
}

async function lottery(circleId: string, helpCap = 3) {
  return owner('lottery', 'create', {
    circleId,
    title: '年终抽奖',
    prizes: [
      { kind: 'coupon', title: '20 元续费券', stock: 2, amountFen: 2000 },
      { kind: 'physical', title: '定制帆布袋', stock: 1 },
    ],
    helpCap,
    drawAt: '2026-12-08T12:00:00Z',
  })
}

describe('entering a lottery', () => {
  it('shows a commitment, not the seed, and lets a member enter once', async () => {
    at('2026-12-07T02:00:00Z')
    const circleId = await circleWith(['o_alice'])
    const l = await lottery(circleId)
    expect(l).toMatchObject({ status: 'open', seed: null, entryCount: 0, canManage: true })
    expect(l.commitment).toMatch(/^[0-9a-f]{64}$/)
    expect(
      await refusal(
        alice('lottery', 'create', {
          circleId,
          title: '我也开',
          prizes: [{ kind: 'physical', title: '书', stock: 1 }],
          drawAt: '2026-12-08T12:00:00Z',
        }),
      ),
    ).toMatchObject({ code: 'forbidden' })

    const entered = await alice('lottery', 'enter', { lotteryId: l.id })
    expect(entered).toMatchObject({ entryCount: 1, me: { chances: 1, helps: 0 } })
    const before = await snapshot(cloud)
    expect(await refusal(alice('lottery', 'enter', { lotteryId: l.id }))).toMatchObject({
      code: 'lottery_already_entered',
    })
    expect(await refusal(bob('lottery', 'enter', { lotteryId: l.id }))).toMatchObject({ code: 'not_member' })
    expect(await snapshot(cloud)).toEqual(before)
  })

  it('closes entering and 助力 at the draw time', async () => {
    at('2026-12-07T02:00:00Z')
    const circleId = await circleWith(['o_alice'])
    const l = await lottery(circleId)
    await alice('lottery', 'enter', { lotteryId: l.id })
    at('2026-12-08T12:00:01Z')
    expect(await refusal(owner('lottery', 'enter', { lotteryId: l.id }))).toMatchObject({ code: 'lottery_closed' })
    expect(await refusal(bob('lottery', 'help', { lotteryId: l.id, helpee: 'o_alice' }))).toMatchObject({
      code: 'lottery_closed',
    })
  })
})

describe('助力', () => {
  it('counts 30 simultaneous helps up to the cap, each friend once, and refuses self-help', async () => {
    at('2026-12-07T02:00:00Z')
    const circleId = await circleWith(['o_alice'])
    const l = await lottery(circleId, 5)
    await alice('lottery', 'enter', { lotteryId: l.id })
    expect(await refusal(alice('lottery', 'help', { lotteryId: l.id, helpee: 'o_alice' }))).toMatchObject({
      code: 'lottery_self_help',
    })

    // 20 distinct friends, 10 of them tapping twice: 30 calls at once
    const friends = Array.from({ length: 20 }, (_, i) => `o_friend${String(i).padStart(2, '0')}`)
    const calls = [...friends, ...friends.slice(0, 10)].map((f) =>
      invoke(f, 'lottery', { action: 'help', lotteryId: l.id, helpee: 'o_alice' }),
    )
    const results = await Promise.all(calls)
    const counted = results.filter((r) => r.ok && r.data.counted)
    expect(counted).toHaveLength(5)
    for (const r of results) if (!r.ok) expect(['lottery_help_full', 'conflict']).toContain(r.error.code)

    const helps = await cloud.db.find('lotteryHelps')
    expect(helps).toHaveLength(5)
    expect(new Set(helps.map((h: any) => h.helper)).size).toBe(5)
    const [entry] = await cloud.db.find('lotteryEntries')
    expect(entry).toMatchObject({ helps: 5 })
    expect(new Set(entry.helpers as string[]).size).toBe(5)
    expect((await alice('lottery', 'get', { lotteryId: l.id })).me).toEqual({ chances: 6, helps: 5, paidPoints: 0 })
  })

  it('lets a friend help one entrant per lottery, a repeat changing nothing', async () => {
    at('2026-12-07T02:00:00Z')
    const circleId = await circleWith(['o_alice', 'o_bob'])
    const l = await lottery(circleId)
    await alice('lottery', 'enter', { lotteryId: l.id })
    await bob('lottery', 'enter', { lotteryId: l.id })
    const carol = as('o_carol')
    expect(await carol('lottery', 'help', { lotteryId: l.id, helpee: 'o_alice' })).toEqual({ counted: true, helps: 1 })
    expect(await carol('lottery', 'help', { lotteryId: l.id, helpee: 'o_alice' })).toEqual({ counted: false, helps: 1 })
    expect(await refusal(carol('lottery', 'help', { lotteryId: l.id, helpee: 'o_bob' }))).toMatchObject({
      code: 'lottery_already_helped',
    })
    expect(await refusal(carol('lottery', 'help', { lotteryId: l.id, helpee: 'o_owner' }))).toMatchObject({
      code: 'lottery_not_entered',
    })
  })
})

describe('the draw', () => {
  it('draws once when the timer runs twice, reveals a seed matching the commitment and winners anyone can recompute', async () => {
    at('2026-12-07T02:00:00Z')
    const people = Array.from({ length: 8 }, (_, i) => `o_m${i}`)
    const circleId = await circleWith(people)
    const l = await lottery(circleId, 2)
    for (const p of people) await as(p)('lottery', 'enter', { lotteryId: l.id })
    await as('o_outsider1')('lottery', 'help', { lotteryId: l.id, helpee: 'o_m3' })
    await as('o_outsider2')('lottery', 'help', { lotteryId: l.id, helpee: 'o_m3' })

    at('2026-12-08T11:59:00Z')
    expect(await timer()).toMatchObject({ ok: true, data: { drawn: 0 } })
    at('2026-12-08T12:05:00Z')
    const [first, second] = await Promise.all([timer(), timer()])
    expect([first, second].map((r) => (r.ok ? r.data.drawn : r.error.code)).sort()).toEqual([0, 1])
    await timer()

    const drawn = await as('o_m0')('lottery', 'get', { lotteryId: l.id })
    expect(drawn.status).toBe('delivered')
    expect(drawn.seed).toMatch(/^[0-9a-f]{64}$/)
    expect(createHash('sha256').update(Buffer.from(drawn.seed!, 'hex')).digest('hex')).toBe(l.commitment)
    const published = await as('o_m0')('lottery', 'entries', { lotteryId: l.id })
    expect(published.items.find((e) => e.openid === 'o_m3')?.chances).toBe(3)
    expect(drawn.winners.map((w) => w.openid)).toEqual(drawWinners(drawn.seed!, published.items, 3, sha256))
    expect(drawn.winners.map((w) => w.prize)).toEqual([0, 0, 1])

    // coupons issued once to the two coupon winners, everyone notified once
    const couponsIssued = await cloud.db.find('coupons')
    expect(couponsIssued.map((c: any) => c.holder).sort()).toEqual(
      drawn.winners
        .slice(0, 2)
        .map((w) => w.openid)
        .sort(),
    )
    const notes = (await cloud.db.find('notifications')).filter((n: any) => n.kind === 'lottery_won')
    expect(notes).toHaveLength(3)

    // the physical prize: its winner gives an address, the team marks it shipped; others can't
    const physical = drawn.winners[2].openid
    const loser = people.find((p) => !drawn.winners.some((w) => w.openid === p))!
    expect(
      await refusal(
        as(loser)('lottery', 'address', {
          lotteryId: l.id,
          name: '张三',
          phone: '13800000000',
          address: '上海市徐汇区某路 1 号',
        }),
      ),
    ).toMatchObject({ code: 'lottery_not_winner' })
    expect(await refusal(owner('lottery', 'ship', { lotteryId: l.id, openid: physical }))).toMatchObject({
      code: 'lottery_no_address',
    })
    const withAddress = await as(physical)('lottery', 'address', {
      lotteryId: l.id,
      name: '张三',
      phone: '13800000000',
      address: '上海市徐汇区某路 1 号',
    })
    expect(withAddress.winners[2]).toMatchObject({ hasAddress: true, address: { name: '张三' }, shipped: false })
    expect((await as(loser)('lottery', 'get', { lotteryId: l.id })).winners[2].address).toBeNull()
    expect((await owner('lottery', 'ship', { lotteryId: l.id, openid: physical })).winners[2].shipped).toBe(true)
  })
})
