import { useEffect, type ReactNode } from 'react'
import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { setPageTitle } from '@/utils/title'
import type { Platform } from '@core/contract'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { devicePlatform } from '@/services/pay'
import { selectCatalog, useShopStore } from '../store'

export interface CatalogPageProps {
  circleId: string
  platform: Platform
  inviteCode?: string
}

/**
 * The shell of a page that sells a circle's catalog (buy, renew): the circle and invite code from
 * the route, the circle's name in the title once known, pull to refresh, and the sign-in states.
 */
export function CatalogPage({
  title,
  children,
}: {
  title: (circleName: string) => string
  children: (props: CatalogPageProps) => ReactNode
}) {
  const params = useRouter().params
  const circleId = params.circleId ?? ''
  const inviteCode = params.inviteCode || undefined
  const session = useSignedIn()
  const name = useShopStore((s) => selectCatalog(circleId)(s).data?.circleName)
  const loadCatalog = useShopStore((s) => s.loadCatalog)
  const heading = name ? title(name) : null

  useEffect(() => {
    if (heading) setPageTitle(heading)
  }, [heading])

  usePullDownRefresh(async () => {
    await loadCatalog(circleId)
    Taro.stopPullDownRefresh()
  })

  let body
  if (!circleId) body = <StateView kind="empty" text="没有找到这个圈子" />
  else if (session.status === 'error') body = <StateView kind="error" error={session.error} onRetry={session.retry} />
  else if (!session.ready) body = <StateView kind="loading" />
  else body = children({ circleId, platform: devicePlatform(), inviteCode })
  return <View className="page">{body}</View>
}
