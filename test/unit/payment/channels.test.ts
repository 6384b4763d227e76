/**
 * Channels by device (docs/payments.md): one table decides how each product is sold to each
 * device, and a configuration that would break WeChat's iOS rule stops a function at cold start.
 */
import {
  assertPaymentConfig,
  channelTable,
  createPaymentPorts,
  saleFor,
} from '../../../cloudfunctions/runtime/payment/channels'

const VIRTUAL = ['entry', 'pass', 'pass_gift', 'course', 'question', 'peek'] as const
const SELF_WITH_IOS = {
  SETTLEMENT_MODE: 'self',
  VPAY_IOS_ENABLED: 'true',
  VPAY_OFFER_ID: '1450000001',
  VPAY_APP_KEY: 'k',
  WXPAY_APPID: 'wx1',
  WX_APP_SECRET: 's',
}

describe('channels by device', () => {
  it('sells every product through WeChat Pay on Android, PC, Mac and a desktop browser', () => {
    for (const device of ['android', 'windows', 'mac', 'devtools', 'h5'] as const) {
      for (const sale of Object.values(channelTable(device, {})))
        expect(sale).toEqual({ channel: 'wxpay', purchasable: true, showPrice: true })
    }
  })

  it('neither sells nor prices a virtual good on iOS unless iOS virtual payment is on, and keeps tickets payable', () => {
    const ios = channelTable('ios', {})
    for (const kind of VIRTUAL) expect(ios[kind]).toEqual({ channel: null, purchasable: false, showPrice: false })
    expect(ios.ticket).toEqual({ channel: 'wxpay', purchasable: true, showPrice: true })
    expect(ios.deposit).toEqual({ channel: null, purchasable: false, showPrice: false })
  })

  it('sells virtual goods on iOS through virtual payment only in self settlement with iOS virtual payment on', () => {
    for (const kind of VIRTUAL)
      expect(saleFor(kind, 'ios', SELF_WITH_IOS)).toEqual({ channel: 'virtual', purchasable: true, showPrice: true })
    expect(saleFor('entry', 'ios', { ...SELF_WITH_IOS, SETTLEMENT_MODE: 'platform' }).purchasable).toBe(false)
    expect(saleFor('entry', 'ios', { ...SELF_WITH_IOS, VPAY_IOS_ENABLED: 'false' }).purchasable).toBe(false)
    // a deposit is money held and handed back, not a 道具: never on iOS
    expect(saleFor('deposit', 'ios', SELF_WITH_IOS).purchasable).toBe(false)
    // Android keeps WeChat Pay even where iOS has virtual payment
    expect(saleFor('entry', 'android', SELF_WITH_IOS).channel).toBe('wxpay')
  })

  it('refuses to open a channel for what a device may not buy', () => {
    const ports = createPaymentPorts({})
    expect(() => ports.forSale('entry', 'ios')).toThrow(
      expect.objectContaining({ code: 'payment_channel_unavailable' }),
    )
    expect(() => ports.forSale('ticket', 'android')).toThrow(
      expect.objectContaining({ code: 'payment_channel_unavailable' }),
    ) // WeChat Pay not configured here
    expect(() => ports.byName('local')).toThrow(expect.objectContaining({ code: 'payment_channel_unavailable' }))
    expect(createPaymentPorts(SELF_WITH_IOS).forSale('course', 'ios').name).toBe('virtual')
  })
})

describe('the payment configuration at start-up', () => {
  it('accepts the shipped defaults and iOS virtual payment in self settlement', () => {
    expect(() => assertPaymentConfig({})).not.toThrow()
    expect(() => assertPaymentConfig(SELF_WITH_IOS)).not.toThrow()
  })

  it.each([
    ['PAY_CHANNELS routing memberships to WeChat Pay', { PAY_CHANNELS: 'entry=wxpay' }, /PAY_CHANNELS/],
    ['the retired QZ_IOS_VIRTUAL_PAYMENT', { QZ_IOS_VIRTUAL_PAYMENT: 'true' }, /VPAY_IOS_ENABLED/],
    ['iOS virtual payment under 平台收付通', { ...SELF_WITH_IOS, SETTLEMENT_MODE: 'platform' }, /SETTLEMENT_MODE=self/],
    [
      'iOS virtual payment with the default settlement mode',
      { ...SELF_WITH_IOS, SETTLEMENT_MODE: undefined },
      /SETTLEMENT_MODE=self/,
    ],
    ['iOS virtual payment without its keys', { SETTLEMENT_MODE: 'self', VPAY_IOS_ENABLED: 'true' }, /VPAY_OFFER_ID/],
    ['iOS virtual payment without the AppSecret', { ...SELF_WITH_IOS, WX_APP_SECRET: undefined }, /WX_APP_SECRET/],
    ['an unknown settlement mode', { SETTLEMENT_MODE: 'direct' }, /SETTLEMENT_MODE/],
    ['a misspelt switch', { VPAY_IOS_ENABLED: 'yes' }, /VPAY_IOS_ENABLED/],
  ])('refuses %s', (_name, env, message) => {
    expect(() => assertPaymentConfig(env)).toThrow(message)
  })

  it('stops a function at cold start when its configuration would sell virtual goods through WeChat Pay on iOS', () => {
    const saved = process.env.PAY_CHANNELS
    process.env.PAY_CHANNELS = 'entry=wxpay,course=wxpay'
    try {
      jest.isolateModules(() => {
        expect(() => require('../../../cloudfunctions/shop/index')).toThrow(/payment configuration: PAY_CHANNELS/)
      })
    } finally {
      if (saved === undefined) delete process.env.PAY_CHANNELS
      else process.env.PAY_CHANNELS = saved
    }
    jest.isolateModules(() => {
      expect(() => require('../../../cloudfunctions/shop/index')).not.toThrow()
    })
  })
})
