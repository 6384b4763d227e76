import { useState } from 'react'
import { yuan } from './money'
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
    const { confirm } = await Taro.showModal({
      title: '偷看这个回答',
      content: `支付 ${yuan(q.peekPriceFen)} 查看回答，付费后可随时再看；收入由提问者和回答者平分。`,
    })
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
