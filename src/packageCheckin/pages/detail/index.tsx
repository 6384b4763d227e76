import { NOT_ON_THIS_DEVICE, showsPrice } from '@/services/sale'
import { useEffect, useState } from 'react'
import { Icon } from '@/components/Icon'
import { Button, Image, Text, Textarea, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { wordCount } from '@core/challenge'
import type { PayParams } from '@core/contract'
import type { ChallengeDetail, ChallengeProgress, ChallengeView } from '@core/contracts/challenge'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { fileUrl, toApiError, uploadImage } from '@/services/cloud'
import { openCashier } from '@/services/pay'
import {
  DAY_STATE_TEXT,
  DEPOSIT_STATE_TEXT,
  PHASE_TEXT,
  calendarDayText,
  dayText,
  rewardText,
  yuan,
} from '../../labels'
import { boardUrl, cashierUrl, payResultUrl } from '../../routes'
import { selectChallenge, useCheckinStore } from '../../store'
import { CHALLENGE_LIMITS } from '@core/limits'
import '../../checkin.scss'
import { useSubmit } from '@/hooks/useSubmit'

export default function ChallengeDetailPage() {
  const id = useRouter().params.id ?? ''
  const session = useSignedIn()
  const state = useCheckinStore(selectChallenge(id))
  const load = useCheckinStore((s) => s.loadChallenge)
  useEffect(() => {
    if (session.ready && id) void load(id)
  }, [session.ready, id, load])
  useDidShow(() => {
    if (session.ready && state.data) void load(id)
  })

  let body
  if (session.status === 'error') body = <StateView kind="error" error={session.error} onRetry={session.retry} />
  else if (!id) body = <StateView kind="empty" text="没有找到这个挑战" />
  else if (!state.data && state.status === 'error')
    body = <StateView kind="error" error={state.error} onRetry={() => void load(id)} />
  else if (!state.data) body = <StateView kind="loading" />
  else body = <Detail detail={state.data} />
  return <View className="page">{body}</View>
}

function Detail({ detail }: { detail: ChallengeDetail }) {
  const { challenge: c, me } = detail
  return (
    <View data-testid="challenge-detail">
      <View className="card">
        <View className="card__head">
          <Text className="ck-hero__title">{c.title}</Text>
          <Text className={`ck-phase ck-phase--${c.phase}`}>{PHASE_TEXT[c.phase]}</Text>
        </View>
        <Text className="ck-card__meta">
          {dayText(c.startDay)} – {dayText(c.endDay)} · 共 {c.days} 天
        </Text>
        <View className="ck-hero__counts">
          <Text data-testid="ck-today-count">今日 {c.todayCount} 人打卡</Text>
          <Text>{c.participantCount} 人参加</Text>
          <Text>{c.completedCount} 人完成</Text>
        </View>
        <Text
          className="link"
          onClick={() => void Taro.navigateTo({ url: boardUrl(c.id) })}
          data-testid="ck-board-link"
        >
          排行榜 ›
        </Text>
      </View>
      {me ? <Progress c={c} me={me} /> : <Enroll c={c} />}
      <Rules c={c} depositShown={!me} />
    </View>
  )
}

/** depositShown: the enroll card already shows the deposit notice above its button. */
function Rules({ c, depositShown }: { c: ChallengeView; depositShown: boolean }) {
  return (
    <View className="card">
      <Text className="ck-section__title">挑战规则</Text>
      {c.rules ? <Text className="ck-rules">{c.rules}</Text> : null}
      <View className="ck-rule">
        · 每天 {c.windowStart}–{c.windowEnd}（北京时间）打卡一次，重复打卡只算一次
      </View>
      <View className="ck-rule">
        · 共 {c.days} 天，累计打卡 {c.requiredDays} 天即完成挑战
      </View>
      {c.minWords > 0 ? <View className="ck-rule">· 每次至少 {c.minWords} 字</View> : null}
      {c.photoRequired ? <View className="ck-rule">· 每次需要配图</View> : null}
      <View className="ck-rule">· 可补卡 {c.makeupQuota} 次（只能补挑战期内、今天之前漏掉的日子）</View>
      {c.reward.kind !== 'none' ? <View className="ck-rule">· 完成奖励：{rewardText(c.reward)}</View> : null}
      {c.depositFen > 0 && !depositShown && showsPrice(c.depositSale) ? <DepositNotice c={c} /> : null}
    </View>
  )
}

function DepositNotice({ c }: { c: ChallengeView }) {
  return (
    <View className="ck-deposit" data-testid="ck-deposit-notice">
      <Text className="ck-deposit__title">押金 {yuan(c.depositFen)}</Text>
      <Text className="ck-deposit__text">
        报名时支付押金。累计打卡满 {c.requiredDays}{' '}
        天即完成，押金自动原路全额退回；挑战结束时未完成，押金归圈主所有，不会退回，也不会分给其他成员。
      </Text>
    </View>
  )
}

function Enroll({ c }: { c: ChallengeView }) {
  const enrollIn = useCheckinStore((s) => s.enrollIn)
  const onEnrollAction = useSubmit(async () => {
    if (c.depositFen > 0) {
      const ok = await Taro.showModal({
        title: `支付押金 ${yuan(c.depositFen)}`,
        content: `累计打卡 ${c.requiredDays} 天即完成，押金原路全额退回；未完成则押金归圈主所有。确定报名吗？`,
        confirmText: '去支付',
      })
      if (!ok.confirm) return
    }
    const res = await enrollIn(c.id)
    if (res.enrolled) void Taro.showToast({ title: '报名成功', icon: 'success' })
    else if (res.pay && res.orderId) await openPay(res.pay, res.orderId)
  })
  const onEnroll = onEnrollAction.run
  const busy = onEnrollAction.busy

  if (c.phase === 'ended') return <View className="card ck-center muted">挑战已结束</View>
  // a deposit on an iPhone: not taken there, not priced (docs/payments.md "Channels by device")
  if (c.depositFen > 0 && !showsPrice(c.depositSale))
    return (
      <View className="card ck-center muted" data-testid="not-on-this-device">
        {NOT_ON_THIS_DEVICE}
      </View>
    )

  return (
    <View className="card ck-center">
      {c.depositFen > 0 ? <DepositNotice c={c} /> : null}
      <View className="ck-gap" />
      <Button
        className="btn btn--primary"
        loading={busy}
        disabled={busy}
        onClick={() => void onEnroll()}
        data-testid="ck-enroll"
      >
        {c.depositFen > 0 ? `支付押金 ${yuan(c.depositFen)} 报名` : '报名参加'}
      </Button>
    </View>
  )
}

/** The deposit travels by ordinary WeChat Pay (the local simulator's cashier in the H5 demo). */
async function openPay(pay: PayParams, orderId: string) {
  const outcome = await openCashier(pay, (url) => void Taro.navigateTo({ url }), cashierUrl)
  if (outcome.kind === 'submitted') await Taro.navigateTo({ url: payResultUrl(orderId) })
  else if (outcome.kind === 'failed') void Taro.showToast({ title: outcome.message, icon: 'none' })
  else if (outcome.kind === 'cancelled')
    void Taro.showToast({ title: '支付没有完成，可在「我的订单」中继续支付', icon: 'none' })
}

function Progress({ c, me }: { c: ChallengeView; me: ChallengeProgress }) {
  const [makeupDay, setMakeupDay] = useState<string | null>(null)
  return (
    <View>
      <View className="ck-stats" data-testid="ck-stats">
        <View className="ck-stat">
          <Text className="ck-stat__num" data-testid="ck-total">
            {me.total}
          </Text>
          <Text className="ck-stat__label">累计天数</Text>
        </View>
        <View className="ck-stat">
          <Text className="ck-stat__num" data-testid="ck-streak">
            {me.streak}
          </Text>
          <Text className="ck-stat__label">连续天数</Text>
        </View>
        <View className="ck-stat">
          <Text className="ck-stat__num">{me.bestStreak}</Text>
          <Text className="ck-stat__label">最长连续</Text>
        </View>
        <View className="ck-stat">
          <Text className="ck-stat__num">{me.makeupsLeft}</Text>
          <Text className="ck-stat__label">剩余补卡</Text>
        </View>
      </View>
      {me.completedAt ? (
        <View className="ck-done" data-testid="ck-completed">
          <Icon name="party" size={16} color="#07C160" className="ck-done__icon" /> 已完成挑战
          {me.honorTitle ? `，获得称号「${me.honorTitle}」` : ''}
          {me.rewardCoupon ? `，获得优惠券（券码 ${me.rewardCoupon}，续费、入圈或买课时填写）` : ''}
        </View>
      ) : (
        <View className="ck-todo muted">再打卡 {Math.max(0, c.requiredDays - me.total)} 天即可完成挑战</View>
      )}
      {me.deposit && showsPrice(c.depositSale) ? (
        <View className="ck-todo" data-testid="ck-deposit-state">
          押金 {yuan(me.deposit.amountFen)}：{DEPOSIT_STATE_TEXT[me.deposit.state]}
        </View>
      ) : null}
      {c.phase === 'ongoing' ? (
        <CheckinForm c={c} me={me} makeupDay={makeupDay} onDone={() => setMakeupDay(null)} />
      ) : null}
      <Calendar
        me={me}
        canMakeUp={c.phase === 'ongoing' && me.makeupsLeft > 0}
        selected={makeupDay}
        onPick={setMakeupDay}
      />
    </View>
  )
}

function CheckinForm({
  c,
  me,
  makeupDay,
  onDone,
}: {
  c: ChallengeView
  me: ChallengeProgress
  makeupDay: string | null
  onDone: () => void
}) {
  const checkIn = useCheckinStore((s) => s.checkIn)
  const makeUpDay = useCheckinStore((s) => s.makeUpDay)
  const [text, setText] = useState('')
  const [images, setImages] = useState<string[]>([])
  const [uploading, setUploading] = useState(false)

  const submitAction = useSubmit(async () => {
    const res = makeupDay ? await makeUpDay(c.id, makeupDay, { text, images }) : await checkIn(c.id, { text, images })
    setText('')
    setImages([])
    onDone()
    void Taro.showToast({
      title: res.completedNow ? '挑战完成！' : makeupDay ? '补卡成功' : '打卡成功',
      icon: 'success',
    })
  })
  const submit = submitAction.run
  const busy = submitAction.busy

  if (!makeupDay && me.checkedToday)
    return (
      <View className="card ck-center ck-checked" data-testid="ck-checked-today">
        <Icon name="check" size={16} color="#07C160" /> 今天已打卡
      </View>
    )
  if (!makeupDay && !c.inWindowNow)
    return (
      <View className="card ck-center muted">
        每天 {c.windowStart}–{c.windowEnd} 可以打卡
      </View>
    )

  const pick = async () => {
    let paths: string[]
    try {
      paths = (
        await Taro.chooseImage({
          count: CHALLENGE_LIMITS.images - images.length,
          sizeType: ['compressed'],
          sourceType: ['album', 'camera'],
        })
      ).tempFilePaths
    } catch {
      return // closed the picker
    }
    setUploading(true)
    try {
      const ids = await Promise.all(paths.map((p) => uploadImage(p)))
      setImages((x) => [...x, ...ids].slice(0, CHALLENGE_LIMITS.images))
    } catch (e) {
      void Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    } finally {
      setUploading(false)
    }
  }

  const words = wordCount(text)
  return (
    <View className="card" data-testid="ck-form">
      <Text className="ck-section__title">
        {makeupDay ? `补卡 · ${dayText(makeupDay)}` : `今日打卡 · ${dayText(c.today)}`}
      </Text>
      <Textarea
        className="ck-text"
        value={text}
        maxlength={CHALLENGE_LIMITS.textChars}
        autoHeight
        placeholder={c.minWords > 0 ? `写下今天的收获（至少 ${c.minWords} 字）` : '写下今天的收获'}
        onInput={(e) => setText(e.detail.value)}
        data-testid="ck-text"
      />
      <View className="ck-count muted">
        {words}
        {c.minWords > 0 ? ` / 至少 ${c.minWords}` : ''} 字
      </View>
      <View className="ck-images">
        {images.map((id) => (
          <View key={id} className="ck-img-wrap">
            <Image className="ck-img" src={fileUrl(id)} mode="aspectFill" />
            <View className="ck-img-del" onClick={() => setImages((x) => x.filter((i) => i !== id))}>
              ×
            </View>
          </View>
        ))}
        {images.length < CHALLENGE_LIMITS.images ? (
          <View className="ck-img-add" onClick={() => void pick()}>
            {uploading ? '上传中' : '＋'}
          </View>
        ) : null}
      </View>
      {c.photoRequired ? <Text className="muted ck-count">这个挑战需要配图</Text> : null}
      <Button
        className="btn btn--primary"
        loading={busy}
        disabled={busy || uploading}
        onClick={() => void submit()}
        data-testid="ck-submit"
      >
        {makeupDay ? '补卡' : '打卡'}
      </Button>
      {makeupDay ? (
        <View className="link ck-center ck-cancel" onClick={onDone}>
          取消补卡
        </View>
      ) : null}
    </View>
  )
}

function Calendar({
  me,
  canMakeUp,
  selected,
  onPick,
}: {
  me: ChallengeProgress
  canMakeUp: boolean
  selected: string | null
  onPick: (day: string) => void
}) {
  return (
    <View className="card">
      <Text className="ck-section__title">我的打卡日历</Text>
      <View className="ck-calendar" data-testid="ck-calendar">
        {me.calendar.map((d, i) => {
          const pickable = canMakeUp && d.state === 'missed'
          return (
            <View
              key={d.day}
              className={`ck-day ck-day--${d.state} ${selected === d.day ? 'ck-day--selected' : ''}`}
              data-testid={`ck-day-${d.day}`}
              data-state={d.state}
              onClick={() => pickable && onPick(d.day)}
            >
              <Text className="ck-day__num">{calendarDayText(d.day, i === 0)}</Text>
              <Text className="ck-day__state">{pickable ? '补卡' : DAY_STATE_TEXT[d.state]}</Text>
            </View>
          )
        })}
      </View>
      {canMakeUp ? <Text className="muted ck-count">点击“补卡”的日子可以补打卡</Text> : null}
    </View>
  )
}
