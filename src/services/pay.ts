/**
 * Opening the cashier a channel needs (docs/payments.md "Channels and what they sell"). What comes back says only
 * how the sheet closed: whether money moved is for the server to say (shop.confirm asks the
 * channel), so a "success" here leads to the result page, never straight to "paid".
 */
import Taro from '@tarojs/taro'
import type { PayParams } from '@core/contract'
import { payVirtualSheet } from './paysim'

const IS_H5 = process.env.TARO_ENV === 'h5'

export { devicePlatform, toPlatform } from './device'

export type PayOutcome =
  /** The local simulator's cashier is a page: it was opened and takes over from here. */
  | { kind: 'cashier_page' }
  /** The sheet closed saying paid: go and confirm. */
  | { kind: 'submitted' }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string }

interface VirtualPaymentOptions {
  mode: string
  signData: string
  paySig: string
  signature: string
  success?: (res: { errMsg?: string }) => void
  fail?: (res: { errMsg?: string; errCode?: number }) => void
}

declare const wx: { requestVirtualPayment?: (opts: VirtualPaymentOptions) => void } | undefined

/** Whether this WeChat can show the virtual-payment sheet (base library ≥ 2.19.2). */
export function canRequestVirtualPayment(): boolean {
  return typeof wx !== 'undefined' && !!wx && typeof wx.requestVirtualPayment === 'function'
}

const isCancel = (res: { errMsg?: string; errCode?: number } | undefined) =>
  /cancel/i.test(res?.errMsg ?? '') || res?.errCode === -2

/** WeChat Pay's JSAPI sheet (wx.requestPayment). */
async function requestWxpay(
  params: { timeStamp: string; nonceStr: string; package: string; signType: 'RSA'; paySign: string },
  unfinished: string,
): Promise<PayOutcome> {
  try {
    await Taro.requestPayment({
      timeStamp: params.timeStamp,
      nonceStr: params.nonceStr,
      package: params.package,
      signType: params.signType,
      paySign: params.paySign,
    })
    return { kind: 'submitted' }
  } catch (e) {
    if (isCancel(e as { errMsg?: string })) return { kind: 'cancelled' }
    return { kind: 'failed', message: unfinished }
  }
}

/** `unfinished` tells a buyer whose sheet closed without paying where to continue. */
export async function openCashier(
  pay: PayParams,
  navigate: (url: string) => void,
  cashierUrl: (orderId: string) => string,
  unfinished = '支付没有完成，可在「我的订单」中继续支付',
): Promise<PayOutcome> {
  if (pay.channel === 'local') {
    if (IS_H5) {
      navigate(cashierUrl(pay.orderId))
      return { kind: 'cashier_page' }
    }
    // the mini-program on the local cloud: WeChat's own sheet for the simulator's prepay
    if (!pay.jsapi) return { kind: 'failed', message: '本地演示的收银台只能在网页版中使用' }
    return requestWxpay(pay.jsapi, unfinished)
  }
  if (IS_H5 && pay.channel === 'virtual') return virtualSheetH5(pay, unfinished)
  if (IS_H5) return { kind: 'failed', message: '请在微信小程序中完成支付' }
  if (pay.channel === 'wxpay') return requestWxpay(pay, unfinished)
  if (!canRequestVirtualPayment()) return { kind: 'failed', message: '当前微信版本不支持这种支付，请升级微信后再试' }
  return new Promise((resolve) => {
    wx!.requestVirtualPayment!({
      mode: pay.mode,
      signData: pay.signData,
      paySig: pay.paySig,
      signature: pay.signature,
      success: () => resolve({ kind: 'submitted' }),
      fail: (res) => resolve(isCancel(res) ? { kind: 'cancelled' } : { kind: 'failed', message: unfinished }),
    })
  })
}

/** H5 against the local cloud: the simulator's stand-in for WeChat's virtual-payment sheet. */
async function virtualSheetH5(
  pay: Extract<PayParams, { channel: 'virtual' }>,
  unfinished: string,
): Promise<PayOutcome> {
  let price = 0
  try {
    price = Number(JSON.parse(pay.signData).goodsPrice) || 0
  } catch {
    // shown without an amount
  }
  const { confirm } = await Taro.showModal({
    title: '虚拟支付（本地模拟）',
    content: price ? `支付 ¥${(price / 100).toFixed(2)}` : '确认支付',
    confirmText: '支付',
    confirmColor: '#07C160',
    cancelText: '取消',
  })
  if (!confirm) return { kind: 'cancelled' }
  try {
    await payVirtualSheet(pay)
    return { kind: 'submitted' }
  } catch {
    return { kind: 'failed', message: unfinished }
  }
}
