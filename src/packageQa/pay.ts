/**
 * Opening the cashier for a question or a peek (the same channels as every purchase; see
 * packagePay/pay.ts, which this subpackage cannot import). Whether money moved is for the server
 * to say: after the sheet, the buyer goes to the payment result page, which asks shop.confirm.
 */
import Taro from '@tarojs/taro'
import type { PayParams, Platform } from '@core/contract'
import { cashierUrl, payResultUrl } from './routes'

const IS_H5 = process.env.TARO_ENV === 'h5'

export function devicePlatform(): Platform {
  if (IS_H5) return 'h5'
  try {
    const p = String(Taro.getSystemInfoSync().platform ?? '').toLowerCase()
    if (p === 'ios' || p === 'iphone' || p === 'ipad') return 'ios'
    if (p === 'windows' || p === 'mac' || p === 'devtools') return p
  } catch {
    // virtual payment works as on Android
  }
  return 'android'
}

interface VirtualPaymentOptions {
  mode: string
  signData: string
  paySig: string
  signature: string
  success?: () => void
  fail?: (res: { errMsg?: string; errCode?: number }) => void
}
declare const wx: { requestVirtualPayment?: (opts: VirtualPaymentOptions) => void } | undefined

/** Opens the sheet; resolves with a message when the payment did not go through (null: on its way). */
export async function openPay(pay: PayParams, orderId: string): Promise<string | null> {
  if (pay.channel === 'local') {
    if (!IS_H5) return '本地演示的收银台只能在网页版中使用'
    await Taro.navigateTo({ url: cashierUrl(orderId) })
    return null
  }
  if (IS_H5) return '请在微信小程序中完成支付'
  try {
    if (pay.channel === 'wxpay') {
      await Taro.requestPayment({ timeStamp: pay.timeStamp, nonceStr: pay.nonceStr, package: pay.package, signType: pay.signType, paySign: pay.paySign })
    } else {
      if (typeof wx === 'undefined' || !wx?.requestVirtualPayment) return '当前微信版本不支持这种支付，请升级微信后再试'
      await new Promise<void>((resolve, reject) =>
        wx!.requestVirtualPayment!({ mode: pay.mode, signData: pay.signData, paySig: pay.paySig, signature: pay.signature, success: () => resolve(), fail: reject }),
      )
    }
  } catch {
    return '支付没有完成，可稍后在「我的提问」或「我的订单」中继续'
  }
  await Taro.navigateTo({ url: payResultUrl(orderId) })
  return null
}
