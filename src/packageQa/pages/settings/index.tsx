import { useEffect, useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import type { QaHome } from '@core/contracts/qa'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { parsePriceInput } from '@core/money/pricing'
import { PriceInput } from '@/components/PriceInput'
import { parseYuan, yuanPlain } from '../../money'
import { selectQaHome, useQaStore } from '../../store'
import { QA_LIMITS } from '@core/limits'
import '../../qa.scss'
import { useSubmit } from '@/hooks/useSubmit'

export default function QaSettingsPage() {
  const circleId = useRouter().params.circleId ?? ''
  const session = useSignedIn()
  const home = useQaStore(selectQaHome(circleId))
  const loadQaHome = useQaStore((s) => s.loadQaHome)
  useEffect(() => {
    if (session.ready && circleId) void loadQaHome(circleId)
  }, [session.ready, circleId, loadQaHome])

  let body
  if (session.status === 'error') body = <StateView kind="error" error={session.error} onRetry={session.retry} />
  else if (!home.data)
    body =
      home.status === 'error' ? (
        <StateView kind="error" error={home.error} onRetry={() => void loadQaHome(circleId)} />
      ) : (
        <StateView kind="loading" />
      )
  else if (!home.data.viewer.canAnswer && !home.data.viewer.canManage)
    body = <StateView kind="empty" text="只有圈主、合伙人和嘉宾可以设置问答" />
  else
    body = (
      <View>
        {home.data.viewer.canAnswer ? <PriceForm home={home.data} /> : null}
        {home.data.viewer.canManage ? <RulesForm home={home.data} /> : null}
      </View>
    )
  return <View className="page">{body}</View>
}

function PriceForm({ home }: { home: QaHome }) {
  const [text, setText] = useState(home.viewer.myPriceFen ? yuanPlain(home.viewer.myPriceFen) : '')
  const [error, setError] = useState('')
  const setMyPrice = useQaStore((s) => s.setMyPrice)
  const parsed = parsePriceInput(text, {
    label: '提问价格',
    minFen: QA_LIMITS.minPriceFen,
    maxFen: QA_LIMITS.maxPriceFen,
  })
  const fen = parsed.ok ? parsed.fen : null
  const { run: save, busy } = useSubmit(
    async () => {
      if (!parsed.ok) return setError(parsed.problem)
      setError('')
      await setMyPrice(home.circleId, parsed.fen)
      void Taro.showToast({ title: '已保存', icon: 'success' })
    },
    { onError: (e) => setError(e.message) },
  )
  return (
    <View>
      <View className="qa-section-title">我的回答价格{home.viewer.myPriceFen ? '' : '（设置后成员即可向你提问）'}</View>
      <View className="qa-chips">
        {home.presetsFen.map((p) => (
          <Text
            key={p}
            className={`qa-chip ${fen === p ? 'qa-chip--on' : ''}`}
            onClick={() => setText(yuanPlain(p))}
            data-testid="qa-price-preset"
          >
            {yuanPlain(p)} 元
          </Text>
        ))}
      </View>
      <View className="qa-switch-row">
        <Text>自定义（元）</Text>
        <PriceInput
          className="qa-input"
          value={text}
          placeholder="至少 1 元"
          onChange={setText}
          testid="qa-price-input"
        />
      </View>
      {error ? <View className="qa-error">{error}</View> : null}
      <View className="qa-actions">
        <Button
          className="btn btn--primary"
          loading={busy}
          disabled={busy}
          onClick={() => void save()}
          data-testid="qa-price-save"
        >
          保存价格
        </Button>
      </View>
    </View>
  )
}

export function RulesForm({ home }: { home: QaHome }) {
  const s = home.settings
  const [free, setFree] = useState(String(s.freeQuestionsPerTerm))
  const [hours, setHours] = useState(String(s.expireHours))
  const [peek, setPeek] = useState(yuanPlain(s.peekPriceFen))
  const [share, setShare] = useState(String(s.askerShareBps / 100))
  // 平台收付通 only: the guest's share is paid by 分账 and must fit the 30 % cap beside the platform fee.
  const guestMaxBps = home.guestShareMaxBps ?? null
  const [guestShare, setGuestShare] = useState(String((s.guestShareBps ?? 0) / 100))
  const [error, setError] = useState('')
  const saveQaSettings = useQaStore((st) => st.saveQaSettings)

  const { run: save, busy } = useSubmit(
    async () => {
      const freeN = Number(free)
      const hoursN = Number(hours)
      const peekFen = parseYuan(peek)
      const sharePct = Number(share)
      if (!Number.isInteger(freeN) || freeN < 0 || freeN > QA_LIMITS.maxFreeQuestionsPerTerm)
        return setError('免费提问次数需为 0–100 的整数')
      if (!Number.isInteger(hoursN) || hoursN < QA_LIMITS.minExpireHours || hoursN > QA_LIMITS.maxExpireHours)
        return setError('回答期限需为 24–168 小时')
      if (peekFen === null || peekFen < QA_LIMITS.minPeekPriceFen || peekFen > QA_LIMITS.maxPeekPriceFen)
        return setError('偷看价格需在 1–100 元之间')
      if (!Number.isFinite(sharePct) || sharePct < 0 || sharePct > 100) return setError('提问者分成需在 0–100% 之间')
      const guestPct = Number(guestShare)
      if (guestMaxBps !== null && (!Number.isFinite(guestPct) || guestPct < 0 || guestPct * 100 > guestMaxBps))
        return setError(`嘉宾分成需在 0–${guestMaxBps / 100}% 之间：加上平台服务费，每笔订单分出的钱不能超过 30%`)
      setError('')
      await saveQaSettings({
        circleId: home.circleId,
        freeQuestionsPerTerm: freeN,
        expireHours: hoursN,
        peekPriceFen: peekFen,
        askerShareBps: Math.round(sharePct * 100),
        ...(guestMaxBps !== null ? { guestShareBps: Math.round(guestPct * 100) } : {}),
      })
      void Taro.showToast({ title: '已保存', icon: 'success' })
    },
    { onError: (e) => setError(e.message) },
  )

  const row = (label: string, value: string, set: (v: string) => void, hint: string, testid: string) => (
    <View className="qa-switch-row">
      <View>
        <Text>{label}</Text>
        <Text className="qa-switch-row__hint">{hint}</Text>
      </View>
      <Input
        className="qa-input"
        type="digit"
        value={value}
        onInput={(e) => set(e.detail.value)}
        data-testid={testid}
      />
    </View>
  )
  return (
    <View>
      <View className="qa-section-title">问答规则（全圈）</View>
      {row('每期免费提问', free, setFree, '每位成员每个会员期可免费提问的次数', 'qa-free')}
      {row('回答期限（小时）', hours, setHours, '24–168 小时，超时未回答自动全额退款', 'qa-hours')}
      {row('偷看价格（元）', peek, setPeek, '其他成员查看公开回答需支付的金额', 'qa-peek-price')}
      {row(
        '提问者分成（%）',
        share,
        setShare,
        guestMaxBps !== null
          ? `偷看收入扣除平台和渠道手续费后，提问者所得比例，其余归回答者；经微信支付分账，提问者最多得偷看金额的 ${guestMaxBps / 100}%（加平台服务费不超过 30%）`
          : '偷看收入扣除平台和渠道手续费后，提问者所得比例，其余归回答者',
        'qa-share',
      )}
      {guestMaxBps !== null
        ? row(
            '嘉宾分成（%）',
            guestShare,
            setGuestShare,
            `嘉宾回答的付费问题，嘉宾所得占订单金额的比例，经微信支付分账到嘉宾零钱，其余归圈子；最高 ${guestMaxBps / 100}%（加平台服务费不超过 30%）`,
            'qa-guest-share',
          )
        : null}
      {error ? <View className="qa-error">{error}</View> : null}
      <View className="qa-actions">
        <Button
          className="btn btn--primary"
          loading={busy}
          disabled={busy}
          onClick={() => void save()}
          data-testid="qa-settings-save"
        >
          保存规则
        </Button>
      </View>
    </View>
  )
}
