/**
 * The pay simulator against the PRODUCTION wxpay adapter (cloudfunctions/runtime/payment), and a
 * fixture payNotify function that verifies notifications with that same adapter inside the
 * gateway: prepay → cashier → notification; queries; refunds; 分账; 商家转账 with its confirm
 * step; duplicate, late, held, dropped, retried and forged notifications through the control API.
 */
import { createVerify, generateKeyPairSync } from 'crypto'
import { existsSync, readFileSync } from 'fs'
import { loadOrCreateKeys } from '../../localcloud/paysim/keys'
import { execFileSync } from 'child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'fs'
import path from 'path'
import { createWxpayChannel } from '../../cloudfunctions/runtime/payment/wxpay'
import { readWxpayConfig } from '../../cloudfunctions/runtime/payment/config'
import { startLocalCloud, type LocalCloud } from '../../localcloud/server'
import { quiet, ROOT, tempDir, WORKER } from './helpers'

function buildPaysimFixtures(): { dir: string; cleanup: () => void } {
  const base = path.join(ROOT, 'node_modules', '.cache', 'quanzi-localcloud-test')
  mkdirSync(base, { recursive: true })
  const dir = mkdtempSync(path.join(base, 'payfn-'))
  execFileSync(
    process.execPath,
    [
      path.join(ROOT, 'scripts', 'build-functions.mjs'),
      '--dir',
      path.join(__dirname, 'fixtures', 'paysim-functions'),
      '--out',
      dir,
    ],
    { stdio: 'pipe' },
  )
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

async function startPaysimCloud(): Promise<{ cloud: LocalCloud; close: () => Promise<void> }> {
  const fixtures = buildPaysimFixtures()
  const data = tempDir('paydata')
  const cloud = await startLocalCloud({
    root: ROOT,
    dataDir: data.dir,
    port: 0,
    functionsDir: fixtures.dir,
    h5Dir: path.join(data.dir, 'no-h5'),
    collections: [{ name: 'users' }],
    timers: false,
    workerPath: WORKER,
    log: quiet,
  })
  return {
    cloud,
    close: async () => {
      await cloud.close()
      fixtures.cleanup()
      data.cleanup()
    },
  }
}

/** The production adapter, configured exactly as the gateway configures the functions. */
function localChannel(cloud: LocalCloud, env: Record<string, string> = {}) {
  const config = readWxpayConfig({ ...cloud.pay.functionEnv(), ...env })!
  return createWxpayChannel(config, { name: 'local', now: () => cloud.clock.now() })
}

async function waitFor<T>(probe: () => T | Promise<T>, ok: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (ok(value)) return value
    if (Date.now() > until) throw new Error(`timed out waiting; last value: ${JSON.stringify(value)}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

let counter = 0
/** A fresh out_trade_no (≤ 32 chars) for each test. */
function orderNo(tag = 'T'): string {
  counter += 1
  return `QZ${tag}${Date.now().toString(36)}${counter}`.slice(0, 32)
}

// ---------- the suite ----------

jest.setTimeout(20_000)

let cloud: LocalCloud
let close: () => Promise<void>
let channel: ReturnType<typeof localChannel>

beforeAll(async () => {
  ;({ cloud, close } = await startPaysimCloud())
  channel = localChannel(cloud)
})

afterAll(async () => {
  await close?.()
})

const url = (p: string) => `http://127.0.0.1:${cloud.port}${p}`
const post = async (p: string, body: unknown = {}, headers: Record<string, string> = {}) => {
  const res = await fetch(url(p), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json().catch(() => null)) as any }
}
const get = async (p: string) => {
  const res = await fetch(url(p))
  return { status: res.status, body: (await res.json()) as any }
}

async function notificationsFor(ref: string): Promise<any[]> {
  const state = (await get('/_control/pay/state')).body
  return state.notifications.filter((n: any) => n.ref === ref)
}

function delivered(list: any[]): boolean {
  return list.length > 0 && list.every((n) => n.state === 'delivered')
}

/** What the payNotify fixture (the production parser, inside a function) made of a delivery. */
function accepted(n: any): any {
  const last = n.attempts[n.attempts.length - 1]
  expect(last.status).toBe(200)
  return JSON.parse(last.response).accepted
}

async function prepaid(
  options: { orderId?: string; amountFen?: number; payer?: string; profitSharing?: boolean } = {},
) {
  const orderId = options.orderId ?? orderNo()
  const params = await channel.prepay({
    orderId,
    amountFen: options.amountFen ?? 9900,
    description: '人像摄影进阶 · 入圈一年',
    payerOpenid: options.payer ?? 'o_demo_wu_xiao',
    expiresAt: new Date(cloud.clock.now().getTime() + 30 * 60_000),
    profitSharing: options.profitSharing ?? false,
  })
  return { orderId, params }
}

async function paid(options: Parameters<typeof prepaid>[0] = {}) {
  const order = await prepaid(options)
  const res = await post(
    `/paysim/cashier/${order.orderId}/pay`,
    {},
    { 'x-dev-openid': options.payer ?? 'o_demo_wu_xiao' },
  )
  expect(res.status).toBe(200)
  return order
}

describe('a JSAPI payment through the simulator', () => {
  it('prepays, shows the cashier, and on pay delivers a notification the production parser accepts', async () => {
    const { orderId, params } = await prepaid({ amountFen: 12800 })
    expect(params).toMatchObject({ kind: 'jsapi', signType: 'RSA', package: expect.stringMatching(/^prepay_id=wx/) })
    if (params.kind !== 'jsapi') throw new Error('expected jsapi')
    // paySign is the merchant's signature over the four lines WeChat checks
    const message = `${cloud.appId}\n${params.timeStamp}\n${params.nonceStr}\n${params.package}\n`
    expect(
      createVerify('RSA-SHA256').update(message).verify(cloud.pay.keys.merchantPublicKey, params.paySign, 'base64'),
    ).toBe(true)

    expect((await get(`/paysim/cashier/${orderId}`)).body).toMatchObject({
      orderId,
      amountFen: 12800,
      description: '人像摄影进阶 · 入圈一年',
      state: 'NOTPAY',
    })
    await expect(channel.queryOrder(orderId)).resolves.toEqual({
      state: 'NOTPAY',
      amountFen: 12800,
      payerOpenid: 'o_demo_wu_xiao',
    })

    const pay = await post(`/paysim/cashier/${orderId}/pay`, {}, { 'x-dev-openid': 'o_demo_wu_xiao' })
    expect(pay).toMatchObject({ status: 200, body: { state: 'SUCCESS' } })

    const [n] = await waitFor(() => notificationsFor(orderId), delivered)
    expect(n).toMatchObject({
      eventType: 'TRANSACTION.SUCCESS',
      url: url('/http/payNotify').replace('localhost', '127.0.0.1'),
    })
    const seen = accepted(n)
    const query = await channel.queryOrder(orderId)
    expect(query).toMatchObject({
      state: 'SUCCESS',
      amountFen: 12800,
      payerOpenid: 'o_demo_wu_xiao',
      transactionId: expect.stringMatching(/^4200\d{24}$/),
    })
    expect(seen).toMatchObject({
      type: 'TRANSACTION.SUCCESS',
      orderId,
      amountFen: 12800,
      payerOpenid: 'o_demo_wu_xiao',
      transactionId: query.transactionId,
    })
    expect(new Date(seen.paidAt).getTime()).toBe(query.paidAt!.getTime())
  })

  it('refuses to be paid by someone else, twice, or after closing', async () => {
    const { orderId } = await prepaid()
    expect((await post(`/paysim/cashier/${orderId}/pay`, {}, { 'x-dev-openid': 'o_demo_lin_zhiyuan' })).status).toBe(
      403,
    )
    expect(
      (await post(`/paysim/cashier/${orderId}/cancel`, {}, { 'x-dev-openid': 'o_demo_wu_xiao' })).body,
    ).toMatchObject({ state: 'NOTPAY', cancelled: true })
    await channel.closeOrder(orderId)
    await expect(channel.queryOrder(orderId)).resolves.toMatchObject({ state: 'CLOSED' })
    expect(await post(`/paysim/cashier/${orderId}/pay`, {}, { 'x-dev-openid': 'o_demo_wu_xiao' })).toMatchObject({
      status: 400,
      body: { ok: false, error: { code: 'order_closed' } },
    })

    const done = await paid()
    expect((await post(`/paysim/cashier/${done.orderId}/pay`)).status).toBe(400)
    await expect(channel.closeOrder(done.orderId)).rejects.toMatchObject({
      code: 'payment_channel_unavailable',
      channelCode: 'ORDERPAID',
    })
  })

  it('answers an unknown order with order_not_found', async () => {
    await expect(channel.queryOrder('QZnope')).rejects.toMatchObject({ code: 'order_not_found' })
    expect((await get('/paysim/cashier/QZnope')).status).toBe(404)
  })
})

describe('refunds', () => {
  it('refunds through the original payment and notifies REFUND.SUCCESS', async () => {
    const { orderId } = await paid({ amountFen: 9900 })
    const refund = await channel.refund({
      orderId,
      refundId: `${orderId}r1`,
      amountFen: 4000,
      totalFen: 9900,
      reason: '七天无理由',
    })
    expect(refund).toMatchObject({ refundId: `${orderId}r1`, status: 'PROCESSING', amountFen: 4000 })
    const [n] = await waitFor(() => notificationsFor(`${orderId}r1`), delivered)
    expect(accepted(n)).toMatchObject({
      type: 'REFUND.SUCCESS',
      orderId,
      refundId: `${orderId}r1`,
      amountFen: 4000,
      state: 'SUCCESS',
    })
    await expect(channel.queryRefund(`${orderId}r1`)).resolves.toMatchObject({ status: 'SUCCESS', amountFen: 4000 })
    await expect(channel.queryOrder(orderId)).resolves.toMatchObject({ state: 'REFUND' })
    // the same refund id again is the same refund; more than is left is refused
    await expect(
      channel.refund({ orderId, refundId: `${orderId}r1`, amountFen: 4000, totalFen: 9900, reason: '' }),
    ).resolves.toMatchObject({ status: 'SUCCESS' })
    await expect(
      channel.refund({ orderId, refundId: `${orderId}r2`, amountFen: 6000, totalFen: 9900, reason: '' }),
    ).rejects.toMatchObject({ channelCode: 'NOT_ENOUGH', httpStatus: 403 })
  })

  it('fails the next refund on request: ABNORMAL, with REFUND.ABNORMAL', async () => {
    const { orderId } = await paid()
    await post('/_control/pay/refunds/fail-next', { orderId })
    await channel.refund({ orderId, refundId: `${orderId}x`, amountFen: 9900, totalFen: 9900, reason: '' })
    const [n] = await waitFor(() => notificationsFor(`${orderId}x`), delivered)
    expect(accepted(n)).toMatchObject({ type: 'REFUND.ABNORMAL', state: 'ABNORMAL' })
    await expect(channel.queryRefund(`${orderId}x`)).resolves.toMatchObject({ status: 'ABNORMAL' })
  })
})

describe('bending notifications through the control API', () => {
  it('sends one notification N times, with one notification id', async () => {
    const { orderId } = await prepaid()
    expect(await post(`/_control/pay/next-notification/${orderId}`, { copies: 3 })).toMatchObject({
      status: 200,
      body: { plan: { copies: 3 } },
    })
    await post(`/_control/pay/orders/${orderId}/pay`)
    const list = await waitFor(
      () => notificationsFor(orderId),
      (l) => l.length === 3 && delivered(l),
    )
    expect(new Set(list.map((n) => n.notificationId)).size).toBe(1)
    for (const n of list) expect(accepted(n)).toMatchObject({ orderId, type: 'TRANSACTION.SUCCESS' })
  })

  it('delivers a refund before its payment when the payment is held back (out of order)', async () => {
    const { orderId } = await prepaid()
    await post(`/_control/pay/next-notification/${orderId}`, { hold: 'release' })
    await post(`/_control/pay/orders/${orderId}/pay`)
    await channel.refund({ orderId, refundId: `${orderId}r`, amountFen: 9900, totalFen: 9900, reason: '' })
    await waitFor(() => notificationsFor(`${orderId}r`), delivered)
    expect((await notificationsFor(orderId))[0]).toMatchObject({ state: 'held', attempts: [] })

    const released = await post('/_control/pay/notifications/release', { ref: orderId })
    expect(released.body.notifications).toHaveLength(1)
    const [payment] = await notificationsFor(orderId)
    const [refund] = await notificationsFor(`${orderId}r`)
    expect(payment.state).toBe('delivered')
    expect(accepted(payment)).toMatchObject({ type: 'TRANSACTION.SUCCESS', orderId })
    expect(new Date(payment.attempts[0].at).getTime()).toBeGreaterThanOrEqual(new Date(refund.attempts[0].at).getTime())
  })

  it('sends late: on the next clock advance, or after a delay on the simulated clock', async () => {
    const a = await prepaid()
    await post(`/_control/pay/next-notification/${a.orderId}`, { hold: 'advance' })
    const b = await prepaid()
    await post(`/_control/pay/next-notification/${b.orderId}`, { delayMs: 10 * 60_000 })
    await post(`/_control/pay/orders/${a.orderId}/pay`)
    await post(`/_control/pay/orders/${b.orderId}/pay`)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect((await notificationsFor(a.orderId))[0]).toMatchObject({ state: 'held', attempts: [] })
    expect((await notificationsFor(b.orderId))[0]).toMatchObject({ state: 'pending', attempts: [] })

    await post('/_control/clock', { advanceMs: 60_000 })
    const [late] = await waitFor(() => notificationsFor(a.orderId), delivered)
    // signed at the moment it is sent, so still fresh for the function's (advanced) clock
    expect(accepted(late)).toMatchObject({ orderId: a.orderId })
    expect((await notificationsFor(b.orderId))[0].state).toBe('pending')

    await post('/_control/clock', { advanceMs: 10 * 60_000 })
    const [delayed] = await waitFor(() => notificationsFor(b.orderId), delivered)
    expect(accepted(delayed)).toMatchObject({ orderId: b.orderId })
  })

  it('never sends a dropped notification; the order query still tells the truth', async () => {
    const { orderId } = await prepaid()
    await post(`/_control/pay/next-notification/${orderId}`, { drop: true })
    await post(`/_control/pay/orders/${orderId}/pay`)
    await post('/_control/pay/notifications/flush')
    expect(await notificationsFor(orderId)).toEqual([expect.objectContaining({ state: 'dropped', attempts: [] })])
    await expect(channel.queryOrder(orderId)).resolves.toMatchObject({ state: 'SUCCESS' })
  })

  it("retries a refused notification on WeChat's schedule (15 s first)", async () => {
    const { orderId } = await prepaid({ orderId: orderNo('FAIL') })
    await post(`/_control/pay/orders/${orderId}/pay`)
    const [first] = await waitFor(
      () => notificationsFor(orderId),
      (l) => l[0]?.attempts.length === 1,
    )
    expect(first).toMatchObject({ state: 'pending', attempts: [expect.objectContaining({ status: 500 })] })
    expect(new Date(first.nextAt).getTime() - new Date(first.attempts[0].at).getTime()).toBe(15_000)
    await post('/_control/clock', { advanceMs: 15_000 })
    const [second] = await waitFor(
      () => notificationsFor(orderId),
      (l) => l[0]?.attempts.length === 2,
    )
    expect(new Date(second.nextAt).getTime() - new Date(second.attempts[1].at).getTime()).toBe(15_000)
    await post('/_control/pay/notifications/flush')
    expect((await notificationsFor(orderId))[0].attempts).toHaveLength(3)
  })

  it.each(['signature', 'serial', 'stale', 'ciphertext', 'apiv3key', 'body'])(
    'has a forged notification (%s) refused by the receiver',
    async (flaw) => {
      const { orderId } = await prepaid()
      const res = await post('/_control/pay/notifications/forge', { orderId, flaw })
      expect(res.status).toBe(200)
      expect(res.body.status).toBe(401)
      expect(JSON.parse(res.body.response)).toMatchObject({
        code: 'FAIL',
        message: expect.stringMatching(/notification rejected/),
      })
      await expect(channel.queryOrder(orderId)).resolves.toMatchObject({ state: 'NOTPAY' })
    },
  )
})

describe('the simulator checks the merchant like WeChat does', () => {
  it('refuses a request signed with another merchant key (401 SIGN_ERROR)', async () => {
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    })
    const impostor = localChannel(cloud, { WXPAY_MCH_PRIVATE_KEY: privateKey })
    await expect(impostor.queryOrder('QZwhatever')).rejects.toMatchObject({
      code: 'payment_channel_unavailable',
      channelCode: 'SIGN_ERROR',
      httpStatus: 401,
    })
    const unsigned = await fetch(url('/paysim/v3/pay/transactions/out-trade-no/QZx?mchid=1900000001'))
    expect(unsigned.status).toBe(401)
    expect(unsigned.headers.get('wechatpay-signature')).toBeTruthy()
  })

  it('signs its answers, and the adapter refuses answers it cannot verify', async () => {
    const { publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    })
    const gullible = localChannel(cloud, { WXPAY_PUBLIC_KEY: publicKey })
    const { orderId } = await prepaid()
    await expect(gullible.queryOrder(orderId)).rejects.toMatchObject({
      code: 'payment_channel_unavailable',
      channelCode: 'EV3_RES_HEADER_SIGNATURE_DIGEST',
    })
  })
})

