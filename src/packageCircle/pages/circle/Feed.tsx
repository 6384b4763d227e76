import { useCallback, useState } from 'react'
import { ScrollView, Text, View } from '@tarojs/components'
import { Icon } from '@/components/Icon'
import Taro from '@tarojs/taro'
import type { CirclePage } from '@core/contract'
import { can } from '@core/permissions'
import { Avatar } from '@/components/Avatar'
import { ListFooter } from '@/components/ListFooter'
import { RoleBadge } from '@/components/RoleBadge'
import { StateView } from '@/components/StateView'
import { selectFeed, selectViewerRole, useAppStore, type FeedQuery } from '@/store'
import { composeUrl, editCircleUrl, membersUrl, postUrl, searchUrl } from '@/utils/routes'
import { PostCard } from '../../components/PostCard'
import { GraceBanner, ReminderOptIn } from '../../components/Renewal'
import { CIRCLE_FEATURES } from '../../features'
import { usePostMenu } from '../../components/usePostMenu'
import { NewcomerCard } from '../../components/NewcomerCard'
import { CircleFiles } from './Files'
import './Feed.scss'

const FIXED_TABS: { tab: FeedQuery['tab']; label: string }[] = [
  { tab: 'latest', label: '最新' },
  { tab: 'featured', label: '精华' },
  { tab: 'owner', label: '圈主' },
]

