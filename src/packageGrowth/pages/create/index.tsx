import { useEffect, useState } from 'react'
import { Button, Input, Picker, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { inShanghai } from '@core/time'
import { OwnerGate } from '@/components/OwnerGate'
import { useSubmit } from '@/hooks/useSubmit'
import { serverNow } from '@/services/cloud'
import { lotteryUrl } from '../../routes'
import { selectPerkOptions, useGrowthStore } from '../../store'
import { LOTTERY_LIMITS } from '@core/limits'
import '../../growth.scss'

/**
 * The team creates a lottery: a coupon prize and optional physical, points and perk prizes, the draw
 * time (Beijing), the 助力 cap, and who may enter (check-in days, a points cost).
 */
export default function CreateLotteryPage() {
  const circleId = useRouter().params.circleId ?? ''
  return (
    <View className="page">
      <OwnerGate circleId={circleId} permission="lottery.manage" what="发起抽奖" who="圈主和管理员">
        {() => <LotteryForm circleId={circleId} />}
      </OwnerGate>
    </View>
  )
}

const int = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s.trim()) : NaN)

function LotteryForm({ circleId }: { circleId: string }) {
  const createLottery = useGrowthStore((s) => s.createLottery)
  const [d, setD] = useState({
    title: '',
    day: inShanghai(serverNow() + 3 * 86_400_000).format('YYYY-MM-DD'),
    time: '20:00',
    helpCap: '5',
    couponTitle: '续费立减券',
    couponYuan: '20',
    couponStock: '3',
    physicalTitle: '',
    physicalStock: '1',
    pointsTitle: '',
    pointsAmount: '100',
    pointsStock: '1',
    perkTitle: '',
    perkStock: '1',
    minCheckinDays: '0',
    pointsCost: '0',
  })
  const perks = useGrowthStore(selectPerkOptions(circleId))
  const loadPerkOptions = useGrowthStore((s) => s.loadPerkOptions)
  useEffect(() => void loadPerkOptions(circleId), [circleId, loadPerkOptions])
  const [perkIndex, setPerkIndex] = useState(0)
  const perk = perks.data?.[perkIndex] ?? null
  const set = (k: keyof typeof d, v: string) => setD((x) => ({ ...x, [k]: v }))

  const { run: onSave, busy: saving } = useSubmit(async () => {
    const prizes = [
      {
        kind: 'coupon' as const,
        title: d.couponTitle,
        stock: int(d.couponStock),
        amountFen: Math.round(Number(d.couponYuan) * 100),
      },
      ...(d.physicalTitle.trim()
        ? [{ kind: 'physical' as const, title: d.physicalTitle, stock: int(d.physicalStock) }]
        : []),
      ...(d.pointsTitle.trim()
        ? [
            {
              kind: 'points' as const,
              title: d.pointsTitle,
              stock: int(d.pointsStock),
              points: int(d.pointsAmount),
            },
          ]
        : []),
      ...(d.perkTitle.trim() && perk
        ? [{ kind: 'perk' as const, title: d.perkTitle, stock: int(d.perkStock), perkId: perk.id }]
        : []),
    ]
    const created = await createLottery({
      circleId,
      title: d.title,
      prizes,
      helpCap: int(d.helpCap),
      minCheckinDays: int(d.minCheckinDays),
      pointsCost: int(d.pointsCost),
      drawAt: `${d.day}T${d.time}:00+08:00`,
    })
    void Taro.redirectTo({ url: lotteryUrl(created.id) })
  })

  const row = (
    label: string,
    key: keyof typeof d,
    extra: { type?: 'number' | 'digit'; placeholder?: string; maxlength?: number } = {},
  ) => (
    <View className="form-row">
      <Text className="form-row__label">{label}</Text>
      <Input
        className="form-row__input"
        value={d[key]}
        type={extra.type ?? 'text'}
        placeholder={extra.placeholder}
        maxlength={extra.maxlength ?? 40}
        onInput={(e) => set(key, e.detail.value)}
        data-testid={`lt-${key}`}
      />
    </View>
  )

  return (
    <View>
      <View className="cells">
        {row('标题', 'title', { placeholder: '如：年终抽奖', maxlength: LOTTERY_LIMITS.titleChars })}
      </View>
      <Text className="cells__title">开奖时间（北京时间）</Text>
      <View className="cells">
        <Picker mode="date" value={d.day} onChange={(e) => set('day', String(e.detail.value))}>
          <View className="form-row">
            <Text className="form-row__label">日期</Text>
            <Text className="form-row__input">{d.day}</Text>
          </View>
        </Picker>
        <Picker mode="time" value={d.time} onChange={(e) => set('time', String(e.detail.value))}>
          <View className="form-row">
            <Text className="form-row__label">时间</Text>
            <Text className="form-row__input">{d.time}</Text>
          </View>
        </Picker>
      </View>
      <Text className="cells__title">奖品</Text>
      <View className="cells">
        {row('优惠券名称', 'couponTitle', { maxlength: LOTTERY_LIMITS.prizeTitleChars })}
        {row('面额（元）', 'couponYuan', { type: 'digit' })}
        {row('份数', 'couponStock', { type: 'number' })}
        {row('实物奖品', 'physicalTitle', {
          placeholder: '选填，如：定制帆布袋',
          maxlength: LOTTERY_LIMITS.prizeTitleChars,
        })}
        {d.physicalTitle.trim() ? row('实物份数', 'physicalStock', { type: 'number' }) : null}
        {row('积分奖品', 'pointsTitle', {
          placeholder: '选填，如：100 积分',
          maxlength: LOTTERY_LIMITS.prizeTitleChars,
        })}
        {d.pointsTitle.trim() ? row('每份积分', 'pointsAmount', { type: 'number' }) : null}
        {d.pointsTitle.trim() ? row('积分份数', 'pointsStock', { type: 'number' }) : null}
        {perks.data && perks.data.length > 0 ? (
          <View>
            {row('权益奖品', 'perkTitle', {
              placeholder: '选填，如：读书会门票',
              maxlength: LOTTERY_LIMITS.prizeTitleChars,
            })}
            {d.perkTitle.trim() ? (
              <Picker
                mode="selector"
                range={perks.data.map((p) => p.title)}
                value={perkIndex}
                onChange={(e) => setPerkIndex(Number(e.detail.value))}
              >
                <View className="form-row">
                  <Text className="form-row__label">发放权益</Text>
                  <Text className="form-row__input">{perk?.title ?? '请选择'}</Text>
                </View>
              </Picker>
            ) : null}
            {d.perkTitle.trim() ? row('权益份数', 'perkStock', { type: 'number' }) : null}
          </View>
        ) : null}
      </View>
      <Text className="cells__title">参与条件（圈子成员，每人一次）</Text>
      <View className="cells">
        {row('打卡满几天', 'minCheckinDays', { type: 'number' })}
        {row('参与消耗积分', 'pointsCost', { type: 'number' })}
      </View>
      <Text className="cells__title">助力</Text>
      <View className="cells">{row('每人最多助力', 'helpCap', { type: 'number' })}</View>
      <Text className="gr-meta gr-note">
        每位好友助力一次，参与者多一次中奖机会，不超过上限。开奖前公布随机种子的承诺值，开奖后公布种子，任何人都可以复算中奖结果。
      </Text>
      <View className="gr-actions">
        <Button
          className="btn btn--primary"
          loading={saving}
          disabled={saving}
          onClick={() => void onSave()}
          data-testid="lt-save"
        >
          发起抽奖
        </Button>
      </View>
    </View>
  )
}
