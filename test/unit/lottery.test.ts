/**
 * The lottery's rules (core/lottery.ts): the draw is recomputed here by a second, independent
 * implementation of the procedure as docs/growth.md writes it (Node's Buffer and crypto, its own
 * stream and walk), and a seed that does not match its commitment is caught.
 */
import { createHash } from 'crypto'
import {
  assignPrizes,
  chancesOf,
  commitmentOf,
  decideHelp,
  drawWinners,
  newLottery,
  prizeSlots,
  verifyDraw,
  type DrawEntry,
  type LotteryEntryRecord,
  type LotteryPrize,
  type Sha256,
} from '@core/lottery'

const sha256: Sha256 = (bytes) => new Uint8Array(createHash('sha256').update(bytes).digest())
const seedOf = (n: number) => createHash('sha256').update(`test seed ${n}`).digest('hex')

/** docs/growth.md "The draw procedure", written again from the text. */
function independentDraw(seedHex: string, list: { openid: string; chances: number }[], slots: number): string[] {
  const seed = Buffer.from(seedHex, 'hex')
  let stream = Buffer.alloc(0)
  let counter = 0
  let pos = 0
  const take8 = (): bigint => {
    while (stream.length - pos < 8) {
      const c = Buffer.alloc(4)
      c.writeUInt32BE(counter++)
      stream = Buffer.concat([
        stream,
        createHash('sha256')
          .update(Buffer.concat([seed, c]))
          .digest(),
      ])
    }
    const x = stream.readBigUInt64BE(pos)
    pos += 8
    return x
  }
  const remaining = [...list].sort((a, b) => Buffer.compare(Buffer.from(a.openid), Buffer.from(b.openid)))
  const out: string[] = []
  for (let k = 0; k < slots && remaining.length; k++) {
    const T = remaining.reduce((s, e) => s + BigInt(e.chances), 0n)
    const bound = (2n ** 64n / T) * T
    let x = take8()
    while (x >= bound) x = take8()
    let r = x % T
    let i = 0
    while (r >= BigInt(remaining[i].chances)) {
      r -= BigInt(remaining[i].chances)
      i++
    }
    out.push(remaining[i].openid)
    remaining.splice(i, 1)
  }
  return out
}

function entrants(n: number): DrawEntry[] {
  // unsorted on purpose, with chances 1..6
  return Array.from({ length: n }, (_, i) => ({
    openid: `o_${((i * 7919) % 1000).toString(36)}_${i}`,
    chances: 1 + (i % 6),
  }))
}

describe('the draw anyone can recompute', () => {
  it('gives the same winners as an independent implementation of the documented procedure', () => {
    for (let n = 0; n < 40; n++) {
      const list = entrants(1 + ((n * 13) % 60))
      const slots = 1 + (n % 8)
      const seed = seedOf(n)
      const winners = drawWinners(seed, list, slots, sha256)
      expect(winners).toEqual(independentDraw(seed, list, slots))
      expect(winners.length).toBe(Math.min(slots, list.length))
      expect(new Set(winners).size).toBe(winners.length)
    }
  })

  it('does not depend on the order the entries arrive in', () => {
    const list = entrants(25)
    expect(drawWinners(seedOf(1), [...list].reverse(), 5, sha256)).toEqual(drawWinners(seedOf(1), list, 5, sha256))
  })

  it('verifies a revealed seed against its commitment and detects a seed that does not match', () => {
    const seed = seedOf(7)
    const commitment = commitmentOf(seed, sha256)
    expect(commitment).toBe(createHash('sha256').update(Buffer.from(seed, 'hex')).digest('hex'))
    const list = entrants(30)
    const winners = drawWinners(seed, list, 3, sha256)
    expect(verifyDraw({ seed, commitment, entries: list, slots: 3, winners, sha256 })).toEqual({
      seedMatches: true,
      winnersMatch: true,
    })
    const other = seedOf(8)
    expect(verifyDraw({ seed: other, commitment, entries: list, slots: 3, winners, sha256 }).seedMatches).toBe(false)
    // winners that the seed does not give are caught too
    expect(
      verifyDraw({ seed, commitment, entries: list, slots: 3, winners: [...winners].reverse(), sha256 }).winnersMatch,
    ).toBe(false)
  })

  it('weighs entries by their chances', () => {
    const list = [
      { openid: 'o_a', chances: 1 },
      { openid: 'o_b', chances: 6 },
    ]
    let b = 0
    for (let n = 0; n < 700; n++) if (drawWinners(seedOf(n), list, 1, sha256)[0] === 'o_b') b += 1
    // expected 600 of 700; far from the 350 an unweighted draw would give
    expect(b).toBeGreaterThan(540)
    expect(b).toBeLessThan(660)
  })
})

