import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro'
import { useWalletStore } from '../../store'
import { OwnerGate } from '../../components/OwnerGate'
import { CircleOrders } from './CircleOrders'

export default function CircleOrdersPage() {
  const circleId = useRouter().params.circleId ?? ''
  const loadCircleOrders = useWalletStore((s) => s.loadCircleOrders)

  usePullDownRefresh(async () => {
    await loadCircleOrders(circleId)
    Taro.stopPullDownRefresh()
  })
  useReachBottom(() => void loadCircleOrders(circleId, 'more'))

  return (
    <View className="page">
      <OwnerGate circleId={circleId} permission="circle.seeIncome" what="查看圈子订单">
        {() => <CircleOrders circleId={circleId} />}
      </OwnerGate>
    </View>
  )
}
