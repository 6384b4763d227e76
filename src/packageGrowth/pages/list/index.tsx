import { useEffect } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro'
import type { LotteryCard } from '@core/contracts/lottery'
import { ListFooter } from '@/components/ListFooter'
import { OwnerGate } from '@/components/OwnerGate'
import { StateView } from '@/components/StateView'
import { STATUS_TEXT, drawAtText } from '../../labels'
import { createLotteryUrl, lotteryUrl } from '../../routes'
import { selectCanManage, selectLotteries, useGrowthStore } from '../../store'
import '../../growth.scss'

export default function LotteryListPage() {
  const circleId = useRouter().params.circleId ?? ''
  return (
    <View className="page">
      <OwnerGate circleId={circleId} permission="circle.read" what="查看抽奖" who="圈子成员">
        {() => <Lotteries circleId={circleId} />}
      </OwnerGate>
    </View>
  )
}

function Lotteries({ circleId }: { circleId: string }) {
  const list = useGrowthStore(selectLotteries(circleId))
  const canManage = useGrowthStore(selectCanManage(circleId))
  const load = useGrowthStore((s) => s.loadLotteries)
  useEffect(() => void load(circleId), [circleId, load])
  useDidShow(() => {
    if (list.status === 'ready') void load(circleId)
  })
  usePullDownRefresh(() => void load(circleId).finally(() => Taro.stopPullDownRefresh()))
  useReachBottom(() => void load(circleId, 'more'))

  const create = () => void Taro.navigateTo({ url: createLotteryUrl(circleId) })
  if (list.items.length === 0 && list.status === 'error')
    return <StateView kind="error" error={list.error} onRetry={() => void load(circleId)} />
  if (list.items.length === 0 && list.status !== 'ready') return <StateView kind="loading" />
  if (list.items.length === 0)
    return (
      <StateView
        kind="empty"
        text={canManage ? '还没有抽奖，发起第一个吧' : '圈主还没有发起抽奖'}
        {...(canManage ? { actionText: '发起抽奖', onAction: create } : {})}
      />
    )
  return (
    <View>
      {canManage ? (
        <View className="gr-toolbar">
          <Text className="link" onClick={create} data-testid="lottery-create">
            ＋ 发起抽奖
          </Text>
        </View>
      ) : null}
      {list.items.map((l) => (
        <LotteryRow key={l.id} l={l} />
      ))}
      <ListFooter list={list} onMore={() => void load(circleId, 'more')} />
    </View>
  )
}

function LotteryRow({ l }: { l: LotteryCard }) {
  return (
    <View className="card" onClick={() => void Taro.navigateTo({ url: lotteryUrl(l.id) })} data-testid="lottery-card">
      <View className="card__head">
        <Text className="card__title">{l.title}</Text>
        <Text className={`gr-status gr-status--${l.status}`}>{STATUS_TEXT[l.status]}</Text>
      </View>
      <Text className="gr-meta">
        {drawAtText(l.drawAt)} 开奖 · {l.entryCount} 人参加 · 奖品 {l.prizes.reduce((s, p) => s + p.stock, 0)} 份
      </Text>
    </View>
  )
}
