import { useState } from 'react'
import { Button, Input, Picker, Switch, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import type { ChallengeReward } from '@core/challenge'
import { inShanghai } from '@core/time'
import { OwnerGate } from '@/components/OwnerGate'
import { serverNow } from '@/services/cloud'
import { challengeUrl } from '../../routes'
import { useCheckinStore } from '../../store'
import { CHALLENGE_LIMITS } from '@core/limits'
import '../../checkin.scss'
import { useSubmit } from '@/hooks/useSubmit'

export default function CreateChallengePage() {
  const circleId = useRouter().params.circleId ?? ''
  return (
    <View className="page">
      <OwnerGate circleId={circleId} permission="challenge.manage" what="发起打卡挑战" who="圈主和管理员">
        {() => <ChallengeForm circleId={circleId} />}
      </OwnerGate>
    </View>
  )
}

const LENGTHS = [7, 14, 21, 30]
type RewardKind = ChallengeReward['kind']
const REWARD_KINDS: { kind: RewardKind; label: string }[] = [
  { kind: 'none', label: '不设奖励' },
  { kind: 'points', label: '积分' },
  { kind: 'title', label: '荣誉称号' },
  { kind: 'coupon', label: '优惠券' },
]

interface Draft {
  title: string
  rules: string
  startDay: string
  days: string
  requiredDays: string
  windowStart: string
  windowEnd: string
  minWords: string
  photoRequired: boolean
  makeupQuota: string
  rewardKind: RewardKind
  rewardPoints: string
  rewardTitle: string
  rewardYuan: string
  deposit: boolean
  depositYuan: string
}

const tomorrow = () => inShanghai(serverNow() + 86_400_000).format('YYYY-MM-DD')
const int = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s.trim()) : NaN)
const fenOf = (yuanText: string) => Math.round(Number(yuanText) * 100)

