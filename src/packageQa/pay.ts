/**
 * Opening the cashier for a question or a peek (the same channels as every purchase). Whether
 * money moved is for the server to say: after the sheet, the buyer goes to the payment result
 * page, which asks shop.confirm.
 */
import Taro from '@tarojs/taro'
import type { PayParams } from '@core/contract'
import { openCashier } from '@/services/pay'
import { cashierUrl, payResultUrl } from './routes'

export { devicePlatform } from '@/services/pay'

const UNFINISHED = '支付没有完成，可稍后在「我的提问」或「我的订单」中继续'

/** Opens the sheet; resolves with a message when the payment did not go through (null: on its way). */
export async function openPay(pay: PayParams, orderId: string): Promise<string | null> {
  const outcome = await openCashier(pay, (url) => void Taro.navigateTo({ url }), cashierUrl, UNFINISHED)
  if (outcome.kind === 'cashier_page') return null
  if (outcome.kind === 'cancelled') return UNFINISHED
  if (outcome.kind === 'failed') return outcome.message
  await Taro.navigateTo({ url: payResultUrl(orderId) })
  return null
}
