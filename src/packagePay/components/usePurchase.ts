import { useCallback, useState } from 'react'
import Taro from '@tarojs/taro'
import type { OrderView, Platform } from '@core/contract'
import { toApiError } from '@/services/cloud'
import { type OrderExtras, type ProductChoice, useShopStore } from '../store'
import { openCashier } from '@/services/pay'
import { cashierUrl, resultUrl } from '../routes'

/**
 * Buying from a page: order on the server, open the channel's cashier, then the result page
 * (which asks the server whether money arrived). `busy` names what is being bought.
 */
export function usePurchase(circleId: string, platform: Platform) {
  const buy = useShopStore((s) => s.buy)
  const payPending = useShopStore((s) => s.payPending)
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState('')
  /** The server refused this device's channel (iPhone, virtual goods): show the other ways. */
  const [blocked, setBlocked] = useState(false)

  const pay = useCallback(async (start: { order: OrderView; pay: Parameters<typeof openCashier>[0] }) => {
    const outcome = await openCashier(start.pay, (url) => void Taro.navigateTo({ url }), cashierUrl)
    if (outcome.kind === 'submitted') void Taro.navigateTo({ url: resultUrl(start.order.id) })
    else if (outcome.kind === 'cancelled') setError('已取消支付。30 分钟内可在「我的订单」中继续支付')
    else if (outcome.kind === 'failed') setError(outcome.message)
  }, [])

  const purchase = useCallback(
    async (product: ProductChoice, key: string = product.kind, extras?: OrderExtras) => {
      if (busy) return
      setBusy(key)
      setError('')
      try {
        const start = await buy(circleId, product, platform, extras)
        await pay(start)
      } catch (e) {
        const err = toApiError(e)
        if (err.code === 'payment_channel_unavailable') setBlocked(true)
        setError(err.message)
      } finally {
        setBusy(null)
      }
    },
    [buy, busy, circleId, platform, pay],
  )

  /** A pending order again: the local cashier reopens the same order; WeChat's sheets need fresh params. */
  const payAgain = useCallback(
    async (order: OrderView) => {
      if (order.channel === 'local' && process.env.TARO_ENV === 'h5') {
        void Taro.navigateTo({ url: cashierUrl(order.id) })
        return
      }
      setBusy(order.id)
      setError('')
      try {
        await pay(await payPending(order.id))
      } catch (e) {
        const err = toApiError(e)
        if (err.code === 'payment_channel_unavailable') setBlocked(true)
        setError(err.message)
      } finally {
        setBusy(null)
      }
    },
    [pay, payPending],
  )

  return { purchase, payAgain, busy, error, blocked, clearError: () => setError('') }
}
