/**
 * The owner's numbers over money (docs/stats.md): the funnel counts orders and payments by 渠道,
 * income by product is what reached the circle net of refunds and fees, and the orders and income
 * exports carry it. Real orders through the local WeChat Pay simulator.
 */
import { dayRange } from '@core/stats'
import { shanghaiDayKey } from '@core/time'
import { as, invoke, setClockOffset, useMoneyWorld } from './world'

const w = useMoneyWorld()
const owner = as('o_owner')
const buyer = as('o_buyer')
const other = as('o_other')
const DAY_MS = 86_400_000

function atNoon(n: number) {
  const noon = dayRange(shanghaiDayKey(Date.now())).from.getTime() + 12 * 3600_000 + n * DAY_MS
  setClockOffset(noon - Date.now())
}

describe('income and the funnel', () => {
  it('books a day’s paid entries and a refund as income by product net of refunds and fees, and the paid step of the funnel', async () => {
    atNoon(0)
    const c = await owner('circle', 'create', { name: '人像摄影进阶', type: 'knowledge', entryMode: 'paid' })
    await owner('shop', 'setPricing', {
      circleId: c.id,
      entry: { priceFen: 10_000, markedPriceFen: null, term: { kind: 'rolling', days: 365 } },
      pass: null,
    })
    await buyer('stats', 'track', { circleId: c.id, kind: 'view', channel: null })
    await buyer('stats', 'track', { circleId: c.id, kind: 'tap', channel: null })
    const a = await buyer('shop', 'order', { circleId: c.id, product: { kind: 'entry' }, platform: 'h5' })
    await w.pay(a.order.id)
    const b = await other('shop', 'order', { circleId: c.id, product: { kind: 'entry' }, platform: 'h5' })
    await w.pay(b.order.id)
    await other('shop', 'refund', { orderId: b.order.id, reason: '不适合我' })
    await w.flush()

    atNoon(1)
    const run = await invoke(null, 'stats', { Type: 'Timer', TriggerName: 'aggregate' })
    expect(run.ok).toBe(true)
    const d = await owner('stats', 'dashboard', { circleId: c.id, period: '7d' })
    expect(d.funnel).toEqual([{ channel: '直接访问', views: 1, taps: 1, orders: 2, paid: 2 }])
    const entry = d.income.find((r) => r.kind === '入圈')!
    // what the ledger booked: two payments of 100 元, one refunded in full, fees returned with it
    const journals = (await w.cloud.db.find('journals')) as any[]
    const fees = journals
      .flatMap((j) => j.entries)
      .filter((e: any) => e.account === 'platform:fee' || e.account === 'channel:fee')
      .reduce((s: number, e: any) => s + e.amountFen, 0)
    expect(entry).toEqual({ kind: '入圈', grossFen: 20_000, refundFen: 10_000, feeFen: fees, netFen: 10_000 - fees })
    expect(fees).toBeGreaterThan(0)

    const income = await owner('stats', 'export', { circleId: c.id, kind: 'income' })
    expect(income.csv).toContain(`入圈,200.00,100.00,${(fees / 100).toFixed(2)},${((10_000 - fees) / 100).toFixed(2)}`)
    const orders = await owner('stats', 'export', { circleId: c.id, kind: 'orders' })
    expect(orders.rows).toBe(2)
    expect(orders.csv.split('\r\n')[0]).toBe(
      '\uFEFF订单号,商品类型,商品,买家,金额(元),已退款(元),状态,渠道,下单时间,支付时间',
    )
  }, 60_000)
})
