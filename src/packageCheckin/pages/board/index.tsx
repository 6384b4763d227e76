import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { Avatar } from '@/components/Avatar'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { selectBoard, useCheckinStore, type BoardKind } from '../../store'
import '../../checkin.scss'

const TABS: { by: BoardKind; label: string; unit: string }[] = [
  { by: 'total', label: '累计榜', unit: '累计' },
  { by: 'streak', label: '连续榜', unit: '最长连续' },
]

export default function BoardPage() {
  const id = useRouter().params.id ?? ''
  const session = useSignedIn()
  const [by, setBy] = useState<BoardKind>('total')
  const board = useCheckinStore(selectBoard(id, by))
  const load = useCheckinStore((s) => s.loadLeaderboard)
  useEffect(() => {
    if (session.ready && id) void load(id, by)
  }, [session.ready, id, by, load])

  const tab = TABS.find((t) => t.by === by)!
  let body
  if (!board.data && board.status === 'error')
    body = <StateView kind="error" error={board.error} onRetry={() => void load(id, by)} />
  else if (!board.data) body = <StateView kind="loading" />
  else if (board.data.items.length === 0) body = <StateView kind="empty" text="还没有人打卡，来做第一个吧" />
  else
    body = (
      <View className="cells">
        {board.data.items.map((r) => (
          <View key={r.openid} className="ck-board-row" data-testid="ck-board-row">
            <Text className={`ck-rank ${r.rank <= 3 ? 'ck-rank--top' : ''}`}>{r.rank}</Text>
            <Avatar src={r.avatarUrl} name={r.nickname} size={36} />
            <View className="ck-board-row__name">
              <Text>{r.nickname}</Text>
              {r.honorTitle ? <Text className="ck-title-badge">{r.honorTitle}</Text> : null}
              {r.completed ? <Text className="ck-done-badge">已完成</Text> : null}
            </View>
            <Text className="ck-board-row__value">
              {tab.unit} {by === 'total' ? r.total : r.bestStreak} 天
            </Text>
          </View>
        ))}
      </View>
    )

  return (
    <View className="page">
      <View className="ck-tabs">
        {TABS.map((t) => (
          <Text
            key={t.by}
            className={`ck-tab ${t.by === by ? 'ck-tab--on' : ''}`}
            onClick={() => setBy(t.by)}
            data-testid={`ck-tab-${t.by}`}
          >
            {t.label}
          </Text>
        ))}
      </View>
      {body}
      <Text className="muted ck-note">只显示前 50 名；连续榜按挑战期内最长连续打卡天数（补卡也算）排名。</Text>
    </View>
  )
}