describe('分账', () => {
  it('shares up to 30 % with added receivers, then unfreezes the rest', async () => {
    const { orderId } = await paid({ amountFen: 10000, profitSharing: true })
    const { transactionId } = await channel.queryOrder(orderId)
    const receiver = {
      type: 'PERSONAL_OPENID' as const,
      account: 'o_demo_chen_xiaoyu',
      amountFen: 2000,
      description: '合伙人分成',
    }
    await expect(
      channel.requestProfitSharing({
        transactionId: transactionId!,
        outOrderNo: `${orderId}s`,
        receivers: [receiver],
        unfreezeUnsplit: false,
      }),
    ).rejects.toMatchObject({ channelCode: 'RECEIVER_INVALID' })
    await channel.addProfitSharingReceiver({
      type: 'PERSONAL_OPENID',
      account: 'o_demo_chen_xiaoyu',
      relationType: 'PARTNER',
    })
    await expect(
      channel.requestProfitSharing({
        transactionId: transactionId!,
        outOrderNo: `${orderId}big`,
        receivers: [{ ...receiver, amountFen: 3001 }],
        unfreezeUnsplit: false,
      }),
    ).rejects.toMatchObject({ channelCode: 'INVALID_REQUEST' })
    const shared = await channel.requestProfitSharing({
      transactionId: transactionId!,
      outOrderNo: `${orderId}s`,
      receivers: [receiver],
      unfreezeUnsplit: false,
    })
    expect(shared).toMatchObject({
      outOrderNo: `${orderId}s`,
      state: 'PROCESSING',
      receivers: [{ account: 'o_demo_chen_xiaoyu', amountFen: 2000, result: 'PENDING' }],
    })
    await waitFor(
      () => channel.queryProfitSharing({ transactionId: transactionId!, outOrderNo: `${orderId}s` }),
      (r) => r.state === 'FINISHED',
    )
    const rest = await channel.unfreezeRemaining({
      transactionId: transactionId!,
      outOrderNo: `${orderId}u`,
      description: '解冻剩余资金',
    })
    expect(rest).toMatchObject({ state: 'FINISHED', receivers: [{ amountFen: 8000 }] })
  })
})

