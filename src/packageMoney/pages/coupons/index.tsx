import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro'
import { useWalletStore } from '../../store'
import { OwnerGate } from '../../components/OwnerGate'
import { CouponsView } from './CouponsView'

export default function CouponsPage() {
  const circleId = useRouter().params.circleId ?? ''
  const loadCoupons = useWalletStore((s) => s.loadCoupons)
  usePullDownRefresh(async () => {
    await loadCoupons(circleId)
    Taro.stopPullDownRefresh()
  })
  useReachBottom(() => void loadCoupons(circleId, 'more'))
  return (
    <View className="page">
      <OwnerGate circleId={circleId} permission="circle.settings" what="管理优惠券">
        {() => <CouponsView circleId={circleId} />}
      </OwnerGate>
    </View>
  )
}
