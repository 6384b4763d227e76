import { Button, Text, View } from '@tarojs/components'
import { yuan } from '../money'

/**
 * The bar at the bottom of the entry offer (buy and renew): the total, and the button that buys
 * entry, or 查看购买方式 where this phone cannot pay (`blocked`). `testids` keep each page's own
 * names for its parts.
 */
export function PayBar(props: {
  totalFen: number
  payText: string
  blocked: boolean
  busy: string | null
  error: string
  onPay: () => void
  onExplain: () => void
  testids: { error: string; total: string; pay: string }
}) {
  const { totalFen, payText, blocked, busy, error, onPay, onExplain, testids } = props
  return (
    <>
      <View className='pay-spacer' />
      <View className='pay-bar'>
        {error && !blocked ? (
          <View className='pay-error' data-testid={testids.error}>
            {error}
          </View>
        ) : null}
        <View className='pay-bar__row'>
          <View className='pay-bar__amount'>
            合计<Text className='pay-bar__amount-num' data-testid={testids.total}>{yuan(totalFen)}</Text>
          </View>
          {blocked ? (
            <Button className='btn btn--default pay-bar__btn' onClick={onExplain} data-testid={testids.pay}>
              查看购买方式
            </Button>
          ) : (
            <Button
              className={`btn btn--primary pay-bar__btn ${busy ? 'btn--disabled' : ''}`}
              disabled={!!busy}
              loading={busy === 'entry'}
              onClick={onPay}
              data-testid={testids.pay}
            >
              {payText}
            </Button>
          )}
        </View>
      </View>
    </>
  )
}
