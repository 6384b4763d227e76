/**
 * The outbox (docs/architecture.md, house style 5): every call to WeChat a transaction decided
 * (a refund, a transfer, 分账) is an outbox record written in that transaction and performed here
 * after commit, at once and again by the timer until it succeeds. Each call is idempotent at
 * WeChat by its own deterministic id, so performing one twice is harmless.
 */
import type { OrderRecord } from '../core/money'
import type { OutboxRecord } from '../core/money-records'
import { payments } from './payments'
import { markRefund } from './refunds'
import { orders, outbox } from './repos/money'
import { startTransfer } from './withdrawals'

const BACKOFF_MS = [0, 60_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000, 12 * 3600_000]

/** Performs due effects (or the given ones now). Each is idempotent by its own id at WeChat. */
export async function dispatchOutbox(
  now: Date,
  opts: { only?: string[]; limit?: number } = {},
): Promise<{ done: number; failed: number }> {
  // the effects named: one read for all of them (a sweep's page names 50)
  const due = opts.only
    ? (await outboxRecords(opts.only)).filter((r) => r.state === 'pending')
    : await outbox.due(now, opts.limit ?? 50)
  let done = 0
  let failed = 0
  // Marked done together at the end (one write for the run, not one per effect): a run that dies
  // before it leaves them pending, and the next performs them again, which WeChat answers by id.
  const performed: string[] = []
  for (const effect of due) {
    try {
      await perform(effect, now)
      performed.push(effect._id)
      done += 1
    } catch (e) {
      failed += 1
      const attempts = effect.attempts + 1
      console.error(
        JSON.stringify({ level: 'error', effect: effect._id, attempts, error: String((e as Error)?.message ?? e) }),
      )
      await outbox.update(effect._id, {
        attempts,
        lastError: String((e as Error)?.message ?? e).slice(0, 300),
        dueAt: new Date(now.getTime() + BACKOFF_MS[Math.min(attempts, BACKOFF_MS.length - 1)]),
      })
    }
  }
  for (let i = 0; i < performed.length; i += 1000) await outbox.markDone(performed.slice(i, i + 1000))
  return { done, failed }
}

async function outboxRecords(ids: string[]): Promise<OutboxRecord[]> {
  const out: OutboxRecord[] = []
  for (let i = 0; i < ids.length; i += 1000) out.push(...(await outbox.getMany(ids.slice(i, i + 1000))))
  return out
}

async function perform(effect: OutboxRecord, now: Date): Promise<void> {
  if (effect.kind === 'refund') {
    const p = effect.payload as {
      orderId: string
      seq: number
      refundId: string
      amountFen: number
      totalFen: number
      reason: string
      channel: OrderRecord['channel']
      subMchid?: string | null
      sharingReturn?: { outOrderNo: string; outReturnNo: string; amountFen: number } | null
    }
    if (p.subMchid && p.sharingReturn) {
      // 分账回退 first (idempotent by out_return_no): the sub-merchant needs the fee back to refund.
      const wx = payments().wxpay()
      const back = await wx.ecommerceReturn({
        subMchid: p.subMchid,
        outOrderNo: p.sharingReturn.outOrderNo,
        outReturnNo: p.sharingReturn.outReturnNo,
        returnMchid: wx.spMchid,
        amountFen: p.sharingReturn.amountFen,
        description: '退款前回退平台服务费',
      })
      if (back.result === 'FAILED')
        throw new Error(`分账回退 ${p.sharingReturn.outReturnNo} failed: ${back.failReason ?? ''}`)
    }
    // virtual payment names an order by (buyer, order id)
    const payerOpenid = p.channel === 'virtual' ? (await orders.get(p.orderId))?.buyer : undefined
    const result = await payments().byName(p.channel).refund({
      orderId: p.orderId,
      refundId: p.refundId,
      amountFen: p.amountFen,
      totalFen: p.totalFen,
      reason: p.reason,
      subMchid: p.subMchid,
      payerOpenid,
    })
    if (result.status === 'SUCCESS') await markRefund(p.orderId, p.seq, 'succeeded', now)
    else if (result.status === 'CLOSED') await markRefund(p.orderId, p.seq, 'failed', now)
    // PROCESSING: the REFUND.* notification (or a query) finishes it. ABNORMAL: an operator must act; reconciliation reports it.
    return
  }
  if (effect.kind === 'transfer') {
    await startTransfer(String(effect.payload.withdrawalId), now)
    return
  }
  if (effect.kind === 'sharing') {
    const p = effect.payload as {
      transactionId: string
      outOrderNo: string
      receivers: { openid: string; amountFen: number }[]
    }
    const wx = payments().wxpay()
    if (p.receivers.length === 0) {
      await wx.unfreezeRemaining({
        transactionId: p.transactionId,
        outOrderNo: p.outOrderNo,
        description: '解冻剩余资金',
      })
      return
    }
    // A receiver must be added before it is paid; adding one twice is harmless at WeChat.
    for (const r of p.receivers)
      await wx.addProfitSharingReceiver({ type: 'PERSONAL_OPENID', account: r.openid, relationType: 'PARTNER' })
    await wx.requestProfitSharing({
      transactionId: p.transactionId,
      outOrderNo: p.outOrderNo,
      receivers: p.receivers.map((r) => ({
        type: 'PERSONAL_OPENID',
        account: r.openid,
        amountFen: r.amountFen,
        description: '圈子分成',
      })),
      unfreezeUnsplit: true,
    })
    return
  }
  if (effect.kind === 'ecommerce_sharing') {
    const p = effect.payload as {
      subMchid: string
      transactionId: string
      outOrderNo: string
      finishOutOrderNo: string
      receivers: { type: 'MERCHANT_ID' | 'PERSONAL_OPENID'; account: string; amountFen: number }[]
    }
    const wx = payments().wxpay()
    // The platform's fee goes to its own merchant number (sp_mchid); people must be added as receivers first.
    const receivers = p.receivers.map((r) => ({
      type: r.type,
      account: r.type === 'MERCHANT_ID' ? wx.spMchid : r.account,
      amountFen: r.amountFen,
      description: r.type === 'MERCHANT_ID' ? '平台服务费' : '圈子分成',
    }))
    for (const r of receivers)
      if (r.type === 'PERSONAL_OPENID')
        await wx.addReceiver({ type: 'PERSONAL_OPENID', account: r.account, relationType: 'PARTNER' })
    if (receivers.length > 0)
      await wx.ecommerceSharing({
        subMchid: p.subMchid,
        transactionId: p.transactionId,
        outOrderNo: p.outOrderNo,
        receivers,
        finish: false,
      })
    // 完结分账: what is left of the order is released to the owner's available balance.
    await wx.ecommerceFinish({
      subMchid: p.subMchid,
      transactionId: p.transactionId,
      outOrderNo: p.finishOutOrderNo,
      description: '分账完结',
    })
    return
  }
  throw new Error(`unknown effect ${effect.kind}`)
}