describe('prizes and chances', () => {
  const prizes: LotteryPrize[] = [
    { kind: 'coupon', title: '10 元券', stock: 2, amountFen: 1000 },
    { kind: 'physical', title: '帆布袋', stock: 1 },
  ]

  it('hands out prize slots in the order listed and caps chances from 助力', () => {
    expect(prizeSlots(prizes)).toEqual([0, 0, 1])
    expect(
      assignPrizes(prizes, ['x', 'y'], (o) => o.toUpperCase()).map((w) => [w.openid, w.nickname, w.prize]),
    ).toEqual([
      ['x', 'X', 0],
      ['y', 'Y', 0],
    ])
    expect(chancesOf({ helps: 9 }, 3)).toBe(4)
    expect(chancesOf({ helps: 0 }, 3)).toBe(1)
  })

  const now = new Date('2026-12-07T02:00:00Z')
  const lottery = newLottery({
    id: 'l1',
    circleId: 'c1',
    title: '年终抽奖',
    prizes,
    helpCap: 2,
    drawAt: new Date(now.getTime() + 86_400_000),
    seed: seedOf(1),
    sha256,
    createdBy: 'o_owner',
    now,
  })
  const entry: LotteryEntryRecord = {
    _id: 'l1:o_a',
    lotteryId: 'l1',
    openid: 'o_a',
    nickname: 'A',
    helps: 0,
    helpers: [],
    createdAt: now,
    updatedAt: now,
  }

  it('refuses self-help, ignores a repeated helper and stops at the cap', () => {
    expect(() => decideHelp(lottery, entry, 'o_a', now)).toThrow(expect.objectContaining({ code: 'lottery_self_help' }))
    const one = decideHelp(lottery, entry, 'o_b', now)
    expect(one).toMatchObject({ counted: true, entry: { helps: 1, helpers: ['o_b'] } })
    expect(decideHelp(lottery, one.entry, 'o_b', now)).toMatchObject({ counted: false, entry: { helps: 1 } })
    const two = decideHelp(lottery, one.entry, 'o_c', now).entry
    expect(() => decideHelp(lottery, two, 'o_d', now)).toThrow(expect.objectContaining({ code: 'lottery_help_full' }))
  })

  it('publishes the commitment, not the seed, and refuses a draw time too soon or too far', () => {
    expect(lottery.commitment).toBe(commitmentOf(seedOf(1), sha256))
    expect(lottery.commitment).not.toBe(lottery.seed)
    const make = (ms: number) => () =>
      newLottery({
        id: 'l2',
        circleId: 'c1',
        title: 't',
        prizes,
        helpCap: 0,
        drawAt: new Date(now.getTime() + ms),
        seed: seedOf(2),
        sha256,
        createdBy: 'o',
        now,
      })
    expect(make(60_000)).toThrow(expect.objectContaining({ code: 'lottery_draw_time' }))
    expect(make(31 * 86_400_000)).toThrow(expect.objectContaining({ code: 'lottery_draw_time' }))
  })
})
