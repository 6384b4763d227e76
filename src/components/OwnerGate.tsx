import { useEffect, type ReactNode } from 'react'
import { View } from '@tarojs/components'
import type { CirclePage } from '@core/contract'
import { can, type Permission } from '@core/permissions'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { selectCirclePage, useAppStore } from '@/store'

/**
 * Pages for the circle's owner or team wait for the caller to be known, then for the circle, and
 * show only to those the permission matrix allows (the server enforces it; this only spares
 * others a page of errors). `who` names them in the refusal, e.g. 圈主 or 圈子管理团队.
 */
export function OwnerGate({
  circleId,
  permission,
  what,
  who = '圈主',
  children,
}: {
  circleId: string
  permission: Permission
  what: string
  who?: string
  children: (page: CirclePage) => ReactNode
}) {
  const session = useSignedIn()
  const state = useAppStore(selectCirclePage(circleId))
  const loadCirclePage = useAppStore((s) => s.loadCirclePage)
  const ensureCirclePage = useAppStore((s) => s.ensureCirclePage)

  useEffect(() => {
    if (session.ready && circleId) void ensureCirclePage(circleId)
  }, [session.ready, circleId, ensureCirclePage])

  if (session.status === 'error') return <StateView kind="error" error={session.error} onRetry={session.retry} />
  if (!session.ready) return <StateView kind="loading" />
  if (!circleId) return <StateView kind="empty" text="没有找到这个圈子" />
  const page = state.page
  if (!page) {
    return state.status === 'error' ? (
      <StateView kind="error" error={state.error} onRetry={() => void loadCirclePage(circleId)} />
    ) : (
      <StateView kind="loading" />
    )
  }
  if (!can(page.me?.state === 'active' ? page.me.role : null, permission))
    return <StateView kind="empty" text={`只有${who}可以${what}`} />
  return <View>{children(page)}</View>
}
