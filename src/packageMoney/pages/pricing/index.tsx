import { View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { OwnerGate } from '../../components/OwnerGate'
import { Pricing } from './Pricing'

export default function PricingPage() {
  const circleId = useRouter().params.circleId ?? ''
  const session = useSignedIn()
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
        <OwnerGate circleId={circleId} permission='circle.edit' what='设置价格和分成'>
          {(page) => <Pricing circle={page.circle} />}
        </OwnerGate>
      ) : (
        <StateView kind='loading' />
      )}
    </View>
  )
}
