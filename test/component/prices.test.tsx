/** Prices where a person decides: 发现, the landing's join button, the questionnaire and 已通过 · 去支付. */
import { CircleCell } from '@/components/CircleCell'
import { passVersusEntry } from '@/packagePay/pages/buy/BuyView'
import { entryButton } from '@/packageCircle/pages/circle/Landing'
import { ApplicationStatusCard } from '@/packageJoin/pages/apply/ApplicationStatusCard'
import { circleCard } from '@core/views'
import { entryPriceTag } from '@core/money/pricing'
import { makeCirclePage } from './support/fixtures'
import { byTestId, mount } from './support/mount'

const TAG = { priceFen: 19900, days: 365, perDayText: '约 0.55 元/天' }

describe('entry prices where a person decides', () => {
  it('are computed on the server from the stored price: per day for a rolling term, none when joining is free', () => {
    expect(entryPriceTag({ priceFen: 19900, term: { kind: 'rolling', days: 365 } })).toEqual(TAG)
    expect(
      entryPriceTag({ priceFen: 9900, term: { kind: 'cohort', endsAt: new Date('2027-06-30T15:59:59Z') } }),
    ).toEqual({ priceFen: 9900, days: null, perDayText: null })
    const record = {
      _id: 'c1',
      name: '人像摄影进阶',
      intro: '',
      avatarUrl: '',
      coverUrl: '',
      type: 'knowledge',
      entryMode: 'paid',
      status: 'active',
      memberCount: 3,
      ownerId: 'o',
      owner: { nickname: '苏念', avatarUrl: '' },
      tags: [],
      pricing: { entry: { priceFen: 19900, term: { kind: 'rolling', days: 365 } }, pass: null },
    }
    expect(circleCard(record as never).entryPrice).toEqual(TAG)
    expect(circleCard({ ...record, entryMode: 'free' } as never).entryPrice).toBeNull()
  })

  it('show in 发现 with the price per day', async () => {
    const card = {
      id: 'c1',
      name: '人像摄影进阶',
      intro: '',
      avatarUrl: '',
      coverUrl: '',
      type: 'knowledge',
      entryMode: 'paid',
      status: 'active',
      memberCount: 3,
      owner: { openid: 'o', nickname: '苏念', avatarUrl: '' },
      tags: [],
      entryPrice: TAG,
    }
    await mount(() => <CircleCell circle={card as never} onOpen={() => undefined} />)
    expect(byTestId('circle-price')[0].textContent).toBe('¥199.00 / 365 天约 0.55 元/天')
  })

  it('name the price on the paid landing’s join button and on an approved applicant’s 去支付', async () => {
    const paid = entryButton(makeCirclePage({ entryMode: 'paid', entryPrice: TAG }))
    expect(paid).toMatchObject({ label: '付费加入 · ¥199.00 / 365 天', note: '折合约 0.55 元/天' })
    const apply = entryButton(makeCirclePage({ entryMode: 'approval', entryPrice: TAG }))
    expect(apply.note).toBe('审核通过后付费加入：¥199.00 / 365 天（约 0.55 元/天）')
    const approved = {
      ...makeCirclePage({ entryMode: 'approval', entryPrice: TAG }),
      application: { status: 'approved', payBy: '2026-12-10T02:00:00Z', rejectReason: null, paymentLapsed: false },
    }
    expect(entryButton(approved as never).label).toBe('已通过 · 去支付 ¥199.00 / 365 天')
    const app = {
      id: 'a1',
      circleId: 'c1',
      status: 'approved',
      payBy: '2026-12-10T02:00:00Z',
      createdAt: '2026-12-06T02:00:00Z',
    }
    await mount(() => <ApplicationStatusCard app={app as never} price={TAG} />)
    expect(byTestId('go-pay')[0].textContent).toBe('去支付 ¥199.00 / 365 天')
    expect(byTestId('approved-price')[0].textContent).toContain('约 0.55 元/天')
  })
})

describe('the 年卡 beside entry', () => {
  it('says why it costs more than entry for the same days', () => {
    const entry = { kind: 'entry', priceFen: 19900, markedPriceFen: 29900 } as never
    expect(passVersusEntry({ entry, pass: { priceFen: 29900, days: 365 } as never })).toBe(
      '比入圈贵 ¥100.00：入圈的 ¥199.00 是限时优惠价（原价 ¥299.00）；年卡按原价，可以送给朋友，也可以随时为自己续期。',
    )
    expect(passVersusEntry({ entry, pass: { priceFen: 19900, days: 365 } as never })).toBe('')
    expect(
      passVersusEntry({
        entry: { kind: 'renewal', priceFen: 17910, markedPriceFen: null } as never,
        pass: { priceFen: 29900, days: 365 } as never,
      }),
    ).toContain('是你的续费价')
  })
})
