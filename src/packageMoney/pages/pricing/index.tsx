import { View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { OwnerGate } from '../../components/OwnerGate'
import { Pricing } from './Pricing'

export default function PricingPage() {
  const circleId = useRouter().params.circleId ?? ''
  return (
    <View className="page">
      <OwnerGate circleId={circleId} permission="circle.edit" what="设置价格和分成">
        {(page) => <Pricing circle={page.circle} />}
      </OwnerGate>
    </View>
  )
}
