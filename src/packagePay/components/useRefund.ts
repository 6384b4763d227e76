import { useCallback, useState } from 'react'
import Taro from '@tarojs/taro'
import type { OrderView } from '@core/contract'
import { toApiError } from '@/services/cloud'
import { useShopStore } from '../store'
import { refundConsequence } from '../labels'
import { yuan } from '../money'

/** Self-service refund from a list or a detail page: confirm first (the amount is the order view's refundableFen), then the table's words on failure. */
export function useRefund() {
  const refundOrder = useShopStore((s) => s.refundOrder)
  const [busyId, setBusyId] = useState<string | null>(null)
  const [errors, setErrors] = useState<Record<string, string>>({})

  const refund = useCallback(
    async (order: OrderView) => {
      if (busyId) return
      const { confirm } = await Taro.showModal({
        title: '申请退款',
        content: `${yuan(order.refundableFen)} 将原路退回你的支付账户。${refundConsequence(order.product.kind)}`,
        confirmText: '确认退款',
        confirmColor: '#FA5151',
        cancelText: '再想想',
      })
      if (!confirm) return
      setBusyId(order.id)
      setErrors((e) => ({ ...e, [order.id]: '' }))
      try {
        const answer = await refundOrder(order.id)
        void Taro.showToast({ title: answer.refunding ? '已申请退款' : '已退款', icon: 'success' })
      } catch (e) {
        const message = toApiError(e).message
        setErrors((cur) => ({ ...cur, [order.id]: message }))
      } finally {
        setBusyId(null)
      }
    },
    [busyId, refundOrder],
  )

  return { refund, busyId, errors }
}
