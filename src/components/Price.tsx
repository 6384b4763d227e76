import { Text, View } from '@tarojs/components'
import type { EntryPriceTag } from '@core/contract'
import { formatFen } from '@core/money/pricing'
import { showsPrice as saleShowsPrice } from '@/services/sale'
import { useAppStore } from '@/store'
import './Price.scss'

/**
 * Whether this screen may show prices at all. The one switch for the device rule (WeChat's iOS
 * virtual-goods rule: no prices on an iPhone unless iOS virtual payment is on): every price shown
 * where a person decides goes through this file.
 */
export function showsPrice(): boolean {
  // the server's word for the signed-in device (user.login's Me.virtualGoods; services/sale.ts)
  return saleShowsPrice(useAppStore.getState().me?.virtualGoods)
}

/** "¥199.00 / 365 天", or "¥199.00" for a fixed end date; '' when prices are not shown. */
export function entryPriceText(tag: EntryPriceTag | null | undefined): string {
  if (!tag || !showsPrice()) return ''
  return tag.days ? `${formatFen(tag.priceFen)} / ${tag.days} 天` : formatFen(tag.priceFen)
}

/** Entry's price with its per-day price (约 0.55 元/天), as the server computed them. */
export function EntryPrice({
  tag,
  testid = 'entry-price',
  className = '',
}: {
  tag: EntryPriceTag | null | undefined
  testid?: string
  className?: string
}) {
  if (!tag || !showsPrice()) return null
  return (
    <View className={`entry-price ${className}`} data-testid={testid}>
      <Text className="entry-price__now">{entryPriceText(tag)}</Text>
      {tag.perDayText ? <Text className="entry-price__per-day">{tag.perDayText}</Text> : null}
    </View>
  )
}
