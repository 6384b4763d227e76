import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { MembershipView } from '@core/contract'
import type { NewcomerView } from '@core/contracts/growth'
import { GROWTH_LIMITS } from '@core/limits'
import { call, serverNow } from '@/services/cloud'
import './NewcomerCard.scss'

const DAY_MS = 86_400_000

/**
 * The 新人任务 card on the circle home (docs/growth.md): shown to a member in their first days
 * until the checklist's reward is given; the progress is the server's, read from their records.
 * Nothing shows while it loads or if the read fails (the tile under 新人任务 stays reachable).
 */
export function NewcomerCard({ circleId, me }: { circleId: string; me: MembershipView }) {
  const recent =
    me.role !== 'owner' && serverNow() - new Date(me.joinedAt).getTime() < GROWTH_LIMITS.newcomerCardDays * DAY_MS
  const [v, setV] = useState<NewcomerView | null>(null)
  // read when the feed mounts; the 新人任务 page itself shows live progress
  useEffect(() => {
    if (recent)
      call('growth', 'newcomer', { circleId })
        .then(setV)
        .catch(() => setV(null))
  }, [circleId, recent])
  if (!v || !v.show || v.tasks.length === 0) return null
  const done = v.tasks.filter((t) => t.done).length
  return (
    <View
      className="newcomer-card"
      data-testid="newcomer-card"
      onClick={() =>
        void Taro.navigateTo({ url: `/packageGrowth/pages/newcomer/index?circleId=${encodeURIComponent(circleId)}` })
      }
    >
      <View className="newcomer-card__text">
        <Text className="newcomer-card__title">
          新人任务 {done}/{v.tasks.length}
        </Text>
        <Text className="newcomer-card__hint">
          {done === v.tasks.length ? '全部完成，' : `下一步：${v.tasks.find((t) => !t.done)?.title}，`}
          {v.reward ? `完成可得${v.reward.text}` : '快速融入圈子'}
        </Text>
      </View>
      <Text className="newcomer-card__go">去完成 ›</Text>
    </View>
  )
}
