/** Pieces two or more event pages share. */
import { Text, View } from '@tarojs/components'
import { Icon } from '@/components/Icon'
import type { EventCard as EventCardData } from '@core/contracts/event'
import { PHASE_TEXT, placeText, priceText, seatsText, timeRangeText } from './format'

export function EventCard({ event, onOpen, extra }: { event: EventCardData; onOpen: () => void; extra?: string }) {
  return (
    <View className="card" onClick={onOpen} data-testid="event-card">
      <View className="card__head ev-card__head">
        <Text className="card__title ev-card__title">{event.title}</Text>
        <Text className={`ev-phase ev-phase--${event.phase}`}>{extra ?? PHASE_TEXT[event.phase]}</Text>
      </View>
      <View className="ev-card__meta">
        <Icon name="clock" size={13} color="#7F7F7F" className="ev-card__icon" />
        <Text>{timeRangeText(event)}</Text>
      </View>
      <View className="ev-card__meta">
        <Icon name="map-pin" size={13} color="#7F7F7F" className="ev-card__icon" />
        <Text>{placeText(event.place)}</Text>
      </View>
      <View className="ev-card__foot">
        <Text className={`ev-price ${event.priceFen ? '' : 'ev-price--free'}`}>{priceText(event.priceFen)}</Text>
        <Text className="muted">{seatsText(event)}</Text>
      </View>
    </View>
  )
}
