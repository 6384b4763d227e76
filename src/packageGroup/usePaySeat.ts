import { useState } from 'react'
import Taro from '@tarojs/taro'
import type { GroupStart } from '@core/contracts/group'
import { toApiError } from '@/services/cloud'
import { openCashier } from '@/services/pay'
import { cashierUrl, resultUrl } from '../packagePay/routes'

/**
 * 开团 / 参团: the server's order for a seat, then the channel's cashier, then the result page that
 * asks the server (the seat is taken when the payment arrives, not before).
 */
export function usePaySeat() {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const run = async (order: () => Promise<GroupStart>) => {
    if (busy) return
    setBusy(true)
    setError('')
    try {
      const start = await order()
      const outcome = await openCashier(
        start.pay,
        (url) => void Taro.navigateTo({ url }),
        cashierUrl,
        '支付没有完成，可在「我的订单」中继续支付；付款后才占座',
      )
      if (outcome.kind === 'submitted') void Taro.navigateTo({ url: resultUrl(start.orderId) })
      else if (outcome.kind === 'cancelled') setError('已取消支付，付款后才占座')
      else if (outcome.kind === 'failed') setError(outcome.message)
    } catch (e) {
      setError(toApiError(e).message)
    } finally {
      setBusy(false)
    }
  }
  return { run, busy, error }
}
