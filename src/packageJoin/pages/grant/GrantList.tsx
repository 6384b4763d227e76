import { useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import { ROLE_LABELS } from '@core/circle'
import { formatDate } from '@core/time'
import { Avatar } from '@/components/Avatar'
import { ListFooter } from '@/components/ListFooter'
import { StateView } from '@/components/StateView'
import { selectMe, useAppStore } from '@/store'
import { selectCandidates, selectQueue, useJoinStore } from '../../store'
import { useSubmit } from '@/hooks/useSubmit'

const DAY_CHOICES = [7, 30, 90, 365]
const RELATION_LABELS = { member: '成员', expired: '已过期', left: '已退出', applicant: '申请人' } as const

interface Person {
  openid: string
  nickname: string
  avatarUrl: string
  relation: keyof typeof RELATION_LABELS
  role: string | null
  expiresAt: string | null
}

function PersonRow({ circleId, person }: { circleId: string; person: Person }) {
  const grantMembership = useJoinStore((s) => s.grantMembership)
  const [open, setOpen] = useState(false)
  const [days, setDays] = useState(30)
  const [message, setMessage] = useState('')
  const [error, setError] = useState('')
  const permanent = person.relation === 'member' && !person.expiresAt

  const giveAction = useSubmit(
    async () => {
      setError('')
      const r = await grantMembership(circleId, person.openid, days)
      setMessage(`已赠送 ${r.days} 天，有效期至 ${formatDate(r.expiresAt)}`)
      setOpen(false)
    },
    { onError: (e) => setError(e.message) },
  )
  const give = giveAction.run
  const busy = giveAction.busy

  return (
    <View className="app-card" data-testid={`grant-${person.openid}`}>
      <View className="app-card__head">
        <Avatar src={person.avatarUrl} name={person.nickname} size={36} />
        <View className="app-card__who">
          <Text className="app-card__name">{person.nickname}</Text>
          <Text className="app-card__meta">
            {person.role && person.role in ROLE_LABELS
              ? ROLE_LABELS[person.role as keyof typeof ROLE_LABELS]
              : RELATION_LABELS[person.relation]}
            {person.expiresAt
              ? ` · ${person.relation === 'member' ? '到期' : '曾到期'} ${formatDate(person.expiresAt)}`
              : person.relation === 'member'
                ? ' · 长期有效'
                : ''}
          </Text>
        </View>
        {permanent ? null : (
          <Button className="btn btn--default btn--mini" onClick={() => setOpen(!open)} data-testid="grant-open">
            赠送
          </Button>
        )}
      </View>
      {open ? (
        <View>
          <View className="days">
            {DAY_CHOICES.map((d) => (
              <Text key={d} className={`days__item ${days === d ? 'days__item--on' : ''}`} onClick={() => setDays(d)}>
                {d} 天
              </Text>
            ))}
          </View>
          <Text className="join-hint" style={{ paddingLeft: 0 }}>
            从到期日（未到期）或今天（已过期）起延长
          </Text>
          <View className="app-card__actions">
            <Button
              className="btn btn--primary btn--mini"
              disabled={busy}
              loading={busy}
              onClick={give}
              data-testid="grant-confirm"
            >
              确认赠送 {days} 天
            </Button>
          </View>
        </View>
      ) : null}
      {message ? (
        <Text className="join-hint" style={{ paddingLeft: 0 }}>
          {message}
        </Text>
      ) : null}
      {error ? (
        <Text className="join-error" style={{ paddingLeft: 0 }}>
          {error}
        </Text>
      ) : null}
    </View>
  )
}

export function GrantList({ circleId }: { circleId: string }) {
  const me = useAppStore(selectMe)?.openid ?? ''
  const list = useJoinStore(selectCandidates(circleId))
  const applicants = useJoinStore(selectQueue(circleId, 'pending'))
  const loadCandidates = useJoinStore((s) => s.loadCandidates)
  const people: Person[] = list.items.filter((c) => c.openid !== me)
  const waiting: Person[] = applicants.items.map((a) => ({
    ...a.applicant,
    relation: 'applicant',
    role: null,
    expiresAt: null,
  }))

  if (list.items.length === 0) {
    if (list.status === 'error')
      return <StateView kind="error" error={list.error} onRetry={() => void loadCandidates(circleId)} />
    if (list.status !== 'ready') return <StateView kind="loading" />
  }
  return (
    <View>
      <Text className="join-hint">
        赠送的会员从对方当前到期日起延长；已过期或新成员从今天算起。长期有效的成员无需赠送。
      </Text>
      {waiting.length > 0 ? <View className="cells__title">待审核的申请人</View> : null}
      {waiting.map((p) => (
        <PersonRow key={`a:${p.openid}`} circleId={circleId} person={p} />
      ))}
      <View className="cells__title">成员（含已过期、已退出）</View>
      {people.length === 0 ? <StateView kind="empty" text="还没有可以赠送的成员" /> : null}
      {people.map((p) => (
        <PersonRow key={p.openid} circleId={circleId} person={p} />
      ))}
      <ListFooter list={list} onMore={() => void loadCandidates(circleId, 'more')} />
    </View>
  )
}
