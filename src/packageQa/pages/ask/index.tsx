import { useEffect, useState } from 'react'
import { Button, Image, Switch, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import type { QaHome } from '@core/contracts/qa'
import { Avatar } from '@/components/Avatar'
import { CharCount, charsOver } from '@/components/CharCount'
import { StateView } from '@/components/StateView'
import { NotOnThisDevice } from '@/components/NotOnThisDevice'
import { showsPrice } from '@/services/sale'
import { useSignedIn } from '@/hooks/useSignedIn'
import { fileUrl, toApiError, uploadImage } from '@/services/cloud'
import { ROLE_LABELS } from '@/utils/labels'
import { yuan } from '../../money'
import { devicePlatform, openPay } from '../../pay'
import { questionUrl } from '../../routes'
import { selectQaHome, useQaStore } from '../../store'
import { QA_LIMITS } from '@core/limits'
import '../../qa.scss'
import { useSubmit } from '@/hooks/useSubmit'

export default function AskPage() {
  const { circleId = '', answerer = '' } = useRouter().params
  const session = useSignedIn()
  const home = useQaStore(selectQaHome(circleId))
  const loadQaHome = useQaStore((s) => s.loadQaHome)
  // Every visit asks again: free questions are used up (and given back on decline or expiry) elsewhere.
  useEffect(() => {
    if (session.ready && circleId) void loadQaHome(circleId)
  }, [session.ready, circleId, loadQaHome])

  let body
  if (session.status === 'error') body = <StateView kind="error" error={session.error} onRetry={session.retry} />
  else if (!home.data)
    body =
      home.status === 'error' ? (
        <StateView kind="error" error={home.error} onRetry={() => void loadQaHome(circleId)} />
      ) : (
        <StateView kind="loading" />
      )
  else if (!home.data.viewer.canAsk) body = <StateView kind="empty" text="成为圈子的有效成员后才能提问" />
  else body = <AskForm home={home.data} initial={answerer} />
  return <View className="page">{body}</View>
}

export function AskForm({ home, initial }: { home: QaHome; initial: string }) {
  const choices = home.answerers.filter((a) => a.openid !== home.viewer.openid)
  const [answerer, setAnswerer] = useState(
    choices.some((a) => a.openid === initial) ? initial : (choices[0]?.openid ?? ''),
  )
  const [text, setText] = useState('')
  const [images, setImages] = useState<string[]>([])
  const [anonymous, setAnonymous] = useState(false)
  const [isPublic, setIsPublic] = useState(true)
  const [error, setError] = useState('')
  const askQuestion = useQaStore((s) => s.askQuestion)
  const chosen = choices.find((a) => a.openid === answerer)
  const free = home.viewer.freeLeft > 0
  // An iPhone without iOS virtual payment: free questions only, no price anywhere
  const priced = showsPrice(home.sale.question)

  const submitAction = useSubmit(
    async () => {
      if (!text.trim()) return setError('请写下你的问题')
      if (charsOver(text.trim(), QA_LIMITS.questionChars) > 0)
        return setError(`问题最多 ${QA_LIMITS.questionChars} 字，请删减后再提交`)
      setError('')
      const res = await askQuestion({
        circleId: home.circleId,
        answerer,
        text: text.trim(),
        images,
        anonymous,
        isPublic,
        platform: devicePlatform(),
      })
      if (!res.pay || !res.question.orderId) {
        void Taro.redirectTo({ url: questionUrl(res.question.id) })
        return
      }
      const failed = await openPay(res.pay, res.question.orderId)
      if (failed) setError(failed)
    },
    { onError: (e) => setError(e.message) },
  )
  const submit = submitAction.run
  const busy = submitAction.busy

  if (choices.length === 0) return <StateView kind="empty" text="这个圈子还没有可以提问的回答者" />
  if (!priced && !free) return <NotOnThisDevice />

  const addImage = async () => {
    try {
      const picked = await Taro.chooseImage({
        count: QA_LIMITS.questionImages - images.length,
        sizeType: ['compressed'],
      })
      const ids = await Promise.all(picked.tempFilePaths.map((p) => uploadImage(p)))
      setImages([...images, ...ids].slice(0, QA_LIMITS.questionImages))
    } catch (e) {
      if (!/cancel/i.test(String((e as { errMsg?: string })?.errMsg ?? ''))) setError(toApiError(e).message)
    }
  }

  return (
    <View>
      <View className="qa-section-title">向谁提问</View>
      {choices.map((a) => (
        <View key={a.openid} className="qa-answerer" onClick={() => setAnswerer(a.openid)} data-testid="qa-choose">
          <Avatar src={a.avatarUrl} name={a.nickname} size={36} />
          <View className="qa-answerer__body">
            <Text className="qa-answerer__name">
              {a.nickname}
              <Text className={`badge badge--${a.role}`}>{ROLE_LABELS[a.role]}</Text>
            </Text>
          </View>
          {priced ? <Text className="qa-price">{yuan(a.priceFen)}</Text> : null}
          <Text style={{ color: a.openid === answerer ? '#07C160' : '#D9D9D9', fontSize: '18px' }}>
            {a.openid === answerer ? '●' : '○'}
          </Text>
        </View>
      ))}

      <View className="qa-form">
        <Textarea
          className="qa-form__textarea"
          value={text}
          maxlength={-1}
          placeholder="写下你的问题，描述越具体，回答越有针对性"
          onInput={(e) => setText(e.detail.value)}
          data-testid="qa-ask-text"
        />
        <CharCount text={text} max={QA_LIMITS.questionChars} testid="qa-ask-count" />
        <View className="qa-images">
          {images.map((id) => (
            <Image
              key={id}
              className="qa-images__img"
              src={fileUrl(id)}
              mode="aspectFill"
              onClick={() => setImages(images.filter((x) => x !== id))}
            />
          ))}
          {images.length < QA_LIMITS.questionImages ? (
            <View
              className="qa-images__img"
              style={{
                display: 'flex',
                alignItems: 'center',
                justifyContent: 'center',
                color: '#b2b2b2',
                fontSize: '28px',
              }}
              onClick={() => void addImage()}
            >
              +
            </View>
          ) : null}
        </View>
      </View>

      <View className="qa-switch-row">
        <View>
          <Text>公开提问</Text>
          <Text className="qa-switch-row__hint">
            {priced ? '公开后其他成员可付费偷看回答，你也能分到偷看收入' : '公开后其他成员也能看到这个问题'}
          </Text>
        </View>
        <Switch checked={isPublic} color="#07C160" onChange={(e) => setIsPublic(e.detail.value)} />
      </View>
      <View className="qa-switch-row">
        <View>
          <Text>匿名提问</Text>
          <Text className="qa-switch-row__hint">回答者和其他成员只会看到“匿名成员”</Text>
        </View>
        <Switch checked={anonymous} color="#07C160" onChange={(e) => setAnonymous(e.detail.value)} />
      </View>

      {error ? <View className="qa-error">{error}</View> : null}
      <View className="qa-actions">
        <Button
          className="btn btn--primary"
          loading={busy}
          disabled={busy || !chosen || charsOver(text.trim(), QA_LIMITS.questionChars) > 0}
          onClick={() => void submit()}
          data-testid="qa-ask-submit"
        >
          {free
            ? `免费提问（本期剩余 ${home.viewer.freeLeft} 次）`
            : `支付 ${chosen ? yuan(chosen.priceFen) : ''} 提问`}
        </Button>
        <Text className="muted" style={{ textAlign: 'center', fontSize: '12px' }}>
          {priced
            ? `${home.settings.expireHours} 小时内未回答或被拒绝，费用原路全额退回`
            : `${home.settings.expireHours} 小时内未回答或被拒绝，提问次数返还`}
        </Text>
      </View>
    </View>
  )
}
