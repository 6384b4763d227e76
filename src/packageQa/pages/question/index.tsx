import { useEffect, useState } from 'react'
import { Button, Text, Textarea, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { countdownText, type QuestionView } from '@core/qa'
import { formatDate } from '@core/time'
import { Avatar } from '@/components/Avatar'
import { CharCount, charsOver } from '@/components/CharCount'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { call, toApiError } from '@/services/cloud'
import { ROLE_LABELS } from '@/utils/labels'
import { showsPrice } from '@/services/sale'
import { Images, statusText } from '../../components/QuestionCard'
import { yuan } from '../../money'
import { openPay } from '../../pay'
import { selectQaHome, selectQuestion, useQaStore } from '../../store'
import { useNow } from '@/hooks/useNow'
import { usePeek } from '../../usePeek'
import { QA_LIMITS } from '@core/limits'
import '../../qa.scss'
import { useSubmit } from '@/hooks/useSubmit'

export default function QuestionPage() {
  const id = useRouter().params.id ?? ''
  const session = useSignedIn()
  const state = useQaStore(selectQuestion(id))
  const loadQuestion = useQaStore((s) => s.loadQuestion)
  useEffect(() => {
    if (session.ready && id) void loadQuestion(id)
  }, [session.ready, id, loadQuestion])
  useDidShow(() => {
    if (session.ready && state.data) void loadQuestion(id)
  })

  let body
  if (session.status === 'error') body = <StateView kind="error" error={session.error} onRetry={session.retry} />
  else if (!id) body = <StateView kind="empty" text="没有找到这个问题" />
  else if (!state.data)
    body =
      state.status === 'error' ? (
        <StateView kind="error" error={state.error} onRetry={() => void loadQuestion(id)} />
      ) : (
        <StateView kind="loading" />
      )
  else body = <Detail q={state.data} />
  return <View className="page">{body}</View>
}

export function Detail({ q }: { q: QuestionView }) {
  const now = useNow()
  // how this device may see question and peek prices: the Q&A home's word (services/sale.ts)
  const home = useQaStore(selectQaHome(q.circleId))
  const loadQaHome = useQaStore((s) => s.loadQaHome)
  useEffect(() => {
    if (home.status === 'idle') void loadQaHome(q.circleId)
  }, [q.circleId, home.status, loadQaHome])
  const priced = !!home.data && showsPrice(home.data.sale.peek)
  const countdown = q.status === 'pending' ? countdownText(q.deadline, now) : null
  const { peek, peekingId } = usePeek()
  return (
    <View data-testid="qa-detail" data-status={q.status}>
      <View className="card">
        <View className="card__head qa-card__head">
          <View style={{ display: 'flex', alignItems: 'center', gap: '6px' }}>
            <Avatar src={q.asker.avatarUrl} name={q.asker.nickname} size={24} />
            <Text>{q.asker.nickname}</Text>
          </View>
          <Text className={`qa-status qa-status--${q.status}`} data-testid="qa-status">
            {statusText(q, now, priced)}
          </Text>
        </View>
        <Text className="qa-card__question" data-testid="qa-question-text">
          {q.text}
        </Text>
        <Images urls={q.images} />
        <View className="qa-card__foot">
          <Text>
            {priced ? (q.priceFen > 0 ? `${yuan(q.priceFen)} · ` : '免费提问 · ') : ''}
            {q.isPublic ? '公开' : '仅双方可见'}
            {q.anonymous && q.relation === 'asker' ? ' · 匿名' : ''} · {formatDate(q.askedAt)}
          </Text>
          {countdown ? (
            <Text className="qa-countdown" data-testid="qa-countdown">
              {countdown}
            </Text>
          ) : null}
        </View>
      </View>

      <View className="card">
        <View className="card__head qa-card__head">
          <View style={{ display: 'flex', alignItems: 'center', gap: '6px' }}>
            <Avatar src={q.answerer.avatarUrl} name={q.answerer.nickname} size={24} />
            <Text>
              {q.answerer.nickname}
              <Text className={`badge badge--${q.answerer.role}`}>{ROLE_LABELS[q.answerer.role]}</Text>
            </Text>
          </View>
          {q.answeredAt ? <Text>{formatDate(q.answeredAt)} 回答</Text> : null}
        </View>
        <AnswerPart
          q={q}
          countdown={countdown}
          onPeek={() => void peek(q)}
          peeking={peekingId === q.id}
          priced={priced}
        />
      </View>

      {priced && q.earnedFen !== null && q.isPublic && q.status === 'answered' ? (
        <View className="card" data-testid="qa-earnings">
          <Text>
            {q.peekCount} 人偷看，你分得 <Text className="qa-earned">{yuan(q.earnedFen)}</Text>
          </Text>
        </View>
      ) : null}

      {q.relation === 'answerer' && q.status === 'pending' && countdown ? <AnswerForm q={q} /> : null}
      {priced && q.relation === 'asker' && q.status === 'unpaid' ? <PayAgain q={q} now={now} /> : null}
    </View>
  )
}

function AnswerPart({
  q,
  countdown,
  onPeek,
  peeking,
  priced,
}: {
  q: QuestionView
  countdown: string | null
  onPeek: () => void
  peeking: boolean
  priced: boolean
}) {
  if (q.answer) {
    return (
      <View className="qa-card__answer" data-testid="qa-answer">
        {q.answer.text}
        <Images urls={q.answer.images} />
      </View>
    )
  }
  if (q.locked && !priced) return <View className="qa-card__locked">回答仅提问者可见</View>
  if (q.locked) {
    return (
      <View className="qa-card__locked">
        <Text>已有 {q.peekCount} 人偷看</Text>
        <Button
          className="btn btn--primary btn--mini"
          loading={peeking}
          disabled={peeking}
          onClick={onPeek}
          data-testid="qa-peek"
        >
          {yuan(q.peekPriceFen)} 偷看
        </Button>
      </View>
    )
  }
  const text: Record<QuestionView['status'], string> = {
    unpaid: priced ? '支付后回答者才会看到这个问题' : '回答者还看不到这个问题',
    pending: !countdown
      ? '已超过回答期限，费用将自动原路退回'
      : q.relation === 'answerer'
        ? `请在期限内回答（${countdown}），超时将自动退款给提问者`
        : `等待回答，${countdown}；超时未回答将全额退款`,
    answered: '',
    declined: `回答者婉拒了这个问题${q.declineReason ? `：${q.declineReason}` : ''}。${q.priceFen > 0 ? '费用已原路退回。' : '免费提问次数已返还。'}`,
    expired: `超时未回答。${q.priceFen > 0 ? '费用已原路退回。' : '免费提问次数已返还。'}`,
  }
  return <View className="qa-card__answer muted">{text[q.status]}</View>
}

function AnswerForm({ q }: { q: QuestionView }) {
  const [text, setText] = useState('')
  const [busy, setBusy] = useState<'answer' | 'decline' | null>(null)
  const [error, setError] = useState('')
  const answerQuestion = useQaStore((s) => s.answerQuestion)
  const declineQuestion = useQaStore((s) => s.declineQuestion)

  const submit = async () => {
    if (!text.trim()) return setError('请写下你的回答')
    if (charsOver(text.trim(), QA_LIMITS.answerChars) > 0)
      return setError(`回答最多 ${QA_LIMITS.answerChars} 字，请删减后再提交`)
    const { confirm } = await Taro.showModal({ title: '提交回答？', content: '每个问题只能回答一次，提交后不能修改。' })
    if (!confirm) return
    setBusy('answer')
    setError('')
    try {
      await answerQuestion(q.id, text.trim())
      void Taro.showToast({ title: '已回答', icon: 'success' })
    } catch (e) {
      setError(toApiError(e).message)
    } finally {
      setBusy(null)
    }
  }
  const decline = async () => {
    const res = await Taro.showModal({
      title: '拒绝回答？',
      content: '拒绝后提问者的费用将全额原路退回。',
      editable: true,
      placeholderText: '可以说明原因（选填）',
    } as Taro.showModal.Option)
    if (!res.confirm) return
    setBusy('decline')
    setError('')
    try {
      await declineQuestion(
        q.id,
        String((res as { content?: string }).content ?? '').slice(0, QA_LIMITS.declineReasonChars),
      )
    } catch (e) {
      setError(toApiError(e).message)
    } finally {
      setBusy(null)
    }
  }

  return (
    <View>
      <View className="qa-form">
        <Textarea
          className="qa-form__textarea"
          value={text}
          maxlength={-1}
          placeholder="写下你的回答（只能回答一次）"
          onInput={(e) => setText(e.detail.value)}
          data-testid="qa-answer-text"
        />
        <CharCount text={text} max={QA_LIMITS.answerChars} testid="qa-answer-count" />
      </View>
      {error ? <View className="qa-error">{error}</View> : null}
      <View className="qa-actions">
        <Button
          className="btn btn--primary"
          loading={busy === 'answer'}
          disabled={!!busy}
          onClick={() => void submit()}
          data-testid="qa-answer-submit"
        >
          提交回答
        </Button>
        <Button
          className="btn btn--warn"
          loading={busy === 'decline'}
          disabled={!!busy}
          onClick={() => void decline()}
          data-testid="qa-decline"
        >
          拒绝并退款
        </Button>
      </View>
    </View>
  )
}

function PayAgain({ q, now }: { q: QuestionView; now: number }) {
  const [error, setError] = useState('')
  const closed = !q.payBy || new Date(q.payBy).getTime() <= now
  const payAction = useSubmit(
    async () => {
      setError('')
      const res = await call('shop', 'pay', { orderId: q.orderId! })
      const failed = await openPay(res.pay, q.orderId!)
      if (failed) setError(failed)
    },
    { onError: (e) => setError(e.message) },
  )
  const pay = payAction.run
  const busy = payAction.busy

  if (closed || !q.orderId) return <View className="qa-error">订单已超时关闭，没有扣款，可以重新提问</View>
  return (
    <View className="qa-actions">
      {error ? <View className="qa-error">{error}</View> : null}
      <Button className="btn btn--primary" loading={busy} disabled={busy} onClick={() => void pay()}>
        继续支付 {yuan(q.priceFen)}
      </Button>
    </View>
  )
}
