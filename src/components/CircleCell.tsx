import { Text, View } from '@tarojs/components'
import type { CircleCard, Role } from '@core/contract'
import { CIRCLE_TYPE_LABELS, ENTRY_MODE_LABELS } from '@/utils/labels'
import { showsPrice } from '@/services/sale'
import { useAppStore } from '@/store'
import { Avatar } from './Avatar'
import { EntryPrice } from './Price'
import { RoleBadge } from './RoleBadge'
import './CircleCell.scss'

/** A circle in a list (发现, 我的圈子). */
export function CircleCell({
  circle,
  role,
  onOpen,
}: {
  circle: CircleCard
  role?: Role
  onOpen: (id: string) => void
}) {
  // a paid circle on a device that may not see virtual goods priced: no 付费 wording (services/sale.ts)
  const virtualGoods = useAppStore((s) => s.me?.virtualGoods)
  const modeShown = circle.entryMode !== 'paid' || showsPrice(virtualGoods)
  return (
    <View className="circle-cell" onClick={() => onOpen(circle.id)} data-testid="circle-cell">
      <Avatar src={circle.avatarUrl || circle.coverUrl} name={circle.name} size={52} square />
      <View className="circle-cell__body">
        <View className="circle-cell__title">
          <Text className="circle-cell__name">{circle.name}</Text>
          {role ? <RoleBadge role={role} /> : null}
          {circle.status === 'closed' ? <Text className="badge badge--member">已关闭</Text> : null}
        </View>
        <View className="circle-cell__intro">{circle.intro || '圈主还没有写简介'}</View>
        <EntryPrice tag={circle.entryPrice} className="circle-cell__price" testid="circle-price" />
        <View className="circle-cell__meta">
          <Text className="circle-cell__m circle-cell__type">{CIRCLE_TYPE_LABELS[circle.type]}</Text>
          <Text className="circle-cell__m">{circle.memberCount} 位成员</Text>
          {modeShown ? <Text className="circle-cell__m">{ENTRY_MODE_LABELS[circle.entryMode]}</Text> : null}
          <Text className="circle-cell__m circle-cell__owner">圈主 {circle.owner.nickname}</Text>
        </View>
      </View>
    </View>
  )
}
