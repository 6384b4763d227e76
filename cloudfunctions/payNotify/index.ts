/**
 * WeChat Pay's notifications (docs/money.md): reached through CloudBase HTTP access. Verified and
 * decrypted by the channel; the amount and order must match ours; then the effect runs in one
 * transaction, and only after it committed does WeChat get its 2xx (a failure is retried).
 */
import { DomainError } from '../core/errors'
import { createHttpMain } from '../runtime/handler'
import { fulfilPaid } from '../runtime/fulfil'
import { payments } from '../runtime/payments'
import { markRefund, seqOfRefundId } from '../runtime/refunds'
import { orders } from '../runtime/repos/money'
import { refreshWithdrawal } from '../runtime/withdrawals'

/**
 * 小程序虚拟支付's delivery push (xpay_goods_deliver_notify), pushed to this function. Anyone can
 * call a function by name, so the push is only a hint: the order is paid when the virtual-payment
 * query (server to server) says so, for the amount on record.
 */
async function virtualDelivery(
  event: Record<string, unknown>,
  ctx: Parameters<Parameters<typeof createHttpMain>[0]['handle']>[1],
) {
  const hint = await payments().byName('virtual').parseNotification({ headers: {}, body: event })
  const order = hint.orderId ? await orders.get(hint.orderId) : null
  if (!order || order.channel !== 'virtual') throw new DomainError('notification_rejected')
  const result = await payments().byName('virtual').queryOrder(order._id, { payerOpenid: order.buyer })
  if (result.state !== 'SUCCESS' || !result.transactionId || result.amountFen === undefined)
    throw new DomainError('notification_rejected')
  // idempotent: a repeated push (WeChat retries until it reads ErrCode 0) fulfils nothing twice
  await fulfilPaid(
    order._id,
    { transactionId: result.transactionId, amountFen: result.amountFen, paidAt: result.paidAt ?? ctx.now },
    ctx.now,
  )
}

export const main = createHttpMain({
  name: 'payNotify',
  pushes: { xpay_goods_deliver_notify: virtualDelivery },
  // WeChat reads the push's answer: ErrCode 0 once fulfilled; anything else makes it push again
  pushAnswer: (result) => (result.ok ? { ErrCode: 0, ErrMsg: 'Success' } : { ErrCode: 1, ErrMsg: result.error.code }),
  async handle(req, ctx) {
    const n = await payments().wxpay().parseNotification({ headers: req.headers, body: req.body })
    if (n.type === 'TRANSACTION.SUCCESS') {
      // the order is read (and its amount checked) in fulfilPaid's transaction: no read before it
      if (!n.orderId || !n.transactionId || n.amountFen === undefined) throw new DomainError('notification_rejected')
      await fulfilPaid(
        n.orderId,
        { transactionId: n.transactionId, amountFen: n.amountFen, paidAt: n.paidAt ?? ctx.now },
        ctx.now,
      )
    } else if (n.type === 'REFUND.SUCCESS' || n.type === 'REFUND.ABNORMAL' || n.type === 'REFUND.CLOSED') {
      if (!n.orderId || !n.refundId) throw new DomainError('notification_rejected')
      await markRefund(
        n.orderId,
        seqOfRefundId(n.refundId),
        n.type === 'REFUND.SUCCESS' ? 'succeeded' : 'failed',
        ctx.now,
      )
    } else if (n.type === 'MCHTRANSFER.BILL.FINISHED') {
      if (!n.outBillNo) throw new DomainError('notification_rejected')
      await refreshWithdrawal(n.outBillNo, ctx.now)
    }
  },
})
