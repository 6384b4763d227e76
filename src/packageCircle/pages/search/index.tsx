/**
 * 搜索: a circle's posts by keyword, #tag or author, the keyword highlighted (docs/search.md).
 * Members search every post; a visitor finds only the owner's preview posts.
 */
import { useEffect, useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import Taro, { useReachBottom, useRouter } from '@tarojs/taro'
import type { SearchHit } from '@core/contracts/post'
import { queryTerms } from '@core/search'
import { Avatar } from '@/components/Avatar'
import { ListFooter } from '@/components/ListFooter'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { relativeTime } from '@/utils/time'
import { postUrl } from '@/utils/routes'
import { Highlighted } from '../../components/Highlighted'
import { selectSearch, useSearchStore, type SearchQuery } from './store'
import './index.scss'

function HitCard({
  hit,
  keyword,
  onTag,
  onAuthor,
}: {
  hit: SearchHit
  keyword?: string
  onTag: (t: string) => void
  onAuthor: (openid: string, name: string) => void
}) {
  return (
    <View
      className="hit"
      data-testid="search-result"
      onClick={() => void Taro.navigateTo({ url: postUrl(hit.id, keyword) })}
    >
      <View className="hit__head">
        <Avatar src={hit.author.avatarUrl} name={hit.author.nickname} size={28} square />
        <Text
          className="hit__name"
          onClick={(e) => {
            e.stopPropagation()
            onAuthor(hit.author.openid, hit.author.nickname)
          }}
        >
          {hit.author.nickname}
        </Text>
        <Text className="hit__time">{relativeTime(hit.createdAt)}</Text>
      </View>
      {hit.text ? (
        <Highlighted className="hit__text" text={hit.text} ranges={hit.highlights} />
      ) : (
        <Text className="hit__text muted">[图片]</Text>
      )}
      {hit.tags.length > 0 ? (
        <View className="hit__tags">
          {hit.tags.map((t) => (
            <Text
              key={t}
              className="hit__tag"
              onClick={(e) => {
                e.stopPropagation()
                onTag(t)
              }}
            >
              #{t}
            </Text>
          ))}
        </View>
      ) : null}
    </View>
  )
}

export default function SearchPage() {
  const session = useSignedIn()
  const circleId = useRouter().params.circleId ?? ''
  const [draft, setDraft] = useState('')
  const [query, setQuery] = useState<SearchQuery | null>(null)
  const [authorName, setAuthorName] = useState('')
  const list = useSearchStore(selectSearch(query ?? { circleId }))
  const search = useSearchStore((s) => s.search)

  useEffect(() => {
    if (session.ready && query) void search(query)
  }, [session.ready, query, search])
  useReachBottom(() => {
    if (query) void search(query, 'more')
  })

  const submit = () => {
    const q = draft.trim()
    if (!q && !query?.tag && !query?.authorId) return
    if (q && queryTerms(q).length === 0) {
      Taro.showToast({ title: '请输入至少两个连续的字或字母', icon: 'none' })
      return
    }
    setQuery({ ...(query ?? { circleId }), circleId, q: q || undefined })
  }
  const onTag = (tag: string) => setQuery({ circleId, q: query?.q, tag })
  const onAuthor = (authorId: string, name: string) => {
    setAuthorName(name)
    setQuery({ circleId, q: query?.q, authorId })
  }
  const clear = (field: 'tag' | 'authorId') => setQuery(query ? { ...query, [field]: undefined } : null)

  let body
  if (!query) body = <StateView kind="empty" text="搜索圈子里的动态：输入关键词，或点结果里的 #标签、作者筛选" />
  else if (session.status === 'error') body = <StateView kind="error" error={session.error} onRetry={session.retry} />
  else if (list.status === 'idle' || list.status === 'loading') body = <StateView kind="loading" />
  else if (list.items.length === 0 && list.status === 'error')
    body = <StateView kind="error" error={list.error} onRetry={() => void search(query)} />
  else if (list.items.length === 0) body = <StateView kind="empty" text="没有找到相关动态" />
  else
    body = (
      <View>
        {list.items.map((h) => (
          <HitCard key={h.id} hit={h} keyword={query.q} onTag={onTag} onAuthor={onAuthor} />
        ))}
        <ListFooter list={list} onMore={() => void search(query, 'more')} />
      </View>
    )

  return (
    <View className="page search">
      <View className="search__bar">
        <Input
          className="search__input"
          value={draft}
          placeholder="搜索动态"
          confirmType="search"
          focus
          onInput={(e) => setDraft(e.detail.value)}
          onConfirm={submit}
          data-testid="search-input"
        />
        <Text className="search__go" onClick={submit} data-testid="search-go">
          搜索
        </Text>
      </View>
      {query?.tag || query?.authorId ? (
        <View className="search__filters">
          {query.tag ? (
            <Text className="search__filter" onClick={() => clear('tag')}>
              #{query.tag} ✕
            </Text>
          ) : null}
          {query.authorId ? (
            <Text className="search__filter" onClick={() => clear('authorId')}>
              作者：{authorName} ✕
            </Text>
          ) : null}
        </View>
      ) : null}
      {body}
    </View>
  )
}
