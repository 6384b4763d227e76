/** The owner's statement: one line per business event with its cause; bucket movements are the detail. */
import { as, setClockOffset, useMoneyWorld } from './world'

jest.setTimeout(60_000)

const w = useMoneyWorld()
const owner = as('o_owner')
const buyer = as('o_buyer')
const HOUR = 3600_000

describe("the owner's statement", () => {
  it('shows a payment and its settlement as two events, the settlement one line whose detail moves 待结算 to 可提现', async () => {
    const c = await owner('circle', 'create', { name: '人像摄影进阶', type: 'knowledge', entryMode: 'paid' })
    await owner('shop', 'setPricing', {
      circleId: c.id,
      entry: { priceFen: 19900, term: { kind: 'rolling', days: 365 } },
    })
    const start = await buyer('shop', 'order', { circleId: c.id, product: { kind: 'entry' }, platform: 'h5' })
    await w.pay(start.order.id)
    setClockOffset(72 * HOUR + 1000)
    const summary = await owner('wallet', 'summary', { account: { kind: 'owner', circleId: c.id } })
    const income = summary.availableFen
    expect(income).toBeGreaterThan(0)

    const { items } = await owner('wallet', 'statement', { account: { kind: 'owner', circleId: c.id } })
    // one line per journal: never two lines of the same event
    expect(items).toHaveLength(2)
    expect(new Set(items.map((l) => l.journalId)).size).toBe(items.length)
    const settlement = items.find((l) => l.kind === 'settlement')!
    expect(settlement).toMatchObject({
      memo: expect.stringMatching(/^退款期已过，转为可提现 · .*人像摄影进阶/),
      amountFen: 0,
      bucket: 'available',
      movedFen: income,
      movements: [
        { bucket: 'pending', amountFen: -income },
        { bucket: 'available', amountFen: income },
      ],
      orderId: start.order.id,
    })
    const payment = items.find((l) => l.kind === 'payment')!
    expect(payment).toMatchObject({
      amountFen: income,
      bucket: 'pending',
      movedFen: 0,
      movements: [{ bucket: 'pending', amountFen: income }],
      orderId: start.order.id,
    })
    // the lines add up to the balance
    expect(items.reduce((s, l) => s + l.amountFen, 0)).toBe(summary.availableFen + summary.pendingFen)
  })
})