function ChallengeForm({ circleId }: { circleId: string }) {
  const createChallenge = useCheckinStore((s) => s.createChallenge)
  const [d, setD] = useState<Draft>({
    title: '',
    rules: '',
    startDay: tomorrow(),
    days: '21',
    requiredDays: '21',
    windowStart: '05:00',
    windowEnd: '23:59',
    minWords: '10',
    photoRequired: false,
    makeupQuota: '2',
    rewardKind: 'title',
    rewardPoints: '50',
    rewardTitle: '打卡达人',
    rewardYuan: '10',
    deposit: false,
    depositYuan: '99',
  })
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }))

  const reward = (): ChallengeReward => {
    if (d.rewardKind === 'points') return { kind: 'points', points: int(d.rewardPoints) }
    if (d.rewardKind === 'title') return { kind: 'title', title: d.rewardTitle.trim() }
    if (d.rewardKind === 'coupon') return { kind: 'coupon', amountFen: fenOf(d.rewardYuan) }
    return { kind: 'none' }
  }

  const onSaveAction = useSubmit(async () => {
    const created = await createChallenge({
      circleId,
      title: d.title,
      rules: d.rules,
      startDay: d.startDay,
      days: int(d.days),
      requiredDays: int(d.requiredDays),
      windowStart: d.windowStart,
      windowEnd: d.windowEnd,
      minWords: int(d.minWords || '0'),
      photoRequired: d.photoRequired,
      makeupQuota: int(d.makeupQuota || '0'),
      reward: reward(),
      depositFen: d.deposit ? fenOf(d.depositYuan) : 0,
    })
    void Taro.redirectTo({ url: challengeUrl(created.id) })
  })
  const onSave = onSaveAction.run
  const saving = onSaveAction.busy

  return (
    <View>
      <View className="cells">
        <View className="form-row">
          <Text className="form-row__label">标题</Text>
          <Input
            className="form-row__input"
            value={d.title}
            maxlength={CHALLENGE_LIMITS.titleChars}
            placeholder="如：21 天早起打卡"
            onInput={(e) => set('title', e.detail.value)}
            data-testid="ck-title"
          />
        </View>
        <View className="form-row">
          <Textarea
            className="form-row__input"
            value={d.rules}
            maxlength={CHALLENGE_LIMITS.rulesChars}
            autoHeight
            placeholder="规则说明（选填）：每天做什么、怎么算完成"
            onInput={(e) => set('rules', e.detail.value)}
          />
        </View>
      </View>

      <Text className="cells__title">时间</Text>
      <View className="cells">
        <Picker mode="date" value={d.startDay} onChange={(e) => set('startDay', String(e.detail.value))}>
          <View className="form-row">
            <Text className="form-row__label">开始日期</Text>
            <Text className="form-row__input">{d.startDay}</Text>
          </View>
        </Picker>
        <View className="form-row">
          <Text className="form-row__label">挑战天数</Text>
          <View className="chips">
            {LENGTHS.map((n) => (
              <Text
                key={n}
                className={`chip ${d.days === String(n) ? 'chip--on' : ''}`}
                onClick={() => setD((x) => ({ ...x, days: String(n), requiredDays: String(n) }))}
              >
                {n} 天
              </Text>
            ))}
          </View>
        </View>
        <View className="form-row">
          <Text className="form-row__label">自定义天数</Text>
          <Input
            className="form-row__input"
            type="number"
            value={d.days}
            onInput={(e) => set('days', e.detail.value)}
            data-testid="ck-days"
          />
        </View>
        <View className="form-row">
          <Text className="form-row__label">完成所需</Text>
          <Input
            className="form-row__input"
            type="number"
            value={d.requiredDays}
            onInput={(e) => set('requiredDays', e.detail.value)}
            data-testid="ck-required"
          />
          <Text className="muted">天</Text>
        </View>
        <Picker mode="time" value={d.windowStart} onChange={(e) => set('windowStart', String(e.detail.value))}>
          <View className="form-row">
            <Text className="form-row__label">每日开始</Text>
            <Text className="form-row__input">{d.windowStart}</Text>
          </View>
        </Picker>
        <Picker mode="time" value={d.windowEnd} onChange={(e) => set('windowEnd', String(e.detail.value))}>
          <View className="form-row">
            <Text className="form-row__label">每日截止</Text>
            <Text className="form-row__input">{d.windowEnd}</Text>
          </View>
        </Picker>
      </View>

      <Text className="cells__title">打卡要求</Text>
      <View className="cells">
        <View className="form-row">
          <Text className="form-row__label">最少字数</Text>
          <Input
            className="form-row__input"
            type="number"
            value={d.minWords}
            onInput={(e) => set('minWords', e.detail.value)}
          />
        </View>
        <View className="form-row">
          <Text className="form-row__label">必须配图</Text>
          <Switch checked={d.photoRequired} color="#07C160" onChange={(e) => set('photoRequired', e.detail.value)} />
        </View>
        <View className="form-row">
          <Text className="form-row__label">补卡次数</Text>
          <Input
            className="form-row__input"
            type="number"
            value={d.makeupQuota}
            onInput={(e) => set('makeupQuota', e.detail.value)}
          />
        </View>
      </View>

      <Text className="cells__title">完成奖励</Text>
      <View className="cells">
        <View className="form-row">
          <View className="chips">
            {REWARD_KINDS.map((r) => (
              <Text
                key={r.kind}
                className={`chip ${d.rewardKind === r.kind ? 'chip--on' : ''}`}
                onClick={() => set('rewardKind', r.kind)}
              >
                {r.label}
              </Text>
            ))}
          </View>
        </View>
        {d.rewardKind === 'points' ? (
          <View className="form-row">
            <Text className="form-row__label">积分</Text>
            <Input
              className="form-row__input"
              type="number"
              value={d.rewardPoints}
              onInput={(e) => set('rewardPoints', e.detail.value)}
            />
          </View>
        ) : null}
        {d.rewardKind === 'title' ? (
          <View className="form-row">
            <Text className="form-row__label">称号</Text>
            <Input
              className="form-row__input"
              value={d.rewardTitle}
              maxlength={CHALLENGE_LIMITS.honorTitleChars}
              onInput={(e) => set('rewardTitle', e.detail.value)}
            />
          </View>
        ) : null}
        {d.rewardKind === 'coupon' ? (
          <View className="form-row">
            <Text className="form-row__label">面额（元）</Text>
            <Input
              className="form-row__input"
              type="digit"
              value={d.rewardYuan}
              onInput={(e) => set('rewardYuan', e.detail.value)}
            />
          </View>
        ) : null}
      </View>

      <Text className="cells__title">押金（选填）</Text>
      <View className="cells">
        <View className="form-row">
          <Text className="form-row__label">收取押金</Text>
          <Switch
            checked={d.deposit}
            color="#07C160"
            onChange={(e) => set('deposit', e.detail.value)}
            data-testid="ck-deposit"
          />
        </View>
        {d.deposit ? (
          <View className="form-row">
            <Text className="form-row__label">押金（元）</Text>
            <Input
              className="form-row__input"
              type="digit"
              value={d.depositYuan}
              onInput={(e) => set('depositYuan', e.detail.value)}
              data-testid="ck-deposit-yuan"
            />
          </View>
        ) : null}
      </View>
      {d.deposit ? (
        <Text className="ck-note">
          完成挑战的成员押金原路全额退回；未完成的押金在挑战结束后归圈主所有（扣除平台与支付手续费）。不设瓜分。
        </Text>
      ) : null}

      <View className="footer-actions">
        <Button
          className="btn btn--primary"
          loading={saving}
          disabled={saving}
          onClick={() => void onSave()}
          data-testid="ck-save"
        >
          发布挑战
        </Button>
      </View>
    </View>
  )
}