describe('商家转账', () => {
  const bill = () => `W${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`

  it('waits for the user to confirm, then succeeds and notifies MCHTRANSFER.BILL.FINISHED', async () => {
    const outBillNo = bill()
    const created = await channel.createTransferBill({
      outBillNo,
      openid: 'o_demo_su_nian',
      amountFen: 5000,
      remark: '圈子收入提现',
    })
    expect(created).toMatchObject({
      outBillNo,
      state: 'WAIT_USER_CONFIRM',
      packageInfo: expect.any(String),
      transferBillNo: expect.any(String),
    })
    // the same bill number again is the same bill, never a second transfer
    await expect(
      channel.createTransferBill({ outBillNo, openid: 'o_demo_su_nian', amountFen: 5000, remark: '圈子收入提现' }),
    ).resolves.toMatchObject({ transferBillNo: created.transferBillNo })
    await expect(channel.queryTransferBill(outBillNo)).resolves.toMatchObject({
      state: 'WAIT_USER_CONFIRM',
      amountFen: 5000,
    })

    expect(
      (await post(`/paysim/transfers/${outBillNo}/confirm`, {}, { 'x-dev-openid': 'o_demo_wu_xiao' })).status,
    ).toBe(403)
    expect(
      await post(`/paysim/transfers/${outBillNo}/confirm`, {}, { 'x-dev-openid': 'o_demo_su_nian' }),
    ).toMatchObject({ status: 200, body: { state: 'SUCCESS' } })
    await expect(channel.queryTransferBill(outBillNo)).resolves.toMatchObject({ state: 'SUCCESS' })
    const [n] = await waitFor(() => notificationsFor(outBillNo), delivered)
    expect(accepted(n)).toMatchObject({
      type: 'MCHTRANSFER.BILL.FINISHED',
      outBillNo,
      state: 'SUCCESS',
      amountFen: 5000,
    })
  })

  it('fails or expires a transfer on request, and expires it after 24 simulated hours', async () => {
    const failing = bill()
    await channel.createTransferBill({ outBillNo: failing, openid: 'o_demo_su_nian', amountFen: 100, remark: '提现' })
    expect(await post(`/_control/pay/transfers/${failing}/fail`, { reason: 'ACCOUNT_NOT_VERIFIED' })).toMatchObject({
      body: { state: 'FAIL' },
    })
    await expect(channel.queryTransferBill(failing)).resolves.toMatchObject({
      state: 'FAIL',
      failReason: 'ACCOUNT_NOT_VERIFIED',
    })
    const [n] = await waitFor(() => notificationsFor(failing), delivered)
    expect(accepted(n)).toMatchObject({ state: 'FAIL', failReason: 'ACCOUNT_NOT_VERIFIED' })

    const expiring = bill()
    await channel.createTransferBill({ outBillNo: expiring, openid: 'o_demo_su_nian', amountFen: 100, remark: '提现' })
    expect(await post(`/_control/pay/transfers/${expiring}/expire`)).toMatchObject({ body: { state: 'CANCELLED' } })
    expect((await post(`/paysim/transfers/${expiring}/confirm`, {}, { 'x-dev-openid': 'o_demo_su_nian' })).status).toBe(
      400,
    )

    const forgotten = bill()
    await channel.createTransferBill({ outBillNo: forgotten, openid: 'o_demo_su_nian', amountFen: 100, remark: '提现' })
    await post('/_control/clock', { advanceMs: 24 * 3600_000 + 60_000 })
    await expect(channel.queryTransferBill(forgotten)).resolves.toMatchObject({
      state: 'CANCELLED',
      failReason: 'EXPIRED',
    })
  })

  it('cancels a bill the merchant revokes', async () => {
    const outBillNo = bill()
    await channel.createTransferBill({ outBillNo, openid: 'o_demo_su_nian', amountFen: 100, remark: '提现' })
    await expect(channel.cancelTransferBill(outBillNo)).resolves.toMatchObject({ state: 'CANCELING' })
    await waitFor(
      () => channel.queryTransferBill(outBillNo),
      (t) => t.state === 'CANCELLED',
    )
  })

  it('needs the real name from 2 000 元, encrypted with the WeChat Pay public key', async () => {
    await expect(
      channel.createTransferBill({ outBillNo: bill(), openid: 'o_demo_su_nian', amountFen: 200_000, remark: '提现' }),
    ).rejects.toMatchObject({ channelCode: 'PARAM_ERROR' })
    const outBillNo = bill()
    await expect(
      channel.createTransferBill({
        outBillNo,
        openid: 'o_demo_su_nian',
        amountFen: 200_000,
        remark: '提现',
        userName: '苏念',
      }),
    ).resolves.toMatchObject({ state: 'WAIT_USER_CONFIRM' })
    const state = (await get('/_control/pay/state')).body
    expect(state.transfers.find((t: any) => t.outBillNo === outBillNo).userName).toBe('苏念')
  })
})

