import { useState } from 'react'
import Taro from '@tarojs/taro'
import type { QuestionView } from '@core/qa'
import { toApiError } from '@/services/cloud'
import { devicePlatform, openPay } from './pay'
import { questionUrl } from './routes'
import { useQaStore } from './store'

/** 偷看: confirm the price, pay at the cashier (or read at once when it is free for the caller). */
export function usePeek() {
  const peekAnswer = useQaStore((s) => s.peekAnswer)
  const [peekingId, setPeekingId] = useState<string | null>(null)
  const peek = async (q: QuestionView) => {
    const { confirm } = await Taro.showModal({ title: `支付 ${(q.peekPriceFen / 100).toFixed(2)} 元偷看回答？`, content: '偷看收入由提问者和回答者平分，付费后可随时查看。' })
    if (!confirm) return
    setPeekingId(q.id)
    try {
      const res = await peekAnswer(q.id, devicePlatform())
      if (!res.pay || !res.orderId) {
        await Taro.navigateTo({ url: questionUrl(q.id) })
        return
      }
      const failed = await openPay(res.pay, res.orderId)
      if (failed) void Taro.showToast({ title: failed, icon: 'none' })
    } catch (e) {
      void Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    } finally {
      setPeekingId(null)
    }
  }
  return { peek, peekingId }
}
