import { useEffect } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { CircleCell } from '@/components/CircleCell'
import { ListFooter } from '@/components/ListFooter'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { selectDiscoverFilter, selectDiscoverList, useAppStore, type DiscoverFilter } from '@/store'
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
  const list = useAppStore(selectDiscoverList)
  const chooseFilter = useAppStore((s) => s.chooseDiscoverFilter)
  const loadDiscover = useAppStore((s) => s.loadDiscover)

  useEffect(() => {
    if (session.ready && list.status === 'idle') void loadDiscover()
  }, [session.ready, filter, list.status, loadDiscover])

  usePullDownRefresh(async () => {
    await loadDiscover('load')
    Taro.stopPullDownRefresh()
  })
  useReachBottom(() => void loadDiscover('more'))

  const open = (id: string) => Taro.navigateTo({ url: circleUrl(id) })

  let body
  if (session.status === 'error') body = <StateView kind='error' error={session.error} onRetry={session.retry} />
  else if (!session.ready || list.status === 'loading' || list.status === 'idle') body = <StateView kind='loading' />
  else if (list.items.length === 0 && list.status === 'error')
    body = <StateView kind='error' error={list.error} onRetry={() => void loadDiscover()} />
  else if (list.items.length === 0)
    body = (
      <StateView
        kind='empty'
        text='这里还没有圈子，来创建第一个吧'
        actionText='创建圈子'
        onAction={() => Taro.navigateTo({ url: CREATE_CIRCLE_URL })}
      />
    )
  else
    body = (
      <View>
        {list.items.map((c) => (
          <CircleCell key={c.id} circle={c} onOpen={open} />
        ))}
        <ListFooter list={list} onMore={() => void loadDiscover('more')} />
      </View>
    )

  return (
    <View className='page discover'>
      <View className='discover__filters'>
        {FILTERS.map((f) => (
          <Text
            key={f.value}
            className={`discover__filter ${f.value === filter ? 'discover__filter--on' : ''}`}
            onClick={() => chooseFilter(f.value)}
          >
            {f.label}
          </Text>
        ))}
        <Text className='discover__create' onClick={() => Taro.navigateTo({ url: CREATE_CIRCLE_URL })}>
          ＋ 创建
        </Text>
      </View>
      {body}
    </View>
  )
}
