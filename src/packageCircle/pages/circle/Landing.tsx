import { useState } from 'react'
import { Button, Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { CirclePage } from '@core/contract'
import { Avatar } from '@/components/Avatar'
import { fileUrl, toApiError } from '@/services/cloud'
import { useAppStore } from '@/store'
import { CIRCLE_TYPE_LABELS, ENTRY_MODE_LABELS } from '@/utils/labels'
import { formatDate } from '@core/time'
import { buyUrl } from '@/packagePay/routes'
import { PostCard } from '../../components/PostCard'
import './Landing.scss'

/** What a visitor sees before joining (product.md §1): who runs it, how lively it is, a preview. */
export function Landing({ page, onJoined }: { page: CirclePage; onJoined: (welcome: string) => void }) {
  const joinCircle = useAppStore((s) => s.joinCircle)
  const [joining, setJoining] = useState(false)
  const [joinError, setJoinError] = useState('')
  const { circle, stats, previewPosts, me } = page
  const closed = circle.status === 'closed'

  const join = async () => {
    // Paid entry is bought, not joined: the catalog shows price, term and refund terms first.
    if (circle.entryMode === 'paid') {
      void Taro.navigateTo({ url: buyUrl(circle.id) })
      return
    }
    setJoining(true)
    setJoinError('')
    try {
      const result = await joinCircle(circle.id)
      onJoined(result.welcome)
    } catch (e) {
      // entry_requires_approval / entry_requires_payment and the rest: the table's own words.
      setJoinError(toApiError(e).message)
    } finally {
      setJoining(false)
    }
  }

  return (
    <View className='landing'>
      <View className='landing__cover'>
        {circle.coverUrl ? <Image className='landing__cover-img' src={fileUrl(circle.coverUrl)} mode='aspectFill' /> : null}
      </View>
      <View className='landing__card'>
        <View className='landing__avatar'>
          <Avatar src={circle.avatarUrl} name={circle.name} size={64} square />
        </View>
        <Text className='landing__name'>{circle.name}</Text>
        <View className='landing__meta'>
          <Text className='landing__type'>{CIRCLE_TYPE_LABELS[circle.type]}</Text>
          <Text className='landing__sep'>·</Text>
          <Text>{ENTRY_MODE_LABELS[circle.entryMode]}</Text>
          {closed ? <Text className='badge badge--member'>已关闭</Text> : null}
        </View>
        <View className='landing__owner'>
          <Avatar src={circle.owner.avatarUrl} name={circle.owner.nickname} size={20} />
          <Text className='landing__owner-name'>圈主 {circle.owner.nickname}</Text>
          <Text className='muted'>· 创建于 {formatDate(circle.createdAt)}</Text>
        </View>
        <View className='landing__stats' data-testid='landing-stats'>
          <View className='landing__stat'>
            <Text className='landing__stat-num'>{stats.memberCount}</Text>
            <Text className='landing__stat-label'>成员</Text>
          </View>
          <View className='landing__stat'>
            <Text className='landing__stat-num'>{stats.postCount}</Text>
            <Text className='landing__stat-label'>动态</Text>
          </View>
          <View className='landing__stat'>
            <Text className='landing__stat-num'>{stats.postsLast7Days}</Text>
            <Text className='landing__stat-label'>近7天动态</Text>
          </View>
          <View className='landing__stat'>
            <Text className='landing__stat-num'>{stats.featuredCount}</Text>
            <Text className='landing__stat-label'>精华</Text>
          </View>
        </View>
      </View>

      <View className='cells'>
        <View className='cells__title'>圈子简介</View>
        <View className='landing__text'>{circle.intro || '圈主还没有写简介'}</View>
        {circle.audience ? (
          <View className='landing__row'>
            <Text className='landing__row-label'>目标成员</Text>
            <Text className='landing__row-value'>{circle.audience}</Text>
          </View>
        ) : null}
        {circle.coreValue ? (
          <View className='landing__row'>
            <Text className='landing__row-label'>核心价值</Text>
            <Text className='landing__row-value'>{circle.coreValue}</Text>
          </View>
        ) : null}
        {circle.tags.length > 0 ? (
          <View className='landing__row'>
            <Text className='landing__row-label'>标签</Text>
            <Text className='landing__row-value'>{circle.tags.map((t) => '#' + t).join('  ')}</Text>
          </View>
        ) : null}
      </View>

      {circle.rules ? (
        <View className='cells'>
          <View className='cells__title'>圈子规则</View>
          <View className='landing__text'>{circle.rules}</View>
        </View>
      ) : null}

      {previewPosts.length > 0 ? (
        <View>
          <View className='cells__title'>精华预览</View>
          {previewPosts.map((p) => (
            <PostCard key={p.id} postId={p.id} readOnly />
          ))}
        </View>
      ) : null}

      <View className='landing__join-bar'>
        {joinError ? (
          <View className='landing__join-error' data-testid='join-error'>
            {joinError}
          </View>
        ) : null}
        {me ? null : (
          <Button
            className={`btn btn--primary ${joining || closed ? 'btn--disabled' : ''}`}
            disabled={joining || closed}
            loading={joining}
            onClick={join}
            data-testid='join'
          >
            {closed ? '圈子已关闭' : circle.entryMode === 'free' ? '免费加入' : circle.entryMode === 'paid' ? '付费加入' : '申请加入'}
          </Button>
        )}
      </View>
    </View>
  )
}

export function showWelcome(circleName: string, welcome: string) {
  return Taro.showModal({
    title: `欢迎加入「${circleName}」`,
    content: welcome || '欢迎加入，先看看置顶和精华吧',
    showCancel: false,
    confirmText: '进入圈子',
    confirmColor: '#07C160',
  })
}
