import { useCallback, useEffect, useMemo, useState } from 'react'
import { relativeTime } from '@/utils/time'
import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro'
import type { CommentView } from '@core/contract'
import { LIMITS } from '@core/limits'
import { can } from '@core/permissions'
import { Avatar } from '@/components/Avatar'
import { ListFooter } from '@/components/ListFooter'
import { RoleBadge } from '@/components/RoleBadge'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { toApiError } from '@/services/cloud'
import { openAttachment } from '@/services/files'
import {
  selectComments,
  selectMe,
  selectPost,
  selectPostLoad,
  selectViewerRole,
  threadComments,
  useAppStore,
} from '@/store'
import { circleUrl } from '@/utils/routes'
import { charCount } from '@/utils/text'
import { PostCard } from '../../components/PostCard'
import { usePostMenu } from '../../components/usePostMenu'
import './index.scss'

interface ReplyTarget {
  /** Always the top-level comment: replies are one level deep. */
  parentId: string
  nickname: string
}

export default function PostDetailPage() {
  const router = useRouter()
  const postId = router.params.id ?? ''
  // opened from a search hit: the keyword stays highlighted (docs/search.md)
  const highlight = router.params.q ? decodeParam(router.params.q) : undefined
  const session = useSignedIn()
  const post = useAppStore(selectPost(postId))
  const load = useAppStore(selectPostLoad(postId))
  const comments = useAppStore(selectComments(postId))
  const me = useAppStore(selectMe)
  const circleId = post?.circleId ?? ''
  const role = useAppStore(selectViewerRole(circleId))
  // the circle page also carries its content protection (watermark), so it is loaded here too
  const roleKnown = useAppStore((s) => !!circleId && !!s.circlePages[circleId]?.page)
  // lifecycle: in the read-only grace a member reads comments but cannot write one
  const inGrace = useAppStore((s) => !!circleId && s.circlePages[circleId]?.page?.me?.state === 'grace')
  const loadPost = useAppStore((s) => s.loadPost)
  const loadComments = useAppStore((s) => s.loadComments)
  const loadCirclePage = useAppStore((s) => s.loadCirclePage)
  const commentOnPost = useAppStore((s) => s.commentOnPost)
  const removeComment = useAppStore((s) => s.removeComment)
  const openPostFile = useAppStore((s) => s.openPostFile)
  const [openingFile, setOpeningFile] = useState<number | null>(null)
  const [text, setText] = useState('')
  const [replyTo, setReplyTo] = useState<ReplyTarget | null>(null)
  const [sending, setSending] = useState(false)
  const [focus, setFocus] = useState(false)

  const menuFor = usePostMenu(circleId, {
    onRemoved: () => void Taro.navigateBack(),
  })

  useEffect(() => {
    if (!session.ready || !postId) return
    void loadPost(postId)
    void loadComments(postId)
  }, [session.ready, postId, loadPost, loadComments])

  // Opened from a shared link: learn the viewer's role so the right actions show.
  useEffect(() => {
    if (session.ready && circleId && !roleKnown) void loadCirclePage(circleId)
  }, [session.ready, circleId, roleKnown, loadCirclePage])

  usePullDownRefresh(async () => {
    await Promise.all([loadPost(postId), loadComments(postId)])
    Taro.stopPullDownRefresh()
  })
  useReachBottom(() => void loadComments(postId, 'more'))

  const threads = useMemo(() => threadComments(comments.items), [comments.items])
  const onTag = useCallback(
    (tag: string) => {
      if (circleId) void Taro.navigateTo({ url: circleUrl(circleId, tag) })
    },
    [circleId],
  )

  // content: attachments open for preview; 禁止下载 files without a save menu (services/files.ts)
  const openFile = async (id: string, index: number) => {
    if (openingFile !== null) return
    setOpeningFile(index)
    try {
      const file = await openAttachment(() => openPostFile(id, index))
      if (!file.previewType && file.mayDownload)
        Taro.showToast({ title: '该文件无法预览，下载链接已复制', icon: 'none' })
    } catch (e) {
      Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    } finally {
      setOpeningFile(null)
    }
  }

  const startReply = (c: CommentView) => {
    setReplyTo({ parentId: c.parentId ?? c.id, nickname: c.author.nickname })
    setFocus(true)
  }

  const send = async () => {
    const value = text.trim()
    if (!value) return
    if (charCount(value) > LIMITS.commentChars) {
      Taro.showToast({ title: `评论最多 ${LIMITS.commentChars} 字`, icon: 'none' })
      return
    }
    setSending(true)
    try {
      await commentOnPost(postId, value, replyTo?.parentId)
      setText('')
      setReplyTo(null)
      setFocus(false)
    } catch (e) {
      Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    } finally {
      setSending(false)
    }
  }

  const askRemove = async (c: CommentView) => {
    const r = await Taro.showModal({
      title: '提示',
      content: '确定删除这条评论吗？',
      confirmText: '删除',
      confirmColor: '#FA5151',
    })
    if (!r.confirm) return
    // moderation: the team deleting someone else's comment tells the author why
    let reason: string | undefined
    if (!me || c.author.openid !== me.openid) {
      const reasons = ['人身攻击或辱骂', '发布广告或引流', '色情低俗内容', '违法违规内容', '与话题无关']
      try {
        reason = reasons[(await Taro.showActionSheet({ itemList: reasons })).tapIndex]
      } catch {
        return
      }
    }
    try {
      await removeComment(postId, c.id, reason)
      Taro.showToast({ title: '已删除', icon: 'none' })
    } catch (e) {
      Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    }
  }

  const canRemove = (c: CommentView) => can(role, 'comment.removeAny') || (!!me && c.author.openid === me.openid)

  const renderComment = (c: CommentView, isReply: boolean) => (
    <View key={c.id} className={`comment ${isReply ? 'comment--reply' : ''}`} data-testid="comment">
      <Avatar src={c.author.avatarUrl} name={c.author.nickname} size={isReply ? 24 : 32} square />
      <View className="comment__body" onClick={() => startReply(c)}>
        <View className="comment__head">
          <Text className="comment__name">{c.author.nickname}</Text>
          <RoleBadge role={c.author.role} hideMember />
          {c.author.title ? <Text className="badge badge--title">{c.author.title}</Text> : null}
          <Text className="comment__time">{relativeTime(c.createdAt)}</Text>
          {c.held ? <Text className="badge badge--held">审核中</Text> : null}
        </View>
        <Text className="comment__text">
          {isReply && c.replyTo ? <Text className="comment__reply-to">回复 @{c.replyTo.nickname}：</Text> : null}
          {c.text}
        </Text>
      </View>
      {canRemove(c) ? (
        <Text className="comment__remove" onClick={() => void askRemove(c)}>
          删除
        </Text>
      ) : null}
    </View>
  )

  if (session.status === 'error') {
    return (
      <View className="page">
        <StateView kind="error" error={session.error} onRetry={session.retry} />
      </View>
    )
  }
  if (!post) {
    return (
      <View className="page">
        {load.status === 'error' ? (
          <StateView kind="error" error={load.error} onRetry={() => void loadPost(postId)} />
        ) : (
          <StateView kind="loading" />
        )}
      </View>
    )
  }

  // moderation: the author of a post the team deleted sees why (nobody else gets it)
  if (post.removedReason !== undefined) {
    return (
      <View className="page post-detail">
        <StateView kind="empty" text={`该内容已被删除：${post.removedReason}`} />
      </View>
    )
  }

  let commentBody
  if (comments.status === 'idle' || comments.status === 'loading') commentBody = <StateView kind="loading" />
  else if (comments.items.length === 0 && comments.status === 'error')
    commentBody = <StateView kind="error" error={comments.error} onRetry={() => void loadComments(postId)} />
  else if (comments.items.length === 0) commentBody = <StateView kind="empty" text="还没有评论，说点什么吧" />
  else
    commentBody = (
      <View>
        {threads.map((t) => (
          <View key={t.comment.id} className="thread">
            {renderComment(t.comment, t.comment.parentId !== null)}
            {t.replies.map((r) => renderComment(r, true))}
          </View>
        ))}
        <ListFooter list={comments} onMore={() => void loadComments(postId, 'more')} />
      </View>
    )

  return (
    <View className="page post-detail">
      <PostCard
        postId={post.id}
        full
        onTag={onTag}
        menuFor={menuFor}
        onOpenFile={(id, i) => void openFile(id, i)}
        openingFile={openingFile}
        highlight={highlight}
      />
      <View className="comments">
        <View className="comments__title">评论 {post.commentCount}</View>
        {commentBody}
      </View>
      {inGrace ? (
        <View className="composer" data-testid="grace-readonly">
          <Text className="muted">会员已到期，宽限期内只能浏览，续费后可评论</Text>
        </View>
      ) : (
        <View className="composer">
          <Input
            className="composer__input"
            value={text}
            focus={focus}
            maxlength={LIMITS.commentChars}
            placeholder={replyTo ? `回复 @${replyTo.nickname}` : '写评论…'}
            confirmType="send"
            onInput={(e) => setText(e.detail.value)}
            onConfirm={() => void send()}
            onBlur={() => setFocus(false)}
          />
          {replyTo ? (
            <Text className="composer__cancel" onClick={() => setReplyTo(null)}>
              取消
            </Text>
          ) : null}
          <Button
            className={`btn btn--primary btn--mini composer__send ${!text.trim() || sending ? 'btn--disabled' : ''}`}
            disabled={!text.trim() || sending}
            onClick={() => void send()}
          >
            发送
          </Button>
        </View>
      )}
    </View>
  )
}

/** Route params arrive encoded in the mini-program and decoded in H5; a lone % stays as it is. */
function decodeParam(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}
