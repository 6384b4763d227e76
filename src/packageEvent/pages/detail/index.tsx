import { useEffect, useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import type { EventDetail } from '@core/contracts/event'
import { yuanText } from '@core/money/pricing'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { toApiError } from '@/services/cloud'
import { openCashier } from '@/services/pay'
import { cashierUrl, resultUrl } from '../../../packagePay/routes'
import {
  PHASE_TEXT,
  STATUS_TEXT,
  dateTimeText,
  mySignupText,
  placeText,
  priceText,
  seatsText,
  timeRangeText,
} from '../../format'
import { checkInUrl, eventEditUrl, signupsUrl, ticketUrl } from '../../routes'
import { canSignUpNow, selectEvent, useEventStore } from '../../store'
import '../../event.scss'

export default function EventDetailPage() {
  const eventId = useRouter().params.id ?? ''
  const session = useSignedIn()
  const state = useEventStore(selectEvent(eventId))
  const loadEvent = useEventStore((s) => s.loadEvent)
  useEffect(() => {
    if (session.ready && eventId) void loadEvent(eventId)
  }, [session.ready, eventId, loadEvent])
  useDidShow(() => {
    if (state.data) void loadEvent(eventId)
  })

  if (!eventId) return <StateView kind="empty" text="没有找到这个活动" />
  if (!state.data) {
    return (
      <View className="page">
        {state.status === 'error' ? (
          <StateView kind="error" error={state.error} onRetry={() => void loadEvent(eventId)} />
        ) : (
          <StateView kind="loading" />
        )}
      </View>
    )
  }
  return (
    <View className="page">
      <Detail event={state.data} />
    </View>
  )
}

function cancelRuleText(e: EventDetail): string {
  const until = dateTimeText(e.cancelDeadline)
  if (e.priceFen === 0) return `${until} 前可取消报名，之后不能取消`
  if (e.refundPct === 0) return `${until} 前可取消（不退款），之后不能取消`
  return `${until} 前可取消，退还 ${e.refundPct}% 票款；之后不能取消`
}

function Detail({ event: e }: { event: EventDetail }) {
  const me = e.me
  const active = me && (me.status === 'confirmed' || me.status === 'held' || me.status === 'waitlisted')
  return (
    <View>
      <View className="ev-hero">
        <Text className="ev-hero__title" data-testid="event-title">
          {e.title}
        </Text>
        <Text className="muted">
          {e.circleName} · {PHASE_TEXT[e.phase]}
          {e.audience === 'open' ? ' · 公开活动' : ' · 仅限圈子成员'}
        </Text>
        {e.description ? <Text className="ev-hero__desc">{e.description}</Text> : null}
      </View>

      <View className="cells">
        <Row label="时间" value={timeRangeText(e)} />
        <Row
          label="地点"
          value={e.place.kind === 'online' ? e.place.link || '线上活动（报名成功后可见链接）' : placeText(e.place)}
        />
        <Row label="费用" value={priceText(e.priceFen)} />
        <Row label="名额" value={seatsText(e)} testId="event-seats" />
        <Row label="报名截止" value={dateTimeText(e.signupDeadline)} />
        <Row label="取消规则" value={cancelRuleText(e)} />
      </View>

      {me && me.status !== 'cancelled' && me.status !== 'expired' ? (
        <View className={`ev-status ${me.status === 'confirmed' ? '' : 'ev-status--wait'}`} data-testid="my-signup">
          <Text className="ev-status__title">{STATUS_TEXT[me.status]}</Text>
          <Text>{mySignupText(me)}</Text>
        </View>
      ) : me ? (
        <View className="ev-status ev-status--wait" data-testid="my-signup">
          <Text>{mySignupText(me)}</Text>
        </View>
      ) : null}

      {canSignUpNow(e) ? <SignupForm event={e} /> : <MyActions event={e} />}

      {!active && !canSignUpNow(e) && e.phase === 'open' && !e.canSignUp ? (
        <View className="ev-summary">加入圈子后才能报名这个活动</View>
      ) : null}

      {e.canManage ? (
        <View>
          <Text className="cells__title">活动管理</Text>
          <View className="cells">
            <LinkRow
              label="报名名单与导出"
              value={`${e.seatsTaken} 人占位 · ${e.waitlistCount} 人候补`}
              url={signupsUrl(e.id)}
            />
            <LinkRow
              label="扫码核销"
              value={`已核销 ${e.checkedInCount} 人`}
              url={checkInUrl(e.id)}
              testId="open-checkin"
            />
            {e.phase !== 'ended' ? <LinkRow label="编辑活动" value="" url={eventEditUrl(e.circleId, e.id)} /> : null}
          </View>
        </View>
      ) : null}
    </View>
  )
}

function Row({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <View className="cell">
      <Text className="cell__label">{label}</Text>
      <Text className="cell__value" data-testid={testId} userSelect>
        {value}
      </Text>
    </View>
  )
}

function LinkRow({ label, value, url, testId }: { label: string; value: string; url: string; testId?: string }) {
  return (
    <View className="cell" onClick={() => void Taro.navigateTo({ url })} data-testid={testId}>
      <Text className="cell__body">{label}</Text>
      <Text className="muted">{value}</Text>
      <Text className="cell__arrow">›</Text>
    </View>
  )
}

/** Pays for a held seat: the cashier of the channel, then the result page that asks the server. */
function usePayForSeat(eventId: string) {
  const payForSeat = useEventStore((s) => s.payForSeat)
  const [paying, setPaying] = useState(false)
  const [error, setError] = useState('')
  const pay = async () => {
    if (paying) return
    setPaying(true)
    setError('')
    try {
      const start = await payForSeat(eventId)
      const outcome = await openCashier(start.pay, (url) => void Taro.navigateTo({ url }), cashierUrl)
      if (outcome.kind === 'submitted') void Taro.navigateTo({ url: resultUrl(start.order.id) })
      else if (outcome.kind === 'cancelled') setError('已取消支付，名额会保留到支付期限')
      else if (outcome.kind === 'failed') setError(outcome.message)
    } catch (e) {
      setError(toApiError(e).message)
    } finally {
      setPaying(false)
    }
  }
  return { pay, paying, error }
}

function SignupForm({ event: e }: { event: EventDetail }) {
  const signUp = useEventStore((s) => s.signUp)
  const { pay, paying, error: payError } = usePayForSeat(e.id)
  const [name, setName] = useState('')
  const [phone, setPhone] = useState('')
  const [answers, setAnswers] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')

  const missing = (): string | null => {
    if (e.form.name && !name.trim()) return '请填写姓名'
    if (e.form.phone && !/^1[3-9]\d{9}$/.test(phone.trim())) return '请填写 11 位手机号'
    const f = e.form.fields.find((x) => x.required && !(answers[x.id] ?? '').trim())
    return f ? `请填写「${f.label}」` : null
  }

  const submit = async () => {
    const problem = missing()
    if (problem) return setError(problem)
    setBusy(true)
    setError('')
    try {
      const detail = await signUp({
        eventId: e.id,
        ...(e.form.name ? { contactName: name.trim() } : {}),
        ...(e.form.phone ? { contactPhone: phone.trim() } : {}),
        answers: Object.fromEntries(Object.entries(answers).filter(([, v]) => v.trim())),
      })
      if (detail.me?.status === 'held') await pay()
      else
        void Taro.showToast({ title: detail.me?.status === 'waitlisted' ? '已加入候补' : '报名成功', icon: 'success' })
    } catch (err) {
      const apiError = toApiError(err)
      const field = apiError.param?.startsWith('answers.')
        ? e.form.fields.find((f) => `answers.${f.id}` === apiError.param)
        : null
      setError(field ? `「${field.label}」填写有误，请检查后再试` : apiError.message)
    } finally {
      setBusy(false)
    }
  }

  const full = e.seatsLeft === 0
  const label = full ? '名额已满，加入候补' : e.priceFen > 0 ? `报名并支付 ¥${yuanText(e.priceFen)}` : '立即报名'
  return (
    <View>
      <Text className="cells__title">报名信息</Text>
      <View className="cells">
        {e.form.name ? (
          <View className="form-row">
            <Text className="form-row__label">
              姓名<Text className="form-row__required">*</Text>
            </Text>
            <Input
              className="form-row__input"
              value={name}
              maxlength={20}
              placeholder="真实姓名"
              onInput={(x) => setName(x.detail.value)}
              data-testid="signup-name"
            />
          </View>
        ) : null}
        {e.form.phone ? (
          <View className="form-row">
            <Text className="form-row__label">
              手机号<Text className="form-row__required">*</Text>
            </Text>
            <Input
              className="form-row__input"
              type="number"
              value={phone}
              maxlength={11}
              placeholder="用于活动联系"
              onInput={(x) => setPhone(x.detail.value)}
              data-testid="signup-phone"
            />
          </View>
        ) : null}
        {e.form.fields.map((f) => (
          <View className="form-row" key={f.id}>
            <Text className="form-row__label">
              {f.label}
              {f.required ? <Text className="form-row__required">*</Text> : null}
            </Text>
            {f.kind === 'choice' ? (
              <View className="chips form-row__input">
                {f.options.map((o) => (
                  <Text
                    key={o}
                    className={`chip ${answers[f.id] === o ? 'chip--on' : ''}`}
                    onClick={() => setAnswers((a) => ({ ...a, [f.id]: a[f.id] === o ? '' : o }))}
                  >
                    {o}
                  </Text>
                ))}
              </View>
            ) : (
              <Input
                className="form-row__input"
                value={answers[f.id] ?? ''}
                maxlength={200}
                placeholder={f.required ? '必填' : '选填'}
                onInput={(x) => setAnswers((a) => ({ ...a, [f.id]: x.detail.value }))}
                data-testid={`signup-field-${f.id}`}
              />
            )}
          </View>
        ))}
      </View>
      {error || payError ? <View className="ev-error">{error || payError}</View> : null}
      <View className="ev-actions">
        <Button
          className="btn btn--primary"
          loading={busy || paying}
          disabled={busy || paying}
          onClick={() => void submit()}
          data-testid="signup-submit"
        >
          {label}
        </Button>
        {e.priceFen > 0 && !full ? <Text className="muted">提交后请在 30 分钟内完成支付，逾期名额自动释放</Text> : null}
      </View>
    </View>
  )
}

function MyActions({ event: e }: { event: EventDetail }) {
  const cancelSignup = useEventStore((s) => s.cancelSignup)
  const { pay, paying, error: payError } = usePayForSeat(e.id)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const me = e.me
  if (!me) return null

  const cancel = async () => {
    const refund = me.cancelRefundFen ?? 0
    const content =
      me.status === 'confirmed' && me.paidFen > 0
        ? refund > 0
          ? `取消后将原路退回 ¥${yuanText(refund)}（票款的 ${e.refundPct}%）。`
          : '取消后票款不退。'
        : me.status === 'waitlisted'
          ? '取消后将退出候补队列。'
          : '取消后名额会让给其他人。'
    const { confirm } = await Taro.showModal({
      title: '取消报名？',
      content,
      confirmText: '取消报名',
      cancelText: '再想想',
    })
    if (!confirm) return
    setBusy(true)
    setError('')
    try {
      await cancelSignup(e.id)
      void Taro.showToast({ title: '已取消', icon: 'success' })
    } catch (err) {
      setError(toApiError(err).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <View>
      {error || payError ? <View className="ev-error">{error || payError}</View> : null}
      <View className="ev-actions">
        {me.status === 'held' ? (
          <Button
            className="btn btn--primary"
            loading={paying}
            disabled={paying}
            onClick={() => void pay()}
            data-testid="event-pay"
          >
            去支付 ¥{yuanText(e.priceFen)}
          </Button>
        ) : null}
        {me.status === 'confirmed' ? (
          <Button
            className="btn btn--primary"
            onClick={() => void Taro.navigateTo({ url: ticketUrl(e.id) })}
            data-testid="open-ticket"
          >
            查看门票
          </Button>
        ) : null}
        {me.cancelRefundFen !== null ? (
          <Button
            className="btn btn--warn"
            loading={busy}
            disabled={busy}
            onClick={() => void cancel()}
            data-testid="event-cancel"
          >
            取消报名
          </Button>
        ) : null}
      </View>
    </View>
  )
}
