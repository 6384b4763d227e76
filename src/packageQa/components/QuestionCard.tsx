import { Button, Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { previewImage } from '@/utils/previewImage'
import { ROLE_LABELS } from '@/utils/labels'
import { QUESTION_STATUS_TEXT, countdownText, type QuestionView } from '@core/qa'
import { formatRelative } from '@core/time'
import { Avatar } from '@/components/Avatar'
import { fileUrl } from '@/services/cloud'
import type { SaleView } from '@core/contract'
import { showsPrice } from '@/services/sale'
import { yuan } from '../money'
import { questionUrl } from '../routes'

/** One question in a list: who asked whom, its state and countdown, the answer or its 偷看 button. */
/** `sale`: how this device may see peeks and question prices (the Q&A home's word). */
export function QuestionCard({
  q,
  now,
  onPeek,
  peeking,
  sale,
}: {
  q: QuestionView
  now: number
  onPeek?: (q: QuestionView) => void
  peeking?: boolean
  sale?: SaleView | null
}) {
  const priced = showsPrice(sale)
  const open = () => void Taro.navigateTo({ url: questionUrl(q.id) })
  const countdown = q.status === 'pending' ? countdownText(q.deadline, now) : null
  return (
    <View className="card" data-testid="qa-card" onClick={open}>
      <View className="card__head qa-card__head">
        <View style={{ display: 'flex', alignItems: 'center', gap: '6px' }}>
          <Avatar src={q.asker.avatarUrl} name={q.asker.nickname} size={22} />
          <Text>
            {q.asker.nickname} 问 {q.answerer.nickname}
            <Text className={`badge badge--${q.answerer.role}`}>{ROLE_LABELS[q.answerer.role]}</Text>
          </Text>
        </View>
        <Text className={`qa-status qa-status--${q.status}`}>{statusText(q, now, priced)}</Text>
      </View>
      <Text className="qa-card__question">{q.text}</Text>
      <Images urls={q.images} />
      {q.answer ? (
        <View className="qa-card__answer" data-testid="qa-answer">
          {q.answer.text}
          <Images urls={q.answer.images} />
        </View>
      ) : q.locked ? (
        <View className="qa-card__locked">
          <Text>{priced ? `回答已隐藏，${yuan(q.peekPriceFen)} 偷看` : '回答仅提问者可见'}</Text>
          {onPeek && priced ? (
            <Button
              className="btn btn--primary btn--mini"
              loading={peeking}
              disabled={peeking}
              data-testid="qa-peek"
              onClick={(e) => {
                e.stopPropagation()
                onPeek(q)
              }}
            >
              偷看
            </Button>
          ) : null}
        </View>
      ) : null}
      <View className="qa-card__foot">
        <Text>
          {priced ? (q.priceFen > 0 ? `${yuan(q.priceFen)} · ` : '免费提问 · ') : ''}
          {q.isPublic ? (priced ? `${q.peekCount} 人偷看` : '公开') : '仅双方可见'} · {formatRelative(q.askedAt, now)}
        </Text>
        {countdown ? <Text className="qa-countdown">{countdown}</Text> : null}
        {priced && q.earnedFen !== null && q.earnedFen > 0 ? (
          <Text className="qa-earned">偷看收入 {yuan(q.earnedFen)}</Text>
        ) : null}
      </View>
    </View>
  )
}

/** An unpaid question whose order lapsed reads as closed (nothing was charged). */
export function statusText(q: QuestionView, now: number, priced = true): string {
  // a device that may not see prices gets no 支付 wording
  if (q.status === 'unpaid' && !priced) return '未生效'
  if (q.status === 'unpaid' && (!q.payBy || new Date(q.payBy).getTime() <= now)) return '未支付·已关闭'
  return QUESTION_STATUS_TEXT[q.status]
}

export function Images({ urls }: { urls: string[] }) {
  if (urls.length === 0) return null
  const full = urls.map((u) => fileUrl(u))
  return (
    <View className="qa-images">
      {full.map((src, i) => (
        <Image
          key={i}
          className="qa-images__img"
          src={src}
          mode="aspectFill"
          onClick={(e) => {
            e.stopPropagation()
            previewImage({ urls: full, current: src })
          }}
        />
      ))}
    </View>
  )
}
