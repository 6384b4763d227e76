import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { useAppStore } from '@/store'
import { OwnerGate } from '../../components/OwnerGate'
import { CircleOrders } from './CircleOrders'

export default function CircleOrdersPage() {
  const circleId = useRouter().params.circleId ?? ''
  const session = useSignedIn()
  const loadCircleOrders = useAppStore((s) => s.loadCircleOrders)

  usePullDownRefresh(async () => {
    await loadCircleOrders(circleId)
    Taro.stopPullDownRefresh()
  })
  useReachBottom(() => void loadCircleOrders(circleId, 'more'))

  if (session.status === 'error') {
    return (
      <View className='page'>
        <StateView kind='error' error={session.error} onRetry={session.retry} />
      </View>
    )
  }
  return (
    <View className='page'>
      {session.ready ? (
        <OwnerGate circleId={circleId} permission='circle.seeIncome' what='查看圈子订单'>
          {() => <CircleOrders circleId={circleId} />}
        </OwnerGate>
      ) : (
        <StateView kind='loading' />
      )}
    </View>
  )
}
