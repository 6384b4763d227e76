import { memo } from 'react'
import { Icon } from '@/components/Icon'
import { relativeTime } from '@/utils/time'
import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { previewImage } from '@/utils/previewImage'
import type { PostView } from '@core/contract'
import { Avatar } from '@/components/Avatar'
import { RoleBadge } from '@/components/RoleBadge'
import { fileUrl, toApiError } from '@/services/cloud'
import { selectPost, selectWatermarkText, useAppStore } from '@/store'
import FileList from './FileList'
import Watermark from './Watermark'
import { splitTags } from '@/utils/text'
import { matchRanges } from '@core/search'
import { Highlighted } from './Highlighted'
import './PostCard.scss'

export interface PostCardProps {
  postId: string
  /** Tapping a #tag: the feed switches to that tag's tab. */
  onTag?: (tag: string) => void
  /** Tapping the body or the comment count (absent on the detail page itself). */
  onOpen?: (postId: string) => void
  /** The ··· menu for a post; undefined (no ···) when the viewer has no action on it. */
  menuFor?: (post: PostView) => ((post: PostView) => void) | undefined
  /** Visitors on the landing page read previews but cannot like. */
  readOnly?: boolean
  /** Full text on the detail page; a clamp in lists. */
  full?: boolean
  /** Tapping an attachment (the detail page opens it; lists open the post). */
  onOpenFile?: (postId: string, index: number) => void
  /** Index of the attachment being opened. */
  openingFile?: number | null
  /** A search keyword to highlight in the text (opened from a search hit). */
  highlight?: string
}

function ImageGrid({ images }: { images: string[] }) {
  if (images.length === 0) return null
  const urls = images.map(fileUrl)
  const preview = (i: number) => previewImage({ current: urls[i], urls })
  const cls =
    images.length === 1
      ? 'grid grid--one'
      : images.length === 2 || images.length === 4
        ? 'grid grid--two'
        : 'grid grid--three'
  return (
    <View className={cls} data-testid="post-images">
      {urls.map((u, i) => (
        <Image
          key={images[i]}
          className="grid__img"
          src={u}
          mode="aspectFill"
          lazyLoad
          onClick={(e) => {
            e.stopPropagation()
            preview(i)
          }}
        />
      ))}
    </View>
  )
}

function PostText({
  post,
  onTag,
  full,
  highlight,
}: {
  post: PostView
  onTag?: (tag: string) => void
  full?: boolean
  highlight?: string
}) {
  if (!post.text) return null
  const ranges = highlight ? matchRanges(post.text, highlight) : []
  if (ranges.length > 0)
    return <Highlighted text={post.text} ranges={ranges} className={`post__text ${full ? '' : 'post__text--clamp'}`} />
  const parts = splitTags(post.text, post.tags)
  return (
    <Text className={`post__text ${full ? '' : 'post__text--clamp'}`} userSelect={full}>
      {parts.map((p, i) =>
        p.kind === 'tag' ? (
          <Text
            key={i}
            className="post__tag"
            onClick={(e) => {
              e.stopPropagation()
              onTag?.(p.tag)
            }}
          >
            {p.text}
          </Text>
        ) : (
          <Text key={i}>{p.text}</Text>
        ),
      )}
    </Text>
  )
}

/** A post as the feed and the detail page show it; reads the post from the store by id. */
export const PostCard = memo(function PostCard({
  postId,
  onTag,
  onOpen,
  menuFor,
  full,
  readOnly,
  onOpenFile,
  openingFile,
  highlight,
}: PostCardProps) {
  const post = useAppStore(selectPost(postId))
  const likePost = useAppStore((s) => s.likePost)
  const watermark = useAppStore(selectWatermarkText(post?.circleId ?? ''))
  if (!post) return null
  const onMenu = readOnly ? undefined : menuFor?.(post)

  // Tags the text does not show inline still get a chip.
  const inline = new Set(splitTags(post.text, post.tags).flatMap((p) => (p.kind === 'tag' ? [p.tag] : [])))
  const extraTags = post.tags.filter((t) => !inline.has(t))

  const like = async () => {
    try {
      await likePost(post.id)
    } catch (e) {
      Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    }
  }

  return (
    <View className="post" data-testid="post-card">
      <View className="post__head">
        <Avatar src={post.author.avatarUrl} name={post.author.nickname} size={40} square />
        <View className="post__who">
          <View className="post__name-row">
            <Text className="post__name">{post.author.nickname}</Text>
            <RoleBadge role={post.author.role} hideMember />
            {post.author.title ? <Text className="badge badge--title">{post.author.title}</Text> : null}
            {post.pinned ? <Text className="badge badge--pinned">置顶</Text> : null}
            {post.featured ? <Text className="badge badge--featured">精华</Text> : null}
            {post.status === 'held' ? <Text className="badge badge--held">审核中</Text> : null}
          </View>
          <Text className="post__time">{relativeTime(post.createdAt)}</Text>
        </View>
        {onMenu ? (
          <View className="post__menu" onClick={() => onMenu(post)} data-testid="post-menu">
            ···
          </View>
        ) : null}
      </View>
      <View className="post__body" onClick={onOpen ? () => onOpen(post.id) : undefined}>
        <PostText post={post} onTag={onTag} full={full} highlight={highlight} />
        <Watermark text={watermark} enabled={!!watermark}>
          <ImageGrid images={post.images} />
        </Watermark>
        <FileList
          files={post.files ?? []}
          opening={openingFile}
          onOpen={(index) => (onOpenFile ? onOpenFile(post.id, index) : onOpen?.(post.id))}
        />
        {extraTags.length > 0 ? (
          <View className="post__chips">
            {extraTags.map((t) => (
              <Text
                key={t}
                className="post__tag post__chip"
                onClick={(e) => {
                  e.stopPropagation()
                  onTag?.(t)
                }}
              >
                #{t}
              </Text>
            ))}
          </View>
        ) : null}
      </View>
      {readOnly ? null : (
        <View className="post__actions">
          <View className={`post__action ${post.liked ? 'post__action--on' : ''}`} onClick={like} data-testid="like">
            <Icon
              className="post__icon"
              name="heart"
              size={16}
              color={post.liked ? '#FA5151' : '#7F7F7F'}
              fill={post.liked ? '#FA5151' : 'none'}
            />
            <Text>{post.likeCount > 0 ? post.likeCount : '赞'}</Text>
          </View>
          <View className="post__action" onClick={onOpen ? () => onOpen(post.id) : undefined} data-testid="comments">
            <Icon className="post__icon" name="message" size={16} color="#7F7F7F" />
            <Text>{post.commentCount > 0 ? post.commentCount : '评论'}</Text>
          </View>
        </View>
      )}
    </View>
  )
})
