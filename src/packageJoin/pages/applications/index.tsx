import { useEffect, useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro'
import { OwnerGate } from '@/components/OwnerGate'
import { useJoinStore, type QueueTab } from '../../store'
import { Queue } from './Queue'
import '../../join.scss'

const TABS: { key: QueueTab; label: string }[] = [
  { key: 'pending', label: '待审核' },
  { key: 'approved', label: '已通过' },
  { key: 'rejected', label: '未通过' },
]

/** The team's review queue: approve, or reject with a reason the applicant sees. */
export default function ApplicationsPage() {
  const circleId = useRouter().params.circleId ?? ''
  const [tab, setTab] = useState<QueueTab>('pending')
  const loadQueue = useJoinStore((s) => s.loadQueue)

  useEffect(() => {
    if (circleId) void loadQueue(circleId, tab)
  }, [circleId, loadQueue, tab])
  usePullDownRefresh(async () => {
    await loadQueue(circleId, tab)
    Taro.stopPullDownRefresh()
  })
  useReachBottom(() => void loadQueue(circleId, tab, 'more'))

  return (
    <View className="page">
      <OwnerGate circleId={circleId} permission="member.approve" what="审核入圈申请" who="圈主和管理员">
        {() => (
          <View>
            <View className="tabs">
              {TABS.map((t) => (
                <View
                  key={t.key}
                  className={`tabs__item ${tab === t.key ? 'tabs__item--on' : ''}`}
                  onClick={() => setTab(t.key)}
                  data-testid={`tab-${t.key}`}
                >
                  {t.label}
                </View>
              ))}
            </View>
            <Queue circleId={circleId} tab={tab} />
          </View>
        )}
      </OwnerGate>
    </View>
  )
}
