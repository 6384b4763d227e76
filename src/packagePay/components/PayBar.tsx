import { Button, Text, View } from '@tarojs/components'
import { yuan } from '../money'

/**
 * The bar at the bottom of the entry offer (buy and renew): the total, and the button that buys
 * entry (none where the server refused this device's channel: `blocked`). Pages show it only
 * where the product's SaleView lets this device see a price. `testids` keep each page's own
 * names for its parts.
 */
export function PayBar(props: {
  totalFen: number
  payText: string
  blocked: boolean
  busy: string | null
  error: string
  onPay: () => void
  testids: { error: string; total: string; pay: string }
}) {
  const { totalFen, payText, blocked, busy, error, onPay, testids } = props
  return (
    <>
      <View className="pay-spacer" />
      <View className="pay-bar">
        {error ? (
          <View className="pay-error" data-testid={testids.error}>
            {error}
          </View>
        ) : null}
        <View className="pay-bar__row">
          <View className="pay-bar__amount">
            合计
            <Text className="pay-bar__amount-num" data-testid={testids.total}>
              {yuan(totalFen)}
            </Text>
          </View>
          {blocked ? null : (
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
