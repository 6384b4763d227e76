import { useCallback, useEffect, useRef, useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { StateView } from '@/components/StateView'
import { useShopStore } from '../../store'
import { toApiError, type ApiError } from '@/services/cloud'
import { loadPageAhead } from '@/services/prefetch'
import {
  cancelAtCashier,
  getCashierSheet,
  isSheetClosed,
  isSheetPaid,
  payAtCashier,
  type CashierSheet,
} from '@/services/paysim'
import { yuan } from '../../money'
import { MY_ORDERS_URL, resultUrl } from '../../routes'
import '../../pay.scss'

/** Whether the top of the page stack is still the cashier (not a page the payer went back to). */
function isCashierOnTop(): boolean {
  try {
    const pages = Taro.getCurrentPages()
    const top = pages[pages.length - 1] as { route?: string; path?: string } | undefined
    const where = `${top?.route ?? top?.path ?? ''}`
    return !where || where.includes('packagePay/pages/cashier')
  } catch {
    // no page stack to ask (outside an app): the unmount flag alone decides
    return true
  }
}

/**
 * The local pay simulator's cashier, shaped like WeChat's payment sheet. It exists so the H5 app
 * against the local cloud pays the way the mini-program does; the real sheets are WeChat's own.
 */
export function CashierView({ orderId }: { orderId: string }) {
  const [sheet, setSheet] = useState<CashierSheet | null>(null)
  const [loadError, setLoadError] = useState<ApiError | null>(null)
  const [acting, setActing] = useState<'pay' | 'cancel' | null>(null)
  const [error, setError] = useState('')
  const confirmOrder = useShopStore((s) => s.confirmOrder)
  // Whether this sheet is still the page on screen: the payer may go back while 确认支付 runs.
  const onScreen = useRef(true)
  useEffect(() => {
    // 确认支付 leads to the result page: its files arrive while the payer reads the sheet
    void loadPageAhead(resultUrl(orderId))
    return () => {
      onScreen.current = false
    }
  }, [orderId])

  const fetchSheet = useCallback(
    () =>
      getCashierSheet(orderId).then(
        (s) => setSheet(s),
        (e) => setLoadError(toApiError(e)),
      ),
    [orderId],
  )
  const load = () => {
    setLoadError(null)
    return fetchSheet()
  }

  useEffect(() => {
    void fetchSheet()
  }, [fetchSheet])

  const pay = async () => {
    setActing('pay')
    setError('')
    try {
      await payAtCashier(orderId)
      await loadPageAhead(resultUrl(orderId)) // started when the sheet opened: usually done already
      if (!onScreen.current || !isCashierOnTop()) {
        // Gone back meanwhile: redirecting now would replace whatever page is on screen (Taro's H5
        // router then shows none). Ask the server instead; the pages underneath refresh from it.
        void confirmOrder(orderId).catch(() => undefined)
        return
      }
      void Taro.redirectTo({ url: resultUrl(orderId) })
    } catch (e) {
      setError(toApiError(e).message)
      setActing(null)
      // Paid meanwhile, or timed out: the sheet shows what the simulator now says.
      void load()
    }
  }

  const cancel = async () => {
    setActing('cancel')
    try {
      await cancelAtCashier(orderId)
    } catch {
      // Closing the sheet never fails for the payer: the order simply stays unpaid.
    }
    setActing(null)
    void Taro.showToast({ title: '已取消支付', icon: 'none' })
    if (Taro.getCurrentPages().length > 1) void Taro.navigateBack()
    else void Taro.redirectTo({ url: MY_ORDERS_URL })
  }

  if (!sheet) {
    return loadError ? (
      <StateView kind="error" error={loadError} onRetry={() => void load()} />
    ) : (
      <StateView kind="loading" />
    )
  }
  const paid = isSheetPaid(sheet)
  const closed = !paid && isSheetClosed(sheet)

  return (
    <View className="pay-cashier" data-testid="cashier">
      <View className="pay-cashier__sheet">
        <View className="pay-cashier__top">
          <Text className="pay-cashier__close" onClick={() => void cancel()} data-testid="cashier-close">
            ×
          </Text>
          <Text>微信支付（本地模拟）</Text>
          <Text className="pay-cashier__close" />
        </View>
        <View className="pay-cashier__desc">{sheet.description}</View>
        <View className="pay-cashier__amount" data-testid="cashier-amount">
          {yuan(sheet.amountFen)}
        </View>
        <View className="pay-cashier__method">
          <Text>付款方式</Text>
          <Text>零钱（演示，不会真实扣款）</Text>
        </View>
        {error ? <View className="pay-error">{error}</View> : null}
        {paid ? (
          <Button className="btn btn--primary" onClick={() => void Taro.redirectTo({ url: resultUrl(orderId) })}>
            已支付，查看结果
          </Button>
        ) : closed ? (
          <View>
            <View className="pay-error">订单已超时关闭，请重新下单</View>
            <Button className="btn btn--default" onClick={() => void Taro.navigateBack()}>
              返回
            </Button>
          </View>
        ) : (
          <View>
            <Button
              className="btn btn--primary"
              disabled={!!acting}
              loading={acting === 'pay'}
              onClick={() => void pay()}
              data-testid="cashier-pay"
            >
              确认支付
            </Button>
            <View className="pay-cashier__cancel">
              <Button
                className="btn btn--default"
                disabled={!!acting}
                onClick={() => void cancel()}
                data-testid="cashier-cancel"
              >
                取消
              </Button>
            </View>
          </View>
        )}
      </View>
    </View>
  )
}
