import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { GroupOfferView } from '@core/contracts/group'
import { formatFen } from '@core/money/pricing'
import { call } from '@/services/cloud'
import { showsPrice } from '@/services/sale'

/**
 * The buy page's way to 拼团 (packageGroup): shown only when the circle has an offer this device
 * may see priced, with the lowest group price. A failed read shows nothing (buying alone still works).
 */
export function GroupOffersLink({ circleId }: { circleId: string }) {
  const [offers, setOffers] = useState<GroupOfferView[]>([])
  useEffect(() => {
    let live = true
    call('group', 'offers', { circleId })
      .then((page) => live && setOffers(page.items.filter((o) => showsPrice(o.sale))))
      .catch(() => undefined)
    return () => {
      live = false
    }
  }, [circleId])
  if (offers.length === 0) return null
  const lowest = Math.min(...offers.map((o) => o.priceFen))
  return (
    <View className="cells">
      <View
        className="cell"
        onClick={() =>
          void Taro.navigateTo({ url: `/packageGroup/pages/offers/index?circleId=${encodeURIComponent(circleId)}` })
        }
        data-testid="buy-group-link"
      >
        <Text className="cell__body">拼团更优惠</Text>
        <Text className="cell__value">拼团价 {formatFen(lowest)} 起</Text>
        <Text className="cell__arrow">›</Text>
      </View>
    </View>
  )
}
