import { useEffect } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro'
import type { MemberView } from '@core/contract'
import { can } from '@core/permissions'
import { Avatar } from '@/components/Avatar'
import { ListFooter } from '@/components/ListFooter'
import { RoleBadge } from '@/components/RoleBadge'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { toApiError } from '@/services/cloud'
import { selectMembers, selectViewerRole, useAppStore } from '@/store'
import { formatDate } from '@core/time'
import './index.scss'

export default function MembersPage() {
  const circleId = useRouter().params.circleId ?? ''
  const session = useSignedIn()
  const list = useAppStore(selectMembers(circleId))
  const role = useAppStore(selectViewerRole(circleId))
  const roleKnown = useAppStore((s) => !!s.circlePages[circleId]?.page)
  const loadMembers = useAppStore((s) => s.loadMembers)
  const loadCirclePage = useAppStore((s) => s.loadCirclePage)
  const setMemberRole = useAppStore((s) => s.setMemberRole)
  const canSetRole = can(role, 'circle.setRole')

  useEffect(() => {
    if (!session.ready || !circleId) return
    void loadMembers(circleId)
    if (!roleKnown) void loadCirclePage(circleId)
  }, [session.ready, circleId])

  usePullDownRefresh(async () => {
    await loadMembers(circleId)
    Taro.stopPullDownRefresh()
  })
  useReachBottom(() => void loadMembers(circleId, 'more'))

  const manage = async (m: MemberView) => {
    if (!canSetRole || m.role === 'owner') return
    const next = m.role === 'admin' ? 'member' : 'admin'
    try {
      await Taro.showActionSheet({ itemList: [next === 'admin' ? '设为管理员' : '取消管理员'] })
    } catch {
      return
    }
    try {
      await setMemberRole(circleId, m.openid, next)
      Taro.showToast({ title: next === 'admin' ? '已设为管理员' : '已取消管理员', icon: 'none' })
    } catch (e) {
      Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    }
  }

  let body
  if (session.status === 'error') body = <StateView kind='error' error={session.error} onRetry={session.retry} />
  else if (list.status === 'idle' || list.status === 'loading') body = <StateView kind='loading' />
  else if (list.items.length === 0 && list.status === 'error')
    body = <StateView kind='error' error={list.error} onRetry={() => void loadMembers(circleId)} />
  else if (list.items.length === 0) body = <StateView kind='empty' text='还没有成员' />
  else
    body = (
      <View className='cells'>
        {list.items.map((m) => (
          <View key={m.openid} className='cell member' onClick={() => void manage(m)} data-testid='member'>
            <Avatar src={m.avatarUrl} name={m.nickname} size={40} square />
            <View className='cell__body member__who'>
              <View className='member__name-row'>
                <Text className='member__name'>{m.nickname}</Text>
                <RoleBadge role={m.role} />
              </View>
              <Text className='muted'>{formatDate(m.joinedAt)} 加入</Text>
            </View>
            {canSetRole && m.role !== 'owner' ? <Text className='cell__arrow'>···</Text> : null}
          </View>
        ))}
        <ListFooter list={list} onMore={() => void loadMembers(circleId, 'more')} />
      </View>
    )

  return (
    <View className='page'>
      {canSetRole ? <View className='cells__title'>点击成员可设置或取消管理员</View> : null}
      {body}
    </View>
  )
}
