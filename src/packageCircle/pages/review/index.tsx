/**
 * 内容审核: what content security held for the team (docs/content-security.md). Approve
 * publishes it; reject deletes it and tells the author the reason.
 */
import { relativeTime } from '@/utils/time'
import { useEffect, useState } from 'react'
import { Button, Image, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro'
import type { HeldItem } from '@core/contract'
import { can } from '@core/permissions'
import { Avatar } from '@/components/Avatar'
import { ListFooter } from '@/components/ListFooter'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { fileUrl, toApiError } from '@/services/cloud'
import { selectViewerRole, useAppStore } from '@/store'
import FileList from '../../components/FileList'
import { selectDeciding, selectHeldQueue, useReviewStore, type HeldKind } from './store'
import './index.scss'

export const REJECT_REASONS = ['广告营销', '违法违规', '色情低俗', '人身攻击', '与圈子主题无关'] as const

const TABS: { kind: HeldKind; label: string }[] = [
  { kind: 'post', label: '帖子' },
  { kind: 'comment', label: '评论' },
]

function HeldCard({ item }: { item: HeldItem }) {
  const deciding = useReviewStore(selectDeciding(item.id))
  const approveHeld = useReviewStore((s) => s.approveHeld)
  const rejectHeld = useReviewStore((s) => s.rejectHeld)

  const approve = async () => {
    try {
      await approveHeld(item)
      Taro.showToast({ title: '已通过，已发布', icon: 'none' })
    } catch (e) {
      Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    }
  }

  const reject = async () => {
    let index: number
    try {
      index = (await Taro.showActionSheet({ itemList: [...REJECT_REASONS] })).tapIndex
    } catch {
      return
    }
    try {
      await rejectHeld(item, REJECT_REASONS[index])
      Taro.showToast({ title: '已拒绝，已通知作者', icon: 'none' })
    } catch (e) {
      Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    }
  }

  return (
    <View className="held" data-testid="held-item">
      <View className="held__head">
        <Avatar src={item.author.avatarUrl} name={item.author.nickname} size={32} square />
        <View className="held__who">
          <Text className="held__name">{item.author.nickname}</Text>
          <Text className="held__time">{relativeTime(item.createdAt)} 提交</Text>
        </View>
        <Text className="badge badge--held">{item.kind === 'post' ? '帖子' : '评论'}</Text>
      </View>
      {item.text ? <Text className="held__text">{item.text}</Text> : null}
      {item.images.length > 0 ? (
        <View className="held__images">
          {item.images.map((img) => (
            <Image key={img} className="held__img" src={fileUrl(img)} mode="aspectFill" />
          ))}
        </View>
      ) : null}
      <FileList files={item.files} />
      <View className="held__actions">
        <Button className="btn btn--default btn--mini" disabled={deciding} onClick={() => void reject()}>
          拒绝
        </Button>
        <Button
          className="btn btn--primary btn--mini"
          disabled={deciding}
          loading={deciding}
          onClick={() => void approve()}
        >
          通过
        </Button>
      </View>
    </View>
  )
}

export default function ReviewPage() {
  const circleId = useRouter().params.circleId ?? ''
  const session = useSignedIn()
  const [kind, setKind] = useState<HeldKind>('post')
  const list = useReviewStore(selectHeldQueue(circleId, kind))
  const loadHeld = useReviewStore((s) => s.loadHeld)
  const role = useAppStore(selectViewerRole(circleId))
  const roleKnown = useAppStore((s) => !!s.circlePages[circleId]?.page)
  const loadCirclePage = useAppStore((s) => s.loadCirclePage)

  useEffect(() => {
    if (session.ready && circleId && !roleKnown) void loadCirclePage(circleId)
  }, [session.ready, circleId, roleKnown, loadCirclePage])

  useEffect(() => {
    if (session.ready && circleId) void loadHeld(circleId, kind)
  }, [session.ready, circleId, kind, loadHeld])

  usePullDownRefresh(async () => {
    await loadHeld(circleId, kind)
    Taro.stopPullDownRefresh()
  })
  useReachBottom(() => void loadHeld(circleId, kind, 'more'))

  if (session.status === 'error') {
    return (
      <View className="page">
        <StateView kind="error" error={session.error} onRetry={session.retry} />
      </View>
    )
  }

  let body
  if (roleKnown && !can(role, 'post.removeAny')) body = <StateView kind="empty" text="只有圈主和管理员可以审核内容" />
  else if (list.status === 'idle' || list.status === 'loading') body = <StateView kind="loading" />
  else if (list.items.length === 0 && list.status === 'error')
    body = <StateView kind="error" error={list.error} onRetry={() => void loadHeld(circleId, kind)} />
  else if (list.items.length === 0)
    body = <StateView kind="empty" text={kind === 'post' ? '没有待审核的帖子' : '没有待审核的评论'} />
  else
    body = (
      <View>
        {list.items.map((item) => (
          <HeldCard key={item.id} item={item} />
        ))}
        <ListFooter list={list} onMore={() => void loadHeld(circleId, kind, 'more')} />
      </View>
    )

  return (
    <View className="page review">
      <View className="review__tip">
        以下内容经内容安全检测需要人工审核，通过后才会出现在圈子里；拒绝将删除内容并通知作者。
      </View>
      <View className="review__tabs">
        {TABS.map((t) => (
          <View
            key={t.kind}
            className={`review__tab ${t.kind === kind ? 'review__tab--on' : ''}`}
            onClick={() => setKind(t.kind)}
          >
            {t.label}
          </View>
        ))}
      </View>
      {body}
    </View>
  )
}
