import { useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import type { WalletAccount } from '../../store'
import { OwnerGate } from '../../components/OwnerGate'
import { Withdraw } from './Withdraw'

/** ?circleId=: withdraw the circle's income (owner only); none: my own shares. */
export default function WithdrawPage() {
  const circleId = useRouter().params.circleId ?? ''
  const session = useSignedIn()
  const [account] = useState<WalletAccount>(() => (circleId ? { kind: 'owner', circleId } : { kind: 'self' }))

  if (session.status === 'error') {
    return (
      <View className="page">
        <StateView kind="error" error={session.error} onRetry={session.retry} />
      </View>
    )
  }
  if (!session.ready) {
    return (
      <View className="page">
        <StateView kind="loading" />
      </View>
    )
  }
  const withdraw = <Withdraw account={account} onDone={() => void Taro.navigateBack()} />
  return (
    <View className="page">
      {circleId ? (
        <OwnerGate circleId={circleId} permission="circle.withdraw" what="提现圈子收入">
          {() => withdraw}
        </OwnerGate>
      ) : (
        withdraw
      )}
    </View>
  )
}
