import { useEffect, useState } from 'react'
import { Icon } from '@/components/Icon'
import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import type { CheckInResult } from '@core/contracts/event'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { type ApiError } from '@/services/cloud'
import { STATUS_TEXT, dateTimeText } from '../../format'
import { selectEvent, useEventStore } from '../../store'
import '../../event.scss'
import { useSubmit } from '@/hooks/useSubmit'

const IS_WEAPP = process.env.TARO_ENV === 'weapp'

/** 核销 at the door: scan the ticket's QR (mini-program) or type its code (H5 and as a fallback). */
export default function CheckInPage() {
  const eventId = useRouter().params.eventId ?? ''
  const session = useSignedIn()
  const event = useEventStore(selectEvent(eventId))
  const loadEvent = useEventStore((s) => s.loadEvent)
  const checkInTicket = useEventStore((s) => s.checkInTicket)
  const [code, setCode] = useState('')
  const [result, setResult] = useState<CheckInResult | null>(null)
  const [error, setError] = useState<ApiError | null>(null)

  useEffect(() => {
    if (session.ready && eventId) void loadEvent(eventId)
  }, [session.ready, eventId, loadEvent])

  const checkAction = useSubmit(
    async (raw: string) => {
      const text = raw.trim()
      if (!text || busy) return
      setError(null)
      setResult(null)
      setResult(await checkInTicket(eventId, text))
      setCode('')
      void loadEvent(eventId)
    },
    { onError: setError },
  )
  const check = checkAction.run
  const busy = checkAction.busy

  const scan = async () => {
    try {
      const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })
      await check(res.result)
    } catch {
      // closed the camera: nothing to do
    }
  }

  if (!event.data) {
    return (
      <View className="page">
        {event.status === 'error' ? (
          <StateView kind="error" error={event.error} onRetry={() => void loadEvent(eventId)} />
        ) : (
          <StateView kind="loading" />
        )}
      </View>
    )
  }
  if (!event.data.canManage)
    return (
      <View className="page">
        <StateView kind="empty" text="只有圈子管理团队可以核销门票" />
      </View>
    )
  const e = event.data

  return (
    <View className="page">
      <View className="ev-hero">
        <Text className="ev-hero__title">{e.title}</Text>
        <Text className="muted" data-testid="checkin-count">
          已核销 {e.checkedInCount} / {e.seatsTaken} 人
        </Text>
      </View>

      {IS_WEAPP ? (
        <View className="ev-actions">
          <Button className="btn btn--primary" loading={busy} disabled={busy} onClick={() => void scan()}>
            扫描门票二维码
          </Button>
        </View>
      ) : null}

      <Text className="cells__title">{IS_WEAPP ? '或输入门票码' : '输入或粘贴门票码'}</Text>
      <View className="cells">
        <View className="form-row">
          <Input
            className="form-row__input"
            value={code}
            placeholder="门票下方的一串字符"
            onInput={(x) => setCode(x.detail.value)}
            onConfirm={() => void check(code)}
            data-testid="checkin-code"
          />
        </View>
      </View>
      <View className="ev-actions">
        <Button
          className={IS_WEAPP ? 'btn btn--default' : 'btn btn--primary'}
          loading={busy && !IS_WEAPP}
          disabled={busy || !code.trim()}
          onClick={() => void check(code)}
          data-testid="checkin-submit"
        >
          核销
        </Button>
      </View>

      {result ? (
        <View className="checkin-result" data-testid="checkin-result">
          <View
            className={`checkin-result__icon ${result.outcome === 'checked_in' ? '' : 'checkin-result__icon--again'}`}
          >
            {result.outcome === 'checked_in' ? (
              <Icon name="check-circle" size={40} color="#07C160" />
            ) : (
              <Icon name="alert" size={40} color="#FA9D3B" />
            )}
          </View>
          <Text className="checkin-result__title">{result.outcome === 'checked_in' ? '核销成功' : '已核销'}</Text>
          <Text className="checkin-result__what">
            {result.attendee.name || result.attendee.nickname}
            {result.attendee.phone ? ` · 尾号 ${result.attendee.phone.slice(-4)}` : ''}
          </Text>
          <Text className="checkin-result__what">
            {result.outcome === 'checked_in'
              ? `入场时间 ${dateTimeText(result.checkedInAt)}`
              : `这张门票已于 ${dateTimeText(result.checkedInAt)} 核销，不能重复使用`}
          </Text>
          {result.attendee.answers.map((a) => (
            <Text key={a.label} className="checkin-result__what">
              {a.label}：{a.value}
            </Text>
          ))}
        </View>
      ) : null}
      {error ? (
        <View className="checkin-result" data-testid="checkin-error">
          <Text className="checkin-result__icon checkin-result__icon--bad">×</Text>
          <Text className="checkin-result__title">不能核销</Text>
          <Text className="checkin-result__what">{error.message}</Text>
        </View>
      ) : null}
      <View className="ev-summary">
        门票状态：只有「{STATUS_TEXT.confirmed}」的门票可以入场；每张门票只能核销一次。
      </View>
    </View>
  )
}
