import { call, serverNow, setDevOpenid } from '@/services/cloud'
import { relativeTime } from '@/utils/time'

const HOUR = 3_600_000

describe("the server's clock", () => {
  const realFetch = globalThis.fetch
  afterEach(() => {
    globalThis.fetch = realFetch
  })

  it('follows the server after an answer, so countdowns ignore a wrong phone clock', async () => {
    setDevOpenid('o_demo_wang_yiming')
    const serverTime = new Date(Date.now() + 73 * HOUR)
    globalThis.fetch = jest.fn(async () => ({
      ok: true,
      json: async () => ({ ok: true, data: { left: true }, now: serverTime.toISOString() }),
    })) as unknown as typeof fetch
    expect(await call('circle', 'leave', { circleId: 'c1' })).toEqual({ left: true })
    expect(Math.abs(serverNow() - serverTime.getTime())).toBeLessThan(5_000)
    // "a minute ago" by the server's clock, though the phone is 73 hours behind
    expect(relativeTime(new Date(serverTime.getTime() - 60_000))).toBe('1分钟前')
  })
})
