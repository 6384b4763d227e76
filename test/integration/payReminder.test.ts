/**
 * The reminder before an approved applicant's pay window closes (member timer `remindPayment`):
 * in-app, and by subscription message where a grant was given; once per application round.
 */
import { PAY_REMINDER_TEMPLATE_ID } from '../../cloudfunctions/core/term'
import { as, invoke, setClockOffset, useMoneyWorld } from './world'

jest.setTimeout(60_000)

const w = useMoneyWorld()
const owner = as('o_owner')
const alice = as('o_alice')
const bob = as('o_bob')
const HOUR = 3600_000

const timer = () =>
  invoke(null, 'member', { Type: 'Timer', TriggerName: 'remindPayment', Time: new Date().toISOString() })
const remindersOf = async (openid: string) =>
  ((await w.cloud.db.find('notifications')) as any[]).filter(
    (n) => n.openid === openid && n.kind === 'payment_reminder',
  )
const sendsOf = async (openid: string) =>
  ((await w.cloud.db.find('subscribeSends')) as any[]).filter(
    (s) => s.openid === openid && s.templateId === PAY_REMINDER_TEMPLATE_ID,
  )

async function approvedApplicants() {
  const c = await owner('circle', 'create', { name: '产品经理成长营', type: 'product', entryMode: 'approval' })
  await owner('shop', 'setPricing', {
    circleId: c.id,
    entry: { priceFen: 19_900, markedPriceFen: null, term: { kind: 'rolling', days: 365 } },
  })
  for (const who of [alice, bob]) {
    await who('member', 'apply', { circleId: c.id, answers: [], note: '想系统学习产品方法' })
    await owner('member', 'review', {
      circleId: c.id,
      openid: who === alice ? 'o_alice' : 'o_bob',
      round: 1,
      decision: 'approve',
    })
  }
  return c.id
}

describe('the pay-window reminder', () => {
  it('reminds an approved applicant once, 24 hours before the window closes, even when the timer runs twice', async () => {
    const circleId = await approvedApplicants()
    await alice('notify', 'grant', { accepted: [PAY_REMINDER_TEMPLATE_ID] })
    // 47 hours into a 72-hour window: not yet
    setClockOffset(47 * HOUR)
    expect(await timer()).toMatchObject({ ok: true, data: { reminded: 0 } })
    expect(await remindersOf('o_alice')).toHaveLength(0)

    setClockOffset(49 * HOUR)
    expect(await timer()).toMatchObject({ ok: true, data: { reminded: 2, messages: 1 } })
    await timer()
    await Promise.all([timer(), timer()])
    const notices = await remindersOf('o_alice')
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatchObject({
      title: '入圈付款即将截止',
      link: `/packagePay/pages/buy/index?circleId=${encodeURIComponent(circleId)}`,
    })
    expect(notices[0].body).toContain('产品经理成长营')
    expect(await sendsOf('o_alice')).toEqual([expect.objectContaining({ state: 'sent' })])
    // bob gave no grant: in-app only
    expect(await remindersOf('o_bob')).toHaveLength(1)
    expect(await sendsOf('o_bob')).toHaveLength(0)
  })

  it('does not remind someone who already paid', async () => {
    const circleId = await approvedApplicants()
    const start = await alice('shop', 'order', { circleId, product: { kind: 'entry' }, platform: 'h5' })
    await w.pay(start.order.id)
    setClockOffset(60 * HOUR)
    await timer()
    expect(await remindersOf('o_alice')).toHaveLength(0)
    expect(await remindersOf('o_bob')).toHaveLength(1)
  })

  it('never reminds once the window has closed', async () => {
    await approvedApplicants()
    setClockOffset(72 * HOUR + 1000)
    expect(await timer()).toMatchObject({ ok: true, data: { reminded: 0 } })
    expect(await remindersOf('o_bob')).toHaveLength(0)
  })
})
