/**
 * The owner's money screens on an iPhone (docs/payments.md "Owner money screens on iOS"): they are
 * the seller's own books — income, wallet, withdrawals, the circle's orders — not an offer to the
 * person looking, so the server answers them with their amounts on every device, while the same
 * order seen by its buyer on an iPhone stays unpriced (WeChat's iOS virtual-goods rule).
 */
import { as, setClockOffset, useMoneyWorld } from './world'

jest.setTimeout(60_000)

const w = useMoneyWorld()

const ownerOnAndroid = as('o_owner', 'android')
const ownerOnIphone = as('o_owner', 'ios')
const buyerOnAndroid = as('o_buyer', 'android')
const buyerOnIphone = as('o_buyer', 'ios')
const HOUR = 3_600_000

async function soldEntry() {
  const c = await ownerOnAndroid('circle', 'create', { name: '人像摄影进阶', type: 'knowledge', entryMode: 'paid' })
  await ownerOnAndroid('shop', 'setPricing', {
    circleId: c.id,
    entry: { priceFen: 19_900, markedPriceFen: null, term: { kind: 'rolling', days: 365 } },
  })
  const start = await buyerOnAndroid('shop', 'order', {
    circleId: c.id,
    product: { kind: 'entry' },
    platform: 'android',
  })
  await w.pay(start.order.id)
  return { circleId: c.id, orderId: start.order.id }
}

describe("the owner's money screens on an iPhone", () => {
  it("lists the circle's orders with their amounts as the seller's records, while the buyer's own view stays unpriced", async () => {
    const { circleId, orderId } = await soldEntry()
    const page = await ownerOnIphone('shop', 'circleOrders', { circleId })
    expect(page.items).toHaveLength(1)
    expect(page.items[0]).toMatchObject({
      id: orderId,
      amountFen: 19_900,
      sale: { showPrice: true },
    })
    // The buyer's order of a virtual good on an iPhone: no price (their screens sell).
    expect(await buyerOnIphone('shop', 'getOrder', { orderId })).toMatchObject({ sale: { showPrice: false } })
  })

  it('answers the income, the statement and the withdrawal of an owner on an iPhone with their amounts', async () => {
    const { circleId } = await soldEntry()
    const account = { kind: 'owner' as const, circleId }
    const summary = await ownerOnIphone('wallet', 'summary', { account })
    expect(summary.pendingFen).toBeGreaterThan(0)
    const statement = await ownerOnIphone('wallet', 'statement', { account })
    expect(statement.items.some((l) => l.kind === 'payment' && l.amountFen > 0)).toBe(true)
    setClockOffset(73 * HOUR)
    expect((await ownerOnIphone('wallet', 'summary', { account })).availableFen).toBeGreaterThan(0)
  })
})
