import { useEffect } from 'react'
import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { selectCatalog, useAppStore } from '@/store'
import { devicePlatform } from '../../pay'
import { RenewView } from './RenewView'

/** The renewal page: an expired (or soon expiring) member renews at the tier price (product.md §3). */
export default function RenewPage() {
  const params = useRouter().params
  const circleId = params.circleId ?? ''
  const inviteCode = params.inviteCode || undefined
  const session = useSignedIn()
  const name = useAppStore((s) => selectCatalog(circleId)(s).data?.circleName)
  const loadCatalog = useAppStore((s) => s.loadCatalog)

  useEffect(() => {
    if (name) void Taro.setNavigationBarTitle({ title: `续费「${name}」` })
  }, [name])

  usePullDownRefresh(async () => {
    await loadCatalog(circleId)
    Taro.stopPullDownRefresh()
  })

  let body
  if (!circleId) body = <StateView kind='empty' text='没有找到这个圈子' />
  else if (session.status === 'error') body = <StateView kind='error' error={session.error} onRetry={session.retry} />
  else if (!session.ready) body = <StateView kind='loading' />
  else body = <RenewView circleId={circleId} platform={devicePlatform()} inviteCode={inviteCode} />
  return <View className='page'>{body}</View>
}
