import { useState } from 'react'
import { relativeTime } from '@/utils/time'
import { Button, Text, Textarea, View } from '@tarojs/components'
import type { ApplicationView } from '@core/contracts/member'
import { Avatar } from '@/components/Avatar'
import { ListFooter } from '@/components/ListFooter'
import { StateView } from '@/components/StateView'
import { useSubmit } from '@/hooks/useSubmit'
import { selectQueue, useJoinStore, type QueueTab } from '../../store'

const EMPTY_TEXT: Record<QueueTab, string> = {
  pending: '暂时没有待审核的申请',
  approved: '还没有通过的申请',
  rejected: '还没有拒绝过申请',
}

function answerText(a: ApplicationView['answers'][number]): string {
  return a.kind === 'text' ? a.text || '（未填写）' : a.choices.join('、') || '（未选择）'
}

function ApplicationCard({ app }: { app: ApplicationView }) {
  const approve = useJoinStore((s) => s.approve)
  const reject = useJoinStore((s) => s.reject)
  const [rejecting, setRejecting] = useState(false)
  const [reason, setReason] = useState('')
  const [error, setError] = useState('')
  const pending = app.status === 'pending'

  const { busy, run } = useSubmit(
    async (fn: () => Promise<unknown>) => {
      setError('')
      await fn()
    },
    { onError: (e) => setError(e.message) },
  )
  const from = [app.channel ? `渠道：${app.channel}` : '', app.inviter ? `${app.inviter.nickname} 邀请` : '']
    .filter(Boolean)
    .join(' · ')

  return (
    <View className="app-card" data-testid={`application-${app.applicant.openid}`}>
      <View className="app-card__head">
        <Avatar src={app.applicant.avatarUrl} name={app.applicant.nickname} size={40} />
        <View className="app-card__who">
          <Text className="app-card__name">{app.applicant.nickname}</Text>
          <Text className="app-card__meta">
            {relativeTime(app.createdAt)} 申请{app.round > 1 ? `（第 ${app.round} 次）` : ''}
            {from ? ` · ${from}` : ''}
          </Text>
        </View>
      </View>
      {app.answers.map((a) => (
        <View key={a.questionId} className="app-card__answer">
          <Text className="app-card__q">{a.title}</Text>
          <Text className="app-card__a">{answerText(a)}</Text>
        </View>
      ))}
      {app.note ? (
        <View className="app-card__answer">
          <Text className="app-card__q">补充说明</Text>
          <Text className="app-card__a">{app.note}</Text>
        </View>
      ) : null}
      {app.status === 'rejected' && app.rejectReason ? (
        <Text className="join-error">拒绝原因：{app.rejectReason}</Text>
      ) : null}
      {app.status === 'approved' && app.payBy ? <Text className="join-hint">已通过，等待对方付款</Text> : null}
      {pending && rejecting ? (
        <View>
          <Textarea
            className="q-input"
            style={{ height: '60px' }}
            maxlength={100}
            value={reason}
            placeholder="拒绝原因（申请人会看到）"
            onInput={(e) => setReason(e.detail.value)}
            data-testid="reject-reason"
          />
        </View>
      ) : null}
      {error ? <Text className="join-error">{error}</Text> : null}
      {pending ? (
        <View className="app-card__actions">
          {rejecting ? (
            <>
              <Button className="btn btn--default btn--mini" disabled={busy} onClick={() => setRejecting(false)}>
                取消
              </Button>
              <Button
                className="btn btn--warn btn--mini"
                disabled={busy || !reason.trim()}
                onClick={() => run(() => reject(app, reason.trim()))}
                data-testid="reject-confirm"
              >
                确认拒绝
              </Button>
            </>
          ) : (
            <>
              <Button
                className="btn btn--warn btn--mini"
                disabled={busy}
                onClick={() => setRejecting(true)}
                data-testid="reject"
              >
                拒绝
              </Button>
              <Button
                className="btn btn--primary btn--mini"
                disabled={busy}
                onClick={() => run(() => approve(app))}
                data-testid="approve"
              >
                通过
              </Button>
            </>
          )}
        </View>
      ) : null}
    </View>
  )
}

export function Queue({ circleId, tab }: { circleId: string; tab: QueueTab }) {
  const list = useJoinStore(selectQueue(circleId, tab))
  const loadQueue = useJoinStore((s) => s.loadQueue)
  if (list.items.length === 0) {
    if (list.status === 'error')
      return <StateView kind="error" error={list.error} onRetry={() => void loadQueue(circleId, tab)} />
    if (list.status === 'ready') return <StateView kind="empty" text={EMPTY_TEXT[tab]} />
    return <StateView kind="loading" />
  }
  return (
    <View>
      {tab === 'pending' ? <Text className="join-hint">申请 7 天内未审核将自动过期</Text> : null}
      {list.items.map((app) => (
        <ApplicationCard key={`${app.applicant.openid}:${app.round}`} app={app} />
      ))}
      <ListFooter list={list} onMore={() => void loadQueue(circleId, tab, 'more')} />
    </View>
  )
}
