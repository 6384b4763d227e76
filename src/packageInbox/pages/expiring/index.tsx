import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro'
import { OwnerGate } from '@/components/OwnerGate'
import { useInboxStore } from '../../store'
import { Expiring } from './Expiring'

/** The team's list of members whose term ends soon (or just ended): 未续费 / 已续费. */
export default function ExpiringPage() {
  const circleId = useRouter().params.circleId ?? ''
  const reload = (mode: 'load' | 'more') => {
    const current = useInboxStore.getState().currentExpiring
    return current
      ? useInboxStore.getState().loadExpiring(current.circleId, current.withinDays, current.view, mode)
      : Promise.resolve()
  }
  usePullDownRefresh(async () => {
    await reload('load')
    Taro.stopPullDownRefresh()
  })
  useReachBottom(() => void reload('more'))
  return (
    <View className="page">
      <OwnerGate circleId={circleId} permission="member.viewExpiring" what="查看到期成员" who="圈子管理团队">
        {() => <Expiring circleId={circleId} />}
      </OwnerGate>
    </View>
  )
}
