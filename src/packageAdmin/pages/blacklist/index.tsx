import { useEffect } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro'
import type { BlacklistEntryView } from '@core/contracts/moderate'
import { formatDate } from '@core/time'
import { Avatar } from '@/components/Avatar'
import { ListFooter } from '@/components/ListFooter'
import { OwnerGate } from '@/components/OwnerGate'
import { StateView } from '@/components/StateView'
import { toApiError } from '@/services/cloud'
import { selectBlacklist, useModerationStore } from '../../store'
import '../../admin.scss'

/** People barred from the circle; removing one lets them join again. */
export default function BlacklistPage() {
  const circleId = useRouter().params.circleId ?? ''
  return (
    <View className="page">
      <OwnerGate circleId={circleId} permission="member.moderate" who="圈子管理团队" what="管理黑名单">
        {() => <Blacklist circleId={circleId} />}
      </OwnerGate>
    </View>
  )
}

function Blacklist({ circleId }: { circleId: string }) {
  const list = useModerationStore(selectBlacklist(circleId))
  const load = useModerationStore((s) => s.loadBlacklist)
  const unblacklist = useModerationStore((s) => s.unblacklistMember)

  useEffect(() => void load(circleId), [circleId, load])
  usePullDownRefresh(async () => {
    await load(circleId)
    Taro.stopPullDownRefresh()
  })
  useReachBottom(() => void load(circleId, 'more'))

  const release = async (b: BlacklistEntryView) => {
    const ok = await Taro.showModal({ title: '移出黑名单', content: `移出后「${b.nickname}」可以重新加入圈子` })
    if (!ok.confirm) return
    try {
      await unblacklist(circleId, b.openid)
      void Taro.showToast({ title: '已移出黑名单', icon: 'none' })
    } catch (e) {
      void Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    }
  }

  if (list.status === 'idle' || list.status === 'loading') return <StateView kind="loading" />
  if (list.items.length === 0 && list.status === 'error')
    return <StateView kind="error" error={list.error} onRetry={() => void load(circleId)} />
  if (list.items.length === 0) return <StateView kind="empty" text="黑名单是空的" />
  return (
    <View>
      <Text className="cells__title">黑名单中的用户不能再加入圈子</Text>
      <View className="cells">
        {list.items.map((b) => (
          <View key={b.openid} className="cell" data-testid="blacklisted">
            <Avatar src={b.avatarUrl} name={b.nickname} size={40} square />
            <View className="cell__body" style={{ marginLeft: '12px', display: 'flex', flexDirection: 'column' }}>
              <Text>{b.nickname}</Text>
              <Text className="muted">
                {formatDate(b.createdAt)} 拉黑{b.reason ? ` · ${b.reason}` : ''}
              </Text>
            </View>
            <Text className="link" onClick={() => void release(b)}>
              移出
            </Text>
          </View>
        ))}
        <ListFooter list={list} onMore={() => void load(circleId, 'more')} />
      </View>
    </View>
  )
}
