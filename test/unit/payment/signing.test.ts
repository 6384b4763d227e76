/**
 * What the app gets to open a cashier: the JSAPI paySign (SHA256withRSA over
 * `appId\ntimeStamp\nnonceStr\npackage\n` with the merchant key) and virtual payment's paySig /
 * signature, checked against vectors computed independently (Python's hmac, see the comments).
 */
import { createVerify, generateKeyPairSync } from 'crypto'
import { DomainError } from '../../../cloudfunctions/core/errors'
import { jsapiPaySign } from '../../../cloudfunctions/runtime/payment/crypto'
import {
  buildQueryOrderRequest,
  buildSignData,
  createVirtualChannel,
  parseDeliveryPush,
  virtualPaySig,
  virtualUserSignature,
  xpayPaySig,
} from '../../../cloudfunctions/runtime/payment/virtual'

describe('JSAPI paySign', () => {
  it('signs appId, timeStamp, nonceStr and package, one per line, with the merchant key', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    })
    const params = {
      appId: 'wx00000000localdev',
      timeStamp: '1795000000',
      nonceStr: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS',
      package: 'prepay_id=wx201410272009395522657a690389285100',
    }
    const paySign = jsapiPaySign(params, privateKey)
    const message =
      'wx00000000localdev\n1795000000\n5K8264ILTKCH16CQ2502SI8ZNMTM67VS\nprepay_id=wx201410272009395522657a690389285100\n'
    expect(createVerify('RSA-SHA256').update(message).verify(publicKey, paySign, 'base64')).toBe(true)
    expect(Buffer.from(paySign, 'base64')).toHaveLength(256)
  })
})

describe('virtual payment signing', () => {
  const config = {
    appid: 'wx00000000localdev',
    offerId: '1450000000',
    appKey: 'appkey-0123456789abcdef',
    env: 0 as const,
  }
  const signData =
    '{"offerId":"1450000000","buyQuantity":1,"env":0,"currencyType":"CNY","productId":"entry_9900","goodsPrice":9900,"outTradeNo":"QZ20261123abc","attach":"QZ20261123abc"}'

  it('builds signData in the documented key order', () => {
    expect(buildSignData(config, { orderId: 'QZ20261123abc', productId: 'entry_9900', goodsPriceFen: 9900 })).toBe(
      signData,
    )
  })

  it('signs paySig with the AppKey over requestVirtualPayment&signData', () => {
    // python3: hmac.new(b'appkey-0123456789abcdef', ('requestVirtualPayment&' + sd).encode(), hashlib.sha256).hexdigest()
    expect(virtualPaySig('appkey-0123456789abcdef', signData)).toBe(
      '063e0dfa81126c91ef6b141f2cd8387a280b0056e1e091123ace53c7a836783a',
    )
  })

  it('signs the user signature with the session_key over signData alone', () => {
    // python3: hmac.new(b'U2Vzc2lvbktleUJhc2U2NA==', sd.encode(), hashlib.sha256).hexdigest()
    expect(virtualUserSignature('U2Vzc2lvbktleUJhc2U2NA==', signData)).toBe(
      '25c862203477557147dc76fad696dbf93915edfc3e6bb1491802901fa27847f8',
    )
  })

  it('builds the /xpay/query_order request with pay_sig over uri&body (no query string)', () => {
    const req = buildQueryOrderRequest(config, {
      orderId: 'QZ20261123abc',
      payerOpenid: 'o_buyer',
      accessToken: 'TOKEN',
    })
    expect(req.body).toBe('{"openid":"o_buyer","env":0,"order_id":"QZ20261123abc"}')
    // python3: hmac.new(b'appkey-0123456789abcdef', ('/xpay/query_order&' + body).encode(), hashlib.sha256).hexdigest()
    expect(req.paySig).toBe('3da8cbaafe213f73efe4019d89f2bb921d1f26301f304426c610eb00d4098261')
    expect(xpayPaySig(config.appKey, '/xpay/query_order', req.body)).toBe(req.paySig)
    expect(req.url).toBe(`https://api.weixin.qq.com/xpay/query_order?access_token=TOKEN&pay_sig=${req.paySig}`)
  })

  it('prepays with the exact signed string for wx.requestVirtualPayment', async () => {
    const channel = createVirtualChannel(config)
    const params = await channel.prepay({
      orderId: 'QZ20261123abc',
      amountFen: 9900,
      description: '晨读会 入圈',
      payerOpenid: 'o_buyer',
      expiresAt: new Date(),
      profitSharing: false,
      virtual: { productId: 'entry_9900', sessionKey: 'U2Vzc2lvbktleUJhc2U2NA==' },
    })
    expect(params).toEqual({
      kind: 'virtual',
      mode: 'short_series_goods',
      signData,
      paySig: '063e0dfa81126c91ef6b141f2cd8387a280b0056e1e091123ace53c7a836783a',
      signature: '25c862203477557147dc76fad696dbf93915edfc3e6bb1491802901fa27847f8',
    })
  })

  it('reads the delivery push as a payment, and refuses anything else', async () => {
    const push = {
      ToUserName: 'gh_abc',
      FromUserName: 'o_wechat',
      CreateTime: 1795000000,
      MsgType: 'event',
      Event: 'xpay_goods_deliver_notify',
      OpenId: 'o_buyer',
      OutTradeNo: 'QZ20261123abc',
      Env: 0,
      WeChatPayInfo: { MchOrderNo: 'mch123', TransactionId: '4200000001', PaidTime: 1795000000 },
      GoodsInfo: { ProductId: 'entry_9900', Quantity: 1, OrigPrice: 9900, ActualPrice: 9900, Attach: 'QZ20261123abc' },
    }
    expect(parseDeliveryPush(push)).toEqual({
      type: 'TRANSACTION.SUCCESS',
      orderId: 'QZ20261123abc',
      transactionId: '4200000001',
      amountFen: 9900,
      paidAt: new Date(1795000000 * 1000),
      payerOpenid: 'o_buyer',
      state: 'SUCCESS',
    })
    const channel = createVirtualChannel(config)
    await expect(channel.parseNotification({ headers: {}, body: push })).resolves.toMatchObject({
      orderId: 'QZ20261123abc',
    })
    await expect(channel.parseNotification({ headers: {}, body: JSON.stringify(push) })).rejects.toMatchObject({
      code: 'notification_rejected',
    })
    expect(() => parseDeliveryPush({ ...push, Event: 'xpay_refund_notify' })).toThrow(DomainError)
  })

  it('refuses clearly when virtual payment is not configured', async () => {
    const channel = createVirtualChannel(null)
    await expect(
      channel.prepay({
        orderId: 'o',
        amountFen: 1,
        description: 'd',
        payerOpenid: 'p',
        expiresAt: new Date(),
        profitSharing: false,
      }),
    ).rejects.toMatchObject({ code: 'payment_channel_unavailable' })
    await expect(channel.queryOrder('o', { payerOpenid: 'p' })).rejects.toMatchObject({
      code: 'payment_channel_unavailable',
    })
    await expect(
      channel.refund({ orderId: 'o', refundId: 'r', amountFen: 1, totalFen: 1, reason: '' }),
    ).rejects.toMatchObject({ code: 'payment_channel_unavailable' })
  })
})
