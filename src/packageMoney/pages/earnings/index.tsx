import { useRef, useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { type WalletAccount, useWalletStore } from '../../store'
import { OwnerGate } from '../../components/OwnerGate'
import { merchantUrl, withdrawUrl } from '../../routes'
import { Earnings, type EarningsTab } from './Earnings'

/** ?circleId=: the circle's income (owner only); none: my own shares (我的收益). */
export default function EarningsPage() {
  const circleId = useRouter().params.circleId ?? ''
  const session = useSignedIn()
  const [tab, setTab] = useState<EarningsTab>('statement')
  const [account] = useState<WalletAccount>(() => (circleId ? { kind: 'owner', circleId } : { kind: 'self' }))
  const loadWalletSummary = useWalletStore((s) => s.loadWalletSummary)
  const loadStatement = useWalletStore((s) => s.loadStatement)
  const loadWithdrawals = useWalletStore((s) => s.loadWithdrawals)
  const shownBefore = useRef(false)

  // Back from withdrawing: balances and records as they are now.
  useDidShow(() => {
    if (shownBefore.current && session.ready) {
      void loadWalletSummary(account)
      void (tab === 'statement' ? loadStatement(account) : loadWithdrawals(account))
    }
    shownBefore.current = true
  })
  usePullDownRefresh(async () => {
    await Promise.all([
      loadWalletSummary(account),
      tab === 'statement' ? loadStatement(account) : loadWithdrawals(account),
    ])
    Taro.stopPullDownRefresh()
  })
  useReachBottom(() => void (tab === 'statement' ? loadStatement(account, 'more') : loadWithdrawals(account, 'more')))

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
  const earnings = (
    <Earnings
      account={account}
      tab={tab}
      onTab={setTab}
      onWithdraw={() => void Taro.navigateTo({ url: withdrawUrl(circleId || undefined) })}
      onMerchant={circleId ? () => void Taro.navigateTo({ url: merchantUrl() }) : undefined}
    />
  )
  return (
    <View className="page">
      {circleId ? (
        <OwnerGate circleId={circleId} permission="circle.seeIncome" what="查看圈子收入和提现">
          {() => earnings}
        </OwnerGate>
      ) : (
        earnings
      )}
    </View>
  )
}
