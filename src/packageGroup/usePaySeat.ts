import { useState } from 'react'
import Taro from '@tarojs/taro'
import type { GroupStart } from '@core/contracts/group'
import { useSubmit } from '@/hooks/useSubmit'
import { openCashier } from '@/services/pay'
import { cashierUrl, resultUrl } from '../packagePay/routes'

/**
 * 开团 / 参团: the server's order for a seat, then the channel's cashier, then the result page that
 * asks the server (the seat is taken when the payment arrives, not before).
 */
export function usePaySeat() {
  const [error, setError] = useState('')
  const { busy, run } = useSubmit(
    async (order: () => Promise<GroupStart>) => {
      setError('')
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
    },
    { onError: (e) => setError(e.message) },
  )
  return { run, busy, error }
}