describe('HTTP access (云接入) to a function', () => {
  it('invokes the function with the integration request and answers its statusCode, headers and body', async () => {
    const res = await fetch(url('/http/httpEcho/hook?x=1'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-dev-openid': 'o_demo_wu_xiao' },
      body: '{"a":1}',
    })
    expect(res.status).toBe(201)
    expect(res.headers.get('x-echo')).toBe('yes')
    const body: any = await res.json()
    expect(body.event).toMatchObject({
      httpMethod: 'POST',
      path: '/hook',
      queryStringParameters: { x: '1' },
      body: '{"a":1}',
      isBase64Encoded: false,
      headers: expect.objectContaining({ 'content-type': 'application/json' }),
      requestContext: expect.objectContaining({ envId: 'quanzi-local' }),
    })
    // WeChat's servers are nobody: no user in the context, whatever headers arrive
    expect(body.openid).toBeNull()
    expect(body.wxpayBaseUrl).toBe(`http://127.0.0.1:${cloud.port}/paysim/`)
  })

  it('passes binary bodies base64-encoded, answers plain results as JSON and unknown functions 404', async () => {
    const res = await fetch(url('/http/httpEcho'), {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.from([0, 1, 2, 255]),
    })
    const body: any = await res.json()
    expect(body.event).toMatchObject({
      isBase64Encoded: true,
      body: Buffer.from([0, 1, 2, 255]).toString('base64'),
      path: '/',
    })
    expect(await (await fetch(url('/http/httpEcho/raw'), { method: 'POST' })).json()).toEqual({ hello: 'plain object' })
    expect((await fetch(url('/http/nope'), { method: 'POST' })).status).toBe(404)
  })
})

describe("the simulator's keys and state", () => {
  it('keeps its keys across restarts and gives the functions the local channel environment', async () => {
    const { env } = (await get('/_control/pay/env')).body
    expect(env).toMatchObject({
      WXPAY_MCHID: cloud.pay.keys.mchid,
      WXPAY_PUBLIC_KEY_ID: expect.stringMatching(/^PUB_KEY_ID_LOCAL/),
      WXPAY_NOTIFY_URL: `http://127.0.0.1:${cloud.port}/http/payNotify`,
    })
    expect(env.WXPAY_APIV3_KEY).toHaveLength(32)
    const again = loadOrCreateKeys(path.join(cloud.dataDir, 'paysim'))
    expect(again).toEqual(cloud.pay.keys)
  })

  it('persists orders, refunds and transfers under the data folder', async () => {
    const { orderId } = await paid()
    await waitFor(() => notificationsFor(orderId), delivered)
    const file = path.join(cloud.dataDir, 'paysim', 'state.json')
    expect(existsSync(file)).toBe(true)
    expect(JSON.parse(readFileSync(file, 'utf8')).orders[orderId]).toMatchObject({ state: 'SUCCESS' })
  })
})
