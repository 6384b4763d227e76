/**
 * Notification verification of the wxpay adapter (public-key mode): only a notification signed by
 * the WeChat Pay key we know, fresh on our clock, whose resource opens with our APIv3 key, parses.
 * Notifications are built here with node:crypto alone, independently of the adapter.
 */
import { createCipheriv, createSign, generateKeyPairSync, randomBytes } from 'crypto'
import { DomainError } from '../../../cloudfunctions/core/errors'
import { createWxpayChannel } from '../../../cloudfunctions/runtime/payment/wxpay'
import type { WxpayConfig } from '../../../cloudfunctions/runtime/payment/config'

const pair = () =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  })
const merchant = pair()
const platform = pair()
const stranger = pair()
const APIV3_KEY = 'abcdefghijklmnopqrstuvwxyz012345'
const KEY_ID = 'PUB_KEY_ID_0114232134912410000000000000'
const NOW = new Date('2026-11-23T11:00:00Z')

const config: WxpayConfig = {
  mchid: '1900000109',
  appid: 'wx00000000localdev',
  merchantSerial: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
  merchantPrivateKey: merchant.privateKey,
  publicKeyId: KEY_ID,
  publicKey: platform.publicKey,
  apiv3Key: APIV3_KEY,
  baseUrl: 'https://api.mch.weixin.qq.com',
  notifyUrl: 'https://example.com/notify',
  transferSceneId: '1005',
  transferReportInfos: [],
  timeoutMs: 1000,
}
const channel = createWxpayChannel(config, { now: () => NOW })

function encrypt(plain: object, key = APIV3_KEY, aad = 'transaction') {
  const nonce = 'fdasflkja484'
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(key), Buffer.from(nonce)).setAAD(Buffer.from(aad))
  const ciphertext = Buffer.concat([
    cipher.update(JSON.stringify(plain), 'utf8'),
    cipher.final(),
    cipher.getAuthTag(),
  ]).toString('base64')
  return { original_type: aad, algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: aad, nonce }
}

const transaction = {
  appid: config.appid,
  mchid: config.mchid,
  out_trade_no: 'QZ2026112300001',
  transaction_id: '4200000000202611230000000001',
  trade_type: 'JSAPI',
  trade_state: 'SUCCESS',
  trade_state_desc: '支付成功',
  bank_type: 'OTHERS',
  success_time: '2026-11-23T18:59:30+08:00',
  payer: { openid: 'o_buyer' },
  amount: { total: 9900, payer_total: 9900, currency: 'CNY', payer_currency: 'CNY' },
}

function notification(
  options: {
    resource?: object
    event?: string
    signer?: string
    serial?: string
    at?: Date
    key?: string
    aad?: string
    body?: (b: string) => string
  } = {},
) {
  const body = JSON.stringify({
    id: 'EV-2018022511223320873',
    create_time: '2026-11-23T19:00:00+08:00',
    resource_type: 'encrypt-resource',
    event_type: options.event ?? 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: encrypt(options.resource ?? transaction, options.key, options.aad),
  })
  const timestamp = String(Math.floor((options.at ?? NOW).getTime() / 1000))
  const nonce = randomBytes(16).toString('hex')
  const signature = createSign('RSA-SHA256')
    .update(`${timestamp}\n${nonce}\n${body}\n`)
    .sign(options.signer ?? platform.privateKey, 'base64')
  return {
    headers: {
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': nonce,
      'wechatpay-signature': signature,
      'wechatpay-serial': options.serial ?? KEY_ID,
      'content-type': 'application/json',
    },
    body: options.body ? options.body(body) : body,
  }
}

async function rejection(request: any): Promise<DomainError> {
  try {
    await channel.parseNotification(request)
  } catch (err) {
    return err as DomainError
  }
  throw new Error('the notification was accepted')
}

