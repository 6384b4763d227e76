/** Pieces two or more event pages share. */
import { Text, View } from '@tarojs/components'
import type { EventCard as EventCardData } from '@core/contracts/event'
import { PHASE_TEXT, placeText, priceText, seatsText, timeRangeText } from './format'

export function EventCard({ event, onOpen, extra }: { event: EventCardData; onOpen: () => void; extra?: string }) {
  return (
    <View className='card' onClick={onOpen} data-testid='event-card'>
      <View className='card__head ev-card__head'>
        <Text className='card__title ev-card__title'>{event.title}</Text>
        <Text className={`ev-phase ev-phase--${event.phase}`}>{extra ?? PHASE_TEXT[event.phase]}</Text>
      </View>
      <Text className='ev-card__meta'>🕒 {timeRangeText(event)}</Text>
      <Text className='ev-card__meta'>📍 {placeText(event.place)}</Text>
      <View className='ev-card__foot'>
        <Text className={`ev-price ${event.priceFen ? '' : 'ev-price--free'}`}>{priceText(event.priceFen)}</Text>
        <Text className='muted'>{seatsText(event)}</Text>
      </View>
    </View>
  )
}
