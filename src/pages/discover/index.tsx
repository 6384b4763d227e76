import { useEffect, useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { CircleCell } from '@/components/CircleCell'
import { ListFooter } from '@/components/ListFooter'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { selectCircleSearch, selectDiscoverFilter, selectDiscoverList, useAppStore, type DiscoverFilter } from '@/store'
import { queryTerms } from '@core/search'
import { CIRCLE_TYPE_LABELS, CIRCLE_TYPE_OPTIONS } from '@/utils/labels'
import { circleUrl, CREATE_CIRCLE_URL } from '@/utils/routes'
import './index.scss'

const FILTERS: { value: DiscoverFilter; label: string }[] = [
  { value: 'all', label: '全部' },
  ...CIRCLE_TYPE_OPTIONS.map((t) => ({ value: t as DiscoverFilter, label: CIRCLE_TYPE_LABELS[t] })),
]

export default function DiscoverPage() {
  const session = useSignedIn()
  const filter = useAppStore(selectDiscoverFilter)
  // search by circle name and tag (docs/search.md); an empty box shows the browsing list
  const [draft, setDraft] = useState('')
  const [q, setQ] = useState('')
  const browsing = useAppStore(selectDiscoverList)
  const found = useAppStore(selectCircleSearch(q))
  const searchCircles = useAppStore((s) => s.searchCircles)
  const list = q ? found : browsing
  const chooseFilter = useAppStore((s) => s.chooseDiscoverFilter)
  const loadDiscover = useAppStore((s) => s.loadDiscover)

  useEffect(() => {
    if (session.ready && list.status === 'idle') void loadDiscover()
  }, [session.ready, filter, list.status, loadDiscover])

  useEffect(() => {
    if (session.ready && q) void searchCircles(q)
  }, [session.ready, q, searchCircles])

  const submit = () => {
    const value = draft.trim()
    if (value && queryTerms(value).length === 0) {
      Taro.showToast({ title: '请输入至少两个连续的字或字母', icon: 'none' })
      return
    }
    setQ(value)
  }

  usePullDownRefresh(async () => {
    await (q ? searchCircles(q) : loadDiscover('load'))
    Taro.stopPullDownRefresh()
  })
  useReachBottom(() => void (q ? searchCircles(q, 'more') : loadDiscover('more')))

  const open = (id: string) => Taro.navigateTo({ url: circleUrl(id) })

  let body
  if (session.status === 'error') body = <StateView kind="error" error={session.error} onRetry={session.retry} />
  else if (!session.ready || list.status === 'loading' || list.status === 'idle') body = <StateView kind="loading" />
  else if (list.items.length === 0 && list.status === 'error')
    body = <StateView kind="error" error={list.error} onRetry={() => void (q ? searchCircles(q) : loadDiscover())} />
  else if (list.items.length === 0 && q) body = <StateView kind="empty" text={`没有找到名称或标签含「${q}」的圈子`} />
  else if (list.items.length === 0)
    body = (
      <StateView
        kind="empty"
        text="这里还没有圈子，来创建第一个吧"
        actionText="创建圈子"
        onAction={() => Taro.navigateTo({ url: CREATE_CIRCLE_URL })}
      />
    )
  else
    body = (
      <View>
        {list.items.map((c) => (
          <CircleCell key={c.id} circle={c} onOpen={open} />
        ))}
        <ListFooter list={list} onMore={() => void (q ? searchCircles(q, 'more') : loadDiscover('more'))} />
      </View>
    )

  return (
    <View className="page discover">
      <View className="discover__search">
        <Input
          className="discover__search-input"
          value={draft}
          placeholder="搜索圈子名称或标签"
          confirmType="search"
          onInput={(e) => {
            setDraft(e.detail.value)
            if (!e.detail.value.trim()) setQ('')
          }}
          onConfirm={submit}
          data-testid="discover-search"
        />
        {q ? (
          <Text className="discover__search-cancel" onClick={() => (setDraft(''), setQ(''))}>
            取消
          </Text>
        ) : null}
      </View>
      <View className="discover__filters">
        {FILTERS.map((f) => (
          <Text
            key={f.value}
            className={`discover__filter ${f.value === filter ? 'discover__filter--on' : ''}`}
            onClick={() => chooseFilter(f.value)}
          >
            {f.label}
          </Text>
        ))}
        <Text className="discover__create" onClick={() => Taro.navigateTo({ url: CREATE_CIRCLE_URL })}>
          ＋ 创建
        </Text>
      </View>
      {body}
    </View>
  )
}
