import Taro from '@tarojs/taro'
import type { PostView } from '@core/contract'
import { LIMITS } from '@core/limits'
import { can } from '@core/permissions'
import { toApiError } from '@/services/cloud'
import { selectMe, selectViewerRole, useAppStore } from '@/store'
import { useCircleModerationStore } from '../moderation'

// ---- moderation ----
const REPORT_REASONS = [
  { value: 'spam', label: '垃圾广告' },
  { value: 'abuse', label: '辱骂攻击' },
  { value: 'porn', label: '色情低俗' },
  { value: 'illegal', label: '违法违规' },
  { value: 'fraud', label: '诈骗' },
  { value: 'other', label: '其他' },
] as const
const REMOVE_REASONS = ['发布广告或引流', '人身攻击或辱骂', '色情低俗内容', '违法违规内容', '与圈子主题无关']

/** A second action sheet; null when cancelled. */
async function pickOne<T extends string>(labels: readonly T[]): Promise<T | null> {
  try {
    return labels[(await Taro.showActionSheet({ itemList: [...labels] })).tapIndex] ?? null
  } catch {
    return null
  }
}
// (end moderation)

interface MenuItem {
  label: string
  run: () => Promise<unknown>
  done: string
  confirm?: string
}

/**
 * The ··· menu of a post: pin (≤ 3), 精华, preview and delete for owner/admin; delete for the
 * author. Returns undefined for a post the viewer can do nothing with (no ··· shown).
 */
export function usePostMenu(
  circleId: string,
  hooks: { onRemoved?: (postId: string) => void; onChanged?: () => void } = {},
) {
  const role = useAppStore(selectViewerRole(circleId))
  const me = useAppStore(selectMe)
  const pinPost = useAppStore((s) => s.pinPost)
  const featurePost = useAppStore((s) => s.featurePost)
  const setPostPreview = useAppStore((s) => s.setPostPreview)
  const removePost = useAppStore((s) => s.removePost)
  const reportContent = useCircleModerationStore((s) => s.reportContent)
  const closed = useAppStore((s) => s.circlePages[circleId]?.page?.circle.status === 'closed')

  const itemsFor = (post: PostView): MenuItem[] => {
    if (closed) return []
    const items: MenuItem[] = []
    if (can(role, 'post.pin')) {
      items.push(
        post.pinned
          ? { label: '取消置顶', run: () => pinPost(post.id, false), done: '已取消置顶' }
          : { label: `置顶（最多 ${LIMITS.pinnedPosts} 条）`, run: () => pinPost(post.id, true), done: '已置顶' },
      )
    }
    if (can(role, 'post.feature')) {
      items.push(
        post.featured
          ? { label: '取消精华', run: () => featurePost(post.id, false), done: '已取消精华' }
          : { label: '设为精华', run: () => featurePost(post.id, true), done: '已设为精华' },
      )
    }
    if (can(role, 'post.setPreview') && post.featured) {
      items.push(
        post.inPreview
          ? { label: '移出圈子预览', run: () => setPostPreview(post.id, false), done: '已移出预览' }
          : { label: '放入圈子预览', run: () => setPostPreview(post.id, true), done: '访客可在圈子页预览' },
      )
    }
    const mine = !!me && post.author.openid === me.openid
    if (can(role, 'post.removeAny') || mine) {
      items.push({
        label: '删除',
        run: async () => {
          // moderation: the team deleting someone else's post tells the author why
          const reason = mine ? undefined : await pickOne(REMOVE_REASONS)
          if (reason === null) return false
          await removePost(post.id, reason)
          hooks.onRemoved?.(post.id)
        },
        done: '已删除',
        confirm: '删除后不可恢复，确定删除这条动态吗？',
      })
    }
    // ---- moderation: members report others' posts to the team ----
    if (can(role, 'report.create') && !mine) {
      items.push({
        label: '举报',
        run: async () => {
          const picked = await pickOne(REPORT_REASONS.map((r) => r.label))
          if (picked === null) return false
          await reportContent({
            kind: 'post',
            targetId: post.id,
            reason: REPORT_REASONS.find((r) => r.label === picked)!.value,
          })
        },
        done: '已举报，管理员会尽快处理',
      })
    }
    return items
  }

  const open = async (post: PostView) => {
    const items = itemsFor(post)
    let tapIndex: number
    try {
      tapIndex = (await Taro.showActionSheet({ itemList: items.map((i) => i.label) })).tapIndex
    } catch {
      return // cancelled
    }
    const item = items[tapIndex]
    if (!item) return
    if (item.confirm) {
      const r = await Taro.showModal({
        title: '提示',
        content: item.confirm,
        confirmText: '删除',
        confirmColor: '#FA5151',
      })
      if (!r.confirm) return
    }
    try {
      // false: a follow-up choice (a reason) was cancelled
      if ((await item.run()) === false) return
      Taro.showToast({ title: item.done, icon: 'none' })
      hooks.onChanged?.()
    } catch (e) {
      Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    }
  }

  return (post: PostView) => (itemsFor(post).length > 0 ? open : undefined)
}
