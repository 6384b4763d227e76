import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import type { ExpiringMember } from '@core/contracts/term'
import { formatDate } from '@core/time'
import { Avatar } from '@/components/Avatar'
import { ListFooter } from '@/components/ListFooter'
import { StateView } from '@/components/StateView'
import {
  selectExpiring,
  selectExpiringCounts,
  useInboxStore,
  type ExpiringView,
  type ExpiringWindow,
} from '../../store'
import '../../inbox.scss'

const WINDOWS: ExpiringWindow[] = [7, 30, 90]

/** 未续费 / 已续费 within 7, 30 or 90 days either side of now (docs/membership.md). */
export function Expiring({ circleId }: { circleId: string }) {
  const [withinDays, setWithinDays] = useState<ExpiringWindow>(7)
  const [view, setView] = useState<ExpiringView>('pending')
  const setCurrentExpiring = useInboxStore((s) => s.setCurrentExpiring)
  const list = useInboxStore(selectExpiring(circleId, withinDays, view))
  const counts = useInboxStore(selectExpiringCounts(circleId, withinDays))
  const loadExpiring = useInboxStore((s) => s.loadExpiring)

  useEffect(() => {
    setCurrentExpiring({ circleId, withinDays, view })
    void loadExpiring(circleId, withinDays, view)
  }, [circleId, withinDays, view, loadExpiring, setCurrentExpiring])

  let body
  if (list.items.length === 0) {
    if (list.status === 'error')
      body = <StateView kind="error" error={list.error} onRetry={() => void loadExpiring(circleId, withinDays, view)} />
    else if (list.status === 'ready')
      body = (
        <StateView
          kind="empty"
          text={
            view === 'pending' ? `前后 ${withinDays} 天内没有待续费的成员` : `前后 ${withinDays} 天内还没有成员续费`
          }
        />
      )
    else body = <StateView kind="loading" />
  } else {
    body = (
      <View>
        {list.items.map((m) => (
          <MemberRow key={m.openid} m={m} view={view} />
        ))}
        <ListFooter list={list} onMore={() => void loadExpiring(circleId, withinDays, view, 'more')} />
      </View>
    )
  }

  return (
    <View>
      <View className="tabs">
        <View
          className={`tabs__tab ${view === 'pending' ? 'tabs__tab--on' : ''}`}
          onClick={() => setView('pending')}
          data-testid="tab-pending"
        >
          未续费{counts ? ` ${counts.pending}` : ''}
        </View>
        <View
          className={`tabs__tab ${view === 'renewed' ? 'tabs__tab--on' : ''}`}
          onClick={() => setView('renewed')}
          data-testid="tab-renewed"
        >
          已续费{counts ? ` ${counts.renewed}` : ''}
        </View>
      </View>
      <View className="windows">
        {WINDOWS.map((d) => (
          <Text
            key={d}
            className={`windows__item ${d === withinDays ? 'windows__item--on' : ''}`}
            onClick={() => setWithinDays(d)}
          >
            {d} 天
          </Text>
        ))}
      </View>
      <Text className="expiring__rule">
        {view === 'pending'
          ? `会员在前后 ${withinDays} 天内到期、尚未续费的成员（含刚到期的）`
          : `收到过到期提醒、原定前后 ${withinDays} 天内到期，现已续费到 ${withinDays} 天之后的成员`}
      </Text>
      {body}
    </View>
  )
}

function MemberRow({ m, view }: { m: ExpiringMember; view: ExpiringView }) {
  let tag: { text: string; mod: string }
  if (view === 'renewed') tag = { text: '已续费', mod: 'member__tag--renewed' }
  else if (m.state === 'grace') tag = { text: '宽限期', mod: 'member__tag--expired' }
  else if (m.state === 'expired') tag = { text: '已到期', mod: 'member__tag--expired' }
  else tag = { text: `${m.daysLeft} 天后到期`, mod: '' }
  const meta =
    view === 'renewed'
      ? `原 ${m.dueAt ? formatDate(m.dueAt) : ''} 到期，现至 ${m.expiresAt ? formatDate(m.expiresAt) : '长期'}`
      : `${m.expiresAt ? formatDate(m.expiresAt) : ''} 到期 · 已提醒 ${m.remindersSent} 次`
  return (
    <View className="member" data-testid="expiring-member">
      <Avatar src={m.avatarUrl} name={m.nickname} size={40} />
      <View className="member__who">
        <Text className="member__name">{m.nickname}</Text>
        <Text className="member__meta">{meta}</Text>
      </View>
      <Text className={`member__tag ${tag.mod}`}>{tag.text}</Text>
    </View>
  )
}
