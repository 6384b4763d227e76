import { useCallback, useEffect } from 'react'
import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro'
import { OwnerGate } from '@/components/OwnerGate'
import { useJoinStore } from '../../store'
import { GrantList } from './GrantList'
import '../../join.scss'

/** 赠送会员: the owner or a partner gives someone the circle knows a membership of N days. */
export default function GrantPage() {
  const circleId = useRouter().params.circleId ?? ''
  const loadCandidates = useJoinStore((s) => s.loadCandidates)
  const loadQueue = useJoinStore((s) => s.loadQueue)
  const load = useCallback(
    () => Promise.all([loadCandidates(circleId), loadQueue(circleId, 'pending')]),
    [circleId, loadCandidates, loadQueue],
  )

  useEffect(() => {
    if (circleId) void load()
  }, [circleId, load])
  usePullDownRefresh(async () => {
    await load()
    Taro.stopPullDownRefresh()
  })
  useReachBottom(() => void loadCandidates(circleId, 'more'))

  return (
    <View className="page">
      <OwnerGate circleId={circleId} permission="member.grant" what="赠送会员" who="圈主和合伙人">
        {() => <GrantList circleId={circleId} />}
      </OwnerGate>
    </View>
  )
}
