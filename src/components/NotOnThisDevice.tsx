import { View } from '@tarojs/components'
import { NOT_ON_THIS_DEVICE } from '@/services/sale'
import { StateView } from './StateView'

/** Where a screen would sell or price a virtual good this device may not see (src/services/sale.ts). */
export function NotOnThisDevice() {
  return (
    <View data-testid="not-on-this-device">
      <StateView kind="empty" text={NOT_ON_THIS_DEVICE} />
    </View>
  )
}
