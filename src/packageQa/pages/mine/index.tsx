import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro'
import { ListFooter } from '@/components/ListFooter'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { useNow } from '@/hooks/useNow'
import { QuestionCard } from '../../components/QuestionCard'
import { selectMyQuestions, selectQaHome, useQaStore, type QaBox } from '../../store'
import '../../qa.scss'

const TABS: { box: QaBox; label: string }[] = [
  { box: 'asked', label: '我的提问' },
  { box: 'toAnswer', label: '待我回答' },
]

export default function MyQuestionsPage() {
  const params = useRouter().params
  const circleId = params.circleId ?? ''
  const [box, setBox] = useState<QaBox>(params.box === 'toAnswer' ? 'toAnswer' : 'asked')
  const session = useSignedIn()
  const list = useQaStore(selectMyQuestions(circleId, box))
  // how this device may see question prices: the Q&A home's word (loaded once per circle)
  const home = useQaStore(selectQaHome(circleId))
  const loadQaHome = useQaStore((s) => s.loadQaHome)
  const load = useQaStore((s) => s.loadMyQuestions)
  const now = useNow()

  useEffect(() => {
    if (session.ready && circleId) void load(circleId, box)
  }, [session.ready, circleId, box, load])
  useEffect(() => {
    if (session.ready && circleId && home.status === 'idle') void loadQaHome(circleId)
  }, [session.ready, circleId, home.status, loadQaHome])
  useDidShow(() => {
    if (session.ready && list.status !== 'idle') void load(circleId, box)
  })
  usePullDownRefresh(() => void load(circleId, box).finally(() => Taro.stopPullDownRefresh()))
  useReachBottom(() => void load(circleId, box, 'more'))

  let body
  if (session.status === 'error') body = <StateView kind="error" error={session.error} onRetry={session.retry} />
  else if (list.items.length === 0) {
    if (list.status === 'error')
      body = <StateView kind="error" error={list.error} onRetry={() => void load(circleId, box)} />
    else if (list.status === 'ready')
      body = <StateView kind="empty" text={box === 'asked' ? '你还没有提过问题' : '暂时没有等你回答的问题'} />
    else body = <StateView kind="loading" />
  } else
    body = (
      <View>
        {list.items.map((q) => (
          <QuestionCard
            key={q.id}
            q={q}
            now={now}
            sale={home.data ? home.data.sale.peek : { purchasable: false, showPrice: false }}
          />
        ))}
        <ListFooter list={list} onMore={() => void load(circleId, box, 'more')} />
      </View>
    )

  return (
    <View className="page">
      <View className="qa-tabs">
        {TABS.map((t) => (
          <Text
            key={t.box}
            className={`qa-tab ${t.box === box ? 'qa-tab--on' : ''}`}
            onClick={() => setBox(t.box)}
            data-testid={`qa-tab-${t.box}`}
          >
            {t.label}
          </Text>
        ))}
      </View>
      {body}
    </View>
  )
}