describe('wxpay notifications', () => {
  it('accepts a correctly signed and encrypted TRANSACTION.SUCCESS and reads the payment', async () => {
    await expect(channel.parseNotification(notification())).resolves.toEqual({
      type: 'TRANSACTION.SUCCESS',
      id: 'EV-2018022511223320873',
      orderId: 'QZ2026112300001',
      transactionId: '4200000000202611230000000001',
      amountFen: 9900,
      paidAt: new Date('2026-11-23T10:59:30Z'),
      payerOpenid: 'o_buyer',
      state: 'SUCCESS',
    })
  })

  it('reads headers in any case and a base64 body from HTTP access', async () => {
    const n = notification()
    const headers = Object.fromEntries(
      Object.entries(n.headers).map(([k, v]) => [k.replace(/(^|-)\w/g, (c) => c.toUpperCase()), v]),
    )
    await expect(
      channel.parseNotification({ headers, body: Buffer.from(n.body).toString('base64'), isBase64Encoded: true }),
    ).resolves.toMatchObject({
      orderId: 'QZ2026112300001',
    })
  })

  it('accepts a timestamp within five minutes either way', async () => {
    await expect(
      channel.parseNotification(notification({ at: new Date(NOW.getTime() - 299_000) })),
    ).resolves.toMatchObject({ type: 'TRANSACTION.SUCCESS' })
    await expect(
      channel.parseNotification(notification({ at: new Date(NOW.getTime() + 299_000) })),
    ).resolves.toMatchObject({ type: 'TRANSACTION.SUCCESS' })
  })

  it('reads refund and transfer notifications', async () => {
    const refund = notification({
      event: 'REFUND.SUCCESS',
      aad: 'refund',
      resource: {
        mchid: config.mchid,
        out_trade_no: 'QZ2026112300001',
        transaction_id: '4200000000202611230000000001',
        out_refund_no: 'QZ2026112300001-r1',
        refund_id: '50000000382019052709732678859',
        refund_status: 'SUCCESS',
        success_time: '2026-11-23T19:10:00+08:00',
        amount: { total: 9900, refund: 4000, payer_total: 9900, payer_refund: 4000 },
      },
    })
    await expect(channel.parseNotification(refund)).resolves.toMatchObject({
      type: 'REFUND.SUCCESS',
      orderId: 'QZ2026112300001',
      refundId: 'QZ2026112300001-r1',
      amountFen: 4000,
      state: 'SUCCESS',
    })
    const transfer = notification({
      event: 'MCHTRANSFER.BILL.FINISHED',
      aad: 'mch_payment',
      resource: {
        out_bill_no: 'W123',
        transfer_bill_no: '1330000071100999991182020050700019480001',
        state: 'FAIL',
        mch_id: config.mchid,
        transfer_amount: 2000,
        openid: 'o_owner',
        fail_reason: 'ACCOUNT_FROZEN',
      },
    })
    await expect(channel.parseNotification(transfer)).resolves.toMatchObject({
      type: 'MCHTRANSFER.BILL.FINISHED',
      outBillNo: 'W123',
      state: 'FAIL',
      amountFen: 2000,
      failReason: 'ACCOUNT_FROZEN',
    })
  })

  it.each([
    ['a forged signature', notification({ signer: stranger.privateKey }), /bad signature/],
    ['a wrong serial', notification({ serial: 'PUB_KEY_ID_0000000000000000000000000000' }), /unknown Wechatpay-Serial/],
    [
      'a platform-certificate serial instead of the public key id',
      notification({ serial: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1' }),
      /unknown Wechatpay-Serial/,
    ],
    ['a stale timestamp', notification({ at: new Date(NOW.getTime() - 301_000) }), /timestamp/],
    ['a timestamp from the future', notification({ at: new Date(NOW.getTime() + 3600_000) }), /timestamp/],
    ['a body changed after signing', notification({ body: (b) => b.replace('支付成功', '支付失败') }), /bad signature/],
    [
      'a resource encrypted with another APIv3 key',
      notification({ key: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345' }),
      /APIv3 key/,
    ],
  ])('rejects %s', async (_name, request, why) => {
    const err = await rejection(request)
    expect(err).toBeInstanceOf(DomainError)
    expect(err.code).toBe('notification_rejected')
    expect(err.message).toMatch(why)
  })

  it('rejects a tampered ciphertext even when the tamperer re-signs nothing else', async () => {
    // the attacker cannot sign, so the signature check fails first; a tampered ciphertext under a
    // valid signature (a compromised signer) is still caught by the GCM tag
    const body = JSON.parse(notification().body)
    const bytes = Buffer.from(body.resource.ciphertext, 'base64')
    bytes[3] ^= 0xff
    body.resource.ciphertext = bytes.toString('base64')
    const text = JSON.stringify(body)
    const timestamp = String(Math.floor(NOW.getTime() / 1000))
    const signature = createSign('RSA-SHA256').update(`${timestamp}\nn1\n${text}\n`).sign(platform.privateKey, 'base64')
    const err = await rejection({
      headers: {
        'Wechatpay-Timestamp': timestamp,
        'Wechatpay-Nonce': 'n1',
        'Wechatpay-Signature': signature,
        'Wechatpay-Serial': KEY_ID,
      },
      body: text,
    })
    expect(err.code).toBe('notification_rejected')
    expect(err.message).toMatch(/APIv3 key/)
  })

  it('rejects missing headers, a parsed object body, another merchant and unknown events', async () => {
    const n = notification()
    const { 'wechatpay-signature': _s, ...unsigned } = n.headers
    void _s
    expect((await rejection({ headers: unsigned, body: n.body })).code).toBe('notification_rejected')
    expect((await rejection({ headers: n.headers, body: JSON.parse(n.body) })).code).toBe('notification_rejected')
    expect((await rejection(notification({ resource: { ...transaction, mchid: '1900000999' } }))).message).toMatch(
      /another merchant/,
    )
    expect((await rejection(notification({ resource: { ...transaction, appid: 'wx_other' } }))).message).toMatch(
      /another appid/,
    )
    expect((await rejection(notification({ event: 'TRANSACTION.WHATEVER' }))).message).toMatch(/unsupported event_type/)
  })
})