/** A member's view of a circle: announcement, tabs, posts (docs/features.md §5). */
export function Feed({
  page,
  query,
  onQuery,
}: {
  page: CirclePage
  query: FeedQuery
  onQuery: (q: FeedQuery) => void
}) {
  const { circle } = page
  const list = useAppStore(selectFeed(query))
  const role = useAppStore(selectViewerRole(circle.id))
  const loadFeed = useAppStore((s) => s.loadFeed)
  const menuFor = usePostMenu(circle.id, {
    // Pinning reorders the feed; 精华 changes the 精华 tab: fetch the current tab again.
    onChanged: () => void loadFeed(query),
  })
  const closed = circle.status === 'closed'
  // the 文件 tab lists attachments, not posts: it sits beside the feed tabs without being one
  const [showFiles, setShowFiles] = useState(false)
  const choose = (q: FeedQuery) => {
    setShowFiles(false)
    onQuery(q)
  }

  const tagTabs = [...circle.tags]
  if (query.tab === 'tag' && query.tag && !tagTabs.includes(query.tag)) tagTabs.push(query.tag)

  const onTag = useCallback(
    (tag: string) => {
      setShowFiles(false)
      onQuery({ circleId: circle.id, tab: 'tag', tag })
    },
    [circle.id, onQuery],
  )
  const onOpen = useCallback((postId: string) => void Taro.navigateTo({ url: postUrl(postId) }), [])

  let body
  if (showFiles) body = <CircleFiles circleId={circle.id} />
  else if (list.status === 'idle' || list.status === 'loading') body = <StateView kind="loading" />
  else if (list.items.length === 0 && list.status === 'error')
    body = <StateView kind="error" error={list.error} onRetry={() => void loadFeed(query)} />
  else if (list.items.length === 0)
    body = (
      <StateView
        kind="empty"
        text={
          query.tab === 'featured'
            ? '还没有精华动态'
            : query.tab === 'owner'
              ? '圈主还没有发过动态'
              : query.tab === 'tag'
                ? `还没有 #${query.tag} 的动态`
                : '还没有动态，来发第一条吧'
        }
      />
    )
  else
    body = (
      <View>
        {list.items.map((id) => (
          <PostCard key={id} postId={id} onTag={onTag} onOpen={onOpen} menuFor={menuFor} />
        ))}
        <ListFooter list={list} onMore={() => void loadFeed(query, 'more')} />
      </View>
    )

  return (
    <View className="feed">
      <View className="feed__head">
        <Avatar src={circle.avatarUrl} name={circle.name} size={48} square />
        <View className="feed__who">
          <View className="feed__name-row">
            <Text className="feed__name">{circle.name}</Text>
            {role ? <RoleBadge role={role} /> : null}
            {closed ? <Text className="badge badge--member">已关闭</Text> : null}
          </View>
          <Text className="muted" onClick={() => Taro.navigateTo({ url: membersUrl(circle.id) })}>
            {circle.memberCount} 位成员 ›
          </Text>
        </View>
        {can(role, 'circle.edit') ? (
          <Text className="feed__manage" onClick={() => Taro.navigateTo({ url: editCircleUrl(circle.id) })}>
            管理
          </Text>
        ) : null}
      </View>

      {closed ? <View className="feed__closed">圈子已关闭，只能浏览</View> : null}

      {page.me ? <GraceBanner me={page.me} /> : null}
      {page.me ? <ReminderOptIn me={page.me} /> : null}
      {page.me && !closed ? <NewcomerCard circleId={circle.id} me={page.me} /> : null}
      <FeatureRow circleId={circle.id} role={role} team={false} />
      <FeatureRow circleId={circle.id} role={role} team />

      {circle.announcement ? (
        <View className="feed__notice" data-testid="announcement">
          <Text className="feed__notice-tag">公告</Text>
          <Text className="feed__notice-text">{circle.announcement}</Text>
        </View>
      ) : null}

      <ScrollView className="feed__tabs" scrollX enableFlex>
        {FIXED_TABS.map((t) => (
          <Text
            key={t.tab}
            className={`feed__tab ${!showFiles && query.tab === t.tab ? 'feed__tab--on' : ''}`}
            onClick={() => choose({ circleId: circle.id, tab: t.tab })}
          >
            {t.label}
          </Text>
        ))}
        {tagTabs.map((tag) => (
          <Text
            key={tag}
            className={`feed__tab ${!showFiles && query.tab === 'tag' && query.tag === tag ? 'feed__tab--on' : ''}`}
            onClick={() => onTag(tag)}
          >
            #{tag}
          </Text>
        ))}
        <Text
          className={`feed__tab ${showFiles ? 'feed__tab--on' : ''}`}
          onClick={() => setShowFiles(true)}
          data-testid="files-tab"
        >
          文件
        </Text>
        <Text
          className="feed__search"
          onClick={() => void Taro.navigateTo({ url: searchUrl(circle.id) })}
          data-testid="search-entry"
        >
          搜索
        </Text>
      </ScrollView>

      <View className="feed__list">{body}</View>

      {!closed && can(role, 'post.create') ? (
        <View className="feed__fab" onClick={() => Taro.navigateTo({ url: composeUrl(circle.id) })}>
          ＋
        </View>
      ) : null}
    </View>
  )
}

/** The tiles of the circle's features the viewer may use (members' row, or the team's 管理 row). */
function FeatureRow({ circleId, role, team }: { circleId: string; role: Parameters<typeof can>[0]; team: boolean }) {
  const features = CIRCLE_FEATURES.filter((f) => !!f.team === team && can(role, f.permission))
  if (features.length === 0) return null
  return (
    // a grid of five a row: every tile whole on a phone, however many features there are
    <View
      className={`feed__features ${team ? 'feed__features--team' : ''}`}
      data-testid={team ? 'team-features' : 'features'}
    >
      {team ? <Text className="feed__features-label">管理</Text> : null}
      {features.map((f) => (
        <View
          key={f.key}
          className="feed__feature"
          onClick={() => void Taro.navigateTo({ url: f.url(circleId) })}
          data-testid="feature"
        >
          <View className="feed__feature-glyph">
            <Icon name={f.icon} size={20} color={team ? '#576B95' : '#07C160'} />
          </View>
          <Text className="feed__feature-label">{f.label}</Text>
        </View>
      ))}
    </View>
  )
}
