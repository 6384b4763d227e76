import type { SaleView } from '@core/contract'
import { showsPrice } from '@/services/sale'
import { useCallback, useEffect } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro'
import type { QaHome } from '@core/contracts/qa'
import { Avatar } from '@/components/Avatar'
import { ListFooter } from '@/components/ListFooter'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { ROLE_LABELS } from '@/utils/labels'
import { QuestionCard } from '../../components/QuestionCard'
import { yuan } from '../../money'
import { askUrl, myQuestionsUrl, qaSettingsUrl } from '../../routes'
import { selectQaFeed, selectQaHome, useQaStore } from '../../store'
import { useNow } from '@/hooks/useNow'
import { usePeek } from '../../usePeek'
import '../../qa.scss'

export default function QaHomePage() {
  const circleId = useRouter().params.circleId ?? ''
  const session = useSignedIn()
  const home = useQaStore(selectQaHome(circleId))
  const loadQaHome = useQaStore((s) => s.loadQaHome)
  const loadQaFeed = useQaStore((s) => s.loadQaFeed)

  const refresh = useCallback(
    () => Promise.all([loadQaHome(circleId), loadQaFeed(circleId)]),
    [circleId, loadQaHome, loadQaFeed],
  )
  useEffect(() => {
    if (session.ready && circleId) void refresh()
  }, [session.ready, circleId, refresh])
  useDidShow(() => {
    if (session.ready && home.data) void refresh()
  })
  usePullDownRefresh(() => void refresh().finally(() => Taro.stopPullDownRefresh()))
  useReachBottom(() => void loadQaFeed(circleId, 'more'))

  let body
  if (session.status === 'error') body = <StateView kind="error" error={session.error} onRetry={session.retry} />
  else if (!circleId) body = <StateView kind="empty" text="没有找到这个圈子" />
  else if (!home.data)
    body =
      home.status === 'error' ? (
        <StateView kind="error" error={home.error} onRetry={() => void refresh()} />
      ) : (
        <StateView kind="loading" />
      )
  else body = <Home home={home.data} />
  return <View className="page">{body}</View>
}

export function Home({ home }: { home: QaHome }) {
  const { circleId, settings, viewer } = home
  // An iPhone without iOS virtual payment: free questions only, no price anywhere
  const priced = showsPrice(home.sale.question)
  return (
    <View>
      <View className="qa-head">
        <Text className="qa-head__title">
          {home.circleName} · {priced ? '付费问答' : '问答'}
        </Text>
        <Text className="qa-head__rule">
          {priced
            ? `向圈主和嘉宾付费提问，${settings.expireHours} 小时内未回答或被拒绝将全额退款。公开的回答其他成员可花 ${yuan(settings.peekPriceFen)} 偷看，收入由提问者和回答者分成。`
            : `向圈主和嘉宾提问，${settings.expireHours} 小时内回答。`}
          {viewer.freeLeft > 0 ? ` 你本期还有 ${viewer.freeLeft} 次免费提问。` : ''}
        </Text>
      </View>
      <View className="qa-links">
        <Button
          className="btn btn--default"
          onClick={() => void Taro.navigateTo({ url: myQuestionsUrl(circleId, 'asked') })}
          data-testid="qa-my-asked"
        >
          我的提问
        </Button>
        {viewer.canAnswer ? (
          <Button
            className="btn btn--default"
            onClick={() => void Taro.navigateTo({ url: myQuestionsUrl(circleId, 'toAnswer') })}
            data-testid="qa-to-answer"
          >
            待我回答
          </Button>
        ) : null}
        {viewer.canAnswer || viewer.canManage ? (
          <Button
            className="btn btn--default"
            onClick={() => void Taro.navigateTo({ url: qaSettingsUrl(circleId) })}
            data-testid="qa-settings"
          >
            {viewer.canManage ? '问答设置' : '我的价格'}
          </Button>
        ) : null}
      </View>

      <View className="qa-section-title">回答者</View>
      {home.answerers.length === 0 ? (
        <StateView
          kind="empty"
          text={viewer.canAnswer ? '设置你的回答价格，成员就可以向你提问了' : '圈主和嘉宾还没有开通付费问答'}
        />
      ) : (
        home.answerers.map((a) => (
          <View key={a.openid} className="qa-answerer" data-testid="qa-answerer">
            <Avatar src={a.avatarUrl} name={a.nickname} size={40} />
            <View className="qa-answerer__body">
              <Text className="qa-answerer__name">
                {a.nickname}
                <Text className={`badge badge--${a.role}`}>{ROLE_LABELS[a.role]}</Text>
              </Text>
              <Text className="qa-answerer__meta">已回答 {a.answeredCount} 个问题</Text>
            </View>
            {priced ? <Text className="qa-price">{yuan(a.priceFen)}</Text> : null}
            {viewer.canAsk && a.openid !== viewer.openid && (priced || viewer.freeLeft > 0) ? (
              <Button
                className="btn btn--primary btn--mini"
                onClick={() => void Taro.navigateTo({ url: askUrl(circleId, a.openid) })}
                data-testid="qa-ask"
              >
                提问
              </Button>
            ) : null}
          </View>
        ))
      )}

      <View className="qa-section-title">精选问答</View>
      <Feed circleId={circleId} sale={home.sale.peek} />
    </View>
  )
}

function Feed({ circleId, sale }: { circleId: string; sale: SaleView }) {
  const list = useQaStore(selectQaFeed(circleId))
  const loadQaFeed = useQaStore((s) => s.loadQaFeed)
  const { peek, peekingId } = usePeek()
  const now = useNow()
  if (list.items.length === 0) {
    if (list.status === 'error')
      return <StateView kind="error" error={list.error} onRetry={() => void loadQaFeed(circleId)} />
    if (list.status === 'ready') return <StateView kind="empty" text="还没有公开的问答" />
    return <StateView kind="loading" />
  }
  return (
    <View>
      {list.items.map((q) => (
        <QuestionCard
          key={q.id}
          q={q}
          now={now}
          onPeek={(x) => void peek(x)}
          peeking={peekingId === q.id}
          sale={sale}
        />
      ))}
      <ListFooter list={list} onMore={() => void loadQaFeed(circleId, 'more')} />
    </View>
  )
}
