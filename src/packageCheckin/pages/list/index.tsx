import { showsPrice } from '@/services/sale'
import { useEffect } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro'
import type { ChallengeCard } from '@core/contracts/challenge'
import { ListFooter } from '@/components/ListFooter'
import { OwnerGate } from '@/components/OwnerGate'
import { StateView } from '@/components/StateView'
import { PHASE_TEXT, dayText, rewardText, yuan } from '../../labels'
import { challengeUrl, createChallengeUrl } from '../../routes'
import { selectCanManage, selectChallenges, useCheckinStore } from '../../store'
import '../../checkin.scss'

export default function ChallengeListPage() {
  const circleId = useRouter().params.circleId ?? ''
  return (
    <View className="page">
      <OwnerGate circleId={circleId} permission="circle.read" what="查看打卡挑战" who="圈子成员">
        {() => <Challenges circleId={circleId} />}
      </OwnerGate>
    </View>
  )
}

function Challenges({ circleId }: { circleId: string }) {
  const list = useCheckinStore(selectChallenges(circleId))
  const canManage = useCheckinStore(selectCanManage(circleId))
  const load = useCheckinStore((s) => s.loadChallenges)
  useEffect(() => void load(circleId), [circleId, load])
  useDidShow(() => {
    if (list.status === 'ready') void load(circleId)
  })
  usePullDownRefresh(() => void load(circleId).finally(() => Taro.stopPullDownRefresh()))
  useReachBottom(() => void load(circleId, 'more'))

  const create = () => void Taro.navigateTo({ url: createChallengeUrl(circleId) })
  let body
  if (list.items.length === 0 && list.status === 'error')
    body = <StateView kind="error" error={list.error} onRetry={() => void load(circleId)} />
  else if (list.items.length === 0 && list.status !== 'ready') body = <StateView kind="loading" />
  else if (list.items.length === 0)
    body = (
      <StateView
        kind="empty"
        text={canManage ? '还没有打卡挑战，发起第一个吧' : '圈主还没有发起打卡挑战'}
        {...(canManage ? { actionText: '发起挑战', onAction: create } : {})}
      />
    )
  else
    body = (
      <View>
        {list.items.map((c) => (
          <ChallengeRow key={c.id} c={c} />
        ))}
        <ListFooter list={list} onMore={() => void load(circleId, 'more')} />
      </View>
    )

  return (
    <View>
      {canManage && list.items.length > 0 ? (
        <View className="ck-toolbar">
          <Text className="link" onClick={create} data-testid="challenge-create">
            ＋ 发起挑战
          </Text>
        </View>
      ) : null}
      {body}
    </View>
  )
}

function ChallengeRow({ c }: { c: ChallengeCard }) {
  return (
    <View
      className="card"
      onClick={() => void Taro.navigateTo({ url: challengeUrl(c.id) })}
      data-testid="challenge-card"
    >
      <View className="card__head">
        <Text className="card__title">{c.title}</Text>
        <Text className={`ck-phase ck-phase--${c.phase}`}>{PHASE_TEXT[c.phase]}</Text>
      </View>
      <Text className="ck-card__meta">
        {dayText(c.startDay)} – {dayText(c.endDay)} · 共 {c.days} 天，完成 {c.requiredDays} 天即成功
      </Text>
      <Text className="ck-card__meta">
        {c.participantCount} 人参加
        {c.depositFen > 0 && showsPrice(c.depositSale) ? ` · 押金 ${yuan(c.depositFen)}` : ''}
        {c.reward.kind !== 'none' ? ` · 奖励 ${rewardText(c.reward)}` : ''}
      </Text>
    </View>
  )
}
