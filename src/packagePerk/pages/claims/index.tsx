import { useEffect } from 'react'
import { relativeTime } from '@/utils/time'
import { Text, View } from '@tarojs/components'
import { useReachBottom, useRouter } from '@tarojs/taro'
import { Avatar } from '@/components/Avatar'
import { ListFooter } from '@/components/ListFooter'
import { OwnerGate } from '@/components/OwnerGate'
import { StateView } from '@/components/StateView'
import { selectClaims, usePerkStore } from '../../store'
import '../../perk.scss'

export default function ClaimsPage() {
  const { circleId = '', perkId = '' } = useRouter().params
  return (
    <View className="page">
      <OwnerGate circleId={circleId} permission="perk.manage" what="查看领取记录">
        {() => <Claims perkId={perkId} />}
      </OwnerGate>
    </View>
  )
}

function Claims({ perkId }: { perkId: string }) {
  const list = usePerkStore(selectClaims(perkId))
  const loadClaims = usePerkStore((s) => s.loadClaims)
  useEffect(() => void loadClaims(perkId), [loadClaims, perkId])
  useReachBottom(() => void loadClaims(perkId, 'more'))

  if (list.status === 'idle' || list.status === 'loading') return <StateView kind="loading" />
  if (list.items.length === 0 && list.status === 'error')
    return <StateView kind="error" error={list.error} onRetry={() => void loadClaims(perkId)} />
  if (list.items.length === 0) return <StateView kind="empty" text="还没有人领取" />
  return (
    <View className="cells">
      {list.items.map((c) => (
        <View key={`${c.user.openid}`} className="cell" data-testid="claim-row">
          <Avatar src={c.user.avatarUrl} name={c.user.nickname} size={36} />
          <View className="board-row__name">
            <Text>{c.user.nickname}</Text>
            <View>
              <Text className="muted">{relativeTime(c.claimedAt)}</Text>
            </View>
          </View>
          {c.code ? <Text className="perk-card__code">{c.code}</Text> : null}
        </View>
      ))}
      <ListFooter list={list} onMore={() => void loadClaims(perkId, 'more')} />
    </View>
  )
}
