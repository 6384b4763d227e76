import { useEffect } from 'react'
import { Button, Image, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { dateTimeText, placeText, timeRangeText } from '../../format'
import { selectTicket, useEventStore } from '../../store'
import '../../event.scss'

/** What a person reads of a ticket code: the last 8 characters of its signature, in two groups. */
export function ticketReference(code: string): string {
  const tail = code.slice(-8).toUpperCase()
  return `${tail.slice(0, 4)} ${tail.slice(4)}`
}

/** The attendee's ticket: the signed QR the team scans at the door, and its code to type in. */
export default function TicketPage() {
  const eventId = useRouter().params.eventId ?? ''
  const session = useSignedIn()
  const state = useEventStore(selectTicket(eventId))
  const load = useEventStore((s) => s.loadTicket)
  useEffect(() => {
    if (session.ready && eventId) void load(eventId)
  }, [session.ready, eventId, load])
  // back from the door: show whether it was checked in
  useDidShow(() => {
    if (state.data) void load(eventId)
  })

  const t = state.data
  if (!t) {
    return (
      <View className="page">
        {state.status === 'error' ? (
          <StateView kind="error" error={state.error} onRetry={() => void load(eventId)} />
        ) : (
          <StateView kind="loading" text="正在生成门票…" />
        )}
      </View>
    )
  }
  return (
    <View className="page">
      <View className="ticket" data-testid="ticket">
        <Text className="ticket__title">{t.title}</Text>
        <Text className="muted">{timeRangeText(t)}</Text>
        <View>
          <Text className="muted">{t.place.kind === 'online' ? t.place.link || '线上活动' : placeText(t.place)}</Text>
        </View>
        <Image
          className={`ticket__qr ${t.checkedInAt ? 'ticket__qr--used' : ''}`}
          src={t.qrDataUrl}
          mode="scaleToFill"
          data-testid="ticket-qr"
        />
        {t.checkedInAt ? (
          <Text className="ticket__stamp">已核销 · {dateTimeText(t.checkedInAt)}</Text>
        ) : (
          <Text className="muted">入场时向工作人员出示此二维码</Text>
        )}
        <View style={{ marginTop: '12px' }}>
          <Text className="muted">{t.name} · 门票尾号</Text>
          {/* the full code carries internal ids: it is copied for the team, never shown */}
          <Text className="ticket__code" data-testid="ticket-code" data-code={t.code}>
            {ticketReference(t.code)}
          </Text>
        </View>
      </View>
      <View className="ev-actions">
        <Button className="btn btn--default" onClick={() => void Taro.setClipboardData({ data: t.code })}>
          复制门票码
        </Button>
      </View>
    </View>
  )
}
