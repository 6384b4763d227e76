import { useEffect } from 'react'
import { Button, Text, View } from '@tarojs/components'
import { StateView } from '@/components/StateView'
import { selectOwnerCatalog, useWalletStore } from '../../store'
import { formatFen } from '../../money'
import '../../components/money.scss'

/** The circle's courses as the owner manages them. */
export function CourseList({ circleId, onOpen }: { circleId: string; onOpen: (courseId?: string) => void }) {
  const catalog = useWalletStore(selectOwnerCatalog(circleId))
  const loadOwnerCatalog = useWalletStore((s) => s.loadOwnerCatalog)

  useEffect(() => {
    void loadOwnerCatalog(circleId)
  }, [circleId, loadOwnerCatalog])

  const data = catalog.data
  if (!data) {
    return catalog.status === 'error' ? (
      <StateView kind="error" error={catalog.error} onRetry={() => void loadOwnerCatalog(circleId)} />
    ) : (
      <StateView kind="loading" />
    )
  }
  if (data.courses.length === 0)
    return <StateView kind="empty" text="还没有课程" actionText="新建课程" onAction={() => onOpen()} />
  return (
    <View>
      <View className="cells">
        {data.courses.map((c) => (
          <View key={c.id} className="cell" onClick={() => onOpen(c.id)} data-testid="course-row">
            <View className="cell__body money-row__body">
              <Text className="money-row__title">{c.title}</Text>
              <Text className="muted">
                {c.lessonCount} 节课{c.freeLessonCount ? ` · ${c.freeLessonCount} 节可试看` : ''}
              </Text>
            </View>
            <View className="money-row__side">
              <Text className="money-amount">¥{formatFen(c.priceFen)}</Text>
              {c.memberPriceFen < c.priceFen ? (
                <Text className="muted">成员 ¥{formatFen(c.memberPriceFen)}</Text>
              ) : null}
            </View>
            <Text className="cell__arrow">›</Text>
          </View>
        ))}
      </View>
      <View className="footer-actions">
        <Button className="btn btn--primary" onClick={() => onOpen()}>
          新建课程
        </Button>
      </View>
    </View>
  )
}
